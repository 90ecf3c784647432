"""The map page (home) under AppTest: numbers checked against the stored rows."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3

import hypothesis
import pandas as pd
import pytest
from hypothesis import strategies

from tests.app_pages import (  # noqa: F401
    demo_db,
    empty_db,
    map_component,
    map_title,
    map_tooltips,
    no_exception,
    open_app,
    plain,
    population,
    stored_value,
)
from utils import early_warning, formatting, i18n, store
from utils.maps import risk_colors
from utils.screens import map_screen
from utils.ui.components import escape_markdown

PERIOD = {"start": "2024-07", "end": "2025-06"}
REGION = "KZ-75"
EVIL = "<img src=x onerror=alert(1)>"
APPEALS_IN = "SELECT {what} FROM appeals WHERE strftime('%Y-%m', date) BETWEEN ? AND ?"


def _kpi(at, key: str, lang: str = "ru") -> str:
    label = i18n.kpi_label(key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert len(values) == 1, f"no single KPI card {label!r}"
    return plain(values[0])


def _tooltip_value(at, code: str = REGION) -> str:
    return map_tooltips(at)[code]


def _number(value: float, decimals: int = 0) -> str:
    return plain(formatting.format_number(value, "ru", decimals=decimals))


def test_map_renders_on_demo_data_with_the_stored_appeals_total(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "value"})
    no_exception(at)
    expected = stored_value(demo_db, APPEALS_IN.format(what="count(*)"), *PERIOD.values())
    assert expected > 0
    assert _kpi(at, "appeals") == _number(expected)
    assert i18n.indicator_label("appeals", "ru") in map_title(at)


def test_changing_the_period_changes_the_kpis_and_the_map(open_app, demo_db):
    at = open_app(demo_db.url, {"start": "2025-04", "end": "2025-06"})
    no_exception(at)
    count = APPEALS_IN.format(what="count(*)")
    short = stored_value(demo_db, count, "2025-04", "2025-06")
    regional = stored_value(demo_db, count + " AND region = ?", "2025-04", "2025-06", REGION)
    assert _kpi(at, "appeals") == _number(short)
    assert _number(regional) in _tooltip_value(at)
    assert short != stored_value(demo_db, count, *PERIOD.values())


def test_changing_the_indicator_shows_people_behind_appeals(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "value"})
    at.selectbox(key="sidebar_indicator").set_value("people").run()
    no_exception(at)
    assert at.query_params["indicator"] == "people"
    people = stored_value(
        demo_db, APPEALS_IN.format(what="sum(people)") + " AND region = ?", *PERIOD.values(),
        REGION,
    )
    appeals = stored_value(
        demo_db, APPEALS_IN.format(what="count(*)") + " AND region = ?", *PERIOD.values(), REGION
    )
    assert people != appeals
    assert _number(people) in _tooltip_value(at)
    assert i18n.indicator_label("people", "ru") in map_title(at)


def test_per_100k_divides_by_the_population(open_app, demo_db):
    at = open_app(demo_db.url, PERIOD)
    at.radio(key="sidebar_normalisation").set_value("per_100k").run()
    no_exception(at)
    count = stored_value(
        demo_db, APPEALS_IN.format(what="count(*)") + " AND region = ?", *PERIOD.values(), REGION
    )
    rate = count / population([REGION]) * 100_000
    assert _number(rate, decimals=1) in _tooltip_value(at)
    assert _number(count) not in _tooltip_value(at)


def test_official_statistics_show_their_source_and_published_value(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "indicator": "stat:workers_owed"})
    no_exception(at)
    latest = stored_value(
        demo_db,
        "SELECT value FROM region_stats WHERE indicator = 'workers_owed' AND region = ? "
        "AND period_end BETWEEN '2024-07-01' AND '2025-06-30' ORDER BY period_end DESC LIMIT 1",
        REGION,
    )
    assert _number(latest) in _tooltip_value(at)
    with sqlite3.connect(demo_db.path) as connection:
        (source,) = connection.execute(
            "SELECT DISTINCT source FROM region_stats WHERE indicator = 'workers_owed'"
        ).fetchall()[0]
    captions = " ".join(c.value for c in at.caption)
    assert escape_markdown(source) in captions  # shown literally, as written
    assert i18n.t("map.granularity_quarter", "ru") in captions
    # the quarter shown, as Russian writes it
    assert escape_markdown(i18n.t("stats.shown_period", "ru", period="II квартал 2025")) \
        in captions


def test_map_component_holds_the_20_regions_with_local_assets_in_budget(open_app, demo_db):
    at = open_app(demo_db.url, PERIOD)
    args = map_component(at)
    script = args["script"]
    from geo import region_codes

    codes = set(region_codes())
    assert len(codes) == 20
    assert codes == set(map_tooltips(at))
    for code in codes:
        assert f'"{code}"' in script
    payload = sum(len(str(args[k]).encode("utf-8")) for k in ("script", "header", "html"))
    assert payload < 400_000
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", script + args["header"]) is None


def test_enterprise_layer_adds_the_largest_debtor_with_local_clustering(open_app, demo_db):
    at = open_app(demo_db.url, PERIOD)
    assert "ent" not in at.query_params
    assert not any("leaflet.markercluster" in link for link in map_component(at)["js_links"])
    at.toggle(key="map_enterprises").set_value(True).run()
    no_exception(at)
    assert at.query_params["ent"] == "1"
    args = map_component(at)
    with sqlite3.connect(demo_db.path) as connection:
        (month,) = connection.execute(
            "SELECT max(strftime('%Y-%m', report_date)) FROM arrears "
            "WHERE strftime('%Y-%m', report_date) BETWEEN ? AND ?", tuple(PERIOD.values())
        ).fetchone()
        (largest,) = connection.execute(
            "SELECT enterprise_bin FROM arrears WHERE strftime('%Y-%m', report_date) = ? "
            "AND lat IS NOT NULL ORDER BY amount_kzt DESC LIMIT 1", (month,)
        ).fetchone()
    assert f'"{largest}"' in args["script"]
    assert any("leaflet.markercluster" in link for link in args["js_links"])
    assert all(link.startswith("/app/static/vendor/") for link in args["js_links"])
    legend = " ".join(h.proto.body for h in at.get("html"))
    assert i18n.t("map.risk_level", "ru") in legend


def test_a_link_with_the_enterprise_layer_opens_it_and_switching_it_off_drops_it(
    open_app, demo_db
):
    at = open_app(demo_db.url, {**PERIOD, "ent": "1"})
    no_exception(at)
    assert at.toggle(key="map_enterprises").value is True
    args = map_component(at)
    assert any("leaflet.markercluster" in link for link in args["js_links"])
    assert "markerClusterGroup" in args["script"]
    with sqlite3.connect(demo_db.path) as connection:
        bins = [b for (b,) in connection.execute(
            "SELECT DISTINCT enterprise_bin FROM arrears WHERE enterprise_bin IS NOT NULL "
            "AND lat IS NOT NULL AND strftime('%Y-%m', report_date) = ?", (PERIOD["end"],)
        )]
    assert bins and all(f'"{b}"' in args["script"] for b in bins)
    at.toggle(key="map_enterprises").set_value(False).run()
    no_exception(at)
    assert "ent" not in at.query_params
    assert at.query_params["start"] == PERIOD["start"]
    args = map_component(at)
    assert "markerClusterGroup" not in args["script"]
    assert not any(f'"{b}"' in args["script"] for b in bins)


def test_switching_the_enterprise_layer_on_finds_its_data_computed(
    open_app, demo_db, monkeypatch
):
    from utils import early_warning, metrics

    at = open_app(demo_db.url, PERIOD)
    no_exception(at)
    calls = []

    def counted(function):
        def call(*args, **kwargs):
            calls.append(function.__name__)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(early_warning, "enterprise_risk_at",
                        counted(early_warning.enterprise_risk_at))
    monkeypatch.setattr(metrics, "enterprise_points", counted(metrics.enterprise_points))
    at.toggle(key="map_enterprises").set_value(True).run()
    no_exception(at)
    assert "markerClusterGroup" in map_component(at)["script"]
    assert calls == []  # the map page computed them after drawing the map without them


def test_kpis_and_map_share_one_read_of_the_region_totals_per_period(
    open_app, demo_db, monkeypatch
):
    from utils import store

    calls = []

    def counted(*args, **kwargs):
        calls.append(args[1:3])
        return region_period_totals(*args, **kwargs)

    region_period_totals = store.region_period_totals
    monkeypatch.setattr(store, "region_period_totals", counted)
    at = open_app(demo_db.url, PERIOD)
    no_exception(at)
    assert sorted(calls) == [("2023-07", "2024-06"), (PERIOD["start"], PERIOD["end"])]
    calls.clear()
    at.selectbox(key="sidebar_indicator").set_value("people").run()
    no_exception(at)
    at.query_params["normalisation"] = "per_100k"  # as the back button or a link sets it
    at.run()
    no_exception(at)
    assert calls == []  # a new indicator or normalisation reads the same totals again
    people = stored_value(
        demo_db, APPEALS_IN.format(what="sum(people)") + " AND region = ?", *PERIOD.values(),
        REGION,
    )
    assert _number(people / population([REGION]) * 100_000, decimals=1) in _tooltip_value(at)


def _enterprise_layer(args) -> tuple[dict, dict]:
    """Return the enterprise layer's ``spec`` and ``data`` from the map script."""
    script = args["script"]
    spec = json.loads(re.search(r"var spec = (\{.*?\});\n", script).group(1))
    data = json.loads(re.search(r"var data = (\{.*?\});\n", script).group(1))
    return spec, data


