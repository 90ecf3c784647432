"""Reasons and notes of the early warning as message keys with parameters.

The early warning never builds sentences in one language: each reason is a message
``{"key": ..., "params": {...}}`` that the interface translates (Russian, Kazakh, English).
Parameters are raw numbers and month strings; a parameter that is itself a message (for
example the name of an indicator) is a nested ``{"key": ...}``. For the command line and as
a fallback, :func:`render_en` writes the English sentence; ``MESSAGES_EN`` is the English
catalogue the translators start from.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

Message = dict[str, Any]

MESSAGES_EN: dict[str, str] = {
    # Indicators and factors
    "ew.indicator.appeals": "appeals",
    "ew.indicator.collective_appeals": "collective appeals",
    "ew.indicator.people": "people in appeals",
    "ew.indicator.arrears_kzt": "wage arrears",
    "ew.indicator.workers_owed": "workers owed wages",
    "ew.indicator.layoffs": "layoffs",
    "ew.indicator.incidents": "labour incidents",
    "ew.indicator.appeals_per_100k": "appeals per 100 000 residents a month",
    "ew.indicator.collective_appeals_per_100k": "collective appeals per 100 000 residents a month",
    "ew.indicator.arrears_per_employed": "wage arrears per employed person",
    "ew.indicator.workers_owed_per_1k_employed": "workers owed per 1 000 employed",
    "ew.indicator.layoffs_per_1k_employed": "layoffs per 1 000 employed a month",
    "ew.indicator.incidents_per_100k": "labour incidents per 100 000 residents a month",
    "ew.indicator.arrears_growth": "growth of wage arrears",
    "ew.indicator.appeals_growth": "growth of appeals",
    "ew.indicator.collective_share": "share of collective appeals",
    # Change levels
    "ew.level.large_increase": "sharp rise",
    "ew.level.moderate_increase": "rise",
    "ew.level.seasonal_as_usual": "as usual for the time of year",
    "ew.level.limited_change": "limited change",
    "ew.level.decrease": "decrease",
    "ew.level.insufficient_history": "too little history",
    # Emerging hot-spot categories
    "ew.emerging.new_hot_spot": "new hot spot",
    "ew.emerging.consecutive_hot_spot": "consecutive hot spot",
    "ew.emerging.intensifying_hot_spot": "intensifying hot spot",
    "ew.emerging.persistent_hot_spot": "persistent hot spot",
    "ew.emerging.diminishing_hot_spot": "diminishing hot spot",
    "ew.emerging.sporadic_hot_spot": "sporadic hot spot",
    "ew.emerging.oscillating_hot_spot": "oscillating hot spot",
    "ew.emerging.historical_hot_spot": "historical hot spot",
    "ew.emerging.new_cold_spot": "new cold spot",
    "ew.emerging.consecutive_cold_spot": "consecutive cold spot",
    "ew.emerging.intensifying_cold_spot": "intensifying cold spot",
    "ew.emerging.persistent_cold_spot": "persistent cold spot",
    "ew.emerging.diminishing_cold_spot": "diminishing cold spot",
    "ew.emerging.sporadic_cold_spot": "sporadic cold spot",
    "ew.emerging.oscillating_cold_spot": "oscillating cold spot",
    "ew.emerging.historical_cold_spot": "historical cold spot",
    "ew.emerging.no_pattern": "no pattern detected",
    # Enterprise risk levels
    "ew.risk.high": "high",
    "ew.risk.elevated": "elevated",
    "ew.risk.watch": "watch",
    "ew.risk.low": "low",
    # Region reasons
    "ew.reason.large_increase": (
        "{indicator}: sharp rise, {value} in {month} against {expected} expected ({change})"
    ),
    "ew.reason.moderate_increase": (
        "{indicator}: rise, {value} in {month} against {expected} expected "
        "({change})"
    ),
    "ew.reason.decrease": (
        "{indicator}: decrease, {value} in {month} against {expected} expected ({change})"
    ),
    "ew.reason.seasonal_as_usual": (
        "{indicator}: {value} in {month} is {plain_change} on the 12-month average, "
        "as usual for the season"
    ),
    "ew.reason.trend_up": (
        "{indicator} rising by {slope_pct} a month over {months} months "
        "(Mann-Kendall, adjusted p {p})"
    ),
    "ew.reason.trend_down": (
        "{indicator} falling by {slope_pct} a month over {months} months "
        "(Mann-Kendall, adjusted p {p})"
    ),
    "ew.reason.yoy_up": (
        "{indicator}: last {months} months {change} on the same months a year earlier "
        "(adjusted p {p})"
    ),
    "ew.reason.emerging": "{category} of {indicator} (spatial statistics, supporting evidence)",
    "ew.reason.moran_cluster": (
        "part of a high-high cluster of {indicator} (local Moran's I, p {p}; supporting "
        "evidence)"
    ),
    "ew.reason.factor": "{factor}: {value}, {z} typical deviations above the national middle",
    # Region verdicts (utils.early_warning.verdict)
    "ew.verdict.usual_times": "{indicator}: {times} the usual level ({value} in {month_long})",
    "ew.verdict.usual_pct": "{indicator}: {pct} above the usual level ({value} in {month_long})",
    "ew.verdict.year_times": (
        "{indicator}: {times} the level of a year earlier (last {months} months), "
        "{value} in {month_long}"
    ),
    "ew.verdict.year_pct": (
        "{indicator}: {pct} above a year earlier (last {months} months), {value} in "
        "{month_long}"
    ),
    "ew.verdict.year_new": (
        "{indicator}: almost none a year earlier (same {months} months), {value} in "
        "{month_long}"
    ),
    "ew.verdict.trend": (
        "{indicator}: a steady rise, {slope_pct} a month on average over {months} months"
    ),
    "ew.verdict.trend_down": (
        "{indicator}: a steady fall, {slope_pct} a month on average over {months} months"
    ),
    "ew.verdict.seasonal": (
        "{indicator}: {change} on the yearly average, as usual at this time of year"
    ),
    "ew.verdict.decrease": "{indicator}: {pct} below the usual level ({value} in {month_long})",
    "ew.verdict.no_change": "no indicator changed significantly",
    # Enterprise reasons
    "ew.reason.arrears_up": "arrears up {pct} in {months} months to {amount}",
    "ew.reason.arrears_new": "new arrears of {amount} within {months} months",
    "ew.reason.arrears_amount": "arrears of {amount}",
    "ew.reason.overdue": "wages overdue {months} months",
    "ew.reason.workers_owed": "{workers} workers owed",
    "ew.reason.workers_owed_up": "workers owed up from {before} to {workers} in {months} months",
    "ew.reason.collective_appeals": "{count} collective appeals since {since}",
    "ew.reason.appeals": "{count} appeals since {since}",
    "ew.reason.layoffs": "{workers} workers laid off since {since}",
    "ew.reason.incidents": "{count} labour incidents since {since}",
    "ew.reason.new_on_list": "new on the list this month",
    # Notes
    "ew.note.low_spatial_power": (
        "With only {units} regions the spatial statistics (Gi*, local Moran's I, emerging hot "
        "spots) have little power: read them as supporting evidence, not as the verdict."
    ),
    "ew.note.short_history": (
        "Only {months} months of data up to {as_of}: change levels need {needed} months and "
        "seasonal baselines {seasonal} months."
    ),
    "ew.note.no_enterprises": "No enterprise records up to {as_of}: the watchlist is empty.",
}

def message(key: str, **params: Any) -> Message:
    """Return a message: its key and parameters (raises KeyError for an unknown key)."""
    if key not in MESSAGES_EN:
        raise KeyError(f"Unknown early-warning message key: {key!r}")
    return {"key": key, "params": params}


def label(key: str) -> Message:
    """Return a nested message with no parameters (an indicator, level or category name)."""
    return message(key)


def format_amount_kzt(value: float) -> str:
    """Write an amount of tenge the way a briefing does: ``86 mln KZT``, ``1.2 bn KZT``."""
    if value is None or not math.isfinite(value):
        return "n/a"
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:.1f} bn KZT"
    if size >= 1e7:
        return f"{value / 1e6:.0f} mln KZT"
    if size >= 1e6:
        return f"{value / 1e6:.1f} mln KZT"
    if size >= 1e3:
        return f"{value / 1e3:.0f} thousand KZT"
    return f"{value:.0f} KZT"


def format_month(month: str) -> str:
    """Write ``2025-08`` as ``Aug 2025``."""
    return pd.Period(month, "M").strftime("%b %Y")


def _format_number(value: float) -> str:
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def _format_param(name: str, value: Any, unit: str | None = None) -> str:
    if isinstance(value, dict) and "key" in value:
        return render_en(value)
    if value is None:
        return "n/a"
    if name in ("month", "since"):
        return format_month(str(value))
    if name == "month_long":
        return pd.Period(str(value), "M").strftime("%B %Y")
    if isinstance(value, int | float):
        if not math.isfinite(float(value)):
            return "n/a"
        if name in ("change", "plain_change"):
            return f"{value:+.0f} %"
        if name == "times":
            shown = round(value) if value >= 10 else round(value, 1)
            return f"{shown:g} times"
        if name == "slope_pct":
            return f"{value:.1f} %"
        if name == "pct":
            return f"{value:.0f} %"
        if name == "value" and unit == "pct":
            return f"{value:+.0f} %"
        if name == "amount" or (unit == "kzt" and name in ("value", "expected")):
            return format_amount_kzt(float(value))
        if name == "p":
            return "< 0.001" if value < 0.001 else f"= {value:.3f}"
        if name == "z":
            return f"{value:.1f}"
        return _format_number(float(value))
    return str(value)


def render_en(msg: Message) -> str:
    """Return the English sentence of a message."""
    template = MESSAGES_EN[msg["key"]]
    raw = msg.get("params", {})
    unit = raw.get("unit")
    params = {name: _format_param(name, value, unit) for name, value in raw.items()}
    return template.format(**params)


def with_text(msg: Message) -> Message:
    """Return the message with its English rendering added as ``text``."""
    return {**msg, "text": render_en(msg)}
