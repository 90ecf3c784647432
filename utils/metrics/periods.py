"""Periods of the metrics: the check every period passes before a query.

A period is ``start``..``end`` (``YYYY-MM``), both months included; the *previous* period is
the period of the same length that ends the month before ``start``
(:func:`utils.months.previous_period`). Every function of the package that takes a period
checks it first (:func:`_check_period`), so a bad month is named in the error.
"""

from __future__ import annotations

import pandas as pd


def _check_period(start: str, end: str) -> None:
    for value in (start, end):
        try:
            pd.Period(value, "M")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"Invalid month: {value!r}. Months are written YYYY-MM") from exc
    if start > end:
        raise ValueError(f"Invalid period: start {start} is after end {end}")
