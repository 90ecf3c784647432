"""The data page's mapping step for an official table with two header rows, in a real browser.

At 1440×900 and on a 1280×720 laptop, in Russian and Kazakh: the table is recognised as
official statistics, what was understood (indicator, unit, periods in the reader's language)
comes before the preview, and the preview fits the page without scrolling sideways.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests import stats_files
from tests.browser import ARTIFACTS, guard_page, wait_for_app
from utils import auth, i18n, store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NAME, PASSWORD = "anna", "correct horse battery"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "official_table.png"
#: ``LTM_UPDATE_SCREENSHOTS=1`` copies the Russian 1440×900 screenshot to the README's.
UPDATE_README_SCREENSHOT = os.environ.get("LTM_UPDATE_SCREENSHOTS") == "1"
#: The first period of the table as each language writes it.
FIRST_QUARTER = {"ru": "I квартал 2023", "kk": "2023 жылғы I тоқсан"}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('official-table-db') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    auth.create_user(engine, NAME, "analyst", PASSWORD, actor="cli")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(app_server, database):
    return app_server(database)


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stats_files.two_row_quarters_xlsx(
        tmp_path_factory.mktemp("official-table") / "безработица.xlsx").path


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize(("width", "height"), [(1440, 900), (1280, 720)])
def test_the_mapping_step_says_what_was_understood_before_the_preview(
    chromium, server, table, lang, width, height
):
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        guard = guard_page(page)
        page.goto(f"{server.url}/data?lang={lang}", wait_until="domcontentloaded")
        wait_for_app(page)
        main = page.locator('[data-testid="stMain"]')
        main.get_by_label(i18n.t("auth.username", lang)).first.fill(NAME)
        main.get_by_label(i18n.t("auth.password", lang)).first.fill(PASSWORD)
        main.get_by_role("button", name=i18n.t("auth.login", lang)).first.click()
        uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        uploader.wait_for(state="attached", timeout=60_000)
        wait_for_app(page)
        uploader.set_input_files(str(table))
        understood = main.get_by_text(i18n.t("stats.understood", lang), exact=True)
        understood.wait_for(state="visible", timeout=60_000)
        wait_for_app(page)

        detected = i18n.t("data.detected_kind", lang, kind=i18n.kind_label("region_stats", lang))
        assert main.get_by_text(detected, exact=True).count() == 1  # recognised by itself
        periods = main.get_by_text(FIRST_QUARTER[lang], exact=False).first
        preview = main.locator('[data-testid="stDataFrame"]').first
        preview.wait_for(state="visible", timeout=60_000)
        assert understood.bounding_box()["y"] < periods.bounding_box()["y"] \
            < preview.bounding_box()["y"]
        main.locator('[data-testid="stExpander"]').first.evaluate(
            "e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        shot = ARTIFACTS / f"official_table_{lang}_{width}x{height}.png"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        if UPDATE_README_SCREENSHOT and (lang, width) == ("ru", 1440):
            shutil.copyfile(shot, README_SCREENSHOT)

        scroller = preview.locator(".dvn-scroller").first
        overflow = scroller.evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 1, f"the preview scrolls sideways by {overflow} px"
        page_overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert page_overflow <= 0
        assert guard.deep_link_problems() == [], "\n".join(guard.deep_link_problems())
    finally:
        context.close()
