"""The shared sidebar: the alerts' bell, language, period, indicator, values, filters,
presentation mode.

The widgets are bound to the URL: when the URL changes (a link, the back button) the widgets
take its values; when a widget changes, its callback writes the new view to the URL.
"""

from __future__ import annotations

import streamlit as st

from utils import i18n, metrics
from utils.formatting import format_month
from utils.ingest import VOCABULARIES
from utils.months import month_range
from utils.screens import LANGUAGES, NORMALISATIONS, ViewState
from utils.ui import alerts as alerts_ui
from utils.ui import data
from utils.ui.state import OKED_SECTIONS, set_view

_KEYS = {
    "lang": "sidebar_lang",
    "period": "sidebar_period",
    "indicator": "sidebar_indicator",
    "normalisation": "sidebar_normalisation",
    "categories": "sidebar_categories",
    "industries": "sidebar_industries",
    "present": "sidebar_present",
}


def indicator_options(version: str) -> list[str]:
    """Return the row-level indicators, the uploaded official statistics, then the case
    indicators (drawn on the national map only).
    """  # noqa: D205
    options = list(metrics.INDICATORS)
    official = data.official_indicators(version)
    if not official.empty:
        options += [metrics.OFFICIAL_PREFIX + name for name in official["indicator"].unique()]
    return options + list(metrics.CASE_INDICATORS)


def indicator_label(key: str, lang: str) -> str:
    """Return the label of a row-level indicator, an official statistic or a case indicator."""
    if metrics.is_case_indicator(key):
        return i18n.t(metrics.CASE_INDICATORS[key].label_key, lang)
    if key.startswith(metrics.OFFICIAL_PREFIX):
        name = key[len(metrics.OFFICIAL_PREFIX) :]
        stats_key = f"stats_indicator.{name}"
        if i18n.has_key(stats_key, lang):
            return i18n.t(stats_key, lang)
        return i18n.t("indicator.note.official_stats", lang, name=name)
    return i18n.indicator_label(key, lang)


def _sync_widgets(view: ViewState, months: list[str]) -> None:
    signature = tuple(sorted(view.to_query().items()))
    if st.session_state.get("sidebar_synced") == signature:
        return
    st.session_state[_KEYS["lang"]] = view.lang
    if months and view.start in months and view.end in months:
        st.session_state[_KEYS["period"]] = (view.start, view.end)
    st.session_state[_KEYS["indicator"]] = view.indicator
    st.session_state[_KEYS["normalisation"]] = view.normalisation
    st.session_state[_KEYS["categories"]] = list(view.categories)
    st.session_state[_KEYS["industries"]] = list(view.industries)
    st.session_state[_KEYS["present"]] = view.present
    st.session_state["sidebar_synced"] = signature


def _view_from_widgets(view: ViewState) -> ViewState:
    state = st.session_state
    start, end = state.get(_KEYS["period"], (view.start, view.end))
    return view.with_changes(
        lang=state.get(_KEYS["lang"], view.lang),
        start=start,
        end=end,
        indicator=state.get(_KEYS["indicator"], view.indicator),
        normalisation=state.get(_KEYS["normalisation"], view.normalisation),
        categories=tuple(state.get(_KEYS["categories"], ())),
        industries=tuple(state.get(_KEYS["industries"], ())),
        present=bool(state.get(_KEYS["present"], False)),
        step=0,
    )


def _on_change(view: ViewState) -> None:
    new = _view_from_widgets(view)
    set_view(new)
    st.session_state["sidebar_synced"] = tuple(sorted(new.to_query().items()))


def render(view: ViewState) -> None:
    """Draw the shared sidebar for ``view``."""
    lang = view.lang
    version = data.version()
    first, last = data.month_bounds(version)
    months = month_range(first, last) if first and last else []
    _sync_widgets(view, months)
    callback = {"on_change": _on_change, "args": (view,)}
    with st.sidebar:
        alerts_ui.bell(view)
        st.selectbox(
            i18n.t("sidebar.language", lang),
            LANGUAGES,
            format_func=lambda code: i18n.t(f"lang.{code}", lang),
            key=_KEYS["lang"],
            **callback,
        )
        if len(months) > 1:
            st.select_slider(
                i18n.t("sidebar.period", lang),
                options=months,
                # A range default: without it Streamlit reads the browser's two-month state
                # back as a single month on the next run (the state alone does not say range).
                value=(months[0], months[-1]),
                format_func=lambda month: format_month(month, lang),
                key=_KEYS["period"],
                help=i18n.t("sidebar.period_help", lang),
                **callback,
            )
        st.selectbox(
            i18n.t("sidebar.indicator", lang),
            indicator_options(version),
            format_func=lambda key: indicator_label(key, lang),
            key=_KEYS["indicator"],
            **callback,
        )
        st.radio(
            i18n.t("sidebar.normalisation", lang),
            NORMALISATIONS,
            format_func=lambda key: i18n.normalisation_label(key, lang),
            key=_KEYS["normalisation"],
            **callback,
        )
        with st.expander(i18n.t("sidebar.filters", lang), expanded=bool(view.filters())):
            st.multiselect(
                i18n.t("sidebar.category", lang),
                list(VOCABULARIES["appeal_category"]),
                format_func=lambda key: i18n.category_label(key, lang),
                placeholder=i18n.t("sidebar.all_categories", lang),
                key=_KEYS["categories"],
                **callback,
            )
            st.multiselect(
                i18n.t("sidebar.industry", lang),
                OKED_SECTIONS,
                format_func=lambda key: i18n.oked_label(key, lang, with_letter=True),
                placeholder=i18n.t("sidebar.all_industries", lang),
                key=_KEYS["industries"],
                **callback,
            )
        st.toggle(i18n.t("sidebar.presentation_mode", lang), key=_KEYS["present"], **callback)