def test_enterprise_tooltips_carry_the_stored_arrears_and_labels_in_the_language(
    open_app, demo_db
):
    at = open_app(demo_db.url, {**PERIOD, "ent": "1", "lang": "kk"})
    no_exception(at)
    spec, data = _enterprise_layer(map_component(at))
    assert [f["label"] for f in spec["fields"]] == [
        i18n.t("common.bin", "kk"),
        i18n.indicator_label("arrears_outstanding_kzt", "kk"),
        i18n.indicator_label("workers_owed", "kk"),
        i18n.t("map.risk_level", "kk"),
    ]
    levels = ["low", "watch", "elevated", "high"]
    assert spec["fields"][3]["categories"] == [i18n.t(f"ew.risk.{lv}", "kk") for lv in levels]
    assert spec["format"]["compact"][0][2] == formatting.format_compact(1000, "kk")[1:]
    with sqlite3.connect(demo_db.path) as connection:
        rows = connection.execute(
            "SELECT enterprise_bin, sum(amount_kzt), sum(workers) FROM arrears "
            "WHERE strftime('%Y-%m', report_date) = ? AND lat IS NOT NULL "
            "GROUP BY enterprise_bin ORDER BY sum(amount_kzt) DESC LIMIT 5", (PERIOD["end"],)
        ).fetchall()
    arrears, workers, risk = data["fields"][1:]
    for bin_, amount, owed in rows:
        i = data["bin"].index(bin_)
        assert arrears["values"][i] / arrears["scale"] == pytest.approx(amount, abs=0.005)
        assert workers["values"][i] / workers["scale"] == owed
        # the tooltip names the level the circle is coloured by
        level = levels[risk["values"][i]]
        assert spec["colors"][data["color"][i]] == risk_colors(levels)[level]


