"""Periods of the metrics: inclusive month ranges and the period just before one.

A period is ``start``..``end`` (``YYYY-MM``), both months included; the *previous* period is
the period of the same length that ends the month before ``start``. Every function of the
package that takes a period checks it first (:func:`_check_period`), so a bad month is named
in the error.
"""

from __future__ import annotations

import pandas as pd


def month_range(start: str, end: str) -> list[str]:
    """Return the months ``start``..``end`` inclusive as ``YYYY-MM`` strings."""
    if start > end:
        return []
    return [str(p) for p in pd.period_range(start, end, freq="M")]


def previous_period(start: str, end: str) -> tuple[str, str]:
    """Return the period of the same length that ends the month before ``start``."""
    first, last = pd.Period(start, "M"), pd.Period(end, "M")
    length = last.ordinal - first.ordinal + 1
    return str(first - length), str(first - 1)


def _check_period(start: str, end: str) -> None:
    for value in (start, end):
        try:
            pd.Period(value, "M")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"Invalid month: {value!r}. Months are written YYYY-MM") from exc
    if start > end:
        raise ValueError(f"Invalid period: start {start} is after end {end}")
