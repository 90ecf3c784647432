"""One verdict per region: is tension rising there, how, and why, in the words people use.

Every screen, the briefing and ``cli.py hotspots --json`` read this verdict; none of them
decides on its own whether a region is rising. The verdict uses the change levels' names
(``utils.early_warning.baseline``), so the region and its indicators speak one vocabulary:

``large_increase`` (a sharp rise)
    an indicator at least doubled, significantly: the last month against its usual level
    (the change level), or the last months against the same months a year earlier. Small
    numbers never make a sharp rise (the usual level must reach ``min_baseline``).
``moderate_increase`` (a rise)
    any other significant rise of an indicator: the last month above its usual level, a
    significant growth on a year earlier, or a significant upward trend (Mann-Kendall).
``seasonal_as_usual``
    no rise, but an indicator differs from its yearly average as it does every year at
    this time: a seasonal peak is *not* a rise.
``decrease``
    no rise; an indicator fell significantly below its usual level or trends down.
``limited_change``
    none of the above.
``insufficient_history``
    too few months to judge any indicator.

A region is *rising* exactly when its verdict is one of the two increases. The reason is at
most :data:`MAX_CLAUSES` clauses, one per indicator, strongest first, each a message that
says how much (``в 4,4 раза``, ``на 47 %``), against what (the usual level, a year earlier)
and how large the value is (``60 млн ₸ за ноябрь``). The statistics behind it (p-values,
trend tests, spatial statistics) stay in the report's detailed reasons for the methodology.

Regions are ordered by :func:`ranking_key`: sharp rises, then rises, then the rest; within
each, by how many indicators rise, then by the tension index.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from utils.early_warning.baseline import INCREASE_LEVELS
from utils.early_warning.config import EarlyWarningConfig
from utils.early_warning.messages import Message, label, message

#: Verdicts in the order the ranking puts them (first: most concern).
VERDICT_ORDER: tuple[str, ...] = (
    "large_increase",
    "moderate_increase",
    "seasonal_as_usual",
    "limited_change",
    "decrease",
    "insufficient_history",
)
RISING_VERDICTS = INCREASE_LEVELS

#: Clauses of a verdict's reason.
MAX_CLAUSES = 2

#: A rise at least this many times its comparison is written "в N раза", below it "на N %".
TIMES_FROM = 2.0

_KIND_POINTS = {"jump": 3, "year": 2, "trend": 1}
#: How a rise from almost nothing a year earlier ranks among rises (as a tenfold one).
NEW_RATIO = 10.0


@dataclass(frozen=True)
class _Signal:
    indicator: str
    kind: str
    ratio: float
    sharp: bool
    clause: Message


@dataclass(frozen=True)
class Verdict:
    """A region's verdict, the indicator behind it, its reason and how many indicators rise."""

    level: str
    indicator: str | None
    clauses: list[Message]
    rising_indicators: int

    @property
    def rising(self) -> bool:
        """Whether tension is rising in the region."""
        return self.level in RISING_VERDICTS


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(float(value))


def _size(ratio: float) -> dict[str, float]:
    """Return the size of a rise: ``times`` from twofold up, else ``pct`` (unsigned)."""
    if ratio >= TIMES_FROM:
        return {"times": ratio}
    return {"pct": (ratio - 1.0) * 100.0}


def _unit(indicator: str) -> str:
    return "kzt" if indicator == "arrears_kzt" else "count"


def _clause(kind: str, indicator: str, ratio: float, **params: object) -> Message:
    size = _size(ratio)
    shape = "times" if "times" in size else "pct"
    return message(f"ew.verdict.{kind}_{shape}", indicator=label(f"ew.indicator.{indicator}"),
                   **size, **params)


