"""The map's playback in a real browser: play, several months drawn on the fixed legend's
colours, pause, and a reload of the address landing on the paused month.
"""
# The browser fixtures (chromium, app_server, demo_db_url) come from conftest.py: one
# Playwright for the whole session.

from __future__ import annotations

import os
import re
import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import (
    ARTIFACTS,
    MAP_IFRAME,
    ROOT,
    guard_page,
    map_content_frame,
    region_shapes,
    wait_for_app,
)
from utils import formatting

pytestmark = pytest.mark.browser

PLAYING = "/?mode=value&play=1&start=2024-07&end=2025-06"
SCREENSHOT = ARTIFACTS / "playback.png"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "playback.png"
#: ``LTM_UPDATE_SCREENSHOTS=1`` copies the screenshot to the README's.
UPDATE_README_SCREENSHOT = os.environ.get("LTM_UPDATE_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def server(app_server, demo_db_url):
    return app_server(demo_db_url)


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()


def _hex(color: str) -> str:
    """Return a CSS colour (``#abc123`` or ``rgb(171, 193, 35)``) as lower-case hex."""
    found = re.match(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", color)
    if found:
        return "#" + "".join(f"{int(part):02x}" for part in found.groups())
    return color.strip().lower()


def _open(page, server, address: str):
    guard = guard_page(page)
    page.goto(server.url + address, wait_until="domcontentloaded")
    region_shapes(page).nth(19).wait_for(state="visible", timeout=120_000)
    wait_for_app(page, timeout=120_000)
    frame = map_content_frame(page)
    frame.wait_for_selector(".ltm-playback[data-month]", timeout=60_000)
    return guard, frame


def _legend_colors(page) -> set[str]:
    swatches = page.locator(".ltm-legend .ltm-swatch")
    colors = swatches.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    return {_hex(color) for color in colors}


def _drawn(frame) -> tuple[str, str, list[str]]:
    """Return the month shown (as data and as written) and the fill of each region."""
    return frame.evaluate("""() => [
        document.querySelector('.ltm-playback').getAttribute('data-month'),
        document.querySelector('.ltm-playback-month').textContent,
        Array.from(document.querySelectorAll('path.ltm-region'))
             .map(p => p.getAttribute('fill'))]""")


def test_play_pause_and_reload_land_on_the_paused_month(page, server):
    guard, frame = _open(page, server, PLAYING)
    legend = _legend_colors(page)
    assert len(legend) >= 3
    legend_html = page.locator(".ltm-legend").inner_html()
    month, written, _ = _drawn(frame)
    assert month == "2025-06" and written == formatting.format_month(month, "ru", "long")

    frame.select_option(".ltm-playback-speed", "2×")
    frame.click(".ltm-playback-play")
    seen: dict[str, list[str]] = {}
    for _ in range(60):
        month, written, fills = _drawn(frame)
        assert written == formatting.format_month(month, "ru", "long")
        seen[month] = fills
        if len(seen) >= 4:
            break
        page.wait_for_timeout(250)
    frame.click(".ltm-playback-play")  # pause
    assert len(seen) >= 3, f"the map showed only {sorted(seen)}"
    drawn = {month: sorted(fills) for month, fills in seen.items()}
    assert len({tuple(fills) for fills in drawn.values()}) >= 2, "the colours never changed"
    for month, fills in seen.items():
        assert len(fills) == 20
        unknown = {_hex(f) for f in fills if not f.startswith("url(")} - legend
        assert not unknown, f"{month}: colours outside the fixed legend: {unknown}"
    # The legend is the period's, the same before, during and after playing.
    assert page.locator(".ltm-legend").inner_html() == legend_html

    paused, _, paused_fills = _drawn(frame)
    assert frame.get_attribute(".ltm-playback", "data-playing") == "0"
    page.wait_for_function(f"() => window.location.search.includes('month={paused}')",
                           timeout=60_000)
    wait_for_app(page, timeout=120_000)
    address = page.url
    assert parse_qs(urlparse(address).query)["month"] == [paused]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(MAP_IFRAME).evaluate("e => e.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SCREENSHOT))
    if UPDATE_README_SCREENSHOT:
        shutil.copyfile(SCREENSHOT, README_SCREENSHOT)

    page.goto(address, wait_until="domcontentloaded")
    region_shapes(page).nth(19).wait_for(state="visible", timeout=120_000)
    frame = map_content_frame(page)
    frame.wait_for_selector(".ltm-playback[data-month]", timeout=60_000)
    month, written, fills = _drawn(frame)
    assert month == paused
    assert written == formatting.format_month(paused, "ru", "long")
    assert sorted(fills) == sorted(paused_fills)
    assert guard.problems() == [], "\n".join(guard.problems())
