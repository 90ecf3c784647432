"""The region page's districts in a real browser: open a region, see its districts, click one."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import os
import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import (
    ARTIFACTS,
    ROOT,
    guard_page,
    map_content_frame,
    region_point,
    region_shapes,
    wait_for_app,
)

pytestmark = pytest.mark.browser

REGION = "KZ-35"
CLICKED = "354800000"  # Karkaraly district: large, far from the cities
SCREENSHOT = ARTIFACTS / "districts.png"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "districts.png"
UPDATE_README_SCREENSHOT = os.environ.get("LTM_UPDATE_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def server(app_server, demo_db_url):
    return app_server(demo_db_url)


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1500}, locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()


def test_a_region_opens_into_its_districts_and_a_click_filters_to_one(page, server):
    import geo

    guard = guard_page(page)
    page.goto(f"{server.url}/region?region={REGION}", wait_until="domcontentloaded")
    katos = geo.district_katos(REGION)
    shapes = region_shapes(page)  # the first map of the page: the districts
    shapes.nth(len(katos) - 1).wait_for(state="visible", timeout=60_000)
    wait_for_app(page)
    assert shapes.count() == len(katos)
    frame = map_content_frame(page)
    frame.wait_for_function("() => window.map && window.map._loaded")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    if UPDATE_README_SCREENSHOT:
        shutil.copyfile(SCREENSHOT, README_SCREENSHOT)

    lat, lon = geo.district_label_points()[CLICKED]
    frame.frame_element().scroll_into_view_if_needed()
    x, y = region_point(frame, CLICKED, lat, lon)
    page.mouse.click(x, y)
    page.wait_for_url(f"**district={CLICKED}*", timeout=30_000)
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["region"] == [REGION] and query["district"] == [CLICKED]
    name = geo.district_label(CLICKED, "ru")
    page.get_by_text(name, exact=False).first.wait_for(state="visible", timeout=30_000)
    assert guard.deep_link_problems() == [], "\n".join(guard.deep_link_problems())

    page.reload(wait_until="domcontentloaded")
    region_shapes(page).nth(len(katos) - 1).wait_for(state="visible", timeout=60_000)
    wait_for_app(page)
    assert parse_qs(urlparse(page.url).query)["district"] == [CLICKED]
    frame = map_content_frame(page)
    assert f'"{CLICKED}"' in frame.evaluate("() => document.documentElement.innerHTML")
