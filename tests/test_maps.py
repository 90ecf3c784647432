import json
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from geo import browser_geojson, region_codes
from utils.maps import (
    RETURNED_OBJECTS,
    PointField,
    add_enterprise_points,
    browser_number_format,
    choropleth_map,
    classify,
    clicked_enterprise,
    clicked_region,
    legend_html,
    palette_for,
    standalone_map_html,
)

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
            "arrears_outstanding_kzt": [1_000_000.0, 40_000_000.0, 5.0],
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


def enterprise_layer(page: str) -> tuple[dict, dict]:
    """Return the enterprise layer's ``spec`` and ``data`` as the browser parses them."""
    spec = json.loads(re.search(r"var spec = (\{.*?\});\n", page).group(1))
    data = json.loads(re.search(r"var data = (\{.*?\});\n", page).group(1))
    return spec, data


def test_enterprise_points_skip_missing_coordinates_and_scale_by_arrears():
    m, _ = build()
    add_enterprise_points(m, points(), color_by="risk")
    spec, data = enterprise_layer(m.get_root().render())
    assert data["bin"] == ["123456789012", "210987654321"]
    assert [v / data["position_scale"] for v in data["lat"]] == [43.25, 51.17]
    assert [v / data["position_scale"] for v in data["lon"]] == [76.95, 71.45]
    small, large = (r / data["radius_scale"] for r in data["radius"])
    assert small < large == 16.0
    # areas proportional to arrears: r = 4 + 12 * sqrt(arrears / largest)
    assert small == round(4 + 12 * (1_000_000 / 40_000_000) ** 0.5, 1)
    assert spec["colors"][data["color"][0]] == "#54278f"  # high
    assert spec["colors"][data["color"][1]] == "#dadaeb"  # low


def test_points_without_a_finite_amount_get_the_smallest_circle():
    frame = points().assign(arrears_outstanding_kzt=[float("inf"), None, 5.0])
    m, _ = build()
    add_enterprise_points(m, frame)
    _, data = enterprise_layer(m.get_root().render())
    assert [r / data["radius_scale"] for r in data["radius"]] == [4.0, 4.0]


def test_enterprise_tooltip_fields_travel_raw_and_escaped():
    frame = points().assign(
        workers_owed=[12.0, None, 3.0], note=[EVIL, None, "x"], risk=["high", EVIL, "low"]
    )
    fields = [
        PointField("БИН", "bin"),
        PointField(EVIL, "arrears_outstanding_kzt", "money_short"),
        PointField("Работники", "workers_owed", "number"),
        PointField("Заметка", "note"),
        PointField("Риск", "risk", "category", categories={"low": "низкий", "high": EVIL}),
    ]
    m, _ = build()
    add_enterprise_points(
        m, frame, color_by="risk", fields=fields, number_format=browser_number_format("ru")
    )
    page = m.get_root().render()
    assert EVIL not in as_browser_reads(page)
    spec, data = enterprise_layer(as_browser_reads(page))
    assert [f["label"] for f in spec["fields"]] == ["БИН", EVIL_ESCAPED, "Работники",
                                                    "Заметка", "Риск"]
    assert spec["fields"][0]["key"] is True and data["fields"][0] is None  # the BIN, sent once
    assert spec["fields"][4]["categories"] == ["низкий", EVIL_ESCAPED]
    arrears, workers, note, risk = data["fields"][1:]
    assert arrears["scale"] == 1 and arrears["values"] == [1_000_000, 40_000_000]
    assert workers == {"values": [12, None], "scale": 1}
    assert note["values"] == [EVIL_ESCAPED, None]
    assert risk["values"] == [1, None]  # a level without a label leaves its line out
    assert data["name"] == [EVIL_ESCAPED, "ТОО «Степь»"]
    assert spec["format"]["compact"][3] == [6, 6, "\u00a0млн"]