def test_an_enterprise_name_from_an_upload_reaches_the_map_only_escaped(
    open_app, demo_db, tmp_path
):
    path = tmp_path / "evil.db"
    shutil.copyfile(demo_db.path, path)
    with sqlite3.connect(path) as connection:
        (largest,) = connection.execute(
            "SELECT enterprise_bin FROM arrears WHERE strftime('%Y-%m', report_date) = ? "
            "AND lat IS NOT NULL ORDER BY amount_kzt DESC LIMIT 1", (PERIOD["end"],)
        ).fetchone()
        connection.execute(
            "UPDATE arrears SET enterprise_name = ? WHERE enterprise_bin = ?", (EVIL, largest)
        )
    at = open_app(f"sqlite:///{path}", {**PERIOD, "ent": "1"})
    no_exception(at)
    args = map_component(at)
    # the script as JavaScript reads it: JSON's \u003c escapes undone
    read = args["script"].replace("\\u003c", "<").replace("\\u003e", ">")
    read = read.replace("\\u0026", "&")
    assert EVIL not in read and EVIL not in args["header"] + args["html"]
    _, data = _enterprise_layer(args)
    assert data["name"][data["bin"].index(largest)] == html.escape(EVIL)


HOSTILE = "![x](http://beacon.invalid/p.png) **жирный** $x^2$ [ссылка](http://evil.invalid)"


