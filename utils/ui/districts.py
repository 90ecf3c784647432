"""The region page's district map and filter, drawn with Streamlit (reads cached by version).

:func:`district_section` draws the choropleth of the view's indicator by district, its legend,
a normalisation switch and a district picker; a click on a district (or the picker) writes
``district=<KATO>`` into the URL, and the page narrows its tables to it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from utils import i18n, maps, metrics, settings
from utils.screens import ViewState, districts_screen, map_screen
from utils.ui import components, map_component, sidebar
from utils.ui.data import _filters, engine
from utils.ui.state import set_view


@st.cache_data(show_spinner=False, max_entries=256)
def district_values(version: str, indicator: str, region: str, start: str, end: str,
                    normalisation: str, filters) -> pd.DataFrame | None:
    return metrics.district_values(engine(), indicator, region, start, end, normalisation,
                                   _filters(filters))


@st.cache_data(show_spinner=False, max_entries=64)
def district_normalisations(version: str, region: str) -> tuple[str, ...]:
    return metrics.district_normalisations(engine(), region)


@st.cache_data(show_spinner=False, max_entries=128)
def district_map_args(version: str, indicator: str, region: str, start: str, end: str,
                      normalisation: str, filters, lang: str, selected: str | None,
                      present: bool) -> dict[str, Any] | None:
    """Return the district map's component arguments and legend, built once per view."""
    values = district_values(version, indicator, region, start, end, normalisation, filters)
    if values is None or values["value"].notna().sum() == 0:
        return None
    built = districts_screen.district_map(
        values, region, lang=lang, indicator_title=sidebar.indicator_label(indicator, lang),
        unit=map_screen.indicator_unit(indicator), normalisation=normalisation,
        selected=selected, high_contrast=present, tile_url=settings.get("app")["tile_url"],
    )
    args = map_component.component_args(built.map, key=f"district_map_{region}", height=440,
                                         returned_objects=maps.RETURNED_OBJECTS)
    return {"args": args, "legend": built.legend_html}


def _choose(view: ViewState, district: str | None) -> None:
    if district != view.district:
        set_view(view.with_changes(district=district))
        st.rerun()


def district_section(view: ViewState, version: str, filters, lang: str) -> str | None:
    """Draw the district map of ``view.region`` and return the district chosen (or None)."""
    region = view.region
    district = districts_screen.valid_district(view.district, region)
    st.subheader(i18n.t("districts.title", lang))
    title = sidebar.indicator_label(view.indicator, lang)
    if not metrics.has_district_breakdown(view.indicator):
        components.empty_state(i18n.t("districts.no_breakdown", lang, indicator=title))
        return district
    available = district_normalisations(version, region)
    normalisation = view.district_normalisation
    if normalisation not in available:
        normalisation = "absolute"
    options = list(available)
    chosen = st.radio(
        i18n.t("districts.normalisation", lang), options,
        index=options.index(normalisation), horizontal=True,
        key=f"district_normalisation_{normalisation}",
        format_func=lambda n: districts_screen.normalisation_label(n, lang),
    )
    if chosen != view.district_normalisation and chosen in available:
        set_view(view.with_changes(district_normalisation=chosen))
        normalisation = chosen
    if "per_100k" not in available:
        st.caption(i18n.t("districts.no_population", lang))
    shown = district_map_args(version, view.indicator, region, view.start, view.end,
                              normalisation, filters, lang, district, view.present)
    names = districts_screen.district_names(region, lang)
    if shown is None:
        components.empty_state(i18n.t("districts.no_data", lang, indicator=title))
    else:
        left, right = st.columns([4, 1])
        with left:
            result = map_component.show(shown["args"])
        with right:
            st.html(shown["legend"])
            st.caption(i18n.t("districts.map_hint", lang))
        clicked = maps.clicked_region(result)
        if clicked and clicked in names and clicked != district:
            _choose(view, clicked)
    everyone = i18n.t("districts.all", lang)
    choices = [None, *names]
    picked = st.selectbox(
        i18n.t("districts.filter", lang), choices,
        index=choices.index(district) if district in choices else 0,
        format_func=lambda kato: everyone if kato is None else names[kato],
        # keyed by the choice in the URL: a click on the map makes a fresh picker showing it
        key=f"district_filter_{region}_{district}",
    )
    if picked != district:
        _choose(view, picked)
    if district is not None:
        st.info(i18n.t("districts.filtered", lang, district=names[district]))
    return district
