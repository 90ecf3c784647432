"""Cached access to the core for the pages.

Every cached function takes the data version as its first argument, so a new upload or an
undo (from this process or another one sharing the database) is seen on the next interaction
without a restart, and identical requests are answered from the cache. The map's values of a
case indicator are keyed on the cases as well (``cases``, :func:`cases_key`): a step an
officer takes shows on the next run.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import geo
from utils import early_warning, maps, metrics, store
from utils.screens import hotspots_screen, map_screen, trends_screen
from utils.ui import map_component

FiltersKey = tuple[tuple[str, tuple[str, ...]], ...]


def filters_key(filters: dict[str, tuple[str, ...]]) -> FiltersKey:
    """Return the filters as a hashable, order-independent cache key."""
    return tuple(sorted((name, tuple(sorted(values))) for name, values in filters.items()))


def _filters(key: FiltersKey) -> dict[str, list[str]]:
    return {name: list(values) for name, values in key}


@st.cache_resource(show_spinner=False)
def engine():
    """Return the process-wide engine, with the schema brought up to date once."""
    bound = store.get_engine()
    store.init_db(bound)
    return bound


def version() -> str:
    """Return the current data version (one cheap query per script run)."""
    return store.data_version(engine())


def cases_key(indicator: str) -> str:
    """Return what the map's cached values of ``indicator`` are keyed on besides the data
    version: the cases' stamp for a case indicator (one cheap query), '' for any other.
    """  # noqa: D205
    return store.cases_stamp(engine()) if metrics.is_case_indicator(indicator) else ""


@st.cache_data(show_spinner=False, max_entries=64)
def month_bounds(version: str) -> tuple[str | None, str | None]:
    return metrics.month_bounds(engine())


def report_month(version: str, end: str | None) -> str | None:
    """Return the month the early warning reports on for a period ending at ``end``: that
    month kept within the months that hold data (None without data).
    """  # noqa: D205
    first, last = month_bounds(version)
    return hotspots_screen.as_of_month(end, first, last)


@st.cache_data(show_spinner=False, max_entries=64)
def is_synthetic(version: str) -> bool:
    return store.is_synthetic(engine())


@st.cache_data(show_spinner=False, max_entries=256)
def period_totals(
    version: str, start: str, end: str, filters: FiltersKey
) -> metrics.PeriodTotals:
    """Return the region totals the KPI cards and the map share (two queries, once)."""
    return metrics.period_totals(engine(), start, end, _filters(filters))


@st.cache_data(show_spinner=False, max_entries=512)
def region_values(
    version: str, indicator: str, start: str, end: str, normalisation: str, filters: FiltersKey,
    cases: str = "",
) -> pd.DataFrame:
    """Return the map's values; ``cases`` is :func:`cases_key` of the indicator."""
    totals = None
    if not indicator.startswith(metrics.OFFICIAL_PREFIX) and not metrics.is_case_indicator(
            indicator):
        totals = period_totals(version, start, end, filters)
    return metrics.region_values(
        engine(), indicator, start, end, normalisation, _filters(filters), totals=totals
    )


@st.cache_data(show_spinner=False, max_entries=256)
def national_kpis(version: str, start: str, end: str, filters: FiltersKey) -> dict[str, Any]:
    return metrics.national_kpis(
        engine(), start, end, _filters(filters), totals=period_totals(version, start, end, filters)
    )


@st.cache_data(show_spinner=False, max_entries=256)
def monthly_series(
    version: str,
    indicator: str,
    start: str,
    end: str,
    region: str | None,
    filters: FiltersKey,
) -> pd.DataFrame:
    return metrics.monthly_series(engine(), indicator, start, end, region, _filters(filters))


@st.cache_data(show_spinner=False, max_entries=128)
def category_mix(version: str, start: str, end: str, region: str | None) -> pd.DataFrame:
    return metrics.category_mix(engine(), start, end, region)


@st.cache_data(show_spinner=False, max_entries=128)
def enterprise_points(version: str, start: str, end: str, region: str | None) -> pd.DataFrame:
    return metrics.enterprise_points(engine(), start, end, region)


@st.cache_data(show_spinner=False, max_entries=128)
def official_indicators(version: str) -> pd.DataFrame:
    return metrics.official_indicators(engine())


