import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import grid_weights, months
from utils.early_warning import (
    CATEGORIES,
    EarlyWarningConfig,
    emerging_hot_spots,
    gi_star_series,
)
from utils.early_warning.emerging import classify

N = 20
SIG, NOT = 0.01, 0.5


def series(hot=(), cold=(), z_hot=None):
    """Gi* z and p for N months: hot/cold month indexes are significant, others not."""
    z = np.full(N, 0.3)
    p = np.full(N, NOT)
    for t in hot:
        z[t], p[t] = 3.0, SIG
    for t in cold:
        z[t], p[t] = -3.0, SIG
    if z_hot is not None:
        z = np.asarray(z_hot, dtype=float)
    return z, p


def alternating(level):
    return level + 0.2 * (-1.0) ** np.arange(N)


CASES = {
    "new_hot_spot": series(hot=[N - 1]),
    "consecutive_hot_spot": series(hot=[N - 3, N - 2, N - 1]),
    "intensifying_hot_spot": (np.linspace(2.5, 6.0, N), np.full(N, SIG)),
    "persistent_hot_spot": (alternating(3.0), np.full(N, SIG)),
    "diminishing_hot_spot": (np.linspace(6.0, 2.5, N), np.full(N, SIG)),
    "sporadic_hot_spot": series(hot=[2, 6, 11, 15, N - 1]),
    "oscillating_hot_spot": series(hot=[2, 11, N - 1], cold=[6]),
    # 18 of 20 months hot (90 %), the last one not.
    "historical_hot_spot": series(hot=list(range(18))),
}
# Cold mirrors: the same series with the sign of z exchanged.
CASES.update({
    key.replace("hot_spot", "cold_spot"): (-z, p) for key, (z, p) in list(CASES.items())
})
CASES["no_pattern"] = series()


@pytest.mark.parametrize("category", CATEGORIES)
def test_series_built_to_a_definition_gets_its_category(category):
    z, p = CASES[category]
    assert classify(z, p)["category"] == category


def test_every_published_category_is_covered():
    assert set(CASES) == set(CATEGORIES)
    assert len(CATEGORIES) == 17


def test_hot_in_less_than_90_percent_is_not_persistent():
    z, p = series(hot=list(range(2, N)))  # 18 of 20 hot but the run started after a gap
    z[0] = 3.0
    p[0] = SIG  # hot, then a gap in month 1, then hot to the end: 19 of 20
    assert classify(z, p)["category"] in {"persistent_hot_spot", "intensifying_hot_spot"}
    z2, p2 = series(hot=[0] + list(range(4, N)))  # 17 of 20 hot: sporadic
    assert classify(z2, p2)["category"] == "sporadic_hot_spot"


def test_shares_and_trend_are_reported():
    z, p = CASES["intensifying_hot_spot"]
    result = classify(z, p)
    assert result["hot_share"] == 1.0 and result["cold_share"] == 0.0
    assert result["tau"] > 0 and result["trend_p"] < 0.05


def test_mismatched_series_are_refused():
    with pytest.raises(ValueError, match="equal, non-empty"):
        classify([1.0, 2.0], [0.1])


def test_cluster_that_forms_in_the_last_months_is_a_consecutive_hot_spot():
    weights = grid_weights(5, 5)
    ids = list(weights.id_order)
    month_list = months("2023-01", 24)
    rates = pd.DataFrame(10.0, index=ids, columns=month_list)
    corner = ["U00", "U01", "U10", "U11"]
    rates.loc[corner, month_list[-3:]] = 60.0
    config = EarlyWarningConfig(permutations=999)
    z, p = gi_star_series(rates, weights, config)
    result = emerging_hot_spots(z, p, config)
    assert result.at["U00", "category"] == "consecutive_hot_spot"
    # Against the new national mean the far corner now reads cold, never hot.
    assert not result.at["U44", "category"].endswith("hot_spot")
