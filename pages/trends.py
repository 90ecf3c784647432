"""Trends: monthly series, national or of one region, year on year, category mix, growth."""

import streamlit as st

from utils import formatting, i18n, metrics
from utils.screens import filters_screen, map_screen
from utils.ui import components, data, filter_chips, sidebar
from utils.ui.components import escape_markdown
from utils.ui.frame import ensure_frame
from utils.ui.state import beyond_map, current_view, map_only_caption, set_view

ensure_frame()

chosen = current_view()
view = beyond_map(chosen)
lang = view.lang
version = data.version()
NATIONAL = ""


def _on_region_change() -> None:
    chosen = st.session_state.get("trends_region") or None
    st.session_state["trends_region_synced"] = chosen or NATIONAL
    set_view(view.with_changes(region=chosen))


def _place(code: str) -> str:
    return i18n.region_label(code, lang) if code else i18n.t("common.kazakhstan", lang)


with components.page_guard(lang):
    st.title(i18n.t("trends.title", lang))
    map_only_caption(chosen)
    filter_chips.render(view, filters_screen.ignored_notes(view.indicator, view.filters(), lang))
    if view.start is None:
        components.empty_state(i18n.t("empty.database", lang))
        st.stop()
    # The picker follows the URL (links, back button); a choice writes the URL.
    if st.session_state.get("trends_region_synced") != (view.region or NATIONAL):
        st.session_state["trends_region"] = view.region or NATIONAL
        st.session_state["trends_region_synced"] = view.region or NATIONAL
    codes = [NATIONAL, *i18n.region_labels(lang)]
    st.selectbox(i18n.t("common.region", lang), codes, format_func=_place, key="trends_region",
                 on_change=_on_region_change)

    title = sidebar.indicator_label(view.indicator, lang)
    period = formatting.format_period(view.start, view.end, lang)
    unit = map_screen.indicator_unit(view.indicator, data.official_indicators(version))
    normalised = view.normalisation != "absolute"
    shown_unit = map_screen.legend_unit(unit, view.normalisation, lang)
    value_title = f"{title} ({shown_unit})" if shown_unit else title
    st.subheader(f"{escape_markdown(title)} · {_place(view.region or NATIONAL)} · {period}")

    filters = data.filters_key(view.filters())
    found = data.trends(version, view.indicator, view.start, view.end, view.region,
                        view.normalisation, filters)
    numbers = found["numbers"]
    if numbers is None:
        empty = "empty.filter" if view.filters() else "empty.period"
        components.empty_state(i18n.t(empty, lang, period=period))
        st.stop()

    def show(value: float | None) -> str:
        return formatting.format_indicator_value(value, unit, lang, normalised=normalised)

    cards = st.columns(3)
    last = i18n.t("trends.last_month", lang, month=formatting.format_month(numbers["month"], lang))
    year_earlier = i18n.t("trends.year_earlier", lang)
    if found["official"]:  # a published period, named as published: «II квартал 2025»
        granularity = data.official_granularity(version, view.indicator, view.start, view.end,
                                                series=True)
        last = i18n.t("stats.last_period", lang, period=formatting.format_stat_period(
            metrics.period_ending(numbers["month"], granularity), lang))
        year_earlier = i18n.t("stats.year_earlier", lang)
    cards[0].metric(last, show(numbers["value"]), border=True)
    if not found["official"]:
        cards[1].metric(i18n.t("trends.rolling_mean", lang), show(numbers["rolling"]),
                        border=True)
    yoy = numbers["yoy_pct"]
    cards[2].metric(
        year_earlier, show(numbers["year_earlier"]),
        delta=None if yoy is None else i18n.t(
            "trends.yoy_delta", lang, change=formatting.format_percent_change(yoy, lang)),
        delta_color="inverse", border=True,
    )

    if found["official"]:
        note = map_screen.official_note(
            data.official_indicators(version), view.indicator, period, lang, granularity)
        st.caption(escape_markdown(note))
    share = st.session_state.get("trends_share", False)
    specs = data.trends_charts(version, view.indicator, view.start, view.end, view.region,
                               view.normalisation, filters, lang=lang, title=title,
                               value_title=value_title, share=share, unit=unit)
    st.vega_lite_chart(specs["series"], width="stretch")

    st.subheader(i18n.t("trends.category_mix", lang))
    if specs["mix"] is None:
        components.empty_state(i18n.t("trends.no_appeals", lang, period=period))
    else:
        st.toggle(i18n.t("trends.share", lang), key="trends_share")
        st.vega_lite_chart(specs["mix"], width="stretch")

    if specs["regions"] is not None:
        st.subheader(i18n.t("trends.small_multiples", lang))
        st.caption(i18n.t("trends.small_multiples_note", lang))
        st.vega_lite_chart(specs["regions"], width="content")
