"""The map's playback on a page: cached monthly values, the playing map, the paused month.

The map that plays the months is built once per view and data version (the months travel
with it), so playing costs the server nothing; pausing reports the month, which goes into
the URL (``month``) so a link or a reload lands on it. The month is not part of the map's
script: the browser reads it from the address, and the map it already drew stays as it is.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from utils import maps, metrics, settings
from utils.screens import ViewState, map_screen, playback_screen
from utils.ui import data, map_component
from utils.ui.state import set_view


@st.cache_data(show_spinner=False, max_entries=128)
def monthly_region_values(
    version: str, indicator: str, start: str, end: str, normalisation: str,
    filters: data.FiltersKey,
) -> pd.DataFrame:
    return metrics.monthly_region_values(
        data.engine(), indicator, start, end, normalisation,
        {name: list(values) for name, values in filters}
    )


@st.cache_data(show_spinner=False, max_entries=32)
def playback_map(
    version: str,
    indicator: str,
    start: str,
    end: str,
    normalisation: str,
    filters: data.FiltersKey,
    *,
    mode: str,
    scheme: str,
    lang: str,
    title: str,
    high_contrast: bool,
    tile_url: str | None,
    enterprises: bool,
) -> map_screen.RegionMap:
    """Return the map that plays ``start``..``end`` month by month, with its fixed legend."""
    read_from = playback_screen.first_month_read(start, mode)
    monthly = monthly_region_values(version, indicator, read_from, end, normalisation, filters)
    unit = map_screen.indicator_unit(indicator, data.official_indicators(version))
    played = playback_screen.period_playback(
        monthly, start=start, end=end, lang=lang, unit=unit, normalisation=normalisation,
        mode=mode, scheme=scheme,
    )
    points = risk = None
    if enterprises:
        points = data.enterprise_points(version, start, end, None)
        levels = data.enterprise_risk_levels(version, end)
        risk = dict(zip(levels["bin"], levels["risk_level"], strict=True))
    return playback_screen.playback_map(
        played, data.browser_geojson(), lang=lang, indicator_title=title, unit=unit,
        period=(start, end), normalisation=normalisation, mode=mode,
        high_contrast=high_contrast, tile_url=tile_url, points=points, risk=risk,
    )


def playing_map(version: str, view: ViewState, *, title: str, key: str, height: int,
                fill: bool = False) -> dict[str, Any]:
    """Return ``args`` of the playing map's component and the ``legend_html`` beside it.

    The view's month, step and drill-down do not change the map: they are left out of the
    cache key, so pausing at another month finds the map the browser already shows.
    """
    return _playing_map(version, map_key(view), title=title, key=key, height=height, fill=fill)


@st.cache_data(show_spinner=False, max_entries=32)
def _playing_map(version: str, view: ViewState, *, title: str, key: str, height: int,
                 fill: bool) -> dict[str, Any]:
    built = playback_map(
        version, view.indicator, view.start, view.end, view.normalisation,
        data.filters_key(view.filters()), mode=view.mode, scheme=view.scheme, lang=view.lang,
        title=title, high_contrast=view.present, tile_url=settings.get("app")["tile_url"],
        enterprises=view.enterprises and not view.present,
    )
    m = maps.fill_frame(built.map) if fill else built.map
    args = map_component.component_args(m, key=key, height=height,
                                        returned_objects=maps.RETURNED_OBJECTS)
    return {"args": args, "legend_html": built.legend_html}


def map_key(view: ViewState) -> ViewState:
    """Return ``view`` without what the playing map does not depend on (month, step)."""
    return view.with_changes(month=None, step=0, region=None, enterprise=None)


def keep_paused_month(result: dict[str, Any] | None, view: ViewState) -> None:
    """Write the month the reader paused at into the URL (``month``)."""
    month = maps.paused_month(result)
    if month and month != view.month:
        set_view(view.with_changes(month=month))
