"""The home map in a real browser: offline, 20 regions, tooltips, click-through to a region
and, with the enterprise layer on, to an enterprise; the enterprise tooltips' numbers.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import os
import shutil
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from tests.browser import (
    ARTIFACTS,
    MAP_IFRAME,
    REGION_SHAPES,
    ROOT,
    guard_page,
    map_content_frame,
    region_point,
    region_shapes,
    wait_for_app,
)
from utils import i18n

pytestmark = pytest.mark.browser

HOVERED, CLICKED = "KZ-35", "KZ-62"
SCREENSHOT = ARTIFACTS / "map.png"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "map.png"
#: ``LTM_UPDATE_SCREENSHOTS=1`` copies the screenshot to the README's; a plain run leaves the
#: tracked file alone.
UPDATE_README_SCREENSHOT = os.environ.get("LTM_UPDATE_SCREENSHOTS") == "1"


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
    if UPDATE_README_SCREENSHOT:
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



def test_on_a_phone_a_tap_shows_the_value_and_a_second_tap_opens_the_region(chromium, server):
    """A finger cannot hover: the first tap shows the tooltip, the second opens the region."""
    from utils import i18n

    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, device_scale_factor=2, locale="ru-RU")
    phone = context.new_page()
    try:
        guard, frame = _open_map(phone, server)
        assert frame.evaluate("() => matchMedia('(hover: none)').matches")
        frame.frame_element().scroll_into_view_if_needed()
        x, y = region_point(frame, HOVERED, *_inner_point(HOVERED))
        phone.touchscreen.tap(x, y)
        tooltip = frame.locator(".leaflet-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        text = tooltip.inner_text()
        assert i18n.region_label(HOVERED, "ru") in text
        assert i18n.t("common.rank_label", "ru") in text
        assert i18n.t("map.tap_hint", "ru") in text
        # Nothing was handed to the page: the click that opens a region is not sent.
        assert frame.evaluate("() => window.__GLOBAL_DATA__.last_active_drawing") is None
        assert "region=" not in phone.url
        phone.touchscreen.tap(x, y)
        phone.wait_for_url(f"**/region?*region={HOVERED}*", timeout=30_000)
        wait_for_app(phone)
        assert guard.deep_link_problems() == [], "\n".join(guard.deep_link_problems())
    finally:
        context.close()


def test_a_region_page_shows_its_enterprises_with_their_figures(page, server, demo_db_url):
    """The zoomed map of a region carries each of its enterprises, written as on the home map."""
    from utils import formatting

    points = _stored_points(demo_db_url).dropna(subset=["lat", "lon"])
    code = points["region"].value_counts().index[0]
    mine = points[points["region"] == code]
    guard = guard_page(page)
    page.goto(f"{server.url}/region?region={code}", wait_until="domcontentloaded")
    # The page opens with its district map; the country map zoomed on the region is the last.
    zoomed = page.frame_locator(MAP_IFRAME).last
    zoomed.locator(REGION_SHAPES).nth(19).wait_for(state="attached", timeout=60_000)
    wait_for_app(page)
    frame = page.query_selector_all(MAP_IFRAME)[-1].content_frame()
    frame.wait_for_function("() => window.map && window.map._loaded")
    shown = dict(frame.evaluate(_TOOLTIPS))
    expected = {
        row.bin: [row.bin, formatting.format_money_short(row.arrears_outstanding_kzt, "ru"),
                  formatting.format_number(row.workers_owed, "ru")]
        for row in mine.itertuples()
    }
    assert shown == expected
    assert guard.deep_link_problems() == [], "\n".join(guard.deep_link_problems())

def _stored_points(db_url: str) -> pd.DataFrame:
    """Return the enterprise points of the default period, as the map's query gives them."""
    from utils import metrics, store

    engine = store.get_engine(db_url)
    try:
        first, last = metrics.month_bounds(engine)
        start = str(pd.Period(last, "M") - 11)
        return metrics.enterprise_points(engine, start, last)
    finally:
        engine.dispose()


