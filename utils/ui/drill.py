"""Streamlit pieces shared by the region and enterprise drill-downs.

Pickers bound to the URL (the region, the enterprise), tables with their CSV and XLSX
downloads, KPI cards with a note, and plain text for strings that came from an upload.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from utils import formatting, i18n, maps, metrics, settings
from utils.screens import (
    ViewState,
    districts_screen,
    enterprise_screen,
    exports,
    map_screen,
    region_screen,
)
from utils.ui import components, data, map_component, sidebar, tables
from utils.ui.components import escape_markdown
from utils.ui.state import page_params, set_view

_BIN = re.compile(r"^\d{12}$")


@st.cache_data(show_spinner=False, max_entries=128)
def region_profile(
    version: str, code: str, start: str, end: str, filters: data.FiltersKey
) -> dict[str, Any]:
    """Return ``utils.metrics.region_profile`` narrowed by the sidebar's filters."""
    chosen = {name: list(values) for name, values in filters}
    return metrics.region_profile(data.engine(), code, start, end, chosen,
                                  totals=data.period_totals(version, start, end, filters))


@st.cache_data(show_spinner=False, max_entries=64)
def region_map_args(version: str, indicator: str, code: str, start: str, end: str,
                    normalisation: str, filters: data.FiltersKey, lang: str,
                    district: str | None, present: bool) -> dict[str, Any] | None:
    """Return the region page's map (the country zoomed on ``code``, its enterprises) as the
    component's arguments and legend, built once per view; None when no unit has a value.
    """  # noqa: D205
    values = data.region_values(version, indicator, start, end, normalisation, filters)
    if not values["value"].notna().any():
        return None
    points = data.enterprise_points(version, start, end, code)
    if district is not None:
        points = districts_screen.points_in_district(points, district)
    built = region_screen.zoomed_map(
        values, data.browser_geojson(), code, points, lang=lang,
        indicator_title=sidebar.indicator_label(indicator, lang),
        unit=map_screen.indicator_unit(indicator), period=(start, end),
        normalisation=normalisation, high_contrast=present,
        tile_url=settings.get("app")["tile_url"],
    )
    args = map_component.component_args(built.map, key=f"region_map_{code}", height=480,
                                         returned_objects=maps.RETURNED_OBJECTS)
    return {"args": args, "legend": built.legend_html}


# --- navigation -----------------------------------------------------------------------------


def back_to_map(view: ViewState) -> None:
    """Link back to the country map with the same period, indicator and filters."""
    st.page_link(
        "pages/map.py",
        label=i18n.t("region.back_to_map", view.lang),
        icon=":material/arrow_back:",
        query_params=page_params(view, region=None, enterprise=None),
    )


def back_to_region(view: ViewState) -> None:
    """Link back to the region the enterprise was opened from."""
    st.page_link(
        "pages/region.py",
        label=i18n.t("enterprise.back_to_region", view.lang,
                     region=i18n.region_label(view.region, view.lang)),
        icon=":material/arrow_back:",
        query_params=page_params(view, enterprise=None),
    )


def open_enterprise(view: ViewState, bin_: str) -> None:
    """Go to the enterprise page for ``bin_``, keeping the rest of the view."""
    st.switch_page("pages/enterprise.py", query_params=page_params(view, enterprise=bin_))


def national_leaders(view: ViewState, version: str) -> None:
    """Draw the country's leading enterprises of the view's period, by arrears and appeals.

    Choosing a row of either table, or an entry of the list below them, opens that enterprise.
    """
    lang = view.lang
    if view.start is None or view.end is None:
        return
    period = formatting.format_period(view.start, view.end, lang)
    st.caption(i18n.t("enterprise.leaders_hint", lang, period=period))
    tops = {by: data.top_enterprises(version, None, view.start, view.end, by)
            for by in metrics.TOP_BY}
    for by, leaders in tops.items():
        st.subheader(i18n.t(f"enterprise.leaders_{by}", lang))
        if leaders.empty:
            components.empty_state(i18n.t(f"enterprise.no_leaders_{by}", lang, period=period))
            continue
        row = table(enterprise_screen.leaders_table(leaders, by, lang),
                    name=f"leaders_{by}_{view.start}_{view.end}",
                    key=f"enterprise_leaders_{by}", lang=lang, selectable=True)
        if row is not None:
            open_enterprise(view, leaders["bin"].iloc[row])
    enterprise_opener(view, list(tops.values()), key="enterprise_open_leader")


def _pick_region(view: ViewState, key: str) -> None:
    code = st.session_state.get(key)
    if code:
        set_view(view.with_changes(region=code, enterprise=None))


