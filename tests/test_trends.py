import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import months, seasonal_cycle
from utils.early_warning import benjamini_hochberg, mann_kendall, trend_table


def test_bh_matches_a_hand_computation():
    # sorted: 0.005, 0.01, 0.03, 0.04, 0.5 ; p*m/rank: 0.025, 0.025, 0.05, 0.05, 0.5
    p = [0.01, 0.04, 0.03, 0.005, 0.5]
    assert benjamini_hochberg(p) == pytest.approx([0.025, 0.05, 0.05, 0.025, 0.5])


def test_bh_step_up_takes_the_minimum_of_later_ranks():
    # p*m/rank: 0.04, 0.04, 0.0333, 0.5 -> the first two take 0.0333 from rank 3
    assert benjamini_hochberg([0.01, 0.02, 0.025, 0.5]) == pytest.approx(
        [0.1 / 3, 0.1 / 3, 0.1 / 3, 0.5])


def test_bh_ignores_missing_values_and_caps_at_one():
    adjusted = benjamini_hochberg([np.nan, 0.9, 0.8])
    assert np.isnan(adjusted[0])
    assert adjusted[1:] == pytest.approx([0.9, 0.9])
    assert benjamini_hochberg([0.7, 0.9, 0.95, 0.99]).max() <= 1.0


def test_steady_rise_is_a_significant_upward_trend():
    rng = np.random.default_rng(1)
    series = rng.poisson(np.linspace(100, 180, 36)).astype(float)
    result = mann_kendall(series)
    assert result["test"] == "seasonal"
    assert result["p"] < 0.01 and result["tau"] > 0
    assert result["slope"] == pytest.approx(80 / 35, rel=0.35)  # per month


def test_regular_seasonal_cycle_has_no_trend():
    rng = np.random.default_rng(2)
    series = rng.poisson(300 * seasonal_cycle(36, 0.6)).astype(float)
    assert mann_kendall(series)["p"] > 0.05


def test_short_series_uses_the_original_test_and_constant_has_none():
    assert mann_kendall(np.arange(12.0))["test"] == "original"
    constant = mann_kendall(np.full(30, 5.0))
    assert constant["p"] == 1.0 and constant["slope"] == 0.0
    assert mann_kendall([1.0, 2.0])["test"] == "none"


def test_trend_table_adjusts_over_units_and_sets_direction():
    rng = np.random.default_rng(3)
    rows = {f"flat{k}": rng.poisson(100, 36) for k in range(9)}
    rows["up"] = rng.poisson(np.linspace(100, 200, 36))
    frame = pd.DataFrame(rows, index=months("2023-01", 36)).T.astype(float)
    table = trend_table(frame)
    assert (table["q"] >= table["p"] - 1e-12).all()
    assert table["q"].to_numpy() == pytest.approx(benjamini_hochberg(table["p"].to_numpy()))
    assert table.at["up", "direction"] == "up"
    assert table.loc[table.index != "up", "direction"].eq("none").all()


def test_year_on_year_growth_flags_a_recent_rise_but_not_a_season():
    from utils.early_warning import year_on_year

    rng = np.random.default_rng(4)
    season = 300 * seasonal_cycle(36, 0.6)
    ramp = np.r_[np.ones(24), np.linspace(1.05, 1.6, 12)]
    frame = pd.DataFrame({
        "seasonal": rng.poisson(season), "rising": rng.poisson(season * ramp),
        **{f"flat{k}": rng.poisson(season) for k in range(8)},
    }, index=months("2023-01", 36)).T.astype(float)
    result = year_on_year(frame)
    assert result.at["rising", "significant"]
    assert result.at["rising", "growth_pct"] == pytest.approx(50, abs=12)
    assert not result.loc[result.index != "rising", "significant"].any()
    assert result["q"].to_numpy() == pytest.approx(benjamini_hochberg(result["p"].to_numpy()))


def test_year_on_year_needs_more_than_a_year_and_a_half():
    from utils.early_warning import year_on_year

    frame = pd.DataFrame([np.arange(20.0)], index=["u"], columns=months("2023-01", 20))
    result = year_on_year(frame)
    assert np.isnan(result.at["u", "p"]) and not result.at["u", "significant"]
