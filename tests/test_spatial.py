import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import CODES, grid_weights, kz_weights, region_panel
from utils.early_warning import (
    EarlyWarningConfig,
    gi_star,
    local_moran,
    low_power_note,
    spatial_rates,
)

CONFIG = EarlyWarningConfig(permutations=999)


def corner_values(weights):
    ids = list(weights.id_order)
    values = pd.Series(10.0, index=ids)
    rng = np.random.default_rng(0)
    values += rng.normal(0, 1, len(ids))
    values[["U00", "U01", "U10", "U11", "U02", "U20"]] += 50.0
    return values


def test_cluster_of_high_values_is_a_hot_spot_and_far_corner_is_not():
    weights = grid_weights(5, 5)
    result = gi_star(corner_values(weights), weights, CONFIG)
    assert result.at["U00", "hot"] and result.at["U00", "z"] > 0
    assert not result.at["U44", "hot"]
    assert result.loc["U44", "z"] < 0


def test_gi_star_is_repeatable_and_leaves_the_weights_unchanged():
    weights = grid_weights(5, 5)
    before = weights.transform
    first = gi_star(corner_values(weights), weights, CONFIG)
    second = gi_star(corner_values(weights), weights, CONFIG)
    pd.testing.assert_frame_equal(first, second)
    assert weights.transform == before


def test_constant_values_have_no_hot_spot():
    weights = grid_weights(3, 3)
    result = gi_star(pd.Series(5.0, index=weights.id_order), weights, CONFIG)
    assert not result["hot"].any() and (result["p"] == 1.0).all()


def test_values_and_weights_must_name_the_same_regions():
    weights = grid_weights(2, 2)
    values = pd.Series([1.0, 2.0, 3.0], index=["U00", "U01", "U10"])
    with pytest.raises(ValueError, match=r"missing values for \['U11'\]"):
        gi_star(values, weights, CONFIG)


def test_local_moran_finds_the_high_high_cluster():
    weights = grid_weights(5, 5)
    result = local_moran(corner_values(weights), weights, CONFIG)
    assert result.at["U00", "cluster"] == "high_high"
    assert result.at["U00", "quadrant"] == "high_high"
    assert result.at["U33", "quadrant"] == "low_low"


def test_rates_per_100k_on_the_regions_of_kazakhstan():
    panel = region_panel({})
    month_list = sorted(panel["month"].unique())
    rates = spatial_rates(panel, "appeals_per_100k", month_list, CODES)
    row = panel.loc[(panel["code"] == "KZ-71") & (panel["month"] == month_list[-1])].iloc[0]
    assert rates.at["KZ-71", month_list[-1]] == pytest.approx(
        row["appeals"] / row["population"] * 1e5)
    result = gi_star(rates[month_list[-1]], kz_weights(), CONFIG)
    assert list(result.index) == CODES


def test_unknown_spatial_indicator_lists_the_valid_ones():
    with pytest.raises(KeyError, match="Indicator must be in the set: .*appeals_per_100k"):
        spatial_rates(region_panel({}), "strikes", ["2023-01"], CODES)


def test_twenty_regions_carry_the_low_power_note():
    note = low_power_note(20)
    assert note == {"key": "ew.note.low_spatial_power", "params": {"units": 20}}
    assert low_power_note(200) is None


def test_pseudo_p_counts_ties_in_both_tails():
    from utils.early_warning import pseudo_p

    simulated = np.array([[1.0, 1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 2.0, 3.0, 4.0]])
    # unit 0: observed 1.0, lower tail {1, 1} -> (2 + 1) / 6 ; unit 1: 4.0, upper {4} -> 2/6
    assert pseudo_p(np.array([1.0, 4.0]), simulated) == pytest.approx([3 / 6, 2 / 6])


def test_city_with_one_neighbour_cannot_reach_a_tiny_p_value():
    weights = kz_weights()
    values = pd.Series(np.linspace(20, 40, 20), index=CODES)
    values["KZ-11"] = 5.0  # Akmola, the only neighbour of Astana, far below the rest
    result = gi_star(values, weights, CONFIG)
    # one draw in 19 picks Akmola itself: p stays near 1/19, never 0.001
    assert result.at["KZ-71", "p"] == pytest.approx(1 / 19, abs=0.02)
