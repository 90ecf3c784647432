"""The shaping behind the trends screen: rates, context months, the figures above the chart."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geo import load_regions
from utils.screens import map_screen, trends_screen


@pytest.fixture(scope="module")
def denominators() -> pd.DataFrame:
    return load_regions().set_index("code")[["population", "employed"]].astype(float)


def _frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["month", "code", "value"])


def test_the_national_rate_divides_the_sum_by_the_sum_of_populations(denominators):
    frame = _frame([("2025-01", "KZ-75", 300.0), ("2025-01", "KZ-71", 100.0),
                    ("2025-02", "KZ-75", 50.0), ("2025-02", "KZ-71", 0.0)])
    rate = trends_screen.normalised_series(frame, "per_100k", denominators, national=True)
    people = denominators.loc[["KZ-75", "KZ-71"], "population"].sum()
    assert rate["value"].tolist() == pytest.approx([400 / people * 1e5, 50 / people * 1e5])
    assert rate["code"].isna().all()


def test_each_region_is_divided_by_its_own_employed(denominators):
    frame = _frame([("2025-01", "KZ-75", 300.0), ("2025-01", "KZ-71", 100.0)])
    rate = trends_screen.normalised_series(frame, "per_1k_employed", denominators)
    employed = denominators["employed"]
    assert rate["value"].tolist() == pytest.approx(
        [300 / employed["KZ-75"] * 1e3, 100 / employed["KZ-71"] * 1e3]
    )


def test_an_unknown_normalisation_lists_the_valid_ones(denominators):
    with pytest.raises(KeyError, match="Normalisation must be in the set: absolute, per_100k"):
        trends_screen.normalised_series(_frame([]), "per_capita", denominators)


def test_context_and_small_multiple_months():
    assert trends_screen.context_start("2025-03") == "2024-03"
    assert trends_screen.small_multiples_months("2025-05", "2025-06") == "2025-01"
    assert trends_screen.small_multiples_months("2024-01", "2025-06") == "2024-01"


def test_trend_numbers_read_the_last_month_its_mean_and_a_year_earlier():
    series = pd.DataFrame({"month": ["2025-05", "2025-06"], "value": [10.0, 15.0],
                           "rolling": [math.nan, 12.0], "year_earlier": [8.0, 12.0]})
    numbers = trends_screen.trend_numbers(series)
    assert numbers == {"month": "2025-06", "value": 15.0, "rolling": 12.0,
                       "year_earlier": 12.0, "yoy_pct": pytest.approx(25.0)}
    assert trends_screen.trend_numbers(series.iloc[:0]) is None


def test_official_points_keep_their_periods_and_find_the_year_before():
    frame = _frame([("2024-03", "KZ-75", 5.0), ("2024-06", "KZ-75", 6.0),
                    ("2025-03", "KZ-75", 7.0), ("2025-03", "KZ-71", 1.0)])
    points = trends_screen.official_points(frame, "2025-01")
    assert points["month"].tolist() == ["2025-03"]
    assert points["value"].tolist() == [8.0]
    assert points["year_earlier"].tolist() == [5.0]


def test_legend_units_and_regions_without_data_in_words():
    assert map_screen.legend_unit("KZT", "absolute", "ru") == "₸"
    assert map_screen.legend_unit("appeals", "absolute", "en") is None
    assert map_screen.legend_unit("appeals", "per_100k", "en") == "per 100,000 residents"
    # money per resident or per employed keeps its currency, in the reader's word order
    assert map_screen.legend_unit("KZT", "per_1k_employed", "ru") == "₸ на 1\xa0000 занятых"
    assert map_screen.legend_unit("KZT", "per_1k_employed", "en") == "₸ per 1,000 employed"
    assert map_screen.legend_unit("KZT", "per_100k", "kk") == "100\xa0000 тұрғынға шаққанда, ₸"
    assert map_screen.legend_unit("ha", "absolute", "en") == "ha"
    values = pd.DataFrame({"code": ["KZ-75", "KZ-71", "KZ-10"], "value": [1.0, math.nan, None]})
    assert map_screen.no_data_regions(values, "en") == ["Abai Region", "Astana"]


def test_the_series_chart_draws_a_year_earlier_and_a_full_rolling_mean_from_the_start():
    months = [str(p) for p in pd.period_range("2024-01", "2025-12", freq="M")]
    context = pd.DataFrame({"month": months, "value": [float(i) for i in range(24)]})
    found = {
        "official": False,
        "start": "2025-01",
        "context": context,
        "series": None,
        "mix": pd.DataFrame(columns=["month", "category", "value", "share"]),
        "regions": pd.DataFrame(columns=["month", "code", "value"]),
    }
    spec = trends_screen.chart_specs(found, lang="en", title="Appeals", value_title="Appeals")
    (rows,) = spec["series"]["datasets"].values()
    by_kind: dict[str, dict[str, float]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], {})[row["month"]] = row["amount"]
    assert sorted(by_kind["value"]) == months[12:]
    assert by_kind["year_earlier"]["2025-01"] == 0.0 and by_kind["year_earlier"]["2025-12"] == 11.0
    assert by_kind["rolling"]["2025-01"] == pytest.approx((10 + 11 + 12) / 3)
    assert spec["mix"] is None and spec["regions"] is None


@pytest.mark.parametrize(("lang", "shown"), [
    ("ru", ["I квартал 2025", "II квартал 2025"]),
    ("kk", ["2025 жылғы I тоқсан", "2025 жылғы II тоқсан"]),
    ("en", ["Q1 2025", "Q2 2025"]),
])
def test_official_points_are_named_by_the_period_published(lang, shown):
    frame = _frame([("2024-03", "KZ-75", 5.0), ("2025-03", "KZ-75", 7.0),
                    ("2025-06", "KZ-75", 6.0)])
    points = trends_screen.official_points(frame, "2025-01", "quarter")
    assert points["period"].tolist() == ["2025-Q1", "2025-Q2"]
    found = {"official": True, "start": "2025-01", "context": None, "series": points,
             "mix": pd.DataFrame(columns=["month", "category", "value", "share"]),
             "regions": pd.DataFrame(columns=["month", "code", "value"])}
    spec = trends_screen.chart_specs(found, lang=lang, title="x", value_title="x")
    (rows,) = spec["series"]["datasets"].values()
    assert sorted({row["period"] for row in rows if row["kind"] == "value"}) == shown
    tooltip = spec["series"]["encoding"]["tooltip"][0]
    assert tooltip["field"] == "period"


def test_the_official_note_names_the_periods_the_regions_show():
    official = pd.DataFrame({"key": ["stat:x"], "source": ["БНС"], "granularity": ["quarter"]})
    one = map_screen.official_note(official, "stat:x", "янв. 2025 – июн. 2025", "kk",
                                   "quarter", ["2025-Q2"])
    assert one.endswith("Көрсетілген кезең: 2025 жылғы II тоқсан.")
    several = map_screen.official_note(official, "stat:x", "Jan 2025 – Jun 2025", "en",
                                       "quarter", ["2025-Q1", "2025-Q2"])
    assert "Periods shown: Q1 2025 – Q2 2025" in several
    assert "shown" not in map_screen.official_note(official, "stat:x", "2025", "en")
