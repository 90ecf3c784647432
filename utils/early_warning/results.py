"""The early-warning report as typed results: what the screens, the briefing and the CLI read.

``utils.early_warning.report`` builds these; everything above it (the hotspots screen, the
map, the briefing, ``cli.py hotspots``, the benchmarks) reads their attributes instead of
string keys. Every result is a frozen dataclass whose ``to_json()`` returns the plain dict of
``cli.py hotspots --json``: the same keys in the same order, numbers as plain Python numbers
and NaN as None (the report cleans the values before it builds a result, so attributes and
JSON agree).

Reasons and notes stay messages (``{"key", "params", "text"}``, see
``utils.early_warning.messages``): the interface translates them by key. Tables keyed by
indicator, factor or setting name (``facts``, ``factors``, ``top_factors``, the configuration
in force) stay mappings.

This module imports nothing from its own package, so any module can use it without an import
circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _plain(value: Any) -> Any:
    """Return ``value`` with its dicts and lists copied, so JSON output never aliases a result."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Trend:
    """Mann-Kendall trend of one indicator of a region, with Sen's slope.

    ``p`` is Benjamini-Hochberg adjusted over the regions, ``p_raw`` is the test's own;
    ``test`` names the variant (seasonal with two years of history); ``direction`` is
    ``up``, ``down`` or ``none``; ``months`` is the length of the series tested.
    """

    indicator: str
    slope: float | None
    slope_pct: float | None
    p: float | None
    p_raw: float | None
    tau: float | None
    test: str | None
    direction: str
    months: int | None

    def to_json(self) -> dict[str, Any]:
        """Return the trend as in the JSON report."""
        return {"indicator": self.indicator, "slope": self.slope, "slope_pct": self.slope_pct,
                "p": self.p, "p_raw": self.p_raw, "tau": self.tau, "test": self.test,
                "direction": self.direction, "months": self.months}


@dataclass(frozen=True)
class YearOnYear:
    """Growth of a region's last months on the same months a year earlier.

    ``significant`` when the Benjamini-Hochberg adjusted ``q`` is below the trend threshold
    and the growth is at least a moderate increase; None and False with too little history.
    """

    growth_pct: float | None
    p: float | None
    q: float | None
    significant: bool

    def to_json(self) -> dict[str, Any]:
        """Return the growth as in the JSON report."""
        return {"growth_pct": self.growth_pct, "p": self.p, "q": self.q,
                "significant": self.significant}


@dataclass(frozen=True)
class IndicatorSignal:
    """One indicator of a region: its change level against the baseline, trend and growth.

    ``recent`` is the last period, ``expected`` the baseline it is judged against (seasonal
    when ``seasonal``), ``change_pct`` the difference in %, ``z`` the change over the unit's
    usual noise (see ``utils.early_warning.baseline``).
    """

    level: str
    recent: float | None
    expected: float | None
    change_pct: float | None
    baseline_short: float | None
    baseline_long: float | None
    seasonal: bool
    seasonal_factor: float | None
    z: float | None
    trend: Trend
    year_on_year: YearOnYear

    def to_json(self) -> dict[str, Any]:
        """Return the indicator's signals as in the JSON report."""
        return {"level": self.level, "recent": self.recent, "expected": self.expected,
                "change_pct": self.change_pct, "baseline_short": self.baseline_short,
                "baseline_long": self.baseline_long, "seasonal": self.seasonal,
                "seasonal_factor": self.seasonal_factor, "z": self.z,
                "trend": self.trend.to_json(), "year_on_year": self.year_on_year.to_json()}


@dataclass(frozen=True)
class GiStar:
    """Getis-Ord Gi* of a region in the report month and its emerging hot-spot history.

    ``hot_share`` and ``cold_share`` are the shares of months it was a significant hot or
    cold spot; ``trend_tau`` and ``trend_p`` the Mann-Kendall trend of its z-scores.
    """

    z: float | None
    p: float | None
    hot_share: float | None
    cold_share: float | None
    trend_tau: float | None
    trend_p: float | None

    def to_json(self) -> dict[str, Any]:
        """Return Gi* as in the JSON report."""
        return {"z": self.z, "p": self.p, "hot_share": self.hot_share,
                "cold_share": self.cold_share, "trend_tau": self.trend_tau,
                "trend_p": self.trend_p}


