"""Emerging hot spots: how each region's Gi* hot/cold status evolved over the months.

Each region has one Gi* z-score and pseudo p-value per month
(``utils.early_warning.spatial``). A month is a *hot* bin when it is significant with z > 0, a
*cold* bin when significant with z < 0. The trend in the intensity of clustering is the
Mann-Kendall test on the region's z-scores. The categories and their definitions are those
published for ArcGIS Pro's Emerging Hot Spot Analysis (Esri, "How Emerging Hot Spot Analysis
works"); "90 %" is ``share`` (0.9) of the n monthly time steps, "final" is the last month
(``as_of``):

``new_hot_spot``
    Hot in the final time step and never a significant hot spot before.
``consecutive_hot_spot``
    A single uninterrupted run of at least two hot bins in the final time steps, never a
    significant hot spot before that run, and fewer than 90 % of all bins hot.
``intensifying_hot_spot``
    Hot in at least 90 % of the time steps, including the final one, and the intensity of
    clustering (Gi* z) increases significantly over time.
``persistent_hot_spot``
    Hot in at least 90 % of the time steps with no significant trend in intensity.
``diminishing_hot_spot``
    Hot in at least 90 % of the time steps, including the final one, and the intensity of
    clustering decreases significantly over time.
``sporadic_hot_spot``
    Hot in the final time step, an on-again off-again hot spot: fewer than 90 % of the time
    steps hot and none of them a significant cold spot.
``oscillating_hot_spot``
    Hot in the final time step with a history of being a significant cold spot in a prior
    time step; fewer than 90 % of the time steps hot.
``historical_hot_spot``
    Not hot in the most recent time step, but hot in at least 90 % of the time steps.
``*_cold_spot``
    The mirror images: the same definitions with hot and cold exchanged (an intensifying
    cold spot gets significantly colder, i.e. its z-scores trend downward).
``no_pattern``
    None of the above.

Where the published wording leaves two categories open, this module decides as follows
(documented so the screen can say it): the final time step picks the side (hot final: a hot
category; cold final: a cold category; neither: historical hot, historical cold or no
pattern). With a hot final step, 90 % or more hot bins gives intensifying, diminishing or
persistent by the trend; otherwise no hot bin before the final run gives new (run of one) or
consecutive (run of two or more); otherwise sporadic when no bin was ever cold, oscillating
when one was. Persistent requires the final step to be hot, so a long-hot region that has
just stopped being hot reads "historical". Prior cold bins do not stop a region being a new
or consecutive hot spot, as the published definitions only speak of prior *hot* bins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymannkendall as mk

from utils.early_warning.config import EarlyWarningConfig

#: Categories in the published order; the keys are message keys ``ew.emerging.<key>``.
CATEGORIES: tuple[str, ...] = (
    "new_hot_spot", "consecutive_hot_spot", "intensifying_hot_spot", "persistent_hot_spot",
    "diminishing_hot_spot", "sporadic_hot_spot", "oscillating_hot_spot", "historical_hot_spot",
    "new_cold_spot", "consecutive_cold_spot", "intensifying_cold_spot", "persistent_cold_spot",
    "diminishing_cold_spot", "sporadic_cold_spot", "oscillating_cold_spot",
    "historical_cold_spot", "no_pattern",
)

#: Categories that speak of tension building up now.
RISING_CATEGORIES = frozenset({"new_hot_spot", "consecutive_hot_spot", "intensifying_hot_spot"})


def _final_run(flags: np.ndarray) -> int:
    """Return the length of the run of True values that ends at the last element."""
    if not flags[-1]:
        return 0
    falses = np.flatnonzero(~flags)
    return len(flags) if falses.size == 0 else len(flags) - 1 - int(falses[-1])


def _side(same: np.ndarray, other: np.ndarray, trend_up: bool, trend_down: bool,
          share: float, suffix: str) -> str:
    """Classify a series whose final bin is significant on the ``same`` side."""
    n = len(same)
    if same.sum() / n >= share:
        if trend_up:
            return f"intensifying_{suffix}"
        if trend_down:
            return f"diminishing_{suffix}"
        return f"persistent_{suffix}"
    run = _final_run(same)
    if not same[: n - run].any():
        return f"new_{suffix}" if run == 1 else f"consecutive_{suffix}"
    if not other.any():
        return f"sporadic_{suffix}"
    return f"oscillating_{suffix}"


def classify(z: np.ndarray | list[float], p: np.ndarray | list[float], alpha: float = 0.05,
             share: float = 0.9, trend_alpha: float = 0.05) -> dict[str, float | str]:
    """Return the emerging hot-spot category of one region's monthly Gi* series.

    Parameters
    ----------
    z, p
        Gi* z-scores and pseudo p-values, oldest month first.
    alpha
        A bin is significant when its p-value is at most ``alpha``.
    share
        The "90 % of the time steps" share.
    trend_alpha
        Significance of the Mann-Kendall trend of the z-scores.

    Returns
    -------
    dict
        ``category``, ``hot_share``, ``cold_share``, ``tau`` and ``trend_p`` (Mann-Kendall
        on the z-scores), ``final_z``.
    """
    z = np.nan_to_num(np.asarray(z, dtype=float), nan=0.0)
    p = np.nan_to_num(np.asarray(p, dtype=float), nan=1.0)
    if z.shape != p.shape or z.size == 0:
        raise ValueError(f"z and p must be equal, non-empty series; got {z.size} and {p.size}")
    significant = p <= alpha
    hot = significant & (z > 0)
    cold = significant & (z < 0)
    n = z.size
    if n >= 4 and np.ptp(z) > 0:
        test = mk.original_test(z)
        tau, trend_p = float(test.Tau), float(test.p)
    else:
        tau, trend_p = 0.0, 1.0
    rising = tau > 0 and trend_p < trend_alpha
    falling = tau < 0 and trend_p < trend_alpha
    if hot[-1]:
        category = _side(hot, cold, rising, falling, share, "hot_spot")
    elif cold[-1]:
        # For cold spots "intensifying" means getting colder: a falling z-score.
        category = _side(cold, hot, falling, rising, share, "cold_spot")
    elif hot.sum() / n >= share:
        category = "historical_hot_spot"
    elif cold.sum() / n >= share:
        category = "historical_cold_spot"
    else:
        category = "no_pattern"
    return {"category": category, "hot_share": float(hot.mean()),
            "cold_share": float(cold.mean()), "tau": tau, "trend_p": trend_p,
            "final_z": float(z[-1])}


def emerging_hot_spots(z: pd.DataFrame, p: pd.DataFrame,
                       config: EarlyWarningConfig | None = None) -> pd.DataFrame:
    """Return the category of every region from monthly Gi* tables (rows regions, columns months).

    Only the last ``emerging_window_months`` months are classified.
    """
    config = config or EarlyWarningConfig()
    window = list(z.columns)[-config.emerging_window_months:]
    rows = {
        code: classify(z.loc[code, window].to_numpy(), p.loc[code, window].to_numpy(),
                       config.spatial_alpha, config.emerging_share, config.trend_alpha)
        for code in z.index
    }
    return pd.DataFrame.from_dict(rows, orient="index")
