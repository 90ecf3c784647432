"""The region drill-down through Streamlit's AppTest, checked against the stored rows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

import geo
from tests.app_pages import fresh_caches, open_page, query, run  # noqa: F401
from utils import demo, formatting, i18n, store
from utils.months import previous_period
from utils.screens import column_label, region_screen
from utils.ui.components import escape_markdown as plain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
LANG = "ru"
START, END = "2025-11", "2026-10"
EARLIER = ("2024-05", "2024-07")


# --- databases -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small synthetic data set in its own SQLite file (the shared demo file is left alone)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('region_demo') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    demo.load_demo(engine, scale=0.05, end_month="2026-10")
    engine.dispose()
    return url


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    engine.dispose()
    return url


@pytest.fixture
def lone_region_url(tmp_path: Path) -> str:
    """Appeals in Abai region (KZ-10) that name no enterprise: a region without enterprises."""
    url = f"sqlite:///{tmp_path / 'lone.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    days = [dt.date(2026, 3, 4), dt.date(2026, 3, 18), dt.date(2026, 4, 2)]
    appeals = pd.DataFrame(
        {
            "date": pd.to_datetime(days),
            "region": "KZ-10",
            "category": ["wage_arrears", "dismissal", "wage_arrears"],
            "appeal_id": ["a-1", "a-2", "a-3"],
            "district": None,
            "settlement": None,
            "enterprise_bin": None,
            "enterprise_name": None,
            "people": [1, 4, 2],
            "status": None,
            "closed_date": pd.NaT,
            "violation_confirmed": None,
        }
    )
    store.load_batch(engine, "appeals", appeals, file_name="appeals.csv", sha256="0" * 64,
                     user="test", rows_read=len(appeals))
    engine.dispose()
    return url


# --- driving the app -------------------------------------------------------------------------


def open_region(monkeypatch: pytest.MonkeyPatch, url: str, **params: str) -> AppTest:
    """Start the app on ``url`` and open the region page with ``params`` in the URL."""
    return open_page(monkeypatch, url, "pages/region.py", timeout=120, **params)


def infos(at: AppTest) -> list[str]:
    return [str(element.value) for element in at.info]


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert len(found) == 1, [m.label for m in at.metric]
    return found[0]


def shown_table(at: AppTest, key: str) -> pd.DataFrame:
    """Return the table the page draws under ``key``."""
    found = [d.value for d in at.dataframe if d.key == key]
    assert len(found) == 1, [d.key for d in at.dataframe]
    return found[0]


def table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """Return the one table on the page whose headers hold those of ``columns``."""
    names = [column_label(c, LANG) for c in columns]
    found = [d.value for d in at.dataframe if all(n in d.value.columns for n in names)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def busiest_region(url: str, start: str, end: str) -> str:
    rows = query(
        url,
        "SELECT region FROM appeals WHERE month BETWEEN :s AND :e AND enterprise_bin IS NOT NULL "
        "GROUP BY region ORDER BY COUNT(*) DESC, region LIMIT 1",
        s=start, e=end,
    )
    return rows[0][0]


# --- the page on the demo data ---------------------------------------------------------------


def test_region_profile_numbers_equal_the_stored_rows(monkeypatch, demo_url):
    """The appeals and people of the region in the period are the counts of its rows."""
    code = busiest_region(demo_url, START, END)
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    (appeals, people), = query(
        demo_url,
        "SELECT COUNT(*), SUM(people) FROM appeals WHERE region = :r AND month BETWEEN :s AND :e",
        r=code, s=START, e=END,
    )
    name = i18n.region_label(code, LANG)
    assert at.title[0].value == f"{name} · {formatting.format_period(START, END, LANG)}"
    reference = geo.load_regions().set_index("code").loc[code]
    facts = "\n".join(str(m.value) for m in at.markdown)
    assert plain(formatting.format_number(reference["population"], LANG)) in facts
    assert plain(formatting.format_number(reference["employed"], LANG)) in facts
    assert metric(at, i18n.kpi_label("appeals", LANG)) == formatting.format_number(appeals, LANG)
    assert metric(at, i18n.kpi_label("people", LANG)) == formatting.format_number(people, LANG)
    table = table_with(at, "indicator", "rank").set_index(column_label("indicator", LANG))
    value = column_label("value", LANG)
    assert table.at[i18n.indicator_label("appeals", LANG), value] == appeals
    assert table.at[i18n.indicator_label("people", LANG), value] == people


def test_category_filter_narrows_the_regions_appeals(monkeypatch, demo_url):
    code = busiest_region(demo_url, START, END)
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END,
                     categories="dismissal,safety")
    (appeals, people), = query(
        demo_url,
        "SELECT COUNT(*), SUM(people) FROM appeals WHERE region = :r AND month BETWEEN :s AND :e"
        " AND category IN ('dismissal', 'safety')",
        r=code, s=START, e=END,
    )
    assert metric(at, i18n.kpi_label("appeals", LANG)) == formatting.format_number(appeals, LANG)
    assert metric(at, i18n.kpi_label("people", LANG)) == formatting.format_number(people, LANG)


def test_region_rank_is_its_place_among_the_twenty(monkeypatch, demo_url):
    code = busiest_region(demo_url, START, END)
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    counts = dict(query(
        demo_url,
        "SELECT region, COUNT(*) FROM appeals WHERE month BETWEEN :s AND :e GROUP BY region",
        s=START, e=END,
    ))
    rank = 1 + sum(1 for other in counts.values() if other > counts[code])
    table = table_with(at, "indicator", "rank").set_index(column_label("indicator", LANG))
    assert table.at[i18n.indicator_label("appeals", LANG), column_label("rank", LANG)] == rank
    assert i18n.t("common.rank", LANG, rank=rank, total=20) in [c.value for c in at.caption]


def test_another_period_shows_that_periods_numbers(monkeypatch, demo_url):
    code = busiest_region(demo_url, START, END)
    start, end = EARLIER
    at = open_region(monkeypatch, demo_url, region=code, start=start, end=end)
    (appeals,), = query(
        demo_url,
        "SELECT COUNT(*) FROM appeals WHERE region = :r AND month BETWEEN :s AND :e",
        r=code, s=start, e=end,
    )
    (later,), = query(
        demo_url,
        "SELECT COUNT(*) FROM appeals WHERE region = :r AND month BETWEEN :s AND :e",
        r=code, s=START, e=END,
    )
    assert appeals != later
    assert metric(at, i18n.kpi_label("appeals", LANG)) == formatting.format_number(appeals, LANG)


INDICATOR_SQL = {
    "appeals": "SELECT month, COUNT(*) FROM appeals WHERE region = :r GROUP BY month",
    "people": "SELECT month, SUM(people) FROM appeals WHERE region = :r GROUP BY month",
    "layoffs": "SELECT month, SUM(workers) FROM layoffs WHERE region = :r GROUP BY month",
}


def chart_data(at: AppTest, index: int = 0) -> pd.DataFrame:
    """Return the rows behind the ``index``-th Vega-Lite chart of the page."""
    charts = [e for e in at.main if e.type == "vega_lite_chart"]
    return convert_arrow_bytes_to_pandas_df(charts[index].proto.datasets[0].data.data)


@pytest.mark.parametrize("indicator", sorted(INDICATOR_SQL))
def test_trend_follows_the_chosen_indicator(monkeypatch, demo_url, indicator):
    """Each month of the trend, its 3-month mean and the year-earlier line are the stored sums."""
    code = busiest_region(demo_url, START, END)
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END,
                     indicator=indicator)
    stored = dict(query(demo_url, INDICATOR_SQL[indicator], r=code))
    months = [str(p) for p in pd.period_range("2024-09", END, freq="M")]
    series = pd.Series([float(stored.get(m, 0)) for m in months], index=months)
    data = chart_data(at).pivot_table(index="month", columns="kind", values="amount")
    assert list(data.index) == months[months.index(START):]
    assert data["value"].to_dict() == series[START:].to_dict()
    assert data.at[END, "rolling"] == pytest.approx(series.iloc[-3:].mean())
    assert data.at[END, "year_earlier"] == series[str(pd.Period(END, "M") - 12)]


def test_top_enterprises_by_appeals_lead_with_the_most_named(monkeypatch, demo_url):
    code = busiest_region(demo_url, START, END)
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    counts = query(
        demo_url,
        "SELECT enterprise_bin, COUNT(*) FROM appeals WHERE region = :r AND month BETWEEN :s AND :e"
        " AND enterprise_bin IS NOT NULL GROUP BY enterprise_bin ORDER BY 2 DESC",
        r=code, s=START, e=END,
    )
    table = shown_table(at, "region_top_appeals")
    first = table.iloc[0]
    assert first[column_label("appeals", LANG)] == counts[0][1]
    assert dict(counts)[first[column_label("bin", LANG)]] == counts[0][1]


def test_top_enterprises_by_arrears_hold_the_last_reported_month(monkeypatch, demo_url):
    (month,), = query(demo_url, "SELECT MAX(month) FROM arrears WHERE month BETWEEN :s AND :e",
                      s=START, e=END)
    (code,), = query(
        demo_url,
        "SELECT region FROM arrears WHERE month = :m GROUP BY region ORDER BY SUM(amount_kzt) DESC "
        "LIMIT 1",
        m=month,
    )
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    rows = query(
        demo_url,
        "SELECT enterprise_bin, SUM(amount_kzt), SUM(workers) FROM arrears "
        "WHERE region = :r AND month = :m GROUP BY enterprise_bin ORDER BY 2 DESC",
        r=code, m=month,
    )
    owed = sum(amount for _, amount, _ in rows)
    label = i18n.kpi_label("arrears_outstanding_kzt", LANG)
    assert metric(at, label) == formatting.format_money_short(owed, LANG)
    as_of = i18n.t("region.as_of", LANG, month=formatting.format_month(month, LANG))
    assert any(c.value.endswith(as_of) for c in at.caption)
    table = shown_table(at, "region_top_arrears")
    top = table[table[column_label("arrears_outstanding_kzt", LANG)].notna()].iloc[0]
    assert top[column_label("bin", LANG)] == rows[0][0]
    assert top[column_label("arrears_outstanding_kzt", LANG)] == pytest.approx(rows[0][1])
    assert top[column_label("workers_owed", LANG)] == rows[0][2]


def test_incidents_list_holds_the_regions_conflicts_of_the_period(monkeypatch, demo_url):
    (code, count), = query(
        demo_url,
        "SELECT region, COUNT(*) FROM incidents WHERE month BETWEEN :s AND :e GROUP BY region "
        "ORDER BY 2 DESC, region LIMIT 1",
        s=START, e=END,
    )
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    table = table_with(at, "date", "type", "participants")
    assert len(table) == count
    stored = query(
        demo_url,
        "SELECT type FROM incidents WHERE region = :r AND month BETWEEN :s AND :e",
        r=code, s=START, e=END,
    )
    labels = sorted(i18n.incident_type_label(kind, LANG) for (kind,) in stored)
    assert sorted(table[column_label("type", LANG)]) == labels


def test_every_table_offers_csv_and_excel(monkeypatch, demo_url):
    code = busiest_region(demo_url, START, END)
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    labels = [b.proto.label for b in at.get("download_button")]
    tables = len(at.dataframe)
    assert tables >= 3
    assert labels.count(i18n.t("common.download_csv", LANG)) == tables
    assert labels.count(i18n.t("common.download_xlsx", LANG)) == tables


def test_the_region_map_zooms_on_the_region_with_its_enterprises(monkeypatch, demo_url):
    """The map keeps all 20 units, outlines the region, fits its bounds, shows its debtors."""
    (month,), = query(demo_url, "SELECT MAX(month) FROM arrears WHERE month BETWEEN :s AND :e",
                      s=START, e=END)
    (code,), = query(
        demo_url,
        "SELECT region FROM arrears WHERE month = :m GROUP BY region ORDER BY COUNT(*) DESC "
        "LIMIT 1",
        m=month,
    )
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    components = [e for e in at.main if e.type == "component_instance"]
    assert len(components) == 2  # the district map, then the country map zoomed on the region
    args = json.loads(components[-1].proto.json_args)
    script = args["script"]
    assert all(f'"{other}"' in script for other in i18n.region_labels(LANG))
    assert f'if (code === "{code}")' in script
    (south, west), (north, east) = region_screen.region_bounds(geo.browser_geojson(), code)
    assert f"[[{south}, {west}], [{north}, {east}]]" in script
    debtors = query(
        demo_url,
        "SELECT DISTINCT enterprise_bin FROM arrears WHERE region = :r AND month = :m",
        r=code, m=month,
    )
    assert debtors and all(f'"{bin_}"' in script for (bin_,) in debtors)
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])


# --- URL state -------------------------------------------------------------------------------


def test_region_in_the_url_selects_that_region(monkeypatch, demo_url):
    at = open_region(monkeypatch, demo_url, region="KZ-11", start=START, end=END)
    picker = [s for s in at.selectbox if s.key and s.key.startswith("region_pick_")]
    assert picker[0].value == "KZ-11"
    assert at.title[0].value.startswith(i18n.region_label("KZ-11", LANG))
    assert at.query_params["region"] == "KZ-11"


def test_choosing_a_region_puts_it_in_the_url(monkeypatch, demo_url):
    at = open_region(monkeypatch, demo_url, start=START, end=END)
    assert i18n.t("region.choose_hint", LANG) in infos(at)
    picker = [s for s in at.selectbox if s.key and s.key.startswith("region_pick_")][0]
    picker.select("KZ-47")
    run(at)
    assert at.query_params["region"] == "KZ-47"
    assert at.query_params["start"] == START
    assert at.title[0].value.startswith(i18n.region_label("KZ-47", LANG))


def test_opening_an_enterprise_goes_to_its_page_with_the_view(monkeypatch, demo_url):
    code = busiest_region(demo_url, START, END)
    at = open_region(monkeypatch, demo_url, region=code, start=START, end=END)
    table = shown_table(at, "region_top_appeals")
    bin_ = table.iloc[0][column_label("bin", LANG)]
    at.selectbox(key="region_open_enterprise").select(bin_)
    run(at)
    assert at.query_params["enterprise"] == bin_
    assert at.query_params["region"] == code
    assert at.query_params["start"] == START
    (name,), = query(demo_url, "SELECT name FROM enterprises WHERE bin = :b", b=bin_)
    assert at.header[0].value.replace("\\", "") == name


def test_back_link_returns_to_the_map_with_the_same_period(monkeypatch, demo_url):
    at = open_region(monkeypatch, demo_url, region="KZ-11", start=START, end=END)
    link = at.get("page_link")[0].proto
    assert link.label == i18n.t("region.back_to_map", LANG)
    assert "region" not in link.query_string
    assert f"start={START}" in link.query_string


# --- empty and odd states --------------------------------------------------------------------


def test_empty_database_says_so(monkeypatch, empty_url):
    at = open_region(monkeypatch, empty_url, region="KZ-11")
    assert infos(at) == [i18n.t("empty.database", LANG)]


def test_period_without_data_says_so(monkeypatch, demo_url):
    at = open_region(monkeypatch, demo_url, region="KZ-11", start="2019-01", end="2019-06")
    period = formatting.format_period("2019-01", "2019-06", LANG)
    assert i18n.t("empty.period", LANG, period=period) in infos(at)
    assert not at.dataframe


def test_region_without_enterprises_says_so(monkeypatch, lone_region_url):
    at = open_region(monkeypatch, lone_region_url, region="KZ-10", start="2026-03", end="2026-04")
    name = i18n.region_label("KZ-10", LANG)
    assert i18n.t("empty.region_no_enterprises", LANG, region=name) in infos(at)
    assert metric(at, i18n.kpi_label("appeals", LANG)) == formatting.format_number(3, LANG)
    assert metric(at, i18n.kpi_label("people", LANG)) == formatting.format_number(7, LANG)
    assert i18n.t("empty.no_incidents", LANG) in infos(at)


def test_missing_figures_show_as_a_dash_not_none(monkeypatch, lone_region_url):
    """A region without arrears has empty cells in its indicator table, drawn as «—»."""
    at = open_region(monkeypatch, lone_region_url, region="KZ-10", start="2026-03", end="2026-04")
    indicators = at.dataframe[0]
    assert indicators.value.isna().any().any()
    assert indicators.proto.placeholder == formatting.MISSING


def test_unknown_region_code_falls_back_to_the_picker(monkeypatch, demo_url):
    at = open_region(monkeypatch, demo_url, region="KZ-99", start=START, end=END)
    assert i18n.t("region.choose_hint", LANG) in infos(at)


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_region_page_speaks_the_chosen_language(monkeypatch, demo_url, lang):
    at = open_region(monkeypatch, demo_url, region="KZ-11", start=START, end=END, lang=lang)
    assert at.title[0].value.startswith(i18n.region_label("KZ-11", lang))
    assert i18n.kpi_label("appeals", lang) in [m.label for m in at.metric]


# --- the table shaping the page uses ---------------------------------------------------------


def test_top_table_turns_codes_into_words():
    frame = pd.DataFrame(
        {
            "bin": ["123456789012"], "name": ["=cmd"], "region": ["KZ-11"], "industry": ["C"],
            "arrears_outstanding_kzt": [1.5e6], "workers_owed": [12.0], "appeals": [3],
            "collective_appeals": [1], "people": [9],
        }
    )
    table = region_screen.top_table(frame, "arrears", "en")
    # the figure it is ranked by comes right after the name, visible in a half-width table;
    # an amount's header names its unit
    assert list(table.columns)[:3] == ["Enterprise", "Wage arrears outstanding, ₸",
                                        "Workers owed wages"]
    appeals = region_screen.top_table(frame, "appeals", "en")
    assert list(appeals.columns)[:2] == ["Enterprise", "Appeals"]
    assert table.iloc[0]["Industry"] == "C — " + i18n.oked_label("C", "en")
    assert table.iloc[0]["Enterprise"] == "=cmd"  # exports neutralise it, the screen shows it


def test_region_cards_colour_good_news_and_say_what_they_compare_with(monkeypatch, demo_url):
    at = open_region(monkeypatch, demo_url, region="KZ-35", start=START, end=END)
    red, green = 0, 1  # MetricColor of Streamlit's Metric proto
    for metric in at.metric:
        if metric.proto.direction == 2:  # no change shown
            continue
        up = metric.proto.direction == 1
        good = metric.label == i18n.kpi_label("arrears_repaid_kzt", LANG)
        expected = (green if up else red) if good else (red if up else green)
        assert metric.proto.color == expected, metric.label
    previous = formatting.format_period(*previous_period(START, END), LANG)
    assert any(c.value == i18n.t("kpi.compared_with", LANG, period=previous)
               for c in at.caption)


def test_the_region_page_gives_the_same_verdict_as_the_hotspots_page(monkeypatch, demo_url):
    from utils import early_warning
    from utils.screens import hotspots_screen

    engine = store.get_engine(demo_url)
    try:
        report = early_warning.hotspots_report(engine, END)
    finally:
        engine.dispose()
    entry = next(r for r in report.regions if r.rising)
    at = open_region(monkeypatch, demo_url, region=entry.code, start=START, end=END)
    month = formatting.format_month(END, LANG, "long")
    expected = (f"**{i18n.t('region.verdict', LANG, month=month)}** "
                f"{plain(hotspots_screen.verdict_line(entry, LANG))}")
    assert expected in [m.value for m in at.markdown]


def _official_values(url: str) -> None:
    """Unemployed in Abai region, published for the year 2026 and for its first quarters."""
    periods = {"2026": ("year", "2026-01-01", "2026-12-31", 4900),
               "2026-Q1": ("quarter", "2026-01-01", "2026-03-31", 5300),
               "2026-Q2": ("quarter", "2026-04-01", "2026-06-30", 5100)}
    frame = pd.DataFrame({
        "period": list(periods), "granularity": [p[0] for p in periods.values()],
        "period_start": pd.to_datetime([p[1] for p in periods.values()]),
        "period_end": pd.to_datetime([p[2] for p in periods.values()]),
        "region": "KZ-10", "indicator": "Численность безработных",
        "value": [p[3] for p in periods.values()], "unit": "persons", "source": "БНС",
    })
    engine = store.get_engine(url)
    store.load_batch(engine, "region_stats", frame, file_name="stats.csv", sha256="1" * 64,
                     user="test", rows_read=len(frame))
    engine.dispose()


@pytest.mark.parametrize(
    ("start", "end", "granularity", "value", "shown"),
    [("2026-01", "2026-12", "year", 4900, "2026 год"),
     ("2026-01", "2026-03", "quarter", 5300, "I квартал 2026")],
)
def test_official_statistics_use_and_name_the_granularity_of_the_period(
    monkeypatch, lone_region_url, start, end, granularity, value, shown
):
    """A year shows the annual figure, a quarter the quarterly one; the captions say which."""
    _official_values(lone_region_url)
    at = open_region(monkeypatch, lone_region_url, region="KZ-10", start=start, end=end,
                     indicator="stat:Численность безработных")
    assert not at.exception
    captions = [c.value for c in at.caption]
    official = [c for c in captions if "БНС" in c]
    assert len(official) == 2  # under the trend and under the map
    # the trend is drawn in the finest published granularity, the map in the period's own
    assert i18n.t("map.granularity_quarter", LANG) in official[0]
    assert i18n.t(f"map.granularity_{granularity}", LANG) in official[1]
    other = "quarter" if granularity == "year" else "year"
    assert i18n.t(f"map.granularity_{other}", LANG) not in official[1]
    assert plain(i18n.t("stats.shown_period", LANG, period=shown)) in official[1]
    (map_component,) = [e for e in at.main if e.type == "component_instance"]
    script = json.loads(map_component.proto.json_args)["script"]
    shown = [formatting.format_number(v, LANG) for v in (4900, 5300, 5100)]
    assert [v for v in shown if v in script] == [formatting.format_number(value, LANG)]