def test_an_official_indicator_and_source_from_an_upload_are_shown_literally(
    open_app, demo_db, tmp_path
):
    """An uploaded name in a title or caption makes no image, link, bold text or formula."""
    path = tmp_path / "stats.db"
    shutil.copyfile(demo_db.path, path)
    engine = store.get_engine(f"sqlite:///{path}")
    frame = pd.DataFrame({
        "period": ["2025-06"], "granularity": ["month"],
        "period_start": pd.to_datetime(["2025-06-01"]),
        "period_end": pd.to_datetime(["2025-06-30"]),
        "region": [REGION], "indicator": [HOSTILE], "value": [12.5], "unit": ["%"],
        "source": [HOSTILE],
    })
    store.load_batch(engine, "region_stats", frame, file_name="stats.csv", sha256="0" * 64,
                     user="anna", rows_read=1)
    engine.dispose()
    for page in (None, "pages/trends.py"):
        at = open_app(f"sqlite:///{path}", {**PERIOD, "indicator": f"stat:{HOSTILE}"}, page)
        no_exception(at)
        shown = ([t.value for t in [*at.title, *at.subheader]] + [c.value for c in at.caption]
                 + [m.value for m in at.markdown])
        assert any(escape_markdown(HOSTILE) in text for text in shown), page
        assert not any(HOSTILE in text for text in shown), page


def test_empty_database_says_so(open_app, empty_db):
    at = open_app(empty_db.url)
    no_exception(at)
    assert [i.value for i in at.info] == [i18n.t("empty.database", "ru")]


def test_a_period_without_data_says_so(open_app, demo_db):
    at = open_app(demo_db.url, {"start": "2010-01", "end": "2010-12"})
    no_exception(at)
    period = formatting.format_period("2010-01", "2010-12", "ru")
    assert i18n.t("empty.period", "ru", period=period) in [i.value for i in at.info]


def test_a_filter_that_matches_nothing_says_so(open_app, demo_db):
    with sqlite3.connect(demo_db.path) as connection:
        present = {s for (s,) in connection.execute("SELECT DISTINCT industry FROM arrears")}
    absent = sorted(set("ABCDEFGHIJKLMNOPQRSTU") - present)
    assert absent, "the demo uses every OKED section; pick another empty filter"
    at = open_app(
        demo_db.url,
        {**PERIOD, "indicator": "arrears_outstanding_kzt", "industries": absent[0]},
    )
    no_exception(at)
    assert i18n.t("empty.filter", "ru") in [i.value for i in at.info]


def test_change_mode_and_scheme_are_written_to_the_url(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "value"})
    at.selectbox(key="map_scheme").set_value("equal_interval").run()
    at.button_group(key="map_mode").set_value("change").run()
    no_exception(at)
    assert at.query_params["mode"] == "change"
    assert at.query_params["scheme"] == "equal_interval"
    # the change map's classes are fixed: the scheme box says so instead of doing nothing
    scheme = at.selectbox(key="map_scheme")
    assert scheme.disabled and "±10" in plain(scheme.help)


_PERCENT = re.compile(r"([+-]?\d[\d ]*)\s?%")


def _legend_ranges(legend: str) -> list[tuple[float, float]]:
    """Return the (lower, upper) per cent of each class row of a change legend."""
    labels = re.findall(r'class="ltm-legend-label">([^<]*)<', legend)
    ranges = []
    for label in map(plain, map(html.unescape, labels)):
        found = [float(n.replace(" ", "")) for n in _PERCENT.findall(label)]
        if found:
            ranges.append((found[0], found[-1]))
    return ranges


