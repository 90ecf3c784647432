"""Default thresholds and weights of the early warning, and how user overrides apply.

Every number the early warning uses to call a change "large", a trend "significant" or an
enterprise "high risk" lives here, so the methodology section of the hotspots screen and the
README can quote them. Users override them in the configuration file (sections
``[early_warning]`` and ``[tension_weights]``, read by ``utils.settings``); the early-warning
functions take the overrides as a plain mapping (:func:`load_config`) so they do not depend on
where they came from, and :func:`config_from_settings` is the one place that reads them from
the settings for the screens, the briefing and the command line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from utils import settings

#: Region indicators that get a change level and a trend test, in order of importance.
REGION_SIGNAL_INDICATORS: tuple[str, ...] = (
    "appeals",
    "collective_appeals",
    "arrears_kzt",
    "workers_owed",
    "layoffs",
    "incidents",
)

#: Enterprise indicators that get a change level.
ENTERPRISE_SIGNAL_INDICATORS: tuple[str, ...] = ("arrears_kzt", "workers_owed", "appeals")

#: Whether an indicator counts events (Poisson-like noise) or measures an amount or stock.
INDICATOR_KINDS: dict[str, str] = {
    "appeals": "count",
    "collective_appeals": "count",
    "people": "count",
    "layoffs": "count",
    "incidents": "count",
    "arrears_kzt": "amount",
    "workers_owed": "amount",
    "repaid_kzt": "amount",
    "workers_repaid": "amount",
    "overdue_months": "amount",
}

#: Weights of the region tension index (see ``utils.early_warning.tension.REGION_FACTORS``).
DEFAULT_REGION_WEIGHTS: dict[str, float] = {
    "arrears_per_employed": 2.0,
    "arrears_growth": 1.0,
    "workers_owed_per_1k_employed": 1.5,
    "appeals_per_100k": 1.5,
    "appeals_growth": 1.0,
    "collective_share": 1.0,
    "layoffs_per_1k_employed": 1.0,
    "incidents_per_100k": 1.0,
}

#: Weights of the enterprise risk score (see ``utils.early_warning.watchlist.ENTERPRISE_FACTORS``).
DEFAULT_ENTERPRISE_WEIGHTS: dict[str, float] = {
    "arrears_growth": 2.0,
    "arrears_amount": 1.0,
    "overdue_months": 1.5,
    "workers_owed": 1.0,
    "workers_owed_growth": 1.5,
    "appeals": 1.0,
    "collective_appeals": 2.0,
    "layoffs": 2.0,
    "incidents": 1.0,
}


def _default_min_baseline() -> dict[str, float]:
    return {
        "appeals": 3.0,
        "collective_appeals": 3.0,
        "people": 3.0,
        "layoffs": 3.0,
        "incidents": 3.0,
        "arrears_kzt": 1_000_000.0,
        "workers_owed": 10.0,
        "repaid_kzt": 1_000_000.0,
        "workers_repaid": 10.0,
        "overdue_months": 1.0,
    }


@dataclass(frozen=True)
class EarlyWarningConfig:
    """Thresholds of the early warning; every field can be overridden by name.

    Scope
        history_months
            Months of history (ending with ``as_of``) the early warning reads: three years.
        headline_indicator
            Indicator whose trend is shown when no indicator of a region trends significantly.
        max_reasons
            Reasons listed per region.

    Change against a baseline (``utils.early_warning.baseline``)
        recent_months
            Months that make up "the last period" (1: the last month).
        short_baseline_months, long_baseline_months
            The two plain baselines: the average of the previous 3 and 12 months.
        large_increase_ratio, moderate_increase_ratio, decrease_ratio
            Last period over the expected value: at least 2.0 is a large increase, at least
            1.25 a moderate one, at most 0.8 a decrease.
        level_alpha
            The change must also stand out from the unit's usual month-to-month noise: its
            one-sided p-value (difference over the noise of earlier months, at least the
            Poisson noise of a count; Student's t), Benjamini-Hochberg adjusted over all units
            judged together, must be below 0.05. This keeps noisy units from being called out
            by chance; the size of the change then names it (a significant doubling is a
            large increase, whatever its p-value below the threshold).
        min_baseline
            Small-number guard per indicator: a unit whose expected value is below it (e.g.
            under 3 appeals a month) is at most a moderate increase, so 1 to 3 events is never
            a large increase.
        seasonal_alpha, seasonal_min_years
            A series is seasonal when the same calendar months stand out in each of at least
            two earlier years (one-way analysis of variance of the months of each year over
            that year's average, p below 0.05). Then the expected value is the last year's
            average times the usual factor of that calendar month, and a usual winter peak
            reads "seasonal, as usual".
        amount_noise_floor
            Noise floor of amounts as a share of the expected value (5 %), so a constant
            series does not make any small change "significant".

    Trend tests (``utils.early_warning.trend_tests``)
        trend_alpha
            Significance level of Mann-Kendall trends after the Benjamini-Hochberg correction
            over all units tested together (false discovery rate 5 %).
        seasonal_period
            Months in a seasonal cycle; with at least two cycles the seasonal Mann-Kendall
            test (Hirsch-Slack) compares each calendar month only with itself.

    Spatial statistics (``utils.early_warning.spatial``, ``utils.early_warning.emerging``)
        spatial_indicator
            The rate mapped for hot spots (see ``utils.early_warning.spatial.SPATIAL_INDICATORS``).
        spatial_alpha, permutations, seed, spatial_transform
            Pseudo p-value threshold of Gi* and local Moran's I, number of conditional
            permutations, the fixed random seed, and the weights transform (``B`` binary,
            as in the published Gi*; ``R`` row-standardised).
        emerging_window_months
            Months of Gi* history classified into emerging hot-spot categories.
        emerging_share
            The published "90 % of the time-step intervals" share.

    Tension index and watchlist (``utils.early_warning.tension``, ``utils.early_warning.watchlist``)
        region_weights, enterprise_weights
            Weights of the factors; a weight of 0 removes a factor.
        standard_clip
            Standardised region factors are clipped to +/- 3 so one extreme value cannot
            dominate the index.
        watchlist_size, watchlist_min_score
            At most 100 enterprises, each with a risk score of at least 15 of 100.
        risk_levels
            Score thresholds of the enterprise risk levels (high, elevated, watch), rising
            from above 0: an enterprise with nothing to score is ``low``.
        enterprise_trend_candidates
            How many enterprises from the top of the list get a Mann-Kendall test of their
            arrears as supporting evidence.
    """

    history_months: int = 36
    headline_indicator: str = "appeals"
    max_reasons: int = 5
    recent_months: int = 1
    short_baseline_months: int = 3
    long_baseline_months: int = 12
    min_history_months: int = 6
    large_increase_ratio: float = 2.0
    moderate_increase_ratio: float = 1.25
    decrease_ratio: float = 0.8
    level_alpha: float = 0.05
    min_baseline: dict[str, float] = field(default_factory=_default_min_baseline)
    seasonal_alpha: float = 0.05
    seasonal_min_years: int = 2
    amount_noise_floor: float = 0.05
    trend_alpha: float = 0.05
    seasonal_period: int = 12
    spatial_indicator: str = "appeals_per_100k"
    spatial_alpha: float = 0.05
    permutations: int = 999
    seed: int = 20250101
    spatial_transform: str = "B"
    emerging_window_months: int = 36
    emerging_share: float = 0.9
    growth_months: int = 3
    region_weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_REGION_WEIGHTS)
    )
    enterprise_weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_ENTERPRISE_WEIGHTS)
    )
    standard_clip: float = 3.0
    watchlist_size: int = 100
    watchlist_min_score: float = 15.0
    risk_levels: dict[str, float] = field(
        default_factory=lambda: {"high": 50.0, "elevated": 30.0, "watch": 15.0}
    )
    enterprise_trend_candidates: int = 100

    def to_dict(self) -> dict[str, Any]:
        """Return the configuration as plain data (for the methodology section and JSON)."""
        return dataclasses.asdict(self)


def _valid_names() -> list[str]:
    return sorted(f.name for f in dataclasses.fields(EarlyWarningConfig))


def _merge_weights(
    defaults: Mapping[str, float], override: Mapping[str, Any], section: str
) -> dict[str, float]:
    merged = dict(defaults)
    for name, value in override.items():
        if name not in defaults:
            valid = ", ".join(sorted(defaults))
            raise KeyError(
                f"Invalid tension weight {section}.{name!r}. Weight must be in the set: {valid}"
            )
        weight = float(value)
        if weight < 0:
            raise ValueError(f"Tension weight {section}.{name} must be >= 0, got {value!r}")
        merged[name] = weight
    if sum(merged.values()) <= 0:
        raise ValueError(f"Tension weights {section} are all zero; at least one must be > 0")
    return merged


def load_config(
    overrides: Mapping[str, Any] | None = None,
    tension_weights: Mapping[str, Any] | None = None,
) -> EarlyWarningConfig:
    """Return the configuration: defaults updated with user overrides.

    Parameters
    ----------
    overrides
        Field names of :class:`EarlyWarningConfig` with new values, e.g. the
        ``early_warning`` settings section. ``min_baseline``, ``risk_levels`` and the weight
        tables are merged key by key.
    tension_weights
        The ``tension_weights`` settings section: ``{"region": {...}, "enterprise": {...}}``.

    Raises
    ------
    KeyError
        On an unknown field or weight name; the message lists the valid ones.
    """
    base = EarlyWarningConfig()
    changes: dict[str, Any] = {}
    for name, value in (overrides or {}).items():
        if name not in _valid_names():
            valid = ", ".join(_valid_names())
            raise KeyError(
                f"Invalid early_warning setting: {name!r}. Setting must be in the set: {valid}"
            )
        current = getattr(base, name)
        if name in ("region_weights", "enterprise_weights"):
            section = name.removesuffix("_weights")
            changes[name] = _merge_weights(current, value, section)
        elif isinstance(current, dict):
            unknown = set(value) - set(current)
            if unknown:
                valid = ", ".join(sorted(current))
                raise KeyError(
                    f"Invalid key(s) {sorted(unknown)} in early_warning.{name}. "
                    f"Key must be in the set: {valid}"
                )
            changes[name] = {**current, **{k: float(v) for k, v in value.items()}}
        else:
            changes[name] = type(current)(value)
    for section, table in (tension_weights or {}).items():
        if section not in ("region", "enterprise"):
            raise KeyError(
                f"Invalid tension_weights section: {section!r}. "
                "Section must be in the set: enterprise, region"
            )
        name = f"{section}_weights"
        changes[name] = _merge_weights(changes.get(name, getattr(base, name)), table, section)
    config = dataclasses.replace(base, **changes)
    _check(config)
    return config


def config_from_settings() -> EarlyWarningConfig:
    """Return the configuration in force: the defaults updated with the settings file.

    Reads the ``early_warning`` and ``tension_weights`` sections of ``utils.settings`` and
    applies them with :func:`load_config`; the hotspots screen, the map's enterprise colours,
    the briefing and ``cli.py hotspots`` all take their configuration from here.

    Raises
    ------
    KeyError
        On an unknown setting or weight name; the message lists the valid ones.
    """
    return load_config(settings.get("early_warning"), settings.get("tension_weights"))


def _check(config: EarlyWarningConfig) -> None:
    if not (config.decrease_ratio < 1.0 < config.moderate_increase_ratio
            <= config.large_increase_ratio):
        raise ValueError(
            "early_warning ratios must satisfy decrease_ratio < 1 < moderate_increase_ratio "
            f"<= large_increase_ratio; got {config.decrease_ratio}, "
            f"{config.moderate_increase_ratio}, {config.large_increase_ratio}"
        )
    levels = config.risk_levels
    if not 0 < levels["watch"] <= levels["elevated"] <= levels["high"]:
        raise ValueError(
            "early_warning.risk_levels must satisfy 0 < watch <= elevated <= high; got "
            f"watch {levels['watch']}, elevated {levels['elevated']}, high {levels['high']}"
        )
    if config.recent_months < 1:
        raise ValueError(f"early_warning.recent_months must be >= 1, got {config.recent_months}")
    if config.permutations < 99:
        raise ValueError(f"early_warning.permutations must be >= 99, got {config.permutations}")
