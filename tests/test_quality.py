"""Data quality: months covered by region and kind, gaps, last upload per kind."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from geo.reference import region_codes
from utils import metrics, store
from utils.months import month_runs
from utils.screens import quality

ASTANA, ALMATY, SHYMKENT = "KZ-71", "KZ-75", "KZ-79"
# (region, month) -> appeals stored that month
PLAN = {
    (ASTANA, "2025-01"): 3, (ASTANA, "2025-02"): 1, (ASTANA, "2025-03"): 2,
    (ALMATY, "2025-01"): 4, (ALMATY, "2025-03"): 1,
    (SHYMKENT, "2025-03"): 5,
}


def appeals_frame(plan: dict[tuple[str, str], int], prefix: str) -> pd.DataFrame:
    rows = []
    for (region, month), count in plan.items():
        for i in range(count):
            rows.append({"date": pd.Timestamp(f"{month}-{10 + i:02d}"), "region": region,
                         "category": "wage_arrears", "appeal_id": f"{prefix}-{region}-{month}-{i}",
                         "people": 1})
    return pd.DataFrame(rows)


@pytest.fixture
def engine(sqlite_url):
    bound = store.get_engine(sqlite_url)
    store.init_db(bound)
    yield bound
    bound.dispose()


def load(engine, kind: str, frame: pd.DataFrame, name: str) -> int:
    return store.load_batch(engine, kind, frame, file_name=name, sha256=name, user="anna",
                            rows_read=len(frame))


def test_region_coverage_counts_months_and_lists_gaps_from_the_store(engine):
    load(engine, "appeals", appeals_frame(PLAN, "A"), "a.csv")
    table = quality.region_coverage(metrics.coverage(engine), "appeals").set_index("region")
    assert len(table) == 20
    assert table.loc[ASTANA, ["months_covered", "months_total", "gaps"]].tolist() == [3, 3, []]
    assert table.loc[ALMATY, "gaps"] == ["2025-02"]
    assert table.loc[SHYMKENT, "gaps"] == ["2025-01", "2025-02"]
    assert table.loc[SHYMKENT, ["first_month", "last_month", "rows"]].tolist() == [
        "2025-03", "2025-03", 5]
    silent = table.drop([ASTANA, ALMATY, SHYMKENT])
    assert (silent["months_covered"] == 0).all()
    assert silent["gaps"].map(len).eq(3).all()
    assert silent["first_month"].isna().all()
    # worst covered first
    assert table["share"].is_monotonic_increasing


def test_kind_summary_totals_per_kind(engine):
    load(engine, "appeals", appeals_frame(PLAN, "A"), "a.csv")
    summary = quality.kind_summary(metrics.coverage(engine)).set_index("kind")
    assert list(summary.index) == list(quality.MONTHLY_KINDS)
    appeals = summary.loc["appeals"]
    assert appeals[["first_month", "last_month", "months", "regions", "regions_complete",
                    "gaps", "rows"]].tolist() == [
        "2025-01", "2025-03", 3, 3, 1, 0 + 1 + 2 + 17 * 3, sum(PLAN.values())]
    assert summary.loc["layoffs", ["months", "regions", "rows"]].tolist() == [0, 0, 0]
    assert summary.loc["layoffs", "first_month"] is None


def test_an_undone_batch_leaves_the_coverage_and_the_last_upload(engine):
    first = load(engine, "appeals", appeals_frame(PLAN, "A"), "a.csv")
    later = load(engine, "appeals", appeals_frame({(ALMATY, "2025-02"): 2}, "B"), "b.csv")
    coverage = metrics.coverage(engine)
    assert quality.region_coverage(coverage, "appeals").set_index("region").loc[
        ALMATY, "gaps"] == []
    last = quality.last_upload_per_kind(store.list_batches(engine)).set_index("kind")
    assert last.loc["appeals", ["batch_id", "file_name", "batches"]].tolist() == [later, "b.csv", 2]

    store.undo_batch(engine, later, "anna")
    coverage = metrics.coverage(engine)
    assert quality.region_coverage(coverage, "appeals").set_index("region").loc[
        ALMATY, "gaps"] == ["2025-02"]
    last = quality.last_upload_per_kind(store.list_batches(engine)).set_index("kind")
    assert last.loc["appeals", ["batch_id", "file_name", "batches"]].tolist() == [first, "a.csv", 1]
    assert pd.isna(last.loc["arrears", "batch_id"]) and last.loc["arrears", "batches"] == 0
    assert list(last.index) == ["appeals", "arrears", "layoffs", "incidents", "enterprises",
                                "region_stats"]


def test_an_empty_store_has_no_columns_and_no_span(engine):
    coverage = metrics.coverage(engine)
    matrix = quality.coverage_matrix(coverage, "arrears")
    assert matrix.shape == (20, 0) and list(matrix.index) == region_codes()
    table = quality.region_coverage(coverage, "arrears")
    assert (table["months_total"] == 0).all() and (table["share"] == 0).all()
    assert quality.last_upload_per_kind(store.list_batches(engine))["batches"].sum() == 0


def test_coverage_matrix_has_every_month_of_the_span(engine):
    load(engine, "appeals", appeals_frame({(ASTANA, "2024-11"): 1, (ASTANA, "2025-02"): 2},
                                          "C"), "c.csv")
    matrix = quality.coverage_matrix(metrics.coverage(engine), "appeals")
    assert list(matrix.columns) == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert matrix.loc[ASTANA].tolist() == [1, 0, 0, 2]
    assert int(matrix.drop(ASTANA).to_numpy().sum()) == 0


@pytest.mark.parametrize(
    ("months", "ranges"),
    [
        ([], []),
        (["2025-03"], [("2025-03", "2025-03")]),
        (["2024-12", "2025-01", "2025-02", "2025-05"],
         [("2024-12", "2025-02"), ("2025-05", "2025-05")]),
        (["2025-05", "2025-04"], [("2025-04", "2025-05")]),
    ],
)
def test_month_ranges_join_consecutive_months(months, ranges):
    assert month_runs(months) == ranges


def test_unknown_kind_lists_the_valid_ones():
    empty = pd.DataFrame(columns=["month", "region", "kind", "rows"])
    with pytest.raises(KeyError, match="Invalid kind for coverage: 'enterprises'. Kind must be "
                                       "in the set: appeals, arrears, layoffs, incidents"):
        quality.region_coverage(empty, "enterprises")


def test_quality_imports_without_streamlit(monkeypatch):
    monkeypatch.setitem(sys.modules, "streamlit", None)
    monkeypatch.delitem(sys.modules, "utils.screens.quality", raising=False)
    monkeypatch.delitem(sys.modules, "utils.ingest.templates", raising=False)
    import utils.ingest.templates  # noqa: F401
    import utils.screens.quality  # noqa: F401