#: Zoom in on an enterprise's circle (unclustered from zoom 9), bring it to the front of
#: the circles around it and return the centre of the drawn circle in the map's frame.
_FIND_MARKER = """
([bin]) => new Promise((resolve) => {
    let group = null;
    window.map.eachLayer((layer) => {
        if (typeof layer.getVisibleParent === "function") { group = layer; }
    });
    const marker = group.getLayers().find((m) => m.feature.properties.bin === bin);
    window.map.setView(marker.getLatLng(), 12, {animate: false});
    const started = Date.now();
    const shown = () => {
        if (!window.map.hasLayer(marker) || !marker._path) {
            if (Date.now() - started > 15000) {
                resolve({zoom: window.map.getZoom(), shown: window.map.hasLayer(marker),
                         drawn: !!marker._path, center: window.map.getCenter()});
                return;
            }
            setTimeout(shown, 50);
            return;
        }
        marker.bringToFront();
        const box = marker._path.getBoundingClientRect();
        resolve([box.left + box.width / 2, box.top + box.height / 2]);
    };
    shown();
})
"""


def test_an_enterprise_shows_its_tooltip_and_a_click_opens_its_page(page, server, demo_db_url):
    """With ?ent=1 the largest debtor's circle names it with its figures; a click opens it."""
    from utils import formatting
    from utils.screens import map_screen

    points = _stored_points(demo_db_url)
    target = points.iloc[0]
    guard = guard_page(page)
    page.goto(server.url + "/?ent=1", wait_until="domcontentloaded")
    region_shapes(page).nth(19).wait_for(state="visible", timeout=60_000)
    wait_for_app(page)
    for _ in range(3):  # a rerun right after the first load may draw the map again
        frame = map_content_frame(page)
        frame.wait_for_function("() => window.map && window.map._loaded")
        found = frame.evaluate(_FIND_MARKER, [target["bin"]])
        if isinstance(found, list):
            break
        wait_for_app(page)
    assert isinstance(found, list), f"the circle was not drawn: {found}"
    x, y = found
    box = frame.frame_element().bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    tooltip = frame.locator(".leaflet-tooltip.ltm-point-tip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.locator("strong").inner_text() == target["name"]
    cells = tooltip.locator("td").all_inner_texts()
    owed = formatting.format_money_short(target["arrears_outstanding_kzt"], "ru")
    workers = formatting.format_number(target["workers_owed"], "ru")
    assert cells[:3] == [target["bin"], owed, workers]
    assert cells[3] in {i18n.t(f"ew.risk.{level}", "ru") for level in map_screen.RISK_LEVELS}
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/enterprise?*", timeout=30_000)
    assert parse_qs(urlparse(page.url).query)["enterprise"] == [target["bin"]]
    assert guard.problems() == [], "\n".join(guard.problems())


#: Amounts around every rounding edge of the short form (ties to even, 999 950 -> 1 млн,
#: kopecks) and at random over twelve orders of magnitude.
_EDGES = [0, 0.4, 0.5, 1.5, 2.5, 12.5, 999.4, 999.5, 999.7, 1000, 1049, 1050, 1150, 1250, 1350,
          1_250_000, 999_949, 999_950, 999_999, 1e6, 1.05e6, 86.4e6, 2.7e9, 1_234_567.89,
          1_050_000.05, 9.99e11, 999_950_000, 1e12, 123_456_789_012_345.0, 1e15]


def _amounts() -> list[float]:
    import numpy as np

    rng = np.random.default_rng(20)
    powers = rng.integers(1, 13, 240)
    values = [float(v) for v in np.round(rng.uniform(0, 10.0**powers), 2)]
    values += [float(v) for v in rng.uniform(0, 10.0 ** powers[:60])]
    return _EDGES + values


_TOOLTIPS = """
() => {
    const name = Object.keys(window).find((k) => k.startsWith("marker_cluster_"));
    const group = window[name];
    const content = group.getTooltip()._content;
    return group.getLayers().map((layer) => {
        const div = document.createElement("div");
        div.innerHTML = content(layer);
        return [layer.feature.properties.bin,
                Array.from(div.querySelectorAll("td")).map((td) => td.textContent)];
    });
}
"""


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_browser_writes_tooltip_numbers_as_the_server_formats_them(chromium, lang):
    """Every amount and count a tooltip shows equals utils.formatting's text, in each language."""
    import geo
    from utils import formatting, maps
    from utils.maps import classify
    from utils.screens import map_screen

    amounts = _amounts()
    count = len(amounts)
    bins = [f"{i:012d}" for i in range(count)]
    points = pd.DataFrame({
        "bin": bins, "name": "x", "region": "KZ-75", "arrears_outstanding_kzt": amounts,
        "lat": [42 + 12 * i / count for i in range(count)],
        "lon": [50 + 35 * i / count for i in range(count)],
        "workers_owed": [float(round(a) % 100_000) for a in amounts],
    })
    values = pd.DataFrame({"code": geo.region_codes(), "value": range(1, 21)})
    m = maps.choropleth_map(geo.browser_geojson(), values,
                            classify(values.set_index("code")["value"].astype(float)))
    map_screen.add_enterprises(m, points, lang, {b: "high" for b in bins[::2]})
    page = chromium.new_page()
    guard = guard_page(page)
    page.set_content(maps.standalone_map_html(m))
    shown = dict(page.evaluate(_TOOLTIPS))
    page.close()
    assert len(shown) == count
    risk = {b: "high" if i % 2 == 0 else "low" for i, b in enumerate(bins)}
    wrong = []
    for i, bin_ in enumerate(bins):
        expected = [bin_, formatting.format_money_short(amounts[i], lang),
                    formatting.format_number(points["workers_owed"][i], lang),
                    i18n.t(f"ew.risk.{risk[bin_]}", lang)]
        if shown[bin_] != expected:
            wrong.append((amounts[i], shown[bin_], expected))
    assert wrong == []
    assert guard.problems() == [], "\n".join(guard.problems())


_CLUSTER_ICONS = """
() => Array.from(document.querySelectorAll(".ltm-cluster div")).map((div) => {
    const style = getComputedStyle(div);
    return [div.textContent, style.backgroundColor, style.color];
})
"""


def _rgb(color: str) -> str:
    return "rgb({}, {}, {})".format(*(int(color[i : i + 2], 16) for i in (1, 3, 5)))


def test_a_group_of_enterprises_takes_the_colour_of_its_gravest_member(chromium):
    """Seven enterprises, one of them at high risk, group as «7» in the high colour; five
    on watch group as «5» in the watch colour, each counted in the ink that reads on it."""
    import geo
    from utils import maps
    from utils.maps import classify
    from utils.screens import map_screen

    groups = {"7": (48.0, 60.0, ["low"] * 6 + ["high"]), "5": (44.0, 75.0, ["watch"] * 5)}
    rows, risk = [], {}
    for size, (lat, lon, levels) in groups.items():
        for i, level in enumerate(levels):
            bin_ = f"{size}{i:011d}"
            rows.append({"bin": bin_, "name": "x", "region": "KZ-75",
                         "arrears_outstanding_kzt": 1e6, "workers_owed": 3.0,
                         "lat": lat + i * 0.01, "lon": lon + i * 0.01})
            risk[bin_] = level
    values = pd.DataFrame({"code": geo.region_codes(), "value": range(1, 21)})
    m = maps.choropleth_map(geo.browser_geojson(), values,
                            classify(values.set_index("code")["value"].astype(float)))
    map_screen.add_enterprises(m, pd.DataFrame(rows), "ru", risk)
    page = chromium.new_page()
    guard = guard_page(page)
    page.set_content(maps.standalone_map_html(m))
    page.wait_for_selector(".ltm-cluster div")
    icons = {count: (fill, ink) for count, fill, ink in page.evaluate(_CLUSTER_ICONS)}
    page.close()
    colors = maps.risk_colors(list(map_screen.RISK_LEVELS))
    assert icons == {
        "7": (_rgb(colors["high"]), _rgb(maps.ink_on(colors["high"]))),
        "5": (_rgb(colors["watch"]), _rgb(maps.ink_on(colors["watch"]))),
    }
    assert guard.problems() == [], "\n".join(guard.problems())
