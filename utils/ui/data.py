"""Cached access to the core for the pages.

Every cached function takes the data version as its first argument, so a new upload or an
undo (from this process or another one sharing the database) is seen on the next interaction
without a restart, and identical requests are answered from the cache.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import geo
from utils import metrics, store

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


@st.cache_data(show_spinner=False, max_entries=64)
def month_bounds(version: str) -> tuple[str | None, str | None]:
    return metrics.month_bounds(engine())


@st.cache_data(show_spinner=False, max_entries=64)
def is_synthetic(version: str) -> bool:
    return store.is_synthetic(engine())


@st.cache_data(show_spinner=False, max_entries=512)
def region_values(
    version: str, indicator: str, start: str, end: str, normalisation: str, filters: FiltersKey
) -> pd.DataFrame:
    return metrics.region_values(
        engine(), indicator, start, end, normalisation, _filters(filters)
    )


@st.cache_data(show_spinner=False, max_entries=256)
def national_kpis(version: str, start: str, end: str, filters: FiltersKey) -> dict[str, Any]:
    return metrics.national_kpis(engine(), start, end, _filters(filters))


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
