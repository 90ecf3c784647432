"""Tension index of the regions: a weighted average of standardised indicators.

Each factor below is measured for every region at the month in force. Each is then
standardised against the other regions the robust way: its distance from the national middle
(the median region) in "typical deviations" (1.4826 times the median absolute deviation; the
standard deviation when that is zero), clipped to +/- ``standard_clip`` (3) so that one
extreme value cannot dominate. The tension index is the weighted average of these standard
scores with the configured weights, so it reads: "on the weighted indicators the region
stands on average 1.4 typical deviations above the national middle". The contribution of a
factor is its weight share times its standard score; the largest contributions are the top
factors shown beside each region.

Factors (``g`` = ``growth_months``, 3):

``arrears_per_employed``
    Wage arrears outstanding at the end of the month, KZT per employed person.
``arrears_growth``
    Arrears now against the same month a year earlier (against ``g`` months earlier when
    there is less than a year of history), in %; standardised on the log scale so doubling
    and halving weigh alike.
``workers_owed_per_1k_employed``
    Workers owed wages at the end of the month per 1 000 employed.
``appeals_per_100k``
    Appeals per month over the last ``g`` months per 100 000 residents.
``appeals_growth``
    Appeals in the last ``g`` months against the same months a year earlier (seasonally
    neutral), in %, log scale.
``collective_share``
    Share of collective appeals (more than one person) among the appeals of the last ``g``
    months, in %.
``layoffs_per_1k_employed``
    Workers laid off per month over the last ``g`` months per 1 000 employed.
``incidents_per_100k``
    Labour incidents per month over the last ``g`` months per 100 000 residents.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Factor name -> unit in which its value is shown.
REGION_FACTORS: dict[str, str] = {
    "arrears_per_employed": "kzt",
    "arrears_growth": "pct",
    "workers_owed_per_1k_employed": "per_1k",
    "appeals_per_100k": "per_100k",
    "appeals_growth": "pct",
    "collective_share": "pct",
    "layoffs_per_1k_employed": "per_1k",
    "incidents_per_100k": "per_100k",
}

# Added to both sides of a growth ratio so that growth from almost nothing is not infinite.
_GROWTH_OFFSET = {"arrears_kzt": 1_000_000.0, "appeals": 3.0}


def _growth(now: np.ndarray, before: np.ndarray, offset: float) -> tuple[np.ndarray, np.ndarray]:
    """Return growth in % (for display) and the log ratio (for standardising)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(before > 0, (now - before) / before * 100.0, np.nan)
    log_ratio = np.log((now + offset) / (before + offset))
    return pct, log_ratio