@pytest.mark.parametrize("indicator", ["appeals", "arrears_outstanding_kzt", "layoffs"])
def test_the_change_map_reads_as_a_change_against_a_named_period(open_app, demo_db, indicator):
    at = open_app(demo_db.url, {**PERIOD, "mode": "change", "indicator": indicator,
                                "normalisation": "per_1k_employed"})
    no_exception(at)
    previous = formatting.format_period("2023-07", "2024-06", "ru")
    shown = formatting.format_period(*PERIOD.values(), "ru")
    title = plain(map_title(at))
    assert f"изменение за {plain(shown)} к {plain(previous)}" in title
    assert "на 1 000 занятых" in title
    legend = next(h.proto.body for h in at.get("html") if "ltm-legend" in h.proto.body)
    assert plain(previous) in plain(html.unescape(legend))
    ranges = _legend_ranges(legend)
    assert ranges, "the legend shows no classes"
    assert all(lower >= -100 for lower, _ in ranges)  # nothing falls by more than all of it
    neutral = [r for r in ranges if r[0] < 0 < r[1]]
    assert neutral == [(-10, 10)]
    for lower, upper in ranges:
        if upper < 0:
            assert (-upper, -lower) in ranges  # each fall has its mirrored rise
    tips = map_tooltips(at)
    assert all("Было (" in tip or "нет данных" in tip for tip in tips.values())


def test_regions_without_a_previous_value_have_no_comparison_not_a_colour(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "change", "indicator": "layoffs"})
    no_exception(at)
    from utils import metrics, store

    engine = store.get_engine(demo_db.url)
    values = metrics.region_values(engine, "layoffs", *PERIOD.values())
    engine.dispose()
    new = values[values["previous"].isna() & values["value"].notna()]["code"].tolist()
    assert new, "the demo data should have regions with layoffs only in this period"
    tips = map_tooltips(at)
    for code in new:
        assert i18n.t("kpi.note.no_previous", "ru") in tips[code]
    legend = html.unescape(
        next(h.proto.body for h in at.get("html") if "ltm-legend" in h.proto.body)
    )
    label = re.escape(i18n.t("map.legend_no_comparison", "ru"))
    count = re.search(label + r'</span><span class="ltm-legend-count"[^>]*>\((\d+)\)', legend)
    assert count and int(count.group(1)) == int(values["change_pct"].isna().sum())


@pytest.mark.parametrize(
    ("enterprises", "tile_url"), [(True, None), (False, "/tiles/{z}/{x}/{y}.png")]
)
def test_cached_component_arguments_equal_what_st_folium_sends(
    monkeypatch, demo_db, enterprises, tile_url
):
    import copy

    import streamlit_folium

    from geo import browser_geojson
    from utils import maps, metrics, store
    from utils.screens import map_screen
    from utils.ui.map_component import component_args

    engine = store.get_engine(demo_db.url)
    values = metrics.region_values(engine, "appeals", *PERIOD.values())
    points = metrics.enterprise_points(engine, *PERIOD.values())
    engine.dispose()
    built = map_screen.home_map(values, browser_geojson(), lang="ru", indicator_title="x",
                     unit="appeals", period=tuple(PERIOD.values()),
                     points=points if enterprises else None, risk={}, tile_url=tile_url)
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(
        copy.deepcopy(built.map), key="map_regions", height=560, use_container_width=True,
        returned_objects=maps.RETURNED_OBJECTS,
    )
    sent.pop("on_change")
    ours = component_args(
        built.map, key="map_regions", height=560, returned_objects=maps.RETURNED_OBJECTS
    )
    assert ours.keys() == sent.keys()
    for name in ours:
        assert ours[name] == sent[name], name


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(strategies.text(alphabet=" \t\n\rab{", max_size=60))
def test_the_map_script_is_dedented_exactly_as_st_folium_does(text):
    import textwrap

    from utils.ui.map_component import _dedent

    assert _dedent(text) == textwrap.dedent(text)
    indented = "\n".join("    " + line for line in text.split("\n"))
    assert _dedent(indented) == textwrap.dedent(indented)


