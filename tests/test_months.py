"""Month arithmetic: one behaviour for every screen, query and report."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.months import (
    is_month,
    last_months,
    month_range,
    month_runs,
    months_between,
    previous_period,
    shift_month,
)

MONTHS = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1990, 2100), st.integers(1, 12))


def test_range_crosses_the_year():
    assert month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_range_of_one_month():
    assert month_range("2025-03", "2025-03") == ["2025-03"]


def test_reversed_range_is_empty():
    assert month_range("2025-03", "2025-02") == []


@pytest.mark.parametrize("bad", ["2025-13", "2025-3", "25-03", "2025-03-01", "", None, 202503])
def test_malformed_month_is_refused_with_its_value(bad):
    with pytest.raises(ValueError, match=r"A month must be written YYYY-MM, got "):
        shift_month(bad, 1)
    assert not is_month(bad)


def test_shift_across_years():
    assert shift_month("2025-01", -1) == "2024-12"
    assert shift_month("2024-12", 1) == "2025-01"
    assert shift_month("2025-06", -18) == "2023-12"
    assert shift_month("2025-06", 0) == "2025-06"


def test_previous_period_has_the_same_length():
    assert previous_period("2025-01", "2025-03") == ("2024-10", "2024-12")
    assert previous_period("2025-05", "2025-05") == ("2025-04", "2025-04")


def test_last_months():
    assert last_months("2025-02", 3) == ["2024-12", "2025-01", "2025-02"]
    assert last_months("2025-02", 0) == []


def test_runs_of_consecutive_months():
    months = ["2024-07", "2024-01", "2024-02", "2024-03", "2024-02"]
    assert month_runs(months) == [("2024-01", "2024-03"), ("2024-07", "2024-07")]
    assert month_runs(["2024-12", "2025-01"]) == [("2024-12", "2025-01")]
    assert month_runs([]) == []


@settings(deadline=None)  # pandas' first call can take long on a loaded machine
@given(MONTHS, MONTHS)
def test_range_agrees_with_pandas(first, last):
    expected = [str(p) for p in pd.period_range(first, last, freq="M")] if first <= last else []
    assert month_range(first, last) == expected
    between = pd.Period(last, "M").ordinal - pd.Period(first, "M").ordinal
    assert months_between(first, last) == between


@given(MONTHS, st.integers(-600, 600))
def test_shift_agrees_with_pandas(month, months):
    assert shift_month(month, months) == str(pd.Period(month, "M") + months)
