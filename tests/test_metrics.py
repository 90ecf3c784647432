"""Metrics: every number checked against an independent computation from the input frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo import load_regions
from tests.test_store import (
    BIN_A,
    BIN_B,
    FRAMES,
    appeals_frame,
    arrears_frame,
    incidents_frame,
    layoffs_frame,
    load,
)
from utils import metrics, store


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def loaded(engine):
    frames = {kind: build() for kind, build in FRAMES.items()}
    frames["appeals"] = appeals_frame(400, seed=11)
    for kind, frame in frames.items():
        load(engine, kind, frame)
    return engine, frames


def _month(frame, column="date"):
    return frame[column].dt.strftime("%Y-%m")


POPULATION = load_regions().set_index("code")["population"]


def test_region_values_absolute_and_per_100k(loaded):
    engine, frames = loaded
    appeals = frames["appeals"]
    in_period = appeals[_month(appeals).between("2024-12", "2025-01")]
    before = appeals[_month(appeals).between("2024-10", "2024-11")]
    expected = in_period.groupby("region").size()
    expected_before = before.groupby("region").size()

    values = metrics.region_values(engine, "appeals", "2024-12", "2025-01").set_index("code")
    assert len(values) == 20
    assert values["value"].dropna().to_dict() == expected.astype(float).to_dict()
    assert values["previous"].dropna().to_dict() == expected_before.astype(float).to_dict()
    code = expected.idxmax()
    assert values.at[code, "rank"] == 1
    assert values.at[code, "change_pct"] == pytest.approx(
        (expected[code] - expected_before[code]) / expected_before[code] * 100
    )
    assert values["value"].isna().sum() == 20 - len(expected)

    per = metrics.region_values(engine, "appeals", "2024-12", "2025-01", "per_100k")
    per = per.set_index("code")["value"].dropna()
    assert per.to_dict() == pytest.approx(
        (expected / POPULATION[expected.index] * 100_000).to_dict()
    )


def test_category_filter_narrows_appeals(loaded):
    engine, frames = loaded
    appeals = frames["appeals"]
    wanted = appeals[
        (appeals["category"] == "safety") & _month(appeals).between("2024-11", "2025-01")
    ]
    values = (
        metrics.region_values(
            engine, "people", "2024-11", "2025-01", filters={"categories": ["safety"]}
        )
        .set_index("code")["value"]
        .dropna()
    )
    assert values.to_dict() == wanted.groupby("region")["people"].sum().astype(float).to_dict()
    with pytest.raises(KeyError, match="Filter must be in the set: categories, industries"):
        metrics.region_values(engine, "people", "2024-11", "2025-01", filters={"colour": ["x"]})


def test_arrears_outstanding_is_read_at_the_last_month_with_data(loaded):
    engine, frames = loaded
    arrears = frames["arrears"]
    values = metrics.region_values(engine, "arrears_outstanding_kzt", "2024-11", "2024-12")
    at_december = arrears[_month(arrears, "report_date") == "2024-12"]
    expected = at_december.groupby("region")["amount_kzt"].sum()
    assert values.set_index("code")["value"].dropna().to_dict() == expected.to_dict()
    # A period running past the data still reads the last month that has rows.
    later = metrics.region_values(engine, "workers_owed", "2025-01", "2025-06")
    january = arrears[_month(arrears, "report_date") == "2025-01"]
    assert later.set_index("code")["value"].dropna().to_dict() == (
        january.groupby("region")["workers"].sum().astype(float).to_dict()
    )
    industry = metrics.region_values(
        engine, "arrears_outstanding_kzt", "2024-12", "2024-12", filters={"industries": ["F"]}
    )
    assert industry["value"].sum() == at_december.query("industry == 'F'")["amount_kzt"].sum()


def test_national_kpis_add_up(loaded):
    engine, frames = loaded
    cards = metrics.national_kpis(engine, "2024-12", "2025-01")
    appeals = frames["appeals"]
    in_period = appeals[_month(appeals).between("2024-12", "2025-01")]
    assert cards["appeals"]["value"] == len(in_period)
    assert cards["people"]["value"] == in_period["people"].sum()
    assert cards["collective_appeals"]["value"] == (in_period["people"] > 1).sum()
    arrears = frames["arrears"]
    repaid = arrears[_month(arrears, "report_date").between("2024-12", "2025-01")]
    assert cards["arrears_repaid_kzt"]["value"] == repaid["repaid_kzt"].sum()
    assert cards["arrears_outstanding_kzt"]["as_of"] == "2025-01"
    assert cards["arrears_outstanding_kzt"]["value"] == 400_000.0
    assert cards["arrears_outstanding_kzt"]["previous"] == 1_000_000.0  # November only
    assert cards["arrears_outstanding_kzt"]["change_pct"] == pytest.approx(-60.0)
    assert cards["layoffs"]["value"] == layoffs_frame()["workers"].sum()
    assert cards["incidents"]["value"] == 1 and cards["incidents"]["previous"] is None


def test_kpis_and_region_values_from_shared_period_totals_equal_their_own_reads(loaded):
    engine, frames = loaded
    filters = {"categories": ["wage_arrears"]}
    totals = metrics.period_totals(engine, "2024-12", "2025-01", filters)
    assert totals.month == "2025-01" and totals.previous_month == "2024-11"
    shared = metrics.national_kpis(engine, "2024-12", "2025-01", filters, totals=totals)
    assert shared == metrics.national_kpis(engine, "2024-12", "2025-01", filters)
    appeals = frames["appeals"]
    chosen = appeals[_month(appeals).between("2024-12", "2025-01")]
    assert shared["appeals"]["value"] == (chosen["category"] == "wage_arrears").sum()
    for indicator in ("appeals", "arrears_outstanding_kzt", "layoffs"):
        for normalisation in ("absolute", "per_100k"):
            own = metrics.region_values(
                engine, indicator, "2024-12", "2025-01", normalisation, filters
            )
            pd.testing.assert_frame_equal(
                metrics.region_values(
                    engine, indicator, "2024-12", "2025-01", normalisation, filters,
                    totals=totals,
                ),
                own,
            )  # fmt: skip


def test_monthly_series_fills_zero_inside_the_data_span(loaded):
    engine, frames = loaded
    series = metrics.monthly_series(engine, "layoffs", "2024-01", "2025-12")
    assert sorted(series["month"].unique()) == ["2024-12", "2025-01"]
    assert len(series) == 2 * 20
    national = series.groupby("month")["value"].sum()
    assert national.to_dict() == {"2024-12": 30.0, "2025-01": 12.0}
    one = metrics.monthly_series(engine, "appeals", "2024-11", "2025-01", region="KZ-75")
    appeals = frames["appeals"]
    expected = appeals[appeals["region"] == "KZ-75"].groupby(_month(appeals)).size()
    assert one.set_index("month")["value"].to_dict() == expected.astype(float).to_dict()


def test_category_mix_shares_sum_to_one(loaded):
    engine, frames = loaded
    mix = metrics.category_mix(engine, "2024-11", "2025-01")
    assert mix.groupby("month")["share"].sum().round(9).eq(1).all()
    assert mix["appeals"].sum() == len(frames["appeals"])


def test_region_profile_ranks_and_reference(loaded):
    engine, frames = loaded
    profile = metrics.region_profile(engine, "KZ-75", "2024-11", "2025-01")
    assert profile["population"] == POPULATION["KZ-75"]
    rows = profile["indicators"].set_index("indicator")
    appeals = frames["appeals"]
    counts = appeals.groupby("region").size()
    assert rows.at["appeals", "value"] == counts["KZ-75"]
    assert rows.at["appeals", "rank"] == (counts > counts["KZ-75"]).sum() + 1
    with pytest.raises(KeyError, match="Region must be in the set"):
        metrics.region_profile(engine, "KZ-00", "2024-11", "2025-01")


def test_top_enterprises_by_arrears_and_appeals(loaded):
    engine, frames = loaded
    top = metrics.top_enterprises(engine, None, "2024-11", "2024-12", by="arrears")
    assert list(top["bin"]) == [BIN_A, BIN_B]
    assert list(top["arrears_outstanding_kzt"]) == [1_500_000.0, 700_000.0]
    appeals = frames["appeals"]
    in_period = appeals[_month(appeals).between("2024-11", "2024-12")]
    assert top.set_index("bin")["appeals"].to_dict() == (
        in_period.groupby("enterprise_bin").size().to_dict()
    )
    by_appeals = metrics.top_enterprises(engine, None, "2024-11", "2024-12", by="appeals", limit=1)
    assert len(by_appeals) == 1
    assert by_appeals["bin"].iloc[0] == in_period.groupby("enterprise_bin").size().idxmax()
    assert by_appeals["name"].iloc[0] in ("Alpha Steel", "Beta Foods")
    with pytest.raises(KeyError, match="Ranking must be in the set: arrears, appeals"):
        metrics.top_enterprises(engine, None, "2024-11", "2024-12", by="size")


def test_points_take_coordinates_from_the_registry_when_rows_lack_them(loaded):
    engine, _ = loaded
    points = metrics.enterprise_points(engine, "2024-12", "2024-12").set_index("bin")
    assert points.at[BIN_A, "lat"] == 43.2  # from the arrears rows
    assert points.at[BIN_B, "lat"] == 51.16  # from the registry
    assert points.at[BIN_B, "arrears_outstanding_kzt"] == 700_000.0


def test_search_by_name_with_typo_and_by_bin_prefix(loaded):
    engine, _ = loaded
    found = metrics.search_enterprises(engine, "alfa stel")
    assert found["bin"].iloc[0] == BIN_A
    assert list(metrics.search_enterprises(engine, BIN_B[:5])["bin"]) == [BIN_B]
    assert metrics.search_enterprises(engine, "   ").empty


def test_enterprise_profile_and_timeline(loaded):
    engine, frames = loaded
    profile = metrics.enterprise_profile(engine, BIN_A)
    assert profile["name"] == "Alpha Steel" and profile["headcount"] == 500
    assert profile["source"] == "registry"
    assert metrics.enterprise_profile(engine, "999999999999") is None
    timeline = metrics.enterprise_timeline(engine, BIN_A).set_index("month")
    assert list(timeline.index) == ["2024-11", "2024-12", "2025-01"]
    assert timeline.at["2024-12", "arrears_outstanding_kzt"] == 1_500_000.0
    assert np.isnan(timeline.at["2025-01", "arrears_outstanding_kzt"])
    assert timeline.at["2025-01", "incident_participants"] == 80
    appeals = frames["appeals"]
    mine = appeals[appeals["enterprise_bin"] == BIN_A]
    assert timeline["appeals"].sum() == len(mine)
    for category, count in mine.groupby("category").size().items():
        assert timeline[f"appeals_{category}"].sum() == count


def test_region_month_panel_has_no_look_ahead(loaded):
    engine, frames = loaded
    panel = metrics.region_month_panel(engine, as_of="2024-12")
    assert list(panel.columns) == metrics.PANEL_COLUMNS
    assert len(panel) == 20 * 2 and panel["month"].max() == "2024-12"
    appeals = frames["appeals"]
    kz75 = panel[(panel["code"] == "KZ-75") & (panel["month"] == "2024-12")].iloc[0]
    rows = appeals[(appeals["region"] == "KZ-75") & (_month(appeals) == "2024-12")]
    assert kz75["appeals"] == len(rows) and kz75["arrears_kzt"] == 1_500_000.0
    assert kz75["population"] == POPULATION["KZ-75"]
    full = metrics.region_month_panel(engine)
    assert full["month"].max() == "2025-01"
    assert full["incidents"].sum() == 1 and panel["incidents"].sum() == 0


def test_enterprise_month_panel(loaded):
    engine, frames = loaded
    panel = metrics.enterprise_month_panel(engine, as_of="2024-12")
    assert list(panel.columns) == metrics.ENTERPRISE_PANEL_COLUMNS
    assert panel["month"].max() == "2024-12"
    alpha = panel[panel["bin"] == BIN_A].set_index("month")
    assert alpha.at["2024-12", "layoffs"] == 30 and alpha.at["2024-12", "overdue_months"] == 2
    assert alpha["name"].iloc[0] == "Alpha Steel"
    appeals = frames["appeals"]
    expected = appeals[(appeals["enterprise_bin"] == BIN_A) & (_month(appeals) <= "2024-12")]
    assert alpha["appeals"].sum() == len(expected)


def test_enterprise_score_records_read_only_the_months_asked_for(loaded):
    engine, frames = loaded
    flows = {"appeals": "2024-12", "layoffs": "2025-01", "incidents": "2024-11"}
    records = metrics.enterprise_score_records(
        engine, "2025-01", active_since="2024-12", arrears_months=["2024-11", "2025-01"],
        flows_since=flows,
    )
    assert list(records["bins"]["bin"]) == sorted([BIN_A, BIN_B])
    arrears = records["arrears"].set_index(["bin", "month"])
    assert sorted(arrears.index) == [(BIN_A, "2024-11"), (BIN_B, "2025-01")]
    assert arrears.loc[(BIN_B, "2025-01")].tolist() == [400_000.0, 4.0, 2.0]
    assert list(records["layoffs"].itertuples(index=False)) == [(BIN_B, "2025-01", 12.0)]
    assert list(records["incidents"].itertuples(index=False)) == [(BIN_A, "2025-01", 1.0)]
    appeals = frames["appeals"]
    month = _month(appeals)
    for bin_ in (BIN_A, BIN_B):
        for name in ("2024-12", "2025-01"):
            rows = appeals[(appeals["enterprise_bin"] == bin_) & (month == name)]
            found = records["appeals"].query("bin == @bin_ and month == @name")
            expected = [len(rows), int((rows["people"] > 1).sum())] if len(rows) else []
            assert found[["appeals", "collective_appeals"]].to_numpy().ravel().tolist() == (
                expected
            )
    assert records["appeals"]["month"].min() == "2024-12"
    later = metrics.enterprise_score_records(
        engine, "2025-06", active_since="2025-02", arrears_months=["2025-06"],
        flows_since={kind: "2025-02" for kind in flows},
    )
    assert all(frame.empty for frame in later.values())


def test_official_indicator_is_the_latest_value_in_the_period(loaded):
    engine, _ = loaded
    listed = metrics.official_indicators(engine)
    assert list(listed["key"]) == ["stat:wage_arrears_official"]
    values = metrics.region_values(engine, "stat:wage_arrears_official", "2025-01", "2025-03")
    values = values.set_index("code")
    assert values.at["KZ-75", "value"] == 14.0 and values.at["KZ-75", "previous"] == 12.5
    assert np.isnan(values.at["KZ-71", "value"]) and values.at["KZ-71", "previous"] == 3.0


def test_unknown_indicator_and_normalisation_list_the_valid_ones(engine):
    with pytest.raises(KeyError, match="Indicator must be in the set: appeals, collective"):
        metrics.region_values(engine, "complaints", "2025-01", "2025-03")
    with pytest.raises(KeyError, match="Normalisation must be in the set: absolute, per_100k"):
        metrics.region_values(engine, "appeals", "2025-01", "2025-03", "per_capita")


def test_empty_database_gives_empty_answers(engine):
    values = metrics.region_values(engine, "appeals", "2025-01", "2025-03", "per_1k_employed")
    assert len(values) == 20 and values["value"].isna().all()
    assert all(
        card["value"] is None
        for card in metrics.national_kpis(engine, "2025-01", "2025-03").values()
    )
    assert metrics.monthly_series(engine, "appeals", "2025-01", "2025-03").empty
    assert metrics.category_mix(engine, "2025-01", "2025-03").empty
    assert metrics.top_enterprises(engine, "KZ-75", "2025-01", "2025-03").empty
    assert metrics.top_enterprises(engine, None, "2025-01", "2025-03", by="appeals").empty
    assert metrics.incidents_list(engine, "2025-01", "2025-03").empty
    assert metrics.enterprise_points(engine, "2025-01", "2025-03").empty
    assert metrics.search_enterprises(engine, "alpha").empty
    assert metrics.enterprise_profile(engine, BIN_A) is None
    assert metrics.enterprise_timeline(engine, BIN_A).empty
    assert metrics.month_bounds(engine) == (None, None)
    assert metrics.coverage(engine).empty
    assert metrics.region_month_panel(engine).empty
    assert metrics.enterprise_month_panel(engine).empty
    assert metrics.official_indicators(engine).empty
    profile = metrics.region_profile(engine, "KZ-10", "2025-01", "2025-03")
    assert profile["indicators"]["value"].isna().all()


def test_incidents_list(loaded):
    engine, _ = loaded
    listed = metrics.incidents_list(engine, "2025-01", "2025-01", region="KZ-75")
    assert listed["description"].tolist() == incidents_frame()["description"].tolist()
    assert metrics.incidents_list(engine, "2024-01", "2024-12").empty


def test_coverage_counts_rows(loaded):
    engine, frames = loaded
    cover = metrics.coverage(engine)
    assert cover.query("kind == 'appeals'")["rows"].sum() == len(frames["appeals"])
    assert cover.query("kind == 'arrears'")["rows"].sum() == len(arrears_frame())
    assert metrics.month_bounds(engine) == ("2024-11", "2025-01")


@pytest.mark.parametrize(("month", "granularity", "label"), [
    ("2025-06", "quarter", "2025-Q2"), ("2025-12", "year", "2025"),
    ("2025-06", "cumulative", "2025-01..06"), ("2025-03", "month", "2025-03"),
])
def test_a_series_point_names_the_period_published(month, granularity, label):
    assert metrics.period_ending(month, granularity) == label
