"""The trends page under AppTest: the figures above the chart against the stored rows."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

from tests.app_pages import (  # noqa: F401
    demo_db,
    empty_db,
    no_exception,
    open_app,
    plain,
    population,
    stored_value,
)
from utils import formatting, i18n

PAGE = "pages/trends.py"
PERIOD = {"start": "2024-07", "end": "2025-06"}
REGION = "KZ-75"
IN_MONTH = "SELECT {what} FROM appeals WHERE strftime('%Y-%m', date) = ?"


def _card(at, key: str, lang: str = "ru", **params: str) -> str:
    label = i18n.t(key, lang, **params)
    values = [m.value for m in at.metric if m.label == label]
    assert len(values) == 1, f"no single card {label!r}: {[m.label for m in at.metric]}"
    return plain(values[0])


def _last_month(at) -> str:
    return _card(at, "trends.last_month", month=formatting.format_month("2025-06", "ru"))


def _number(value: float, decimals: int = 0) -> str:
    return plain(formatting.format_number(value, "ru", decimals=decimals))


def _appeals(db, month: str, what: str = "count(*)", region: str | None = None) -> float:
    sql = IN_MONTH.format(what=what)
    if region is None:
        return stored_value(db, sql, month)
    return stored_value(db, sql + " AND region = ?", month, region)


def test_trends_show_the_last_month_its_mean_and_a_year_earlier(open_app, demo_db):
    at = open_app(demo_db.url, PERIOD, page=PAGE)
    no_exception(at)
    last = _appeals(demo_db, "2025-06")
    mean = sum(_appeals(demo_db, m) for m in ("2025-04", "2025-05", "2025-06")) / 3
    before = _appeals(demo_db, "2024-06")
    assert _last_month(at) == _number(last)
    assert _card(at, "trends.rolling_mean") == _number(mean)
    assert _card(at, "trends.year_earlier") == _number(before)
    assert len(at.get("vega_lite_chart")) == 3  # series, category mix, small multiples


def test_the_region_picker_follows_the_url_and_writes_it(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "region": REGION}, page=PAGE)
    no_exception(at)
    assert at.selectbox(key="trends_region").value == REGION
    assert _last_month(at) == _number(_appeals(demo_db, "2025-06", region=REGION))
    at.selectbox(key="trends_region").set_value("KZ-71").run()
    no_exception(at)
    assert at.query_params["region"] == "KZ-71"
    assert _last_month(at) == _number(_appeals(demo_db, "2025-06", region="KZ-71"))


def test_changing_the_indicator_and_the_normalisation_changes_the_figures(open_app, demo_db):
    # AppTest runs a page reached by switch_page without the frame (no sidebar), so the
    # sidebar's choices arrive as the sidebar itself writes them: in the URL.
    at = open_app(demo_db.url, PERIOD, page=PAGE)
    at.query_params["indicator"] = "people"
    at.run()
    no_exception(at)
    people = _appeals(demo_db, "2025-06", what="sum(people)")
    assert people != _appeals(demo_db, "2025-06")
    assert _last_month(at) == _number(people)
    at.query_params["normalisation"] = "per_100k"
    at.run()
    no_exception(at)
    assert _last_month(at) == _number(people / population() * 100_000, decimals=1)


def test_changing_the_period_moves_the_last_month(open_app, demo_db):
    at = open_app(demo_db.url, {"start": "2024-01", "end": "2024-12"}, page=PAGE)
    no_exception(at)
    label = i18n.t("trends.last_month", "ru", month=formatting.format_month("2024-12", "ru"))
    assert [plain(m.value) for m in at.metric if m.label == label] == [
        _number(_appeals(demo_db, "2024-12"))
    ]


def test_official_statistics_are_drawn_as_published_with_their_source(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "indicator": "stat:workers_owed"}, page=PAGE)
    no_exception(at)
    total = stored_value(
        demo_db,
        "SELECT sum(value) FROM region_stats WHERE indicator = 'workers_owed' "
        "AND period_end = (SELECT max(period_end) FROM region_stats "
        "WHERE indicator = 'workers_owed' AND period_end <= '2025-06-30')",
    )
    values = [plain(m.value) for m in at.metric]
    assert _number(total) in values
    assert i18n.t("map.granularity_quarter", "ru") in " ".join(c.value for c in at.caption)
    # the cards name the published quarter, not a month
    labels = [m.label for m in at.metric]
    assert i18n.t("stats.last_period", "ru", period="II квартал 2025") in labels
    assert i18n.t("stats.year_earlier", "ru") in labels


def test_empty_database_says_so(open_app, empty_db):
    at = open_app(empty_db.url, page=PAGE)
    no_exception(at)
    assert i18n.t("empty.database", "ru") in [i.value for i in at.info]


def test_a_period_without_data_says_so(open_app, demo_db):
    at = open_app(demo_db.url, {"start": "2010-01", "end": "2010-12"}, page=PAGE)
    no_exception(at)
    period = formatting.format_period("2010-01", "2010-12", "ru")
    assert i18n.t("empty.period", "ru", period=period) in [i.value for i in at.info]


def test_a_filter_that_matches_nothing_says_so(open_app, demo_db):
    import sqlite3

    with sqlite3.connect(demo_db.path) as connection:
        present = {s for (s,) in connection.execute("SELECT DISTINCT industry FROM arrears")}
    absent = sorted(set("ABCDEFGHIJKLMNOPQRSTU") - present)
    assert absent
    at = open_app(
        demo_db.url,
        {**PERIOD, "indicator": "workers_owed", "industries": absent[0]},
        page=PAGE,
    )
    no_exception(at)
    assert i18n.t("empty.filter", "ru") in [i.value for i in at.info]
