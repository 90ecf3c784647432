import json
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from geo import browser_geojson, region_codes
from utils.classify import classify
from utils.maps import (
    RETURNED_OBJECTS,
    add_enterprise_points,
    choropleth_map,
    clicked_enterprise,
    clicked_region,
    legend_html,
    standalone_map_html,
)
from utils.palettes import palette_for

EVIL = "<img src=x onerror=alert(1)>"
EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
URL = re.compile(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", re.IGNORECASE)


def as_browser_reads(page: str) -> str:
    """Undo the JSON escapes of script data, i.e. the strings JavaScript hands to innerHTML."""
    return page.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")


@lru_cache(maxsize=1)
def geojson() -> str:
    return browser_geojson()


def frame(values=None):
    codes = region_codes()
    data = np.arange(1.0, 21.0) if values is None else values
    return pd.DataFrame({"code": codes, "value": data})


def build(values=None, **kwargs):
    data = frame(values)
    classes = classify(data.set_index("code")["value"], k=5)
    return choropleth_map(geojson(), data, classes, **kwargs), classes


def points():
    return pd.DataFrame(
        {
            "bin": ["123456789012", "210987654321", "111111111111"],
            "name": [EVIL, "ТОО «Степь»", "no coordinates"],
            "lat": [43.25, 51.17, None],
            "lon": [76.95, 71.45, None],
            "arrears_kzt": [1_000_000.0, 40_000_000.0, 5.0],
            "risk": ["high", "low", "medium"],
        }
    )


def test_map_carries_all_20_codes_once_each():
    m, _ = build()
    page = m.get_root().render()
    for code in region_codes():
        assert page.count(f'"code":"{code}"') == 1, code


def test_map_links_only_local_assets_and_no_url_at_all():
    m, _ = build()
    add_enterprise_points(m, points(), color_by="risk", layer_name="Предприятия")
    page = m.get_root().render()
    assert URL.findall(page) == []
    scripts = re.findall(r"<script src=\"([^\"]+)\"", page)
    styles = re.findall(r"<link rel=\"stylesheet\" href=\"([^\"]+)\"", page)
    assert scripts and styles
    assert all(u.startswith("/app/static/vendor/") for u in scripts + styles)
    assert not any(re.search(r"jquery|bootstrap|awesome|font|d3", u) for u in scripts + styles)
    assert any(u.endswith("/leaflet.markercluster.js") for u in scripts)


def test_asset_base_follows_a_path_prefix():
    m, _ = build(asset_base="/ltm/app/static/vendor")
    scripts = re.findall(r"<script src=\"([^\"]+)\"", m.get_root().render())
    assert scripts and all(u.startswith("/ltm/app/static/vendor/") for u in scripts)


def test_user_strings_reach_the_browser_only_escaped():
    rows = {code: [("Обращения", "1 234"), ("Ранг", "3 из 20")] for code in region_codes()}
    rows["KZ-75"] = [(EVIL, EVIL)]
    names = {code: code for code in region_codes()}
    names["KZ-71"] = EVIL
    m, _ = build(tooltip_rows=rows, region_names=names)
    popups = {"123456789012": [("Задолженность", EVIL)]}
    add_enterprise_points(m, points(), popup_rows=popups)
    page = m.get_root().render()
    assert EVIL not in page
    seen = as_browser_reads(page)
    assert EVIL not in seen
    # label, text, region name, enterprise name and popup text: five escaped copies
    assert seen.count(EVIL_ESCAPED) == 5


def test_tooltips_hold_name_and_rows_in_order():
    rows = {"KZ-10": [("Обращения", "12"), ("Ранг", "5 из 20"), ("Изменение", "+3 %")]}
    m, _ = build(tooltip_rows=rows, region_names={"KZ-10": "область Абай"})
    seen = as_browser_reads(m.get_root().render())
    assert (
        '"KZ-10":"<strong>область Абай</strong><table><tr><th>Обращения</th><td>12</td></tr>'
        "<tr><th>Ранг</th><td>5 из 20</td></tr><tr><th>Изменение</th><td>+3 %</td></tr>"
        '</table>"' in seen
    )


def test_default_tooltip_heading_is_the_russian_name():
    m, _ = build()
    assert "<strong>город Алматы</strong>" in as_browser_reads(m.get_root().render())


def test_units_without_data_are_hatched_and_classes_drive_the_fill():
    values = np.arange(1.0, 21.0)
    values[0] = np.nan  # KZ-10
    m, classes = build(values)
    page = m.get_root().render()
    class_map = json.loads(re.search(r"_classes = (\{.*?\});", page).group(1))
    styles = json.loads(re.search(r"_styles = (\{.*?\});\n", page).group(1))
    assert "KZ-10" not in class_map and len(class_map) == 19
    assert styles["nodata"]["fillColor"] == "url(#ltm-no-data)"
    colors = palette_for(classes)
    for code, cls in class_map.items():
        assert cls == classes.classes[code]
        assert styles[str(cls)]["fillColor"] == colors[cls]
    assert 'pattern.setAttribute("id", "ltm-no-data")' in page


def test_selected_unit_is_named_in_the_script():
    m, _ = build(selected="KZ-75")
    assert 'if (code === "KZ-75")' in m.get_root().render()


def test_no_tiles_by_default_and_an_internal_tile_server_when_configured():
    plain, _ = build()
    assert "L.tileLayer" not in plain.get_root().render()
    tiled, _ = build(tile_url="/tiles/{z}/{x}/{y}.png", tile_attribution="ГИС")
    page = tiled.get_root().render()
    assert "L.tileLayer" in page and '"/tiles/{z}/{x}/{y}.png"' in page


def test_payload_stays_within_the_budget():
    m, _ = build()
    add_enterprise_points(m, points(), color_by="risk")
    size = len(m.get_root().render().encode("utf-8"))
    assert len(geojson().encode("utf-8")) <= 150_000
    assert size <= 170_000


def test_enterprise_points_skip_missing_coordinates_and_scale_by_arrears():
    m, _ = build()
    add_enterprise_points(m, points(), color_by="risk")
    page = m.get_root().render()
    rows = json.loads(
        as_browser_reads(re.search(r"var rows = (\[.*?\]);\n", page).group(1)).replace(
            EVIL_ESCAPED, "x"
        )
    )
    assert [r[5] for r in rows] == ["123456789012", "210987654321"]
    small, large = rows[0][2], rows[1][2]
    assert small < large == 16.0
    colors = json.loads(re.search(r"var colors = (\[.*?\]);", page).group(1))
    assert colors[rows[0][3]] == "#54278f"  # high
    assert colors[rows[1][3]] == "#dadaeb"  # low


def test_geojson_without_codes_is_refused_with_a_hint():
    bad = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"NAME": "x"}, "geometry": None}],
    }
    data = frame()
    with pytest.raises(ValueError, match=r"feature 0 has no property 'code' \(it has: NAME\)"):
        choropleth_map(bad, data, classify(data.set_index("code")["value"]))


