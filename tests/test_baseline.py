import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import months, seasonal_cycle
from utils.early_warning import LEVELS, change_levels, indicator_kind, load_config, worst_level


def table(rows: dict[str, np.ndarray]) -> pd.DataFrame:
    count = len(next(iter(rows.values())))
    return pd.DataFrame(rows, index=months("2023-01", count)).T


def test_flat_series_is_limited_change():
    rng = np.random.default_rng(1)
    result = change_levels(table({"flat": rng.poisson(100, 36).astype(float)}), "appeals")
    assert result.at["flat", "level"] == "limited_change"
    assert not result.at["flat", "seasonal"]


def test_jump_from_one_to_three_events_is_not_a_large_increase():
    series = np.r_[np.ones(35), 3.0]
    result = change_levels(table({"small": series}), "appeals")
    assert result.at["small", "ratio"] == pytest.approx(3.0)
    assert result.at["small", "level"] != "large_increase"


def test_small_baseline_caps_at_moderate_even_for_a_big_jump():
    series = np.r_[np.ones(35), 12.0]
    result = change_levels(table({"small": series}), "appeals")
    assert result.at["small", "expected"] < 3
    assert result.at["small", "level"] == "moderate_increase"


def test_tripling_of_a_large_count_is_a_large_increase():
    rng = np.random.default_rng(2)
    series = np.r_[rng.poisson(50, 35), 150].astype(float)
    result = change_levels(table({"u": series}), "appeals")
    assert result.at["u", "level"] == "large_increase"
    assert result.at["u", "change_pct"] == pytest.approx(
        (150 / result.at["u", "expected"] - 1) * 100)


def test_moderate_increase_and_decrease():
    rng = np.random.default_rng(3)
    base = rng.poisson(200, 35).astype(float)
    frame = table({"up": np.r_[base, 280.0], "down": np.r_[base, 120.0]})
    result = change_levels(frame, "appeals")
    assert result.at["up", "level"] == "moderate_increase"
    assert result.at["down", "level"] == "decrease"


def test_regular_winter_peak_reads_seasonal_as_usual():
    rng = np.random.default_rng(4)
    # 37 months from January: the last month is a January peak like the two before it.
    series = rng.poisson(300 * seasonal_cycle(37, 0.6)).astype(float)
    result = change_levels(table({"seasonal": series}), "appeals")
    row = result.loc["seasonal"]
    assert row["seasonal"]
    assert row["plain_ratio"] > 1.25  # against a plain average this would look like a rise
    assert row["level"] == "seasonal_as_usual"


def test_peak_far_above_the_usual_season_is_still_an_increase():
    rng = np.random.default_rng(5)
    series = rng.poisson(300 * seasonal_cycle(37, 0.6)).astype(float)
    series[-1] *= 2.2
    result = change_levels(table({"seasonal": series}), "appeals")
    assert result.at["seasonal", "seasonal"]
    assert result.at["seasonal", "level"] == "large_increase"


def test_baselines_are_the_previous_3_and_12_months():
    series = np.arange(1.0, 25.0) * 10
    result = change_levels(table({"u": series}), "arrears_kzt")
    assert result.at["u", "baseline_short"] == pytest.approx(np.mean(series[-4:-1]))
    assert result.at["u", "baseline_long"] == pytest.approx(np.mean(series[-13:-1]))
    assert result.at["u", "recent"] == series[-1]


def test_amount_that_stood_still_then_rises_a_third_is_an_increase():
    series = np.r_[np.full(20, 50e6), 66e6]
    result = change_levels(table({"u": series}), "arrears_kzt")
    assert result.at["u", "level"] == "moderate_increase"


def test_short_history_is_insufficient():
    result = change_levels(table({"u": np.array([1.0, 5.0, 9.0, 30.0])}), "appeals")
    assert result.at["u", "level"] == "insufficient_history"


def test_min_baseline_comes_from_configuration():
    rng = np.random.default_rng(2)
    series = np.r_[rng.poisson(50, 35), 150].astype(float)
    config = load_config({"min_baseline": {"appeals": 100}})
    result = change_levels(table({"u": series}), "appeals", config)
    assert result.at["u", "level"] == "moderate_increase"


def test_unknown_indicator_lists_the_valid_ones():
    with pytest.raises(KeyError, match="Indicator must be in the set: .*appeals"):
        indicator_kind("strikes")


def test_worst_level_takes_the_most_concerning_indicator():
    levels = pd.DataFrame({"appeals": ["decrease", "limited_change"],
                           "arrears_kzt": ["decrease", "large_increase"]}, index=["a", "b"])
    worst = worst_level(levels)
    assert worst.loc["a"].tolist() == ["decrease", "appeals"]
    assert worst.loc["b"].tolist() == ["large_increase", "arrears_kzt"]
    assert LEVELS[-1] == "large_increase"


def test_scattered_episodes_are_never_judged_seasonal():
    rng = np.random.default_rng(8)
    series = np.where(rng.random(37) < 0.3, rng.lognormal(np.log(50e6), 1.0, 37), 0.0)
    series[[0, 12, 24]] = 400e6  # the same month three years running, but mostly empty
    result = change_levels(table({"u": series}), "arrears_kzt")
    assert not result.at["u", "seasonal"]