@dataclass(frozen=True)
class LocalMoran:
    """Local Moran's I of a region: its quadrant and, when significant, its cluster."""

    quadrant: str | None
    cluster: str | None
    p: float | None

    def to_json(self) -> dict[str, Any]:
        """Return local Moran's I as in the JSON report."""
        return {"quadrant": self.quadrant, "cluster": self.cluster, "p": self.p}


@dataclass(frozen=True)
class RegionEntry:
    """One region of the report with its verdict, ranked as ``utils.early_warning.verdict`` says.

    ``level`` is the region's verdict (``large_increase`` a sharp rise, ``moderate_increase``
    a rise, ``seasonal_as_usual``, ``limited_change``, ``decrease``,
    ``insufficient_history``) and ``level_indicator`` the indicator behind it; ``rising``
    is True exactly for the two rises; ``rising_indicators`` counts the indicators that
    rise; ``verdict_messages`` are the verdict's reason (one or two clauses in words and
    units) and ``verdict`` its English sentence. ``change_level`` is the most concerning
    change of the last month against the usual level over the indicators (one input of the
    verdict). ``trend`` is the headline trend (the most significant rising one, else the
    most significant falling one, else the headline indicator's); ``indicators`` the
    signals of every indicator; ``top_factors`` the factors that raise the tension index
    most (``factor``, ``value``, ``unit``, ``z``, ``contribution``); ``reason_messages`` the
    detailed evidence with its statistics (for the methodology) and ``reasons`` its English
    text.
    """

    code: str
    name_en: str
    name_ru: str
    name_kk: str
    tension_index: float | None
    level: str
    level_indicator: str | None
    rising: bool
    rising_indicators: int
    verdict_messages: list[dict[str, Any]]
    verdict: str
    change_level: str
    trend: Trend
    emerging_category: str
    emerging_rising: bool
    gi_star: GiStar
    local_moran: LocalMoran
    spatial_rate: float | None
    indicators: dict[str, IndicatorSignal]
    top_factors: list[dict[str, Any]]
    reason_messages: list[dict[str, Any]]
    reasons: list[str]
    rank: int

    def to_json(self) -> dict[str, Any]:
        """Return the region as in the JSON report (its rank last)."""
        return {
            "code": self.code,
            "name_en": self.name_en,
            "name_ru": self.name_ru,
            "name_kk": self.name_kk,
            "tension_index": self.tension_index,
            "level": self.level,
            "level_indicator": self.level_indicator,
            "rising": self.rising,
            "rising_indicators": self.rising_indicators,
            "verdict": self.verdict,
            "verdict_messages": _plain(self.verdict_messages),
            "change_level": self.change_level,
            "trend": self.trend.to_json(),
            "emerging_category": self.emerging_category,
            "emerging_rising": self.emerging_rising,
            "gi_star": self.gi_star.to_json(),
            "local_moran": self.local_moran.to_json(),
            "spatial_rate": self.spatial_rate,
            "indicators": {name: signal.to_json() for name, signal in self.indicators.items()},
            "top_factors": _plain(self.top_factors),
            "reason_messages": _plain(self.reason_messages),
            "reasons": list(self.reasons),
            "rank": self.rank,
        }


@dataclass(frozen=True)
class RegionVerdict:
    """A region's verdict as the home page shows it: the fields of ``RegionEntry`` that say
    whether and why tension is rising there, and its rank, without the statistics.
    """  # noqa: D205

    code: str
    as_of: str
    level: str
    level_indicator: str | None
    rising: bool
    rising_indicators: int
    verdict_messages: list[dict[str, Any]]
    verdict: str
    tension_index: float | None
    rank: int

    def to_json(self) -> dict[str, Any]:
        """Return the verdict as a plain dict."""
        return {"code": self.code, "as_of": self.as_of, "level": self.level,
                "level_indicator": self.level_indicator, "rising": self.rising,
                "rising_indicators": self.rising_indicators,
                "verdict_messages": _plain(self.verdict_messages), "verdict": self.verdict,
                "tension_index": self.tension_index, "rank": self.rank}


