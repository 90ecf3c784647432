"""Calendar months as ``YYYY-MM`` strings: ranges, shifts and runs.

Every screen, query and report names a month the way the store keys it, ``'2025-03'``; such
strings sort in calendar order, so they are compared directly. This module is the one place
that does arithmetic on them. A range whose first month comes after its last is empty, never
an error and never reversed: a filter with no months selects nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _ordinal(month: str) -> int:
    """Return the number of months since the year 0 for a ``YYYY-MM`` string.

    Raises
    ------
    ValueError
        When ``month`` is not written ``YYYY-MM``.
    """
    if not isinstance(month, str) or not _MONTH.fullmatch(month):
        raise ValueError(f"A month must be written YYYY-MM, got {month!r}")
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _label(ordinal: int) -> str:
    year, month = divmod(ordinal, 12)
    return f"{year:04d}-{month + 1:02d}"


def is_month(text: object) -> bool:
    """Return whether ``text`` is a month written ``YYYY-MM``."""
    return isinstance(text, str) and _MONTH.fullmatch(text) is not None


def shift_month(month: str, months: int) -> str:
    """Return the month ``months`` after ``month`` (before it when ``months`` is negative)."""
    return _label(_ordinal(month) + months)


def months_between(first: str, last: str) -> int:
    """Return how many months ``last`` comes after ``first`` (negative when before)."""
    return _ordinal(last) - _ordinal(first)


def month_range(first: str, last: str) -> list[str]:
    """Return the months from ``first`` to ``last`` inclusive; empty when ``first > last``."""
    start, end = _ordinal(first), _ordinal(last)
    return [_label(ordinal) for ordinal in range(start, end + 1)]


def last_months(last: str, count: int) -> list[str]:
    """Return the ``count`` months that end with ``last``, oldest first."""
    return month_range(shift_month(last, 1 - count), last) if count > 0 else []


def previous_period(first: str, last: str) -> tuple[str, str]:
    """Return the period of the same length that ends the month before ``first``."""
    length = months_between(first, last) + 1
    return shift_month(first, -length), shift_month(first, -1)


def month_runs(months: Iterable[str]) -> list[tuple[str, str]]:
    """Return runs of consecutive months as ``(first, last)`` pairs, in calendar order.

    ``['2024-01', '2024-02', '2024-03', '2024-07']`` gives
    ``[('2024-01', '2024-03'), ('2024-07', '2024-07')]``, so a long gap reads as one range.
    """
    runs: list[tuple[str, str]] = []
    previous: int | None = None
    for month in sorted(set(months)):
        ordinal = _ordinal(month)
        if previous is not None and ordinal == previous + 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
        previous = ordinal
    return runs
