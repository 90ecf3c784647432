"""The view state of a session, kept in the URL query string.

Widgets never own the state: on each run the view is read from ``st.query_params``; a widget
change writes the new view back to the URL. So a copied link reopens the same view, and the
browser's back button steps between drill-downs.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from utils import i18n, metrics
from utils.ingest import VOCABULARIES
from utils.screens import ViewState, default_period, from_query
from utils.ui import data

OKED_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")


def _valid_indicators() -> set[str]:
    keys = set(metrics.INDICATORS) | set(metrics.CASE_INDICATORS)
    official = data.official_indicators(data.version())
    if not official.empty:
        keys |= {metrics.OFFICIAL_PREFIX + name for name in official["indicator"]}
    return keys


def _query() -> dict[str, str]:
    return {key: st.query_params.get(key) for key in st.query_params}


def current_view() -> ViewState:
    """Return the view the URL describes, with the period filled in from the data."""
    view = from_query(
        _query(),
        indicators=_valid_indicators(),
        categories=set(VOCABULARIES["appeal_category"]),
        industries=set(OKED_SECTIONS),
    )
    if view.start is None or view.end is None:
        first, last = data.month_bounds(data.version())
        period = default_period(first, last)
        if period is not None:
            view = view.with_changes(start=view.start or period[0], end=view.end or period[1])
    return view


def beyond_map(view: ViewState) -> ViewState:
    """Return the view a page other than the national map shows.

    A case indicator (``case:…``) is drawn on the national map only: its trends, district
    breakdown, playback and slides are not built. Such a page shows the default indicator
    instead and says so with :func:`map_only_caption`.
    """
    if not metrics.is_case_indicator(view.indicator):
        return view
    return view.with_changes(indicator=ViewState().indicator)


def map_only_caption(view: ViewState) -> None:
    """Say, when ``view`` has a case indicator, that this page shows the default one."""
    if metrics.is_case_indicator(view.indicator):
        shown = i18n.indicator_label(ViewState().indicator, view.lang)
        st.caption(i18n.t("cases.indicator.map_only", view.lang, shown=shown))


def set_view(view: ViewState) -> None:
    """Write ``view`` to the URL (the defaults are left out, so links stay short)."""
    wanted = view.to_query()
    if wanted != _query():
        st.query_params.from_dict(wanted)


def page_params(view: ViewState, **changes: object) -> Mapping[str, str]:
    """Return the query parameters for another page showing ``view`` with ``changes``.

    The case the Cases page was opened on stays behind unless ``changes`` name one.
    """
    return view.with_changes(**{"case": None, **changes}).to_query()
