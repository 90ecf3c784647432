"""Change of the last period against a baseline, with a small-number guard and seasonality.

For every unit (a region or an enterprise) the last month is compared with what was expected
from the months before it, the way conflict monitors flag change: the expected value is the
average of the previous 12 months (the previous 3 months are reported beside it), or, for a
seasonal series, that average times the usual factor of the calendar month. The comparison
gives one of these levels:

``large_increase`` (a sharp rise)
    at least ``large_increase_ratio`` (2.0) times the expected value, significantly above it
    (adjusted p below ``level_alpha``, 0.05), and an expected value of at least
    ``min_baseline`` (e.g. 3 appeals a month): small numbers are never a sharp rise.
``moderate_increase`` (a rise)
    at least ``moderate_increase_ratio`` (1.25) times expected and significantly above it,
    and not a sharp rise. The names follow the size: a significant doubling is always a
    sharp rise, so a tenfold jump is never called moderate.
``decrease``
    at most ``decrease_ratio`` (0.8) times expected and significantly below it.
``seasonal_as_usual``
    a seasonal series whose last month differs from the plain 12-month average by at least
    the moderate ratio, but is in line with the same month of earlier years.
``limited_change``
    anything else.
``insufficient_history``
    fewer than ``min_history_months`` months before the last period.

"Significantly" means: the difference over the unit's noise, ``z``, is unlikely by chance.
The noise is the standard deviation of the unit's earlier months around the expected values
(for a seasonal series: around the seasonal pattern), never less than the Poisson noise of a
count (square root of the expected value) or 5 % of an amount. Since the noise is estimated
from a year or two of months, ``z`` is read against Student's t (11 degrees of freedom for
12 months), and as every unit of the table is tested at once the one-sided p-values are
Benjamini-Hochberg adjusted over the units, like the trend tests. Without this, one region
in twenty or so would show a "moderate increase" in some indicator every month by chance.

A series is *seasonal* when its calendar months stand out consistently: with at least two
full years before the last month, each year is divided by its own average and an analysis of
variance (months as treatments, years as blocks) tests whether the months differ; p below
``seasonal_alpha`` (0.05), a yearly average of at least ``min_baseline`` and at least 75 %
of months with a non-zero value make it seasonal.

All functions work on a whole table of units at once (rows: units, columns: months in
calendar order), so two thousand enterprises cost about as much as twenty regions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from utils.early_warning.config import INDICATOR_KINDS, EarlyWarningConfig
from utils.early_warning.trend_tests import benjamini_hochberg

#: Levels in increasing order of concern; ``severity`` below uses this order.
LEVELS: tuple[str, ...] = (
    "insufficient_history",
    "decrease",
    "limited_change",
    "seasonal_as_usual",
    "moderate_increase",
    "large_increase",
)
INCREASE_LEVELS = frozenset({"moderate_increase", "large_increase"})

#: A series with more empty months than this share is never judged seasonal: scattered
#: episodes (an enterprise's arrears now and then) are not a season.
SEASONAL_MIN_NONZERO_SHARE = 0.75


def severity(level: str) -> int:
    """Return the rank of ``level`` in :data:`LEVELS` (higher: more concern)."""
    return LEVELS.index(level)


def indicator_kind(indicator: str) -> str:
    """Return ``count`` or ``amount`` for ``indicator``; unknown names list the valid ones."""
    if indicator not in INDICATOR_KINDS:
        valid = ", ".join(sorted(INDICATOR_KINDS))
        raise KeyError(f"Invalid indicator: {indicator!r}. Indicator must be in the set: {valid}")
    return INDICATOR_KINDS[indicator]


def seasonal_profile(
    prior: np.ndarray, period: int, min_years: int, min_level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Estimate the seasonal pattern of each row from its last full years.

    Parameters
    ----------
    prior
        Units by months, the months before the period being judged, oldest first.
    period
        Months in a year.
    min_years
        Full years needed to judge seasonality.
    min_level
        Smallest yearly average (per unit) for which seasonality is judged at all.

    Returns
    -------
    factors
        Units by ``period``: usual factor of each position; position 0 is the calendar month
        right after the last prior month (the month being judged).
    last_year_mean
        Average of the last full year before the judged month.
    relative_sd
        Residual standard deviation of a month around its seasonal factor, as a share of the
        yearly average.
    p_value
        p-value of the test that months differ (NaN where not judged).
    """
    units, months = prior.shape
    years = months // period
    nan = np.full(units, np.nan)
    if years < max(min_years, 2):
        return np.ones((units, period)), nan, nan, nan
    blocks = prior[:, months - years * period:].reshape(units, years, period)
    block_means = blocks.mean(axis=2)
    nonzero_share = (blocks > 0).mean(axis=(1, 2))
    judged = np.all(block_means >= max(min_level, 1e-12), axis=1) & (
        nonzero_share >= SEASONAL_MIN_NONZERO_SHARE)
    safe_means = np.where(block_means > 0, block_means, 1.0)
    relative = blocks / safe_means[:, :, None]
    factors = relative.mean(axis=1)
    between = years * ((factors - 1.0) ** 2).sum(axis=1)
    within = ((relative - factors[:, None, :]) ** 2).sum(axis=(1, 2))
    df_between = period - 1
    df_within = (period - 1) * (years - 1)
    mean_within = within / df_within
    with np.errstate(divide="ignore", invalid="ignore"):
        f_stat = (between / df_between) / mean_within
    f_stat = np.where(mean_within <= 1e-15, np.where(between > 1e-12, np.inf, 0.0), f_stat)
    p_value = np.where(judged, stats.f.sf(f_stat, df_between, df_within), np.nan)
    factors = np.where(judged[:, None], factors, 1.0)
    return factors, block_means[:, -1], np.sqrt(mean_within), p_value


