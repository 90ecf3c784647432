"""The map's case indicators through AppTest: an officer steps a case to closed with a
repayment and the national map counts it for its region; every page other than the map,
opened with a case indicator chosen, shows the default indicator and says so."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_pages import (  # noqa: F401
    APP,
    DEMO_END,
    DEMO_START,
    demo_db,
    fresh_caches,
    map_title,
    map_tooltips,
    no_exception,
    plain,
    query,
)
from utils import auth, cases, i18n, metrics, store
from utils.screens import map_screen

LANG = "ru"
PERIOD = {"start": DEMO_START, "end": DEMO_END, "mode": "value"}


@pytest.fixture
def case_db(demo_db, tmp_path) -> tuple[str, int, str]:
    """A copy of the demo with an officer and one case flagged on 2 June 2025.

    Returns its URL, the case id and the case's region.
    """
    path = tmp_path / "cases.db"
    shutil.copy(demo_db.path, path)
    url = f"sqlite:///{path}"
    ((bin_,),) = query(url, "SELECT bin FROM enterprise_directory WHERE region IS NOT NULL "
                            "ORDER BY bin LIMIT 1")
    engine = store.get_engine(url)
    auth.create_user(engine, "officer.one", "officer", "Correct-horse-42", actor="cli")
    case = cases.open_case(engine, bin_, "officer.one", opened_on=date(2025, 6, 2),
                           note="Workers called the hotline", user="officer.one")
    engine.dispose()
    assert case.region
    return url, case.id, case.region


def app_as_officer(url: str, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["auth_user"] = {"name": "officer.one", "role": "officer",
                                     "started_at": datetime.now(UTC)}
    at.query_params.update(params)
    at.run()
    no_exception(at)
    return at


def _widget(elements, name: str):
    (found,) = [e for e in elements if (e.key or "").startswith(f"cases_step_{name}_")]
    return found


def _step(at: AppTest, state: str, on: date, **numbers: float) -> None:
    _widget(at.selectbox, "state").set_value(state)
    _widget(at.date_input, "date").set_value(on)
    for key, value in numbers.items():
        _widget(at.number_input, key).set_value(value)
    _widget(at.button, "submit").click()
    at.run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]


def _on_map(url: str, monkeypatch: pytest.MonkeyPatch, indicator: str) -> dict[str, str]:
    """Open the national map of ``indicator``; return its tooltips by region.

    The caches of the process are kept from one call to the next, as a server keeps them.
    """
    at = app_as_officer(url, monkeypatch, **PERIOD, indicator=indicator)
    assert at.selectbox(key="sidebar_indicator").value == indicator
    assert i18n.t(f"cases.indicator.{indicator[5:]}", LANG) in map_title(at)
    return map_tooltips(at)


def _shows(tooltip: str, value: float, unit: str) -> bool:
    """Return whether the tooltip gives ``value`` right after the indicator's name."""
    words = " ".join(plain(tooltip).split())
    text = plain(map_screen.value_text(value, unit, "absolute", LANG))
    rank = i18n.t("common.rank_label", LANG)
    return any(f"{i18n.t(indicator.label_key, LANG)} {text} {rank}" in words
               for indicator in metrics.CASE_INDICATORS.values())


def test_an_officer_closes_a_case_with_a_repayment_and_the_map_counts_it(
        case_db, monkeypatch):
    url, case_id, region = case_db
    tips = _on_map(url, monkeypatch, "case:open")
    assert _shows(tips[region], 1, "cases"), tips[region]
    others = [code for code in tips if code != region]
    assert all(_shows(tips[code], 0, "cases") for code in others)

    at = app_as_officer(url, monkeypatch)
    at.switch_page("pages/cases.py")
    at.run()
    no_exception(at)
    for day, state in enumerate(("assigned", "inspection", "measure"), start=3):
        _step(at, state, date(2025, 6, day))
    _step(at, "repaid", date(2025, 6, 10), repaid=2_400_000.0, workers=31)
    _step(at, "closed", date(2025, 6, 12))
    engine = store.get_engine(url)
    assert cases.get_case(engine, case_id).state == "closed"
    engine.dispose()

    # The map's cached values follow the cases, not only the data.
    tips = _on_map(url, monkeypatch, "case:open")
    assert _shows(tips[region], 0, "cases"), tips[region]
    tips = _on_map(url, monkeypatch, "case:repaid_kzt")
    assert _shows(tips[region], 2_400_000.0, "KZT"), tips[region]
    tips = _on_map(url, monkeypatch, "case:workers_repaid")
    assert _shows(tips[region], 31, "workers"), tips[region]
    assert _shows(tips[others[0]], 0, "workers"), tips[others[0]]


def test_the_map_of_a_case_indicator_has_no_playback(case_db, monkeypatch):
    url, _, region = case_db
    at = app_as_officer(url, monkeypatch, **PERIOD, indicator="case:open", play="1")
    assert at.toggle(key="map_play").disabled
    assert i18n.t("cases.indicator.no_playback", LANG) in [c.value for c in at.caption]
    assert _shows(map_tooltips(at)[region], 1, "cases")


@pytest.mark.parametrize("page", ["pages/trends.py", "pages/region.py", "pages/briefing.py",
                                  "pages/hotspots.py", "pages/enterprise.py", "pages/cases.py",
                                  "pages/data.py", "pages/alerts.py"])
def test_every_other_page_opens_with_a_case_indicator_chosen(case_db, monkeypatch, page):
    url, _, region = case_db
    at = app_as_officer(url, monkeypatch, **PERIOD, indicator="case:repaid_kzt",
                        region=region)
    at.switch_page(page)
    at.run()
    no_exception(at)
    note = i18n.t("cases.indicator.map_only", LANG,
                  shown=i18n.indicator_label("appeals", LANG))
    captions = [c.value for c in at.caption]
    if page in ("pages/trends.py", "pages/region.py", "pages/briefing.py"):
        assert note in captions
    else:
        assert note not in captions


def test_the_briefing_presents_the_default_indicator_with_a_case_indicator_chosen(
        case_db, monkeypatch):
    url, _, _ = case_db
    at = app_as_officer(url, monkeypatch, **PERIOD, indicator="case:open", present="1",
                        play="1")
    at.switch_page("pages/briefing.py")
    at.run()
    no_exception(at)
    assert i18n.indicator_label("appeals", LANG) in at.title[0].value


@pytest.mark.parametrize(("mode", "normalisation"), [("verdict", "absolute"),
                                                     ("change", "absolute"),
                                                     ("value", "per_100k")])
def test_the_map_of_a_case_indicator_in_every_mode(case_db, monkeypatch, mode, normalisation):
    url, _, region = case_db
    at = app_as_officer(url, monkeypatch, start=DEMO_START, end=DEMO_END, mode=mode,
                        normalisation=normalisation, indicator="case:open")
    assert at.query_params.get("normalisation", "absolute") == normalisation
    # The verdicts' map is titled by the verdicts; the others by the indicator.
    assert (i18n.t("cases.indicator.open", LANG) in map_title(at)) == (mode != "verdict")
    assert region in map_tooltips(at)