def region_factors(
    wide: Mapping[str, pd.DataFrame],
    population: pd.Series,
    employed: pd.Series,
    growth_months: int = 3,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the factor values of each region at the last month of the tables.

    Parameters
    ----------
    wide
        Region-by-month tables (columns in calendar order, the last one ``as_of``) of
        ``arrears_kzt``, ``workers_owed``, ``appeals``, ``collective_appeals``, ``layoffs``,
        ``incidents``.
    population, employed
        Residents and employed persons per region.
    growth_months
        Length ``g`` of the recent period.

    Returns
    -------
    values
        Regions by factors, in the units of :data:`REGION_FACTORS` (growth in %).
    scaled
        The same with growth as log ratios: what is standardised.
    """
    arrears = wide["arrears_kzt"].to_numpy(float)
    months = arrears.shape[1]
    g = min(growth_months, months)
    index = wide["arrears_kzt"].index
    pop = population.reindex(index).to_numpy(float)
    emp = employed.reindex(index).to_numpy(float)
    pop = np.where(pop > 0, pop, np.nan)
    emp = np.where(emp > 0, emp, np.nan)

    def recent(name: str) -> np.ndarray:
        return wide[name].to_numpy(float)[:, months - g:]

    year_back = 12 if months > 12 else min(g, months - 1)
    arrears_before = arrears[:, months - 1 - year_back] if months > 1 else arrears[:, -1]
    arrears_pct, arrears_log = _growth(arrears[:, -1], arrears_before,
                                       _GROWTH_OFFSET["arrears_kzt"])
    appeals = wide["appeals"].to_numpy(float)
    appeals_now = appeals[:, months - g:].sum(axis=1)
    back = 12 if months >= 12 + g else g
    if months >= back + g:
        appeals_before = appeals[:, months - g - back: months - back].sum(axis=1)
    else:
        appeals_before = np.full(len(index), np.nan)
    appeals_pct, appeals_log = _growth(appeals_now, appeals_before, _GROWTH_OFFSET["appeals"])
    collective = recent("collective_appeals").sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        collective_share = np.where(appeals_now > 0, collective / appeals_now * 100.0, 0.0)

    values = pd.DataFrame(
        {
            "arrears_per_employed": arrears[:, -1] / emp,
            "arrears_growth": arrears_pct,
            "workers_owed_per_1k_employed": wide["workers_owed"].to_numpy(float)[:, -1]
            / emp * 1e3,
            "appeals_per_100k": appeals[:, months - g:].mean(axis=1) / pop * 1e5,
            "appeals_growth": appeals_pct,
            "collective_share": collective_share,
            "layoffs_per_1k_employed": recent("layoffs").mean(axis=1) / emp * 1e3,
            "incidents_per_100k": recent("incidents").mean(axis=1) / pop * 1e5,
        },
        index=index,
    )
    scaled = values.copy()
    scaled["arrears_growth"] = arrears_log
    scaled["appeals_growth"] = appeals_log
    return values, scaled


def robust_z(frame: pd.DataFrame, clip: float = 3.0) -> pd.DataFrame:
    """Return each column's distance from its median in typical deviations, clipped.

    The typical deviation is 1.4826 times the median absolute deviation (equal to the
    standard deviation for normal data); when it is zero the standard deviation is used,
    and when that is zero too the column scores 0. Missing values score 0 (the middle).
    """
    median = frame.median(skipna=True)
    mad = (frame - median).abs().median(skipna=True) * 1.4826
    spread = mad.where(mad > 0, frame.std(skipna=True, ddof=0))
    spread = spread.where(spread > 0)
    z = (frame - median) / spread
    return z.fillna(0.0).clip(-clip, clip)


def tension_index(scaled: pd.DataFrame, weights: Mapping[str, float],
                  clip: float = 3.0) -> pd.DataFrame:
    """Return the tension index of each unit with each factor's standard score and share.

    Parameters
    ----------
    scaled
        Units by factors (see :func:`region_factors`).
    weights
        Weight of each factor; factors absent from ``weights`` or weighted 0 are left out.

    Returns
    -------
    pandas.DataFrame
        ``tension_index`` and, per factor ``f``, ``z_f`` and ``contribution_f`` (the index is
        the sum of the contributions).
    """
    unknown = sorted(set(weights) - set(scaled.columns))
    if unknown:
        valid = ", ".join(scaled.columns)
        raise KeyError(f"Invalid tension factor(s) {unknown}. Factor must be in the set: {valid}")
    used = [name for name in scaled.columns if weights.get(name, 0.0) > 0]
    total = sum(weights[name] for name in used)
    z = robust_z(scaled[used], clip)
    result = pd.DataFrame(index=scaled.index)
    contributions = z.mul(pd.Series({name: weights[name] / total for name in used}))
    result["tension_index"] = contributions.sum(axis=1)
    for name in used:
        result[f"z_{name}"] = z[name]
        result[f"contribution_{name}"] = contributions[name]
    return result


def top_factors(index: pd.DataFrame, values: pd.DataFrame,
                count: int = 3) -> dict[str, list[dict[str, float | str]]]:
    """Return, per unit, the factors that raise its index most (positive contributions only)."""
    names = [c.removeprefix("contribution_") for c in index.columns
             if c.startswith("contribution_")]
    out: dict[str, list[dict[str, float | str]]] = {}
    for unit in index.index:
        items = [
            {"factor": name, "value": float(values.at[unit, name]),
             "unit": REGION_FACTORS.get(name, ""), "z": float(index.at[unit, f"z_{name}"]),
             "contribution": float(index.at[unit, f"contribution_{name}"])}
            for name in names
        ]
        items = [item for item in items if item["contribution"] > 0]
        items.sort(key=lambda item: item["contribution"], reverse=True)
        out[unit] = items[:count]
    return out