def region_picker(view: ViewState) -> None:
    """Draw the list of the 20 units; choosing one puts it in the URL."""
    lang = view.lang
    names = i18n.region_labels(lang)
    codes = sorted(names, key=names.get)
    key = f"region_pick_{view.region or 'none'}"
    st.selectbox(
        i18n.t("region.select", lang),
        codes,
        index=codes.index(view.region) if view.region in names else None,
        format_func=names.get,
        placeholder=i18n.t("region.select", lang),
        key=key,
        on_change=_pick_region,
        args=(view, key),
    )


def _pick_enterprise(view: ViewState, key: str) -> None:
    bin_ = st.session_state.get(key)
    if bin_:
        set_view(view.with_changes(enterprise=bin_))


def enterprise_opener(view: ViewState, frames: Sequence[pd.DataFrame], key: str) -> None:
    """Draw a list of the enterprises in ``frames``; choosing one opens its page."""
    lang = view.lang
    rows = pd.concat([f[["bin", "name", "region"]] for f in frames], ignore_index=True)
    rows = rows[rows["bin"].notna()].drop_duplicates("bin")
    if rows.empty:
        return
    labels = {r["bin"]: enterprise_screen.option_label(r, lang) for r in rows.to_dict("records")}
    chosen = st.selectbox(
        i18n.t("common.open_enterprise", lang),
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder=i18n.t("enterprise.pick", lang),
        key=key,
    )
    if chosen:
        open_enterprise(view, chosen)


def enterprise_search(view: ViewState, version: str) -> None:
    """Draw the search by name or BIN and the list of matches bound to the URL."""
    lang = view.lang
    query = st.text_input(
        i18n.t("enterprise.search", lang),
        key="enterprise_query",
        placeholder=i18n.t("enterprise.search_placeholder", lang),
    ).strip()
    if not query:
        return
    results = data.search_enterprises(version, query)
    results = results[results["bin"].notna()]
    if results.empty:
        query_text = escape_markdown(query)
        components.empty_state(i18n.t("empty.enterprise_search", lang, query=query_text))
        return
    options = list(results["bin"])
    if _BIN.match(query) and query in options and view.enterprise != query:
        set_view(view.with_changes(enterprise=query))
        st.rerun()
    labels = {r["bin"]: enterprise_screen.option_label(r, lang) for r in results.to_dict("records")}
    key = f"enterprise_pick_{query}"
    st.selectbox(
        i18n.t("enterprise.matches", lang, count=len(options)),
        options,
        index=options.index(view.enterprise) if view.enterprise in options else None,
        format_func=labels.get,
        placeholder=i18n.t("enterprise.pick", lang),
        key=key,
        on_change=_pick_enterprise,
        args=(view, key),
    )


# --- cards and tables -------------------------------------------------------------------------


def cards(items: Sequence[region_screen.Card], per_row: int = 4) -> None:
    """Draw KPI cards, each with its change coloured by meaning and, under it, its note."""
    for offset in range(0, len(items), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, items[offset : offset + per_row], strict=False):
            with column:
                st.metric(card.label, card.value, delta=card.delta,
                          delta_color="normal" if card.rise_is_good else "inverse", border=True)
                if card.note:
                    st.caption(card.note)


def facts(items: Sequence[tuple[str, str]], per_row: int = 3) -> None:
    """Draw ``(label, text)`` facts in columns; the text may come from an upload."""
    for offset in range(0, len(items), per_row):
        columns = st.columns(per_row)
        for column, (label, text) in zip(columns, items[offset : offset + per_row], strict=False):
            column.markdown(
                f"**{escape_markdown(label)}**  \n{escape_markdown(text)}"
            )


def table(frame: pd.DataFrame, *, name: str, key: str, lang: str,
          selectable: bool = False, narrow: bool = False) -> int | None:
    """Show ``frame`` with CSV and XLSX downloads; return the row the user selected, if any.

    ``narrow``: the table sits in a half-width column, so the buttons share its width.
    """
    event = tables.dataframe(
        frame,
        lang,
        width="stretch",
        key=key,
        on_select="rerun" if selectable else "ignore",
        selection_mode="single-row",
    )
    left, right = st.columns(2) if narrow else st.columns([1, 1, 4])[:2]
    # The files are written when a button is pressed, not on every run of the page.
    left.download_button(
        i18n.t("common.download_csv", lang), lambda: exports.table_csv(frame, lang),
        file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        i18n.t("common.download_xlsx", lang),
        lambda: exports.table_xlsx(frame, sheet_name=name[:31]),
        file_name=f"{name}.xlsx", key=f"{key}_xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
    rows = event.selection.rows if selectable else []
    return int(rows[0]) if rows else None
