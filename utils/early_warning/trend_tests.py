"""Trend tests: Mann-Kendall with Sen's slope, seasonal when the history allows, and BH.

A monthly series is tested with the seasonal Mann-Kendall test (Hirsch and Slack) once it
covers at least two seasonal cycles: each calendar month is compared only with the same
month of other years, so a region whose appeals always rise in winter shows no trend. Shorter
series get the original test. The slope is Sen's (seasonal Sen's for the seasonal test),
per month. ``pymannkendall`` does the statistics.

:func:`year_on_year` is the other seasonal variant: the last months against the same
months a year earlier. It reacts to a rise within the last year sooner than the
Mann-Kendall test, which needs the rise to show across most of the window.

Testing twenty regions (or a hundred enterprises) at once makes some p-values small by
chance; :func:`benjamini_hochberg` turns them into adjusted p-values that control the
false discovery rate, and a trend counts as significant when its adjusted p-value is below
``trend_alpha``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pymannkendall as mk
from scipy import stats

from utils.early_warning.config import EarlyWarningConfig


def benjamini_hochberg(p_values: np.ndarray | list[float] | pd.Series) -> np.ndarray:
    """Return Benjamini-Hochberg adjusted p-values (NaN stays NaN and is not counted).

    The adjusted value of the i-th smallest of m p-values is
    ``min over j >= i of p_(j) * m / j``, capped at 1.
    """
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    present = ~np.isnan(p)
    m = int(present.sum())
    if m == 0:
        return adjusted
    values = p[present]
    order = np.argsort(values, kind="stable")
    ranked = values[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    adjusted[present] = out
    return adjusted


def mann_kendall(series: np.ndarray | pd.Series, period: int = 12,
                 min_cycles: int = 2) -> dict[str, float | str]:
    """Return the Mann-Kendall test of one monthly series.

    Parameters
    ----------
    series
        Values in time order (NaN allowed; they are skipped).
    period
        Months in a seasonal cycle.
    min_cycles
        With at least this many cycles the seasonal test is used.

    Returns
    -------
    dict
        ``test`` (``seasonal`` or ``original``; ``none`` for fewer than 4 values), ``tau``,
        ``z``, ``p`` (two-sided), ``slope`` (Sen's slope per month), ``slope_pct`` (the slope
        as a share of the series' average, % a month) and ``months``.
    """
    x = np.asarray(series, dtype=float)
    months = int(np.sum(~np.isnan(x)))
    empty = {"test": "none", "tau": math.nan, "z": math.nan, "p": math.nan,
             "slope": math.nan, "slope_pct": math.nan, "months": months}
    if months < 4:
        return empty
    if np.nanmax(x) == np.nanmin(x):
        return {**empty, "test": "original", "tau": 0.0, "z": 0.0, "p": 1.0, "slope": 0.0,
                "slope_pct": 0.0}
    if len(x) >= min_cycles * period:
        result = mk.seasonal_test(x, period=period)
        test, slope = "seasonal", float(result.slope) / period
    else:
        result = mk.original_test(x)
        test, slope = "original", float(result.slope)
    mean = float(np.nanmean(x))
    slope_pct = slope / mean * 100.0 if mean > 0 else math.nan
    return {"test": test, "tau": float(result.Tau), "z": float(result.z), "p": float(result.p),
            "slope": slope, "slope_pct": slope_pct, "months": months}


def trend_table(values: pd.DataFrame, config: EarlyWarningConfig | None = None) -> pd.DataFrame:
    """Return the Mann-Kendall test of every unit's series, with BH-adjusted p-values.

    Parameters
    ----------
    values
        Rows: units; columns: months in calendar order.
    config
        ``seasonal_period`` and ``trend_alpha`` are used.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``values``: the fields of :func:`mann_kendall`, ``q`` (adjusted p over
        all units of the table), ``direction`` (``up``, ``down`` or ``none``) and
        ``significant`` (adjusted p below ``trend_alpha``).
    """
    config = config or EarlyWarningConfig()
    rows = [mann_kendall(row, config.seasonal_period, config.seasonal_min_years)
            for row in values.to_numpy(dtype=float)]
    table = pd.DataFrame(rows, index=values.index,
                         columns=["test", "tau", "z", "p", "slope", "slope_pct", "months"])
    table["q"] = benjamini_hochberg(table["p"].to_numpy())
    table["significant"] = table["q"] < config.trend_alpha
    table["direction"] = np.where(
        table["significant"], np.where(table["tau"] > 0, "up", "down"), "none"
    )
    return table


def year_on_year(values: pd.DataFrame, config: EarlyWarningConfig | None = None,
                 months: int | None = None) -> pd.DataFrame:
    """Return the year-on-year growth of each unit's last months and whether it is significant.

    Comparing months with the same months a year earlier cancels a regular season. For
    each month ``t`` the year-on-year change is ``log(1 + x_t) - log(1 + x_(t-12))``; the
    last ``months`` (``growth_months``, 3) changes are averaged and compared with zero
    against the spread of the earlier year-on-year changes (one-sided t-test, as many
    degrees of freedom as earlier changes less one), and the p-values are
    Benjamini-Hochberg adjusted over the units.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``values``: ``growth_pct`` (geometric average growth on a year
        earlier), ``p``, ``q``, ``significant`` (growth of at least
        ``moderate_increase_ratio`` and ``q`` below ``trend_alpha``) and ``earlier_mean``
        (the average of the same months a year earlier, so a reader can tell growth from
        almost nothing). NaN and False where fewer than ``12 + months + 6`` months are given.
    """
    config = config or EarlyWarningConfig()
    g = months or config.growth_months
    period = config.seasonal_period
    x = np.log1p(np.clip(values.to_numpy(dtype=float, na_value=0.0), 0.0, None))
    result = pd.DataFrame(index=values.index)
    if x.shape[1] < period + g + 6:
        for column in ("growth_pct", "p", "q", "earlier_mean"):
            result[column] = np.nan
        result["significant"] = False
        return result
    changes = x[:, period:] - x[:, :-period]
    recent, earlier = changes[:, -g:].mean(axis=1), changes[:, :-g]
    spread = earlier.std(axis=1, ddof=1)
    spread = np.maximum(spread, 1e-9)
    t_stat = recent / (spread / np.sqrt(g))
    p = stats.t.sf(t_stat, earlier.shape[1] - 1)
    result["growth_pct"] = np.expm1(recent) * 100.0
    result["p"] = p
    result["q"] = benjamini_hochberg(p)
    result["significant"] = (result["q"] < config.trend_alpha) & (
        np.expm1(recent) >= config.moderate_increase_ratio - 1.0)
    raw = values.to_numpy(dtype=float, na_value=0.0)
    result["earlier_mean"] = raw[:, -period - g:-period].mean(axis=1)
    return result