@dataclass(frozen=True)
class EnterpriseTrend:
    """Mann-Kendall trend of an enterprise's wage arrears (None beyond the tested candidates)."""

    indicator: str
    slope: float | None
    slope_pct: float | None
    p: float | None
    p_raw: float | None
    tau: float | None
    direction: str | None

    def to_json(self) -> dict[str, Any]:
        """Return the trend as in the JSON report."""
        return {"indicator": self.indicator, "slope": self.slope, "slope_pct": self.slope_pct,
                "p": self.p, "p_raw": self.p_raw, "tau": self.tau, "direction": self.direction}


@dataclass(frozen=True)
class EnterpriseEntry:
    """One enterprise of the watchlist, highest risk score (0-100) first.

    ``level`` is its most concerning change level (None when there is none); ``reasons`` the
    English text of ``reason_messages`` and ``reason_line`` the first three of them without
    "new on the list"; ``facts`` the figures behind the score and ``factors`` each factor's
    contribution to it.
    """

    rank: int
    bin: str
    name: str | None
    region: str | None
    industry: str | None
    score: float
    level: str | None
    level_indicator: str | None
    risk_level: str
    new_on_list: bool
    reasons: list[str]
    reason_messages: list[dict[str, Any]]
    reason_line: str
    facts: dict[str, Any]
    factors: dict[str, Any]
    trend: EnterpriseTrend

    def to_json(self) -> dict[str, Any]:
        """Return the enterprise as in the JSON report (its rank first)."""
        return {
            "rank": self.rank,
            "bin": self.bin,
            "name": self.name,
            "region": self.region,
            "industry": self.industry,
            "score": self.score,
            "level": self.level,
            "level_indicator": self.level_indicator,
            "risk_level": self.risk_level,
            "new_on_list": self.new_on_list,
            "reasons": list(self.reasons),
            "reason_messages": _plain(self.reason_messages),
            "reason_line": self.reason_line,
            "facts": dict(self.facts),
            "factors": dict(self.factors),
            "trend": self.trend.to_json(),
        }


@dataclass(frozen=True)
class Methodology:
    """How the report was made: the configuration in force, the factors and the ranking.

    ``config`` is ``EarlyWarningConfig.to_dict()``; ``region_factors`` and
    ``enterprise_factors`` describe each factor's scale and ``ranking`` says the order of
    the regions in words.
    """

    config: dict[str, Any]
    region_factors: dict[str, str]
    enterprise_factors: dict[str, str]
    ranking: str

    def to_json(self) -> dict[str, Any]:
        """Return the methodology as in the JSON report."""
        return {"config": _plain(self.config), "region_factors": dict(self.region_factors),
                "enterprise_factors": dict(self.enterprise_factors),
                "ranking": self.ranking}


@dataclass(frozen=True)
class EarlyWarningReport:
    """The early-warning report at ``as_of``: ranked regions, the watchlist, notes, method.

    ``months`` holds the first and last month read (empty when there was no data);
    ``spatial_indicator`` is the rate of the hot-spot statistics, None (and absent from the
    JSON) when there was no data; ``notes`` are messages such as the low spatial power or a
    short history.
    """

    as_of: str | None
    months: list[str]
    regions: list[RegionEntry]
    enterprises: list[EnterpriseEntry]
    notes: list[dict[str, Any]]
    methodology: Methodology
    spatial_indicator: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the report as the JSON object of ``cli.py hotspots --json``."""
        data: dict[str, Any] = {"as_of": self.as_of, "months": list(self.months)}
        if self.spatial_indicator is not None:
            data["spatial_indicator"] = self.spatial_indicator
        data["regions"] = [entry.to_json() for entry in self.regions]
        data["enterprises"] = [entry.to_json() for entry in self.enterprises]
        data["notes"] = _plain(self.notes)
        data["methodology"] = self.methodology.to_json()
        return data
