"""The home map in a real browser: offline, 20 regions, tooltips, click-through to a region."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

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

HOVERED, CLICKED = "KZ-35", "KZ-62"
SCREENSHOT = ARTIFACTS / "map.png"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "map.png"


def _inner_point(code: str) -> tuple[float, float]:
    """Return (lat, lon) of a point surely inside the region (not its bounding-box centre)."""
    import geo

    shapes = geo.boundaries().set_index("code")
    point = shapes.loc[code, "geometry"].representative_point()
    return point.y, point.x


@pytest.fixture(scope="module")
def server(app_server, demo_db_url):
    return app_server(demo_db_url)


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1500}, locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()


def _open_map(page, server):
    """Open the home page and return the map's frame once the 20 shapes are visible."""
    guard = guard_page(page)
    page.goto(server.url, wait_until="domcontentloaded")
    shapes = region_shapes(page)
    shapes.nth(19).wait_for(state="visible", timeout=60_000)
    wait_for_app(page)
    frame = map_content_frame(page)
    frame.wait_for_function("() => window.map && window.map._loaded")
    return guard, frame


def test_map_draws_twenty_regions_without_leaving_the_machine(page, server):
    """All 20 units are drawn with local assets only and no console error."""
    guard, _ = _open_map(page, server)
    assert region_shapes(page).count() == 20
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCREENSHOT, README_SCREENSHOT)
    assert guard.problems() == [], "\n".join(guard.problems())


def test_hovering_a_region_shows_its_name_and_rank(page, server):
    """The tooltip names the hovered region and gives its rank of 20."""
    from utils import i18n

    guard, frame = _open_map(page, server)
    x, y = region_point(frame, HOVERED, *_inner_point(HOVERED))
    page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert i18n.region_label(HOVERED, "ru") in text
    assert i18n.t("common.rank_label", "ru") in text
    assert guard.problems() == [], "\n".join(guard.problems())


def test_clicking_a_region_opens_its_page(page, server):
    """A click on a unit lands on /region with that unit in the URL."""
    guard, frame = _open_map(page, server)
    x, y = region_point(frame, CLICKED, *_inner_point(CLICKED))
    page.mouse.click(x, y)
    page.wait_for_url("**/region?*", timeout=30_000)
    wait_for_app(page)
    address = urlparse(page.url)
    assert address.path.rstrip("/").endswith("/region")
    assert parse_qs(address.query)["region"] == [CLICKED]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "region.png"), full_page=True)
    assert guard.problems() == [], "\n".join(guard.problems())