def test_values_without_a_value_column_are_refused():
    data = frame()
    classes = classify(data.set_index("code")["value"])
    with pytest.raises(ValueError, match="missing: value"):
        choropleth_map(geojson(), data.rename(columns={"value": "n"}), classes)


def test_st_folium_sends_only_local_links_and_the_codes(monkeypatch):
    streamlit_folium = pytest.importorskip("streamlit_folium")
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    m, _ = build()
    add_enterprise_points(m, points(), layer_name="Предприятия")
    streamlit_folium.st_folium(m, returned_objects=RETURNED_OBJECTS)
    links = sent["js_links"] + sent["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert URL.findall(sent["header"]) == [] and URL.findall(sent["script"]) == []
    for code in region_codes():
        assert f'"code":"{code}"' in sent["script"]
    assert sent["returned_objects"] == ["last_active_drawing"]


def test_clicks_are_read_from_last_active_drawing():
    region = {
        "last_active_drawing": {"type": "Feature", "properties": {"code": "KZ-75", "value": 3}}
    }
    point = {"last_active_drawing": {"type": "Feature", "properties": {"bin": "123456789012"}}}
    assert clicked_region(region) == "KZ-75" and clicked_enterprise(region) is None
    assert clicked_enterprise(point) == "123456789012" and clicked_region(point) is None
    assert clicked_region(None) is None and clicked_region({"last_active_drawing": None}) is None


def test_standalone_html_inlines_everything():
    m, _ = build()
    add_enterprise_points(m, points())
    page = standalone_map_html(m)
    assert "<script src=" not in page and '<link rel="stylesheet"' not in page
    assert "Leaflet 1.9" in page and "markerClusterGroup" in page
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)
    assert re.findall(r"(?:src|href)=\"(?:https?:)?//", markup) == []
    assert re.findall(r"url\((?:['\"])?(?:https?:)?//", page) == []


def test_legend_escapes_and_shows_the_no_data_hatch():
    values = np.arange(1.0, 21.0)
    values[3] = np.nan
    data = frame(values)
    classes = classify(data.set_index("code")["value"], k=4, formatter=lambda v: f"{v:.0f}")
    colors = palette_for(classes)
    html = legend_html(classes, colors, EVIL, "<b>₸</b>")
    assert EVIL not in html and EVIL_ESCAPED in html and "&lt;b&gt;₸&lt;/b&gt;" in html
    for color in colors:
        assert f"background:{color}" in html
    assert "repeating-linear-gradient" in html
    assert html.count('class="ltm-legend-row"') == 5
    assert "(1)</span>" in html  # one unit without data
