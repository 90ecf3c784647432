"""Spatial statistics of the regions: Getis-Ord Gi* hot spots and local Moran's I clusters.

Both run on a rate (per 100 000 residents or per 1 000 employed, see
:data:`SPATIAL_INDICATORS`) so that the populous cities are not hot merely for being large.
Weights come from the region boundaries (``geo.region_weights()``, Queen contiguity; Astana,
Almaty and Shymkent each touch one region only). Inference is by conditional permutation
(``permutations`` draws, fixed ``seed``): a unit is a hot spot when its Gi* is above
expectation with pseudo p-value at most ``spatial_alpha``. The pseudo p-values count draws
that tie with the observation (see :func:`pseudo_p`), which matters for the three cities
that have a single neighbour.

With 20 units the tests have little power; results are supporting evidence, and the report
says so (:func:`low_power_note`).
"""

from __future__ import annotations

import copy
import warnings
from contextlib import contextmanager
from typing import Any

import esda
import numpy as np
import pandas as pd

from utils.early_warning.config import EarlyWarningConfig
from utils.early_warning.messages import Message, message

#: Rates the spatial statistics can map: numerator, denominator column, multiplier.
SPATIAL_INDICATORS: dict[str, tuple[str, str, float]] = {
    "appeals_per_100k": ("appeals", "population", 1e5),
    "collective_appeals_per_100k": ("collective_appeals", "population", 1e5),
    "arrears_per_employed": ("arrears_kzt", "employed", 1.0),
    "workers_owed_per_1k_employed": ("workers_owed", "employed", 1e3),
    "layoffs_per_1k_employed": ("layoffs", "employed", 1e3),
    "incidents_per_100k": ("incidents", "population", 1e5),
}

#: Local Moran's I quadrants as numbered by esda (1 HH, 2 LH, 3 LL, 4 HL).
MORAN_QUADRANTS: dict[int, str] = {1: "high_high", 2: "low_high", 3: "low_low", 4: "high_low"}

#: Fewer units than this make the report carry the low-power note.
LOW_POWER_UNITS = 30


