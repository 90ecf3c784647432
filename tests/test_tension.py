import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import CODES, months, region_panel, seasonal_cycle
from utils.early_warning import (
    DEFAULT_REGION_WEIGHTS,
    load_config,
    region_factors,
    robust_z,
    tension_index,
    top_factors,
)
from utils.early_warning.panels import wide

INDICATORS = ("arrears_kzt", "workers_owed", "appeals", "collective_appeals", "layoffs",
              "incidents")


def factors_of(panel):
    month_list = sorted(panel["month"].unique())
    tables = {name: wide(panel, "code", name, month_list, CODES) for name in INDICATORS}
    first = panel.drop_duplicates("code").set_index("code")
    return region_factors(tables, first["population"], first["employed"])


def test_robust_z_against_a_hand_computation():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 100.0]})
    z = robust_z(frame, clip=3.0)["x"]
    # median 3, median absolute deviation 1, typical deviation 1.4826
    assert z.tolist() == pytest.approx([-2 / 1.4826, -1 / 1.4826, 0.0, 1 / 1.4826, 3.0])


def test_robust_z_of_a_constant_column_is_zero():
    assert robust_z(pd.DataFrame({"x": [2.0, 2.0, 2.0]}))["x"].eq(0).all()


def test_index_is_the_weighted_average_of_standard_scores():
    scaled = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0, 4.0], "b": [4.0, 3.0, 2.0, 1.0, 0.0],
                           "c": [9.0, 1.0, 1.0, 1.0, 1.0]}, index=list("vwxyz"))
    result = tension_index(scaled, {"a": 3.0, "b": 1.0, "c": 0.0})
    z = robust_z(scaled[["a", "b"]])
    expected = (3 * z["a"] + z["b"]) / 4
    assert result["tension_index"].tolist() == pytest.approx(expected.tolist())
    contributions = result.filter(like="contribution_").sum(axis=1)
    assert contributions.tolist() == pytest.approx(result["tension_index"].tolist())
    assert "z_c" not in result.columns  # weight 0 leaves the factor out


def test_unknown_factor_weight_lists_the_valid_factors():
    scaled = pd.DataFrame({"a": [1.0, 2.0]})
    with pytest.raises(KeyError, match="Factor must be in the set: a"):
        tension_index(scaled, {"strikes": 1.0})


def test_region_with_most_arrears_and_appeals_has_highest_index_and_says_why():
    count = 24
    panel = region_panel({"KZ-63": {"arrears_kzt": np.full(count, 3e9),
                                    "appeals": np.full(count, 900.0)}}, count=count)
    values, scaled = factors_of(panel)
    index = tension_index(scaled, DEFAULT_REGION_WEIGHTS)
    assert index["tension_index"].idxmax() == "KZ-63"
    top = top_factors(index, values)["KZ-63"]
    assert top[0]["factor"] == "arrears_per_employed"
    assert {item["factor"] for item in top[:2]} == {"arrears_per_employed", "appeals_per_100k"}
    employed = panel.loc[panel["code"] == "KZ-63", "employed"].iloc[0]
    assert top[0]["value"] == pytest.approx(3e9 / employed)
    assert top[0]["unit"] == "kzt"


def test_appeals_growth_is_year_on_year_so_a_regular_season_is_not_growth():
    rng = np.random.default_rng(0)
    count = 36
    panel = region_panel({"KZ-59": {"appeals": 500 * seasonal_cycle(count, 0.6)},
                          "KZ-47": {"appeals": rng.poisson(np.linspace(200, 400, count))
                                    .astype(float)}}, count=count)
    values, _ = factors_of(panel)
    assert abs(values.at["KZ-59", "appeals_growth"]) < 1e-9
    # a steady rise from 200 to 400 over three years: about +20 % on the same months
    assert 15 < values.at["KZ-47", "appeals_growth"] < 30


def test_weights_from_configuration_change_the_ranking():
    count = 24
    panel = region_panel({"KZ-63": {"arrears_kzt": np.full(count, 3e9)},
                          "KZ-10": {"layoffs": np.full(count, 2000.0)}}, count=count)
    _, scaled = factors_of(panel)
    default = tension_index(scaled, load_config().region_weights)
    layoffs_only = load_config(tension_weights={"region": {
        name: 0.0 for name in DEFAULT_REGION_WEIGHTS if name != "layoffs_per_1k_employed"}})
    changed = tension_index(scaled, layoffs_only.region_weights)
    assert default["tension_index"].idxmax() == "KZ-63"
    assert changed["tension_index"].idxmax() == "KZ-10"


def test_weights_must_be_known_and_not_all_zero():
    with pytest.raises(KeyError, match="Weight must be in the set"):
        load_config(tension_weights={"region": {"strikes": 1}})
    with pytest.raises(ValueError, match="all zero"):
        load_config(tension_weights={"region": {k: 0 for k in DEFAULT_REGION_WEIGHTS}})
    with pytest.raises(KeyError, match="Section must be in the set: enterprise, region"):
        load_config(tension_weights={"regions": {}})
    assert months("2023-11", 3) == ["2023-11", "2023-12", "2024-01"]
