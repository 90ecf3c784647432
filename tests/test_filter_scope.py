"""Which filter narrows which indicator: the core's table against what the queries really do.

Every indicator is computed on the demo data with and without each filter; its value must
shrink exactly where :func:`utils.metrics.filter_applies` says the filter applies, and stay
the same everywhere else. The words of the chips and of the notes come from the same table.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import sqlite3

import pytest

from tests.app_pages import DEMO_END, DEMO_START, demo_db  # noqa: F401
from utils import i18n, metrics, store
from utils.screens import ViewState, filters_screen

#: The column each filter reads, in the table of the extract that has it.
FILTER_COLUMNS = {"categories": ("appeals", "category"), "industries": ("arrears", "industry")}


def _common_value(db, filter_key: str) -> str:
    """Return the value of the filter's column held by most rows (but not by all)."""
    table, column = FILTER_COLUMNS[filter_key]
    with sqlite3.connect(db.path) as connection:
        rows = connection.execute(
            f"SELECT {column}, count(*) FROM {table} WHERE {column} IS NOT NULL "
            f"GROUP BY {column} ORDER BY 2 DESC"
        ).fetchall()
    assert len(rows) > 1, f"the demo's {table} have one {column} only"
    return rows[0][0]


@pytest.fixture(scope="module")
def engine(demo_db):
    engine = store.get_engine(demo_db.url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("filter_key", metrics.FILTER_KEYS)
def test_a_filter_narrows_exactly_the_indicators_the_table_names(demo_db, engine, filter_key):
    value = _common_value(demo_db, filter_key)
    whole = metrics.period_totals(engine, DEMO_START, DEMO_END)
    narrowed = metrics.period_totals(engine, DEMO_START, DEMO_END, {filter_key: [value]})
    applies = {key: metrics.filter_applies(key, filter_key) for key in metrics.INDICATORS}
    assert any(applies.values()) and not all(applies.values())
    for key, filtered in applies.items():
        before, after = whole.current[key].sum(), narrowed.current[key].sum()
        assert before > 0, key
        if filtered:
            assert after < before, f"{filter_key}={value} leaves {key} unchanged"
        else:
            assert after == before, f"{filter_key}={value} changes {key}"


@pytest.mark.parametrize("filter_key", metrics.FILTER_KEYS)
def test_the_monthly_series_follow_the_same_table(demo_db, engine, filter_key):
    value = _common_value(demo_db, filter_key)
    for key in metrics.INDICATORS:
        whole = metrics.monthly_series(engine, key, DEMO_START, DEMO_END)["value"].sum()
        narrowed = metrics.monthly_series(engine, key, DEMO_START, DEMO_END,
                                          filters={filter_key: [value]})["value"].sum()
        assert (narrowed < whole) == metrics.filter_applies(key, filter_key), key
        assert narrowed <= whole


def test_no_filter_narrows_an_official_statistic(demo_db, engine):
    official = metrics.official_indicators(engine)
    assert not official.empty
    key = metrics.OFFICIAL_PREFIX + official["indicator"].iloc[0]
    whole = metrics.region_values(engine, key, DEMO_START, DEMO_END)["value"]
    for filter_key in metrics.FILTER_KEYS:
        chosen = {filter_key: [_common_value(demo_db, filter_key)]}
        narrowed = metrics.region_values(engine, key, DEMO_START, DEMO_END, filters=chosen)
        assert narrowed["value"].equals(whole)
        assert not metrics.filter_applies(key, filter_key)


def test_ignored_filters_names_only_the_active_ones():
    both = {"categories": ["wage_arrears"], "industries": ["B"]}
    assert metrics.ignored_filters("appeals", both) == ("industries",)
    assert metrics.ignored_filters("workers_owed", both) == ("categories",)
    assert metrics.ignored_filters("layoffs", both) == ("categories", "industries")
    assert metrics.ignored_filters("layoffs", {"industries": []}) == ()
    assert metrics.ignored_filters("layoffs", None) == ()
    with pytest.raises(KeyError, match="regions"):
        metrics.filter_applies("appeals", "regions")


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_indicator_a_filter_skips_has_its_reason_in_words(lang):
    both = {"categories": ["wage_arrears"], "industries": ["B"]}
    for key in [*metrics.INDICATORS, metrics.OFFICIAL_PREFIX + "average_wage"]:
        notes = filters_screen.ignored_notes(key, both, lang)
        assert len(notes) == len(metrics.ignored_filters(key, both)), key
        caption = filters_screen.ignored_caption(key, both, lang)
        assert (caption is None) == (not notes)
    assert filters_screen.ignored_notes("appeals", {"industries": ["B"]}, "ru") == [
        "Фильтр по отрасли не применяется к обращениям: в данных обращений нет отрасли."
    ]
    assert not filters_screen.ignored_notes("arrears_outstanding_kzt", {"industries": ["B"]}, "ru")


def test_chips_name_each_filter_and_value_in_the_readers_language():
    view = ViewState(lang="kk", categories=("wage_arrears",), industries=("B", "C"))
    chips = filters_screen.filter_chips(view.filters(), "kk")
    assert [(chip.key, chip.value) for chip in chips] == [
        ("categories", "wage_arrears"), ("industries", "B"), ("industries", "C")]
    assert chips[0].text == f"Санат: {i18n.category_label('wage_arrears', 'kk')}"
    assert chips[1].text == f"Сала: {i18n.oked_label('B', 'kk', with_letter=True)}"
    assert filters_screen.filters_in_words(view.filters(), "kk") == "; ".join(
        chip.text for chip in chips)
    assert filters_screen.filters_in_words({}, "kk") is None


def test_a_value_without_a_label_is_shown_as_chosen():
    chips = filters_screen.filter_chips({"industries": ["<b>Z9</b>"]}, "ru")
    assert chips[0].label == "<b>Z9</b>"


def test_removing_a_chip_keeps_the_rest_of_the_view():
    view = ViewState(indicator="layoffs", categories=("dismissal",), industries=("B", "C"),
                     region="KZ-75", step=2)
    chip = filters_screen.filter_chips(view.filters(), "ru")[1]
    assert filters_screen.without_chip(view, chip) == view.with_changes(industries=("C",),
                                                                        step=0)
    cleared = filters_screen.without_filters(view)
    assert cleared.filters() == {}
    assert cleared.to_query() == {"indicator": "layoffs", "region": "KZ-75"}