@st.cache_data(show_spinner=False, max_entries=128)
def official_granularity(version: str, indicator: str, start: str, end: str,
                         series: bool = False) -> str | None:
    if not indicator.startswith(metrics.OFFICIAL_PREFIX):
        return None
    return metrics.official_granularity(engine(), indicator[len(metrics.OFFICIAL_PREFIX):],
                                        start, end, series)


@st.cache_data(show_spinner=False, max_entries=128)
def official_periods(version: str, indicator: str, start: str, end: str) -> list[str]:
    if not indicator.startswith(metrics.OFFICIAL_PREFIX):
        return []
    return metrics.official_periods(engine(), indicator[len(metrics.OFFICIAL_PREFIX):],
                                    start, end)


@st.cache_data(show_spinner=False, max_entries=128)
def region_profile(version: str, code: str, start: str, end: str) -> dict[str, Any]:
    return metrics.region_profile(engine(), code, start, end)


@st.cache_data(show_spinner=False, max_entries=128)
def top_enterprises(
    version: str, code: str | None, start: str, end: str, by: str, limit: int = 10
) -> pd.DataFrame:
    return metrics.top_enterprises(engine(), code, start, end, by=by, limit=limit)


@st.cache_data(show_spinner=False, max_entries=128)
def incidents_list(
    version: str, start: str, end: str, region: str | None, enterprise_bin: str | None
) -> pd.DataFrame:
    return metrics.incidents_list(engine(), start, end, region, enterprise_bin)


@st.cache_data(show_spinner=False, max_entries=256)
def search_enterprises(version: str, text: str, limit: int = 20) -> pd.DataFrame:
    return metrics.search_enterprises(engine(), text, limit)


@st.cache_data(show_spinner=False, max_entries=128)
def enterprise_profile(version: str, bin_: str) -> dict[str, Any] | None:
    return metrics.enterprise_profile(engine(), bin_)


@st.cache_data(show_spinner=False, max_entries=128)
def enterprise_timeline(version: str, bin_: str) -> pd.DataFrame:
    return metrics.enterprise_timeline(engine(), bin_)


@st.cache_data(show_spinner=False, max_entries=32)
def coverage(version: str) -> pd.DataFrame:
    return metrics.coverage(engine())


@st.cache_data(show_spinner=False)
def browser_geojson() -> str:
    return geo.browser_geojson()


@st.cache_data(show_spinner=False, max_entries=16)
def hotspots_report(version: str, as_of: str | None) -> early_warning.EarlyWarningReport:
    """Return the early-warning report at ``as_of`` with the configured thresholds."""
    return early_warning.hotspots_report(
        engine(),
        as_of,
        config=early_warning.config_from_settings(),
    )


@st.cache_data(show_spinner=False, max_entries=16)
def region_verdicts(version: str, as_of: str | None) -> list[early_warning.RegionVerdict]:
    """Return every region's verdict at ``as_of``, ranked, as the hotspots report has it."""
    return early_warning.region_verdicts(
        engine(), as_of, config=early_warning.config_from_settings()
    )


@st.cache_data(show_spinner=False, max_entries=16)
def enterprise_risk_levels(version: str, as_of: str | None) -> pd.DataFrame:
    """Return ``bin`` and ``risk_level`` of every enterprise with a record the score reads.

    The watchlist's scoring for all enterprises (not only the listed ones), so the map can
    colour its enterprise points without the whole early-warning report, read from the few
    months the score looks at; ``as_of`` after the last month of data reads the last month.
    Levels are ``high``, ``elevated``, ``watch`` and ``low``; an enterprise without a row
    has no record in those months and is ``low``.
    """
    month = report_month(version, as_of)
    if month is None:
        return pd.DataFrame({"bin": pd.Series(dtype=object),
                             "risk_level": pd.Series(dtype=object)})
    risk = early_warning.enterprise_risk_at(
        engine(), month, config=early_warning.config_from_settings(), recent_only=True,
    )
    return risk[["bin", "risk_level"]].astype({"bin": str}).reset_index(drop=True)