def _verdicts(db, as_of: str):
    engine = store.get_engine(db.url)
    try:
        return early_warning.hotspots_report(engine, as_of).regions
    finally:
        engine.dispose()


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_home_names_the_rising_regions_of_the_hotspots_verdict_first(open_app, demo_db, lang):
    at = open_app(demo_db.url, {**PERIOD, "lang": lang})
    no_exception(at)
    regions = _verdicts(demo_db, PERIOD["end"])
    rising = [r for r in regions if r.rising]
    assert rising, "the demo data has regions where tension is rising"
    assert at.subheader[0].value == i18n.t(
        "map.rising_heading", lang, month=formatting.format_month(PERIOD["end"], lang, "long"))
    lines = [m.value for m in at.markdown if " · :" in m.value]
    assert len(lines) == min(3, len(rising))
    for line, region in zip(lines, rising, strict=False):
        name = escape_markdown(i18n.region_label(region.code, lang))
        verdict = i18n.level_label(region.level, lang)
        assert line.startswith(f"**{name}** · :")
        assert escape_markdown(verdict) in line
        first = formatting.render_message(region.verdict_messages[0], lang)
        assert escape_markdown(first[:1].lower() + first[1:]) in line
    quiet = {i18n.region_label(r.code, lang) for r in regions if not r.rising}
    assert not any(f"**{escape_markdown(name)}**" in line for line in lines for name in quiet)


def test_key_figures_say_what_they_compare_with_and_colour_good_news(open_app, demo_db):
    at = open_app(demo_db.url, PERIOD)
    cards = {m.label: m for m in at.metric}
    repaid = cards[i18n.kpi_label("arrears_repaid_kzt", "ru")]
    appeals = cards[i18n.kpi_label("appeals", "ru")]
    red, green = 0, 1  # MetricColor of Streamlit's Metric proto
    for card, good in ((repaid, True), (appeals, False)):
        up = card.proto.direction == 1
        assert card.proto.color == ((green if up else red) if good else (red if up else green))
    previous = formatting.format_period("2023-07", "2024-06", "ru")
    assert any(c.value == i18n.t("kpi.compared_with", "ru", period=previous)
               for c in at.caption)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_map_names_the_rising_regions_and_the_three_cities(open_app, demo_db, lang):
    at = open_app(demo_db.url, {**PERIOD, "lang": lang})
    no_exception(at)
    script = map_component(at)["script"]
    match = re.search(r"(\[\{\"lat\".*?\}\])\.forEach", script)
    assert match, "the map script writes no names"
    labels = {html.unescape(label["text"]): label["strong"]
              for label in json.loads(match.group(1))}
    rising = [r.code for r in _verdicts(demo_db, PERIOD["end"]) if r.rising]
    for code in rising:
        assert labels[i18n.region_label(code, lang)] is True, code
    for code in ("KZ-71", "KZ-75", "KZ-79"):
        assert i18n.region_label(code, lang) in labels, code
    quiet = {i18n.region_label(r.code, lang) for r in _verdicts(demo_db, PERIOD["end"])
             if not r.rising and r.code not in ("KZ-71", "KZ-75", "KZ-79")}
    assert not quiet & set(labels)


def test_a_name_on_the_map_is_escaped_inside_its_script():
    import folium

    from utils import maps

    m = folium.Map()
    maps.add_labels(m, {"KZ-11": "</script><b>x</b>"}, {"KZ-11": (51.0, 71.0)})
    page = m.get_root().render()
    assert "</script><b>" not in page
    # escaped as HTML text, then as script data: the browser shows the characters
    assert "\\u0026lt;/script\\u0026gt;\\u0026lt;b\\u0026gt;x" in page


def test_the_home_map_opens_on_the_verdicts_with_their_legend(open_app, demo_db):
    at = open_app(demo_db.url, PERIOD)
    no_exception(at)
    assert at.button_group(key="map_mode").value == "verdict"
    verdicts = _verdicts(demo_db, PERIOD["end"])
    assert map_title(at) == map_screen.verdict_title(PERIOD["end"], "ru")
    tooltips = map_tooltips(at)
    for region in verdicts:
        assert i18n.level_label(region.level, "ru") in tooltips[region.code], region.code
    legend = " ".join(h.value for h in at.get("html") if "ltm-legend" in h.value)
    counts = {}
    for region in verdicts:
        counts[region.level] = counts.get(region.level, 0) + 1
    for level, count in counts.items():
        assert html.escape(i18n.level_label(level, "ru")) in legend
        assert f"({count})" in legend