def _noise_floor(expected: np.ndarray, kind: str, min_level: float, config) -> np.ndarray:
    if kind == "count":
        return np.sqrt(np.maximum(expected, 1.0))
    return np.maximum(config.amount_noise_floor * np.abs(expected), 0.5 * min_level)


def _judge(recent, expected, noise, df, min_level, config) -> dict[str, np.ndarray]:
    """Return ratio, z, one-sided p-values (BH-adjusted over units) and the level."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, recent / expected, np.where(recent > 0, np.inf, 1.0))
        z = (recent - expected) / noise
    z = np.nan_to_num(z, nan=0.0)
    # The noise is estimated from ``df`` earlier months: Student's t, not the normal.
    p_up = benjamini_hochberg(stats.t.sf(z, df))
    p_down = benjamini_hochberg(stats.t.cdf(z, df))
    large = (
        (ratio >= config.large_increase_ratio)
        & (p_up < config.level_alpha)
        & (expected >= min_level)
    )
    moderate = (ratio >= config.moderate_increase_ratio) & (p_up < config.level_alpha)
    decrease = (ratio <= config.decrease_ratio) & (p_down < config.level_alpha)
    level = np.select(
        [large, moderate, decrease],
        ["large_increase", "moderate_increase", "decrease"],
        default="limited_change",
    ).astype(object)
    return {"level": level, "ratio": ratio, "z": z, "p_up": p_up, "p_down": p_down}


def change_levels(
    values: pd.DataFrame, indicator: str, config: EarlyWarningConfig | None = None
) -> pd.DataFrame:
    """Return the change level of the last period of each unit against its baseline.

    Parameters
    ----------
    values
        Rows: units; columns: consecutive months in calendar order, the last one being the
        month in force (``as_of``). Missing values count as zero.
    indicator
        Name of the indicator (decides count or amount noise and the small-number guard).
    config
        Thresholds; defaults of :class:`~utils.early_warning.config.EarlyWarningConfig`.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``values``: ``recent`` (average of the last period), ``baseline_short``
        and ``baseline_long`` (averages of the previous 3 and 12 months), ``seasonal``
        (bool), ``seasonal_factor`` (usual factor of the judged month), ``seasonal_p``,
        ``expected``, ``ratio`` and ``change_pct`` (last period against expected), ``z``
        (difference over noise), ``plain_ratio`` (against the 12-month average) and
        ``level`` (see the module docstring).
    """
    config = config or EarlyWarningConfig()
    kind = indicator_kind(indicator)
    min_level = float(config.min_baseline.get(indicator, 0.0))
    matrix = values.to_numpy(dtype=float, na_value=0.0)
    units, months = matrix.shape
    recent_n = config.recent_months
    prior = matrix[:, : max(months - recent_n, 0)]
    n_prior = prior.shape[1]
    result = pd.DataFrame(index=values.index)
    if n_prior < config.min_history_months:
        result["recent"] = matrix[:, months - recent_n:].mean(axis=1) if months else np.nan
        for column in ("baseline_short", "baseline_long", "seasonal_factor", "seasonal_p",
                       "expected", "ratio", "change_pct", "z", "p_increase", "p_decrease",
                       "plain_ratio"):
            result[column] = np.nan
        result["seasonal"] = False
        result["level"] = "insufficient_history"
        return result

    recent = matrix[:, months - recent_n:].mean(axis=1)
    long_n = min(config.long_baseline_months, n_prior)
    baseline_short = prior[:, -config.short_baseline_months:].mean(axis=1)
    baseline_long = prior[:, -long_n:].mean(axis=1)
    long_sd = prior[:, -long_n:].std(axis=1, ddof=1)
    plain_noise = np.maximum(long_sd, _noise_floor(baseline_long, kind, min_level, config))
    plain_noise = plain_noise / np.sqrt(recent_n)
    plain = _judge(recent, baseline_long, plain_noise, max(long_n - 1, 1), min_level, config)

    period = config.seasonal_period
    factors, last_year_mean, relative_sd, seasonal_p = seasonal_profile(
        prior, period, config.seasonal_min_years, min_level
    )
    seasonal = np.nan_to_num(seasonal_p, nan=1.0) < config.seasonal_alpha
    factor = factors[:, : min(recent_n, period)].mean(axis=1)
    seasonal_expected = last_year_mean * factor
    years = n_prior // period
    seasonal_sd = relative_sd * np.nan_to_num(last_year_mean) * np.sqrt(1 + 1 / max(years, 1))
    seasonal_noise = np.maximum(
        np.nan_to_num(seasonal_sd), _noise_floor(seasonal_expected, kind, min_level, config)
    ) / np.sqrt(recent_n)
    seasonal_df = max((period - 1) * (years - 1), 1)
    season = _judge(recent, np.nan_to_num(seasonal_expected), seasonal_noise, seasonal_df,
                    min_level, config)

    level = np.where(seasonal, season["level"], plain["level"]).astype(object)
    naive_change = (plain["ratio"] >= config.moderate_increase_ratio) | (
        plain["ratio"] <= config.decrease_ratio
    )
    level = np.where(seasonal & (level == "limited_change") & naive_change,
                     "seasonal_as_usual", level)

    result["recent"] = recent
    result["baseline_short"] = baseline_short
    result["baseline_long"] = baseline_long
    result["seasonal"] = seasonal
    result["seasonal_factor"] = np.where(seasonal, factor, np.nan)
    result["seasonal_p"] = seasonal_p
    result["expected"] = np.where(seasonal, seasonal_expected, baseline_long)
    result["ratio"] = np.where(seasonal, season["ratio"], plain["ratio"])
    with np.errstate(invalid="ignore"):
        result["change_pct"] = (result["ratio"] - 1.0) * 100.0
    result["z"] = np.where(seasonal, season["z"], plain["z"])
    result["p_increase"] = np.where(seasonal, season["p_up"], plain["p_up"])
    result["p_decrease"] = np.where(seasonal, season["p_down"], plain["p_down"])
    result["plain_ratio"] = plain["ratio"]
    result["level"] = level
    return result


def worst_level(levels: pd.DataFrame) -> pd.DataFrame:
    """Return, per unit, the most concerning level across indicator columns and its indicator.

    ``levels`` has one column per indicator holding level names. A unit is ``decrease`` only
    when no indicator says more than that.
    """
    ranks = levels.apply(lambda column: column.map(severity))
    best = ranks.idxmax(axis=1)
    return pd.DataFrame(
        {"level": [levels.at[unit, col] for unit, col in best.items()], "indicator": best},
        index=levels.index,
    )
