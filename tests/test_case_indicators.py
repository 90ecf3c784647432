"""The map's case indicators on a real SQLite file and PostgreSQL: open cases at the end of
a period, and what ``repaid`` steps dated in the period repaid, region by region."""

from datetime import date

import pandas as pd
import pytest

from utils import cases, metrics, store
from utils.ingest import make_bin_near

BIN_A = make_bin_near("05014000123")
BIN_B = make_bin_near("07115000456")


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


def _load_enterprise(engine, bin_: str, region: str) -> None:
    frame = pd.DataFrame({
        "report_date": pd.to_datetime(["2024-12-31"]), "region": [region],
        "enterprise_bin": [bin_], "enterprise_name": ["Alpha"], "amount_kzt": [1_000_000.0],
        "workers": [20], "repaid_kzt": [0.0], "workers_repaid": [0], "industry": ["C"],
        "lat": [None], "lon": [None], "overdue_months": [2], "settlement": [None],
    })
    store.load_batch(engine, "arrears", frame, file_name=f"{bin_}.csv", sha256=None,
                     user="analyst", rows_read=1)


def _step(engine, case, state: str, on: date, **sums):
    return cases.step_case(engine, case.id, state, on=on, by="officer.one",
                           version=case.version, **sums)


@pytest.fixture
def two_cases(engine):
    """Case A in KZ-47: repaid 250 000 ₸ to 12 workers on 10 Jan 2025, closed on the 11th.
    Case B in KZ-75: opened 3 Feb 2025, repaid 90 000 ₸ to 3 workers on 10 Mar, still open."""
    _load_enterprise(engine, BIN_A, "KZ-47")
    _load_enterprise(engine, BIN_B, "KZ-75")
    a = cases.open_case(engine, BIN_A, "Mangystau inspection", opened_on=date(2025, 1, 6))
    for state, on in (("assigned", 7), ("hearing", 8), ("measure", 9)):
        a = _step(engine, a, state, date(2025, 1, on))
    a = _step(engine, a, "repaid", date(2025, 1, 10), repaid_kzt=250_000.0, workers=12)
    _step(engine, a, "closed", date(2025, 1, 11))
    b = cases.open_case(engine, BIN_B, "Almaty inspection", opened_on=date(2025, 2, 3))
    for state, on in (("assigned", 4), ("hearing", 5), ("measure", 6)):
        b = _step(engine, b, state, date(2025, 2, on))
    _step(engine, b, "repaid", date(2025, 3, 10), repaid_kzt=90_000.0, workers=3)
    return engine


def _values(engine, indicator: str, start: str, end: str) -> pd.Series:
    frame = metrics.region_values(engine, indicator, start, end)
    assert len(frame) == 20
    return frame.set_index("code")["value"]


def test_a_repaid_step_counts_in_its_period_and_not_outside(two_cases):
    january = _values(two_cases, "case:repaid_kzt", "2025-01", "2025-01")
    assert january["KZ-47"] == 250_000.0 and january["KZ-75"] == 0.0
    assert _values(two_cases, "case:workers_repaid", "2025-01", "2025-01")["KZ-47"] == 12.0
    february = _values(two_cases, "case:repaid_kzt", "2025-02", "2025-02")
    assert february["KZ-47"] == 0.0 and february["KZ-75"] == 0.0
    spring = _values(two_cases, "case:workers_repaid", "2025-01", "2025-03")
    assert (spring["KZ-47"], spring["KZ-75"], spring.sum()) == (12.0, 3.0, 15.0)


def test_an_open_case_counts_and_a_closed_one_does_not(two_cases):
    january = _values(two_cases, "case:open", "2025-01", "2025-01")
    assert january["KZ-47"] == 0.0 and january.sum() == 0.0
    march = _values(two_cases, "case:open", "2025-02", "2025-03")
    assert (march["KZ-75"], march["KZ-47"], march.sum()) == (1.0, 0.0, 1.0)
    frame = metrics.region_values(two_cases, "case:open", "2025-03", "2025-03")
    row = frame.set_index("code").loc["KZ-75"]
    assert (row["previous"], row["rank"]) == (1.0, 1)


def test_a_case_open_during_the_period_but_closed_by_its_end_is_not_open(two_cases):
    assert _values(two_cases, "case:open", "2024-12", "2025-01")["KZ-47"] == 0.0
    assert store.open_cases_by_region(two_cases, date(2025, 1, 10)).values.tolist() == [
        ["KZ-47", 1]]


def test_before_the_first_case_every_region_has_no_data(two_cases, engine):
    assert _values(two_cases, "case:open", "2024-12", "2024-12").isna().all()
    assert _values(two_cases, "case:repaid_kzt", "2024-11", "2024-12").isna().all()
    assert _values(engine, "case:open", "2025-01", "2025-01").notna().all()


def test_without_any_case_the_indicators_have_no_data(engine):
    assert _values(engine, "case:open", "2025-01", "2025-06").isna().all()
    assert _values(engine, "case:repaid_kzt", "2025-01", "2025-06").isna().all()


def test_case_indicators_take_no_filter_and_unknown_names_are_refused(two_cases):
    filters = {"categories": ["wages"], "industries": ["C"]}
    assert metrics.ignored_filters("case:open", filters) == ("categories", "industries")
    assert metrics.indicator_source("case:repaid_kzt") == "cases"
    frame = metrics.region_values(two_cases, "case:repaid_kzt", "2025-01", "2025-01",
                                  filters=filters)
    assert frame.set_index("code").at["KZ-47", "value"] == 250_000.0
    with pytest.raises(KeyError, match="case:open"):
        metrics.region_values(two_cases, "case:closed", "2025-01", "2025-01")


def test_per_100k_divides_by_the_region_population(two_cases):
    frame = metrics.region_values(two_cases, "case:workers_repaid", "2025-01", "2025-01",
                                  "per_100k").set_index("code")
    population = store.region_reference(two_cases).set_index("code").at["KZ-47", "population"]
    assert frame.at["KZ-47", "value"] == pytest.approx(12 / population * 100_000)