@contextmanager
def _directed_alternative():
    """Silence esda's notice that its default alternative will change.

    The pseudo p-values used here are the current folded, one-sided ones (as in the
    published Gi* and local Moran's I): a unit is judged in the direction it deviates.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The alternative hypothesis for conditional",
                                category=DeprecationWarning)
        yield


def pseudo_p(observed: np.ndarray, simulated: np.ndarray) -> np.ndarray:
    """Return the permutation p-value of each unit in the direction it deviates.

    ``simulated`` has one row per unit and one column per permutation. Draws equal to the
    observed value count in both tails: a city with one neighbour has only 19 possible
    neighbour values, so about one draw in 19 ties with the observation, and leaving ties
    out of the lower tail (as the folded p-value of esda does) would make a city next to the
    lowest region a "significant" cold spot with p = 0.001.
    """
    observed = np.asarray(observed, dtype=float)[:, None]
    simulated = np.asarray(simulated, dtype=float)
    # Relative tolerance: sums of the same values in another order differ in the last bits.
    tolerance = 1e-9 * np.maximum(np.abs(observed), 1e-300)
    upper = (simulated >= observed - tolerance).sum(axis=1)
    lower = (simulated <= observed + tolerance).sum(axis=1)
    permutations = simulated.shape[1]
    return (np.minimum(upper, lower) + 1.0) / (permutations + 1.0)


def spatial_rates(panel: pd.DataFrame, indicator: str, months: list[str],
                  codes: list[str]) -> pd.DataFrame:
    """Return ``indicator`` as a region-by-month table of rates.

    Raises
    ------
    KeyError
        If ``indicator`` is not in :data:`SPATIAL_INDICATORS` (the message lists them).
    """
    if indicator not in SPATIAL_INDICATORS:
        valid = ", ".join(sorted(SPATIAL_INDICATORS))
        raise KeyError(
            f"Invalid spatial indicator: {indicator!r}. Indicator must be in the set: {valid}"
        )
    numerator, denominator, scale = SPATIAL_INDICATORS[indicator]
    top = panel.pivot_table(index="code", columns="month", values=numerator, aggfunc="sum")
    bottom = panel.pivot_table(index="code", columns="month", values=denominator, aggfunc="max")
    top = top.reindex(index=codes, columns=months).fillna(0.0)
    bottom = bottom.reindex(index=codes, columns=months)
    bottom = bottom.where(bottom > 0)
    return (top / bottom * scale).astype(float)


def _aligned(values: pd.Series, weights: Any) -> tuple[np.ndarray, list[str]]:
    ids = list(weights.id_order)
    missing = sorted(set(ids) - set(values.index))
    extra = sorted(set(values.index) - set(ids))
    if missing or extra:
        raise ValueError(
            "Spatial weights and values name different regions: "
            f"missing values for {missing}, no weights for {extra}"
        )
    return values.reindex(ids).to_numpy(dtype=float), ids


def gi_star(values: pd.Series, weights: Any, config: EarlyWarningConfig | None = None,
            seed: int | None = None) -> pd.DataFrame:
    """Return Getis-Ord Gi* of one month's values with permutation inference.

    Parameters
    ----------
    values
        One value per region, indexed by the ids of ``weights`` (NaN counts as 0).
    weights
        A ``libpysal`` weights object; it is copied, never changed.
    config
        ``permutations``, ``spatial_alpha``, ``spatial_transform`` and ``seed``.
    seed
        Overrides ``config.seed`` (each month of a series gets its own fixed seed).

    Returns
    -------
    pandas.DataFrame
        Indexed by region: ``z`` (standardised Gi*), ``p`` (pseudo p-value), ``hot`` and
        ``cold`` (significant at ``spatial_alpha``).
    """
    config = config or EarlyWarningConfig()
    y, ids = _aligned(values, weights)
    y = np.nan_to_num(y, nan=0.0)
    if np.ptp(y) == 0 or y.sum() <= 0:
        result = pd.DataFrame({"z": 0.0, "p": 1.0}, index=ids)
    else:
        with _directed_alternative():
            local = esda.G_Local(
                y, copy.deepcopy(weights), transform=config.spatial_transform, star=True,
                permutations=config.permutations, keep_simulations=True, n_jobs=1,
                seed=config.seed if seed is None else seed,
            )
        result = pd.DataFrame({"z": np.asarray(local.Zs, dtype=float),
                               "p": pseudo_p(local.Gs, local.rGs)}, index=ids)
    significant = result["p"] <= config.spatial_alpha
    result["hot"] = significant & (result["z"] > 0)
    result["cold"] = significant & (result["z"] < 0)
    return result


def gi_star_series(rates: pd.DataFrame, weights: Any,
                   config: EarlyWarningConfig | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return Gi* z-scores and pseudo p-values for every month (columns) of ``rates``.

    Month ``k`` of the table uses the seed ``config.seed + k``, so results are repeatable.
    """
    config = config or EarlyWarningConfig()
    z_cols, p_cols = {}, {}
    for k, month in enumerate(rates.columns):
        month_result = gi_star(rates[month], weights, config, seed=config.seed + k)
        z_cols[month], p_cols[month] = month_result["z"], month_result["p"]
    return pd.DataFrame(z_cols), pd.DataFrame(p_cols)


def local_moran(values: pd.Series, weights: Any,
                config: EarlyWarningConfig | None = None) -> pd.DataFrame:
    """Return local Moran's I clusters of one set of values.

    Returns
    -------
    pandas.DataFrame
        Indexed by region: ``i`` (local statistic), ``p`` (pseudo p-value), ``quadrant``
        (``high_high``, ``low_high``, ``low_low``, ``high_low``) and ``cluster`` (the
        quadrant when ``p`` is at most ``spatial_alpha``, else ``not_significant``).
    """
    config = config or EarlyWarningConfig()
    y, ids = _aligned(values, weights)
    y = np.nan_to_num(y, nan=0.0)
    if np.ptp(y) == 0:
        result = pd.DataFrame({"i": 0.0, "p": 1.0, "quadrant": "none"}, index=ids)
    else:
        with _directed_alternative():
            local = esda.Moran_Local(
                y, copy.deepcopy(weights), transformation="r",
                permutations=config.permutations, keep_simulations=True, n_jobs=1,
                seed=config.seed,
            )
        result = pd.DataFrame(
            {"i": np.asarray(local.Is, dtype=float), "p": pseudo_p(local.Is, local.rlisas),
             "quadrant": [MORAN_QUADRANTS.get(int(q), "none") for q in local.q]},
            index=ids,
        )
    result["cluster"] = np.where(result["p"] <= config.spatial_alpha, result["quadrant"],
                                 "not_significant")
    return result


def low_power_note(units: int) -> Message | None:
    """Return the note that spatial statistics on few units have little power, or None."""
    if units < LOW_POWER_UNITS:
        return message("ew.note.low_spatial_power", units=units)
    return None