def warm_enterprise_layer(version: str, start: str, end: str) -> None:
    """Compute what the map's enterprise layer needs, so that switching it on finds it cached.

    The map page calls this after it has drawn the map without enterprises. The risk level of
    every enterprise (0.3-0.8 s at national scale) and the enterprise points depend only on
    the data version and the months, not on the session or the view's other settings, and
    ``st.cache_data`` shares them between sessions (its lock makes a concurrent call wait for
    this computation instead of repeating it); so the first view of a period pays once, and
    switching the layer on then costs the map's own build. The whole map with enterprises is
    not built ahead: most views never show it, and it would double every filter change's work
    and fill the map caches with megabyte-sized entries.
    """
    enterprise_points(version, start, end, None)
    enterprise_risk_levels(version, end)


@st.cache_data(show_spinner=False, max_entries=256)
def trends(
    version: str,
    indicator: str,
    start: str,
    end: str,
    region: str | None,
    normalisation: str,
    filters: FiltersKey,
) -> dict[str, Any]:
    """Return the frames of the trends screen (see ``utils.screens.trends.trends_data``)."""
    return trends_screen.trends_data(
        engine(), indicator, start, end, region=region, normalisation=normalisation,
        filters=_filters(filters),
    )


@st.cache_data(show_spinner=False, max_entries=128)
def trends_charts(
    version: str,
    indicator: str,
    start: str,
    end: str,
    region: str | None,
    normalisation: str,
    filters: FiltersKey,
    *,
    lang: str,
    title: str,
    value_title: str,
    share: bool,
    unit: str = "",
) -> dict[str, dict | None]:
    """Return the trends screen's charts as Vega-Lite specs (built and validated once)."""
    found = trends(version, indicator, start, end, region, normalisation, filters)
    return trends_screen.chart_specs(
        found, lang=lang, title=title, value_title=value_title,
        normalised=normalisation != "absolute", share=share, unit=unit,
    )


#: Height of the home map in pixels.
HOME_MAP_HEIGHT = 560


@st.cache_data(show_spinner=False, max_entries=32)
def home_map(
    version: str,
    indicator: str,
    start: str,
    end: str,
    normalisation: str,
    filters: FiltersKey,
    *,
    cases: str = "",
    mode: str,
    scheme: str,
    lang: str,
    title: str,
    high_contrast: bool,
    tile_url: str | None,
    enterprises: bool,
    as_of: str | None = None,
) -> map_screen.RegionMap:
    """Return the home map (folium map, legend, classes) for exports and briefings.

    Cached with ``st.cache_data``: each caller gets its own copy (the cache pickles it), so
    concurrent sessions never render one folium object at the same time. ``cases`` is
    :func:`cases_key` of the indicator.
    """
    values = region_values(version, indicator, start, end, normalisation, filters, cases)
    points = risk = None
    if enterprises:
        points = enterprise_points(version, start, end, None)
        levels = enterprise_risk_levels(version, end)
        risk = dict(zip(levels["bin"], levels["risk_level"], strict=True))
    return map_screen.home_map(
        values,
        browser_geojson(),
        lang=lang,
        indicator_title=title,
        unit=map_screen.indicator_unit(indicator, official_indicators(version)),
        period=(start, end),
        normalisation=normalisation,
        mode=mode,
        scheme=scheme,
        high_contrast=high_contrast,
        tile_url=tile_url,
        points=points,
        risk=risk,
        verdicts=region_verdicts(version, as_of) if as_of else (),
    )


@st.cache_data(show_spinner=False, max_entries=128)
def home_map_view(
    version: str,
    indicator: str,
    start: str,
    end: str,
    normalisation: str,
    filters: FiltersKey,
    *,
    cases: str = "",
    mode: str,
    scheme: str,
    lang: str,
    title: str,
    high_contrast: bool,
    tile_url: str | None,
    enterprises: bool,
    as_of: str | None = None,
) -> dict[str, Any]:
    """Return the home map as the page shows it: ``args`` of the map component and the
    ``legend_html`` drawn beside it, built and rendered once per view and data version.

    An unchanged view costs a cache lookup instead of a rebuild and a render, and the
    browser gets the identical script, so it keeps the map it already drew.
    """  # noqa: D205
    built = home_map(
        version, indicator, start, end, normalisation, filters, cases=cases, mode=mode,
        scheme=scheme,
        lang=lang, title=title, high_contrast=high_contrast, tile_url=tile_url,
        enterprises=enterprises, as_of=as_of,
    )
    args = map_component.component_args(
        built.map, key="map_regions", height=HOME_MAP_HEIGHT,
        returned_objects=maps.RETURNED_OBJECTS,
    )
    return {"args": args, "legend_html": built.legend_html}
