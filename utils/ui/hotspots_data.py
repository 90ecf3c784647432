"""Cached early-warning results for the hotspots screen and the map.

The full report takes a second or two (trend tests over every region and thousands of
enterprises, permutation tests of the spatial statistics), so it is computed once per data
version and report month and shared by every session; a new upload or an undo changes the
version and the next interaction reads the new data. The configuration in force comes from
``utils.settings`` (``early_warning`` and ``tension_weights``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from utils import early_warning, hotspots_view, metrics, settings
from utils.ui import data


def _options() -> dict[str, Any]:
    return {
        "overrides": settings.get("early_warning"),
        "tension_weights": settings.get("tension_weights"),
    }


@st.cache_data(show_spinner=False, max_entries=16)
def hotspots_report(version: str, as_of: str | None) -> dict[str, Any]:
    """Return ``utils.early_warning.hotspots_report`` at ``as_of`` (data up to that month)."""
    return early_warning.hotspots_report(data.engine(), as_of, **_options())


@st.cache_data(show_spinner=False, max_entries=16)
def enterprise_risk_levels(version: str, as_of: str | None) -> pd.DataFrame:
    """Return ``bin`` and ``risk_level`` of every enterprise with records up to ``as_of``.

    The same scoring as the watchlist, for all enterprises (not only the listed ones), so
    the map can colour its enterprise points; ``as_of`` after the last month of data reads
    the last month. Levels are ``high``, ``elevated``, ``watch`` and ``low``.
    """
    first, last = data.month_bounds(version)
    month = hotspots_view.as_of_month(as_of, first, last)
    if month is None:
        return pd.DataFrame({"bin": pd.Series(dtype=object),
                             "risk_level": pd.Series(dtype=object)})
    panel = metrics.enterprise_month_panel(data.engine(), month)
    risk = early_warning.enterprise_risk(panel, month, **_options())
    return risk[["bin", "risk_level"]].astype({"bin": str}).reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=32)
def emerging_map(
    version: str, as_of: str, lang: str, high_contrast: bool, tile_url: str | None,
    tile_attribution: str | None,
) -> hotspots_view.EmergingMap:
    """Return the emerging hot-spot map, built once per view and data version.

    Cached like the home map: each run gets its own copy, and an unchanged view sends the
    browser the same script, so the map it already drew stays.
    """
    return hotspots_view.emerging_map(
        hotspots_report(version, as_of), data.browser_geojson(), lang=lang,
        high_contrast=high_contrast, tile_url=tile_url, tile_attribution=tile_attribution,
    )
