"""The hotspots screen's emerging hot-spot map and backtest, once per view and data version.

The early-warning report itself is cached in :mod:`utils.ui.data` (``hotspots_report``),
shared by the hotspots screen, the map's enterprise colours and the briefing.
"""

from __future__ import annotations

import streamlit as st

from utils import early_warning
from utils.screens import hotspots_screen
from utils.ui import data


@st.cache_data(show_spinner=False, max_entries=32)
def emerging_map(
    version: str, as_of: str, lang: str, high_contrast: bool, tile_url: str | None,
    tile_attribution: str | None,
) -> hotspots_screen.EmergingMap:
    """Return the emerging hot-spot map, built once per view and data version.

    Cached like the home map: each run gets its own copy, and an unchanged view sends the
    browser the same script, so the map it already drew stays.
    """
    return hotspots_screen.emerging_map(
        data.hotspots_report(version, as_of), data.browser_geojson(), lang=lang,
        high_contrast=high_contrast, tile_url=tile_url, tile_attribution=tile_attribution,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def warning_record(version: str, first: str, last: str) -> early_warning.Backtest:
    """Return the early warning's backtest of the conflicts of ``first``…``last``.

    Every month's lists are computed again from the data of that month, with the configured
    thresholds: seconds of work, done once per data version and period.
    """
    return early_warning.warning_backtest(data.engine(), first=first, last=last,
                                          config=early_warning.config_from_settings())
