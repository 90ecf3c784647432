"""The alerts in the app through AppTest: the bell, "My alerts" and the follow controls."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_pages import fresh_caches  # noqa: F401
from tests.browser import make_demo_db
from utils import alerts, auth, i18n, store

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2025-06"
PASSWORD = "correct horse battery"
LANG = "en"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("alerts-pages") / "demo.db"
    make_demo_db(path, end_month=AS_OF)
    return path


@pytest.fixture
def url(demo_file, tmp_path, monkeypatch) -> str:
    path = tmp_path / "ltm.db"
    shutil.copy(demo_file, path)
    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    store.init_db(engine)
    auth.create_user(engine, "anna", "analyst", PASSWORD, "test", email="anna@example.kz",
                     lang=LANG)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("LTM_CONFIG", raising=False)
    return url


@pytest.fixture
def engine(url):
    engine = store.get_engine(url)
    yield engine
    engine.dispose()


def with_signals(engine, tmp_path) -> list[dict]:
    alerts.follow(engine, "anna")
    alerts.run_alerts(engine, as_of=AS_OF, out=tmp_path / "outbox")
    return store.inbox(engine, "anna")


def open_app(page: str | None = None, user: str | None = "anna", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if user is not None:
        at.session_state["auth_user"] = {"name": user, "role": "analyst",
                                         "started_at": dt.datetime.now(dt.UTC)}
    at.query_params.update({"lang": LANG, **params})
    run(at)
    if page is not None:
        at.switch_page(page)
        run(at)
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_links(at: AppTest, where=None) -> list:
    return list((at if where is None else where).get("page_link"))


def bell(at: AppTest):
    """Return the bell of the sidebar (AppTest keeps the sidebar of the first page only)."""
    return next((link for link in page_links(at, at.sidebar) if link.proto.page == "alerts"),
                None)


def test_the_bell_counts_the_signals_since_the_last_visit(engine, tmp_path):
    found = with_signals(engine, tmp_path)
    assert found
    at = open_app()
    link = bell(at)
    assert link is not None
    assert link.proto.label == i18n.t("alerts.bell", LANG, count=str(len(found)))
    # Opening "My alerts" is the visit: the count starts again.
    at.switch_page("pages/alerts.py")
    run(at)
    assert alerts.unread_signals(engine, "anna") == 0
    assert bell(open_app()).proto.label == i18n.t("alerts.bell_none", LANG)


def test_my_alerts_lists_each_signal_with_a_link_that_opens_it(engine, tmp_path):
    found = with_signals(engine, tmp_path)
    at = open_app("pages/alerts.py")
    assert at.title[0].value == i18n.t("alerts.title", LANG)
    shown = "\n".join(str(m.value) for m in at.markdown)
    region = next(s for s in found if s["kind"] == "region_large_increase")
    assert i18n.region_label(region["place"], LANG) in shown
    opens = [link for link in page_links(at, at.main)
             if link.proto.label == i18n.t("alerts.open", LANG)]
    assert len(opens) == len(found)
    targets = [link.proto.page for link in opens]
    assert any(t.endswith("region") for t in targets)
    assert any(t.endswith("enterprise") for t in targets)


def test_following_a_region_from_its_page(engine):
    at = open_app("pages/region.py", region="KZ-10", start="2024-07", end=AS_OF)
    button = at.button(key="region_follow")
    assert button.label == i18n.t("alerts.follow_region", LANG)
    button.click()
    run(at)
    assert [(r["scope"], r["place"]) for r in alerts.follows(engine, "anna")] == [
        ("region", "KZ-10")]
    assert at.button(key="region_follow").label == i18n.t("alerts.unfollow_region", LANG)
    at.button(key="region_follow").click()
    run(at)
    assert alerts.follows(engine, "anna") == []


def test_following_an_enterprise_from_its_page_and_from_the_watchlist(engine):
    report = alerts.signal_inputs(engine, AS_OF).report
    first = report.enterprises[0].bin
    at = open_app("pages/hotspots.py", start="2024-07", end=AS_OF)
    at.button(key=f"hotspots_follow_{first}").click()
    run(at)
    assert [(r["scope"], r["place"]) for r in alerts.follows(engine, "anna")] == [
        ("enterprise", first)]
    at = open_app("pages/enterprise.py", enterprise=first)
    assert at.button(key="enterprise_follow").label == i18n.t("alerts.unfollow_enterprise",
                                                               LANG)


def test_a_visitor_sees_no_bell_and_no_follow_and_is_asked_to_log_in(engine):
    assert bell(open_app(user=None)) is None
    at = open_app("pages/region.py", user=None, region="KZ-10")
    assert not [b for b in at.button if b.key == "region_follow"]
    at.switch_page("pages/alerts.py")
    run(at)
    assert i18n.t("alerts.login_needed", LANG) in [i.value for i in at.info]


def test_the_address_and_the_subscriptions_are_managed_on_my_alerts(engine):
    at = open_app("pages/alerts.py")
    at.text_input(key="alerts_email").set_value("not an address")
    at.button(key="alerts_contact_save").click()
    run(at)
    assert i18n.t("alerts.email_invalid", LANG) in [e.value for e in at.error]
    at.text_input(key="alerts_email").set_value("anna.k@example.kz")
    at.selectbox(key="alerts_lang").set_value("kk")
    at.button(key="alerts_contact_save").click()
    run(at)
    account = store.get_user(engine, "anna")
    assert (account["email"], account["lang"]) == ("anna.k@example.kz", "kk")
    at.multiselect(key="alerts_regions").set_value(["KZ-35"])
    at.multiselect(key="alerts_kinds").set_value(["region_large_increase"])
    at.button(key="alerts_follow_save").click()
    run(at)
    assert alerts.follows(engine, "anna") == [{"user": "anna", "scope": "region",
                                               "place": "KZ-35",
                                               "kinds": ["region_large_increase"]}]
    at.button(key="alerts_drop_region_KZ-35").click()
    run(at)
    assert alerts.follows(engine, "anna") == []