def _rise_signals(indicator: str, details: pd.Series, trend: pd.Series, yoy: pd.Series,
                  as_of: str, config: EarlyWarningConfig) -> list[_Signal]:
    """Return the significant rises of one indicator of one region."""
    signals: list[_Signal] = []
    guard = float(config.min_baseline.get(indicator, 0.0))
    common = {"value": details["recent"], "month_long": as_of, "unit": _unit(indicator)}
    level = details["level"]
    ratio = details.get("ratio")
    if level in INCREASE_LEVELS and _finite(ratio):
        signals.append(_Signal(indicator, "jump", float(ratio), level == "large_increase",
                               _clause("usual", indicator, float(ratio), **common)))
    growth = yoy.get("growth_pct")
    if bool(yoy.get("significant")) and _finite(growth):
        year_ratio = 1.0 + float(growth) / 100.0
        usual = details.get("baseline_long")
        sharp = (year_ratio >= config.large_increase_ratio
                 and _finite(usual) and float(usual) >= guard)
        earlier = yoy.get("earlier_mean")
        if _finite(earlier) and float(earlier) < max(guard, 1e-9):
            # Growth from almost nothing has no meaningful "times": say what it is.
            signals.append(_Signal(indicator, "year", NEW_RATIO, sharp, message(
                "ew.verdict.year_new", indicator=label(f"ew.indicator.{indicator}"),
                months=config.growth_months, **common)))
        else:
            signals.append(_Signal(indicator, "year", year_ratio, sharp,
                                   _clause("year", indicator, year_ratio,
                                           months=config.growth_months, **common)))
    if trend.get("direction") == "up" and _finite(trend.get("slope_pct")):
        signals.append(_Signal(indicator, "trend", 1.0, False, message(
            "ew.verdict.trend", indicator=label(f"ew.indicator.{indicator}"),
            slope_pct=abs(float(trend["slope_pct"])), months=int(trend["months"]))))
    return signals


def _strength(signal: _Signal) -> tuple[bool, float, int]:
    """Return how strong a rise is: sharp first, then by size, then by kind of evidence."""
    return signal.sharp, signal.ratio, _KIND_POINTS[signal.kind]


def _quiet(levels: Mapping[str, pd.Series], trends: Mapping[str, pd.Series],
           as_of: str) -> Verdict:
    """Return the verdict of a region where nothing rises."""
    names = {name: details["level"] for name, details in levels.items()}
    if all(level == "insufficient_history" for level in names.values()):
        return Verdict("insufficient_history", None, [], 0)
    seasonal = [name for name, level in names.items() if level == "seasonal_as_usual"]
    if seasonal:
        name = max(seasonal, key=lambda n: abs(float(levels[n]["plain_ratio"]) - 1.0))
        details = levels[name]
        clause = message("ew.verdict.seasonal", indicator=label(f"ew.indicator.{name}"),
                         change=(float(details["plain_ratio"]) - 1.0) * 100.0)
        return Verdict("seasonal_as_usual", name, [clause], 0)
    falling = [name for name, level in names.items() if level == "decrease"]
    if falling:
        name = min(falling, key=lambda n: float(levels[n]["ratio"]))
        details = levels[name]
        clause = message("ew.verdict.decrease", indicator=label(f"ew.indicator.{name}"),
                         pct=(1.0 - float(details["ratio"])) * 100.0,
                         value=details["recent"], month_long=as_of, unit=_unit(name))
        return Verdict("decrease", name, [clause], 0)
    down = [name for name, trend in trends.items() if trend.get("direction") == "down"]
    if down:
        name = down[0]
        clause = message("ew.verdict.trend_down", indicator=label(f"ew.indicator.{name}"),
                         slope_pct=abs(float(trends[name]["slope_pct"])),
                         months=int(trends[name]["months"]))
        return Verdict("decrease", name, [clause], 0)
    return Verdict("limited_change", None, [message("ew.verdict.no_change")], 0)


def region_verdict(levels: Mapping[str, pd.Series], trends: Mapping[str, pd.Series],
                   yoy: Mapping[str, pd.Series], as_of: str,
                   config: EarlyWarningConfig) -> Verdict:
    """Return the verdict of one region from its indicators' change levels, trends and growth.

    Each mapping is keyed by indicator and holds that indicator's row for the region:
    ``levels`` from ``change_levels``, ``trends`` from ``trend_table``, ``yoy`` from
    ``year_on_year``.
    """
    best: list[_Signal] = []
    for indicator, details in levels.items():
        signals = _rise_signals(indicator, details, trends[indicator], yoy[indicator], as_of,
                                config)
        if signals:
            best.append(max(signals, key=_strength))
    if not best:
        return _quiet(levels, trends, as_of)
    best.sort(key=_strength, reverse=True)
    level = "large_increase" if best[0].sharp else "moderate_increase"
    return Verdict(level, best[0].indicator, [s.clause for s in best[:MAX_CLAUSES]], len(best))


def ranking_key(level: str, rising_indicators: int, tension_index: float | None,
                code: str) -> tuple:
    """Return the sort key of a region: sharp rises, rises, then the rest (see the module)."""
    tier = {"large_increase": 0, "moderate_increase": 1}.get(level, 2)
    index = tension_index if _finite(tension_index) else -math.inf
    return (tier, -rising_indicators, -index, code)
