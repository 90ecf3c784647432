"""The home page as leadership sees it: at 1440×900 and on a 1280×720 projector the regions
where tension is rising are named, and the top of the map shows, without scrolling.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, guard_page, region_shapes, wait_for_app
from utils import early_warning, i18n, store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(app_server, demo_db_url):
    return app_server(demo_db_url)


@pytest.fixture(scope="module")
def rising(demo_db_url) -> list[str]:
    engine = store.get_engine(demo_db_url)
    try:
        regions = early_warning.region_verdicts(engine)
    finally:
        engine.dispose()
    return [r.code for r in regions if r.rising][:3]


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize(("width", "height"), [(1440, 900), (1280, 720)])
def test_rising_regions_and_the_map_are_above_the_fold(chromium, server, rising, lang, width,
                                                       height):
    assert rising, "the demo data has regions where tension is rising"
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        guard = guard_page(page)
        page.goto(f"{server.url}/?lang={lang}", wait_until="domcontentloaded")
        region_shapes(page).nth(19).wait_for(state="visible", timeout=60_000)
        wait_for_app(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"home_{lang}_{width}x{height}.png"))
        assert page.evaluate("window.scrollY") == 0
        strip = page.locator(".st-key-rising_strip")
        for code in rising:
            name = strip.get_by_text(i18n.region_label(code, lang), exact=False).first
            box = name.bounding_box()
            assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height, code
        frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first
        top = frame.bounding_box()["y"]
        assert top + 40 <= height, f"the map starts at {top:.0f} px of {height}"
        assert guard.problems() == [], "\n".join(guard.problems())
    finally:
        context.close()
