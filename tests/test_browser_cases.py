"""Cases in a real browser: an officer logs in, opens a case from the hotspots watchlist,
steps it to closed and sees it counted in the results block."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, guard_page, make_demo_db, wait_for_app
from utils import auth, cases, i18n, store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
LANG = "ru"
NAME, PASSWORD = "officer.one", "correct horse battery"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "cases.png"
#: ``LTM_UPDATE_SCREENSHOTS=1`` copies the screenshot to the README's.
UPDATE_README_SCREENSHOT = os.environ.get("LTM_UPDATE_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small demo store with one officer account."""
    url = make_demo_db(tmp_path_factory.mktemp("cases-db") / "ltm.db")
    engine = store.get_engine(url)
    auth.create_user(engine, NAME, "officer", PASSWORD, actor="cli")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(app_server, database):
    return app_server(database)


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1600}, locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()


def _submit(page, key: str, done: str) -> None:
    page.locator(f'[class*="st-key-{key}"] button').click()
    page.get_by_text(done).wait_for(timeout=120_000)
    wait_for_app(page)


def test_an_officer_opens_a_case_from_the_watchlist_and_closes_it(page, server, database):
    guard = guard_page(page)
    page.goto(f"{server.url}/cases", wait_until="domcontentloaded")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label(i18n.t("auth.username", LANG)).first.fill(NAME)
    main.get_by_label(i18n.t("auth.password", LANG)).first.fill(PASSWORD)
    main.get_by_role("button", name=i18n.t("auth.login", LANG)).first.click()
    page.locator(".st-key-auth_logout").wait_for(timeout=120_000)
    wait_for_app(page)
    assert page.get_by_text(i18n.t("cases.read_only", LANG)).count() == 0

    # within the session: a new page load would start a new one, logged out
    page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name=i18n.t("hotspots.title", LANG)).click()
    wait_for_app(page)
    opener = page.locator('[class*="st-key-hotspots_case_"] button').first
    opener.wait_for(timeout=120_000)
    opener.click()
    page.locator(".st-key-cases_open_submit button").wait_for(timeout=120_000)
    wait_for_app(page)
    _submit(page, "cases_open_submit", i18n.t("cases.opened", LANG, number=1))

    for state in ("assigned", "hearing", "measure"):
        label = i18n.t(f"cases.state.{state}", LANG)
        _submit(page, "cases_step_submit", i18n.t("cases.stepped", LANG, number=1, state=label))
    for key, value in (("cases_step_repaid", "1200000"), ("cases_step_workers", "17")):
        field = page.locator(f'[class*="st-key-{key}"] input')
        field.fill(value)
        field.press("Tab")
    wait_for_app(page)
    _submit(page, "cases_step_submit", i18n.t("cases.stepped", LANG, number=1,
                                               state=i18n.t("cases.state.repaid", LANG)))
    _submit(page, "cases_step_submit", i18n.t("cases.stepped", LANG, number=1,
                                               state=i18n.t("cases.state.closed", LANG)))

    closed = page.locator('[data-testid="stMetric"]').filter(
        has_text=i18n.t("cases.results.closed", LANG))
    assert closed.locator('[data-testid="stMetricValue"]').inner_text().strip() == "1"
    engine = store.get_engine(database)
    (case,) = cases.load_cases(engine)
    engine.dispose()
    assert (case.state, case.source, case.repaid_kzt, case.workers_repaid) == (
        "closed", "watchlist", 1_200_000.0, 17)
    assert [step.by for step in case.steps] == [NAME] * 6
    page.get_by_text(i18n.t("cases.results.title", LANG)).first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "cases.png"
    page.screenshot(path=str(shot), full_page=False)
    if UPDATE_README_SCREENSHOT:
        shutil.copy(shot, README_SCREENSHOT)
    assert guard.external_requests == []
