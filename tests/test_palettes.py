"""Colours the map and charts draw with: readable ink on the risk colours."""

from __future__ import annotations

import pytest

from utils import maps
from utils.screens import map_screen


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""

    def luminance(color: str) -> float:
        c = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "fill",
    [maps.POINT_COLOR, *maps.risk_colors(list(map_screen.RISK_LEVELS)).values()],
)
def test_ink_on_each_point_colour_reads_at_wcag_aa(fill):
    """A group's count stays readable on every colour a group of enterprises can take."""
    ink = maps.ink_on(fill)
    other = "#ffffff" if ink != "#ffffff" else "#1a1a1a"
    assert _contrast(ink, fill) >= 4.5
    assert _contrast(ink, fill) >= _contrast(other, fill)


def test_ink_is_dark_on_light_and_white_on_dark():
    assert maps.ink_on("#ffffff") == "#1a1a1a"
    assert maps.ink_on("#000000") == "#ffffff"
    assert maps.ink_on("#fdfdfd") == "#1a1a1a"
