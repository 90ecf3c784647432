"""The number format of the enterprise tooltips, read from the interface language's own output."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class NumberFormat:
    """How the interface language writes numbers, for the browser to write them the same way.

    The enterprise tooltips carry raw numbers and are written in the browser, so the server
    formats nothing per point; :func:`browser_number_format` takes every symbol and word from
    :mod:`utils.formatting`, and ``tests/test_browser_map.py`` checks that the browser writes
    what :func:`utils.formatting.format_money_short` and ``format_number`` write.

    Attributes
    ----------
    group, decimal, minus : str
        Digit group separator, decimal sign and minus sign.
    missing : str
        Text for a missing value.
    currency : str
        Text after an amount in tenge, with the space before it (``" ₸"``).
    compact : tuple of (int, int, str)
        Short amounts (``2,7 млн``), smallest magnitude first: the power of ten from which a
        magnitude applies, the power of ten the amount is divided by, and the word after the
        number with the space before it: ``(5, 3, " тыс.")`` writes ``250 000`` as
        ``250 тыс.`` (the spaces are non-breaking).
    """

    group: str
    decimal: str
    minus: str
    missing: str
    currency: str
    compact: tuple[tuple[int, int, str], ...]

    def as_json(self) -> dict[str, Any]:
        """Return the format for the browser, every text HTML-escaped."""
        return {
            "group": html.escape(self.group),
            "decimal": html.escape(self.decimal),
            "minus": html.escape(self.minus),
            "missing": html.escape(self.missing),
            "currency": html.escape(self.currency),
            "compact": [[low, divisor, html.escape(word)] for low, divisor, word in self.compact],
        }


_LEADING_DIGITS = re.compile(r"^\d+")


@lru_cache(maxsize=8)
def browser_number_format(lang: str) -> NumberFormat:
    """Return how ``lang`` writes numbers, read from :mod:`utils.formatting`'s own output.

    Raises
    ------
    ValueError
        When a short amount is not a power of ten followed by a word (the formatter changed
        in a way the browser cannot follow).
    """
    from utils import formatting

    thousand = formatting.format_number(1000, lang)  # "1 000", "1,000"
    half = formatting.format_number(0.5, lang, decimals=1)  # "0,5", "0.5"
    one = formatting.format_money(1, lang)  # "1 ₸"
    compact = []
    for power in range(3, 15):
        text = formatting.format_compact(10**power, lang)  # "1 тыс.", "10 тыс.", "100 тыс."
        lead = _LEADING_DIGITS.match(text)
        if lead is None or lead.group().lstrip("1") not in ("", "0", "00"):
            raise ValueError(f"Unexpected short form of 10**{power} in {lang!r}: {text!r}")
        digits = lead.group()
        compact.append((power, power - (len(digits) - 1), text[len(digits):]))
    return NumberFormat(
        group=thousand[1:-3],
        decimal=half[1:-1],
        minus=formatting.format_number(-1, lang)[:-1],
        missing=formatting.MISSING,
        currency=one[1:],
        compact=tuple(compact),
    )