def test_amounts_with_kopecks_travel_as_exact_hundredths():
    frame = points().assign(arrears_outstanding_kzt=[1_234_567.89, 0.1 + 0.2, 5.0])
    m, _ = build()
    add_enterprise_points(m, frame, fields=[PointField("Долг", "arrears_outstanding_kzt", "money")],
                          number_format=browser_number_format("ru"))
    _, data = enterprise_layer(m.get_root().render())
    # 0.30000000000000004 is not a whole number of hundredths: the column stays as it is
    assert data["fields"][0] == {"values": [1_234_567.89, 0.30000000000000004], "scale": 1}
    frame = points().assign(arrears_outstanding_kzt=[1_234_567.89, 0.3, 5.0])
    m, _ = build()
    add_enterprise_points(m, frame, fields=[PointField("Долг", "arrears_outstanding_kzt", "money")],
                          number_format=browser_number_format("ru"))
    _, data = enterprise_layer(m.get_root().render())
    column = data["fields"][0]
    assert column == {"values": [123_456_789, 30], "scale": 100}
    assert [v / column["scale"] for v in column["values"]] == [1_234_567.89, 0.3]


def test_names_that_look_like_templates_are_shown_as_they_are():
    name = "{{ 7 * 7 }} {% if x %} {# note"
    frame = points().assign(name=[name, "ok", "x"])
    m, _ = build()
    add_enterprise_points(m, frame)
    page = m.get_root().render()
    _, data = enterprise_layer(page)
    assert data["name"][0] == name
    assert standalone_map_html(m).count(name) == 1


@pytest.mark.parametrize(
    ("lang", "group", "decimal", "million"),
    [("ru", "\u00a0", ",", "\u00a0млн"), ("kk", "\u00a0", ",", "\u00a0млн"),
     ("en", ",", ".", "\u00a0mn")],
)
def test_browser_number_format_follows_the_formatter(lang, group, decimal, million):
    from utils import formatting

    found = browser_number_format(lang)
    assert (found.group, found.decimal, found.minus) == (group, decimal, "-")
    assert found.missing == formatting.MISSING
    assert found.currency == "\u00a0₸"
    assert [step[0] for step in found.compact] == list(range(3, 15))
    by_power = {power: (divisor, word) for power, divisor, word in found.compact}
    assert by_power[6] == by_power[7] == by_power[8] == (6, million)
    # the browser's rule, written out: 86 400 000 -> 86,4 млн
    assert formatting.format_compact(86_400_000, lang) == f"86{decimal}4{million}"


def test_point_fields_are_checked():
    with pytest.raises(ValueError, match="Kind must be in the set"):
        PointField("x", "x", "percent")
    with pytest.raises(ValueError, match="categories go with kind='category'"):
        PointField("x", "x", "category")
    m, _ = build()
    with pytest.raises(ValueError, match="need a number_format"):
        add_enterprise_points(
            m, points(), fields=[PointField("x", "arrears_outstanding_kzt", "number")]
        )
    with pytest.raises(ValueError, match="points has no column 'nope'"):
        add_enterprise_points(m, points(), fields=[PointField("x", "nope")])


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


def test_standalone_html_says_what_it_shows_with_every_text_escaped():
    m, classes = build()
    legend = legend_html(classes, None, "Обращения", "на 100 000 жителей")
    page = standalone_map_html(
        m, title="Обращения <b>x</b>, янв. 2026", lines=["Источник: «A & B»"],
        warning="Синтетические данные", legend_html=legend, lang="kk",
    )
    assert page.startswith('<!DOCTYPE html>\n<html lang="kk">')
    assert "<title>Обращения &lt;b&gt;x&lt;/b&gt;, янв. 2026</title>" in page
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)
    assert ">Обращения &lt;b&gt;x&lt;/b&gt;, янв. 2026</h1>" in markup and "<b>x" not in markup
    assert "Источник: «A &amp; B»" in markup and "Синтетические данные" in markup
    assert legend in markup
    # The panels are in the body, after the map's element, before the map's script.
    body = page[page.index("<body>"):page.index("</body>")]
    assert body.index('class="folium-map"') < body.index("ltm-export-heading") < body.index(
        "ltm-export-legend")
    assert "ltm-export" not in standalone_map_html(m)  # nothing drawn over a bare map


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
