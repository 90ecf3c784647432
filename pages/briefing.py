"""Briefing: exports (PPTX, PDF, map, charts, tables), a link to the view, presentation mode.

In presentation mode the page steps through the national map, the regions where tension is
rising, the enterprise watchlist and the trends; the step lives in the URL (``step``), so
the back button and a shared link land on the same slide.
"""

import streamlit as st
from streamlit_folium import st_folium

from utils import charts, formatting, i18n, maps, settings
from utils.briefing import PRESENTATION_STEPS
from utils.screens import filters_screen
from utils.ui import (
    briefing_data,
    components,
    data,
    drill,
    filter_chips,
    map_component,
    playback,
    share,
)
from utils.ui.components import escape_markdown
from utils.ui.frame import ensure_frame
from utils.ui.presenter_keys import presenter_keys
from utils.ui.state import beyond_map, current_view, map_only_caption, set_view

ensure_frame()

chosen = current_view()
view = beyond_map(chosen)
lang = view.lang
version = data.version()
STEPS = list(PRESENTATION_STEPS)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#: The key figures shown above the map in presentation mode (one row, readable at a distance).
HEADLINE_KPIS = ("appeals", "people", "arrears_outstanding_kzt", "workers_owed")
#: What a slide holds so that it fits a 1280×720 projector under its heading; the rest is in
#: the exports and on the hotspots screen. The map's own height follows the screen (its frame
#: is sized by ``components.presentation_style``); MAP_HEIGHT is where it starts.
MAP_HEIGHT = 420
RISING_SHOWN, RISING_PER_ROW = 6, 3
WATCHLIST_SHOWN = 5
CHART_HEIGHT = 470


def _go(**changes: object) -> None:
    set_view(view.with_changes(**changes))


def _toggle_play() -> None:
    set_view(view.with_changes(play=bool(st.session_state.get("briefing_play"))))


def _reasons(text: str) -> list[str]:
    """Return the reasons of a slide's cell (one per line, each with a bullet) as a list."""
    return [line.lstrip("• ") for line in text.split("\n") if line]


def _bullets(text: str) -> str:
    return "\n".join(f"- {escape_markdown(reason)}" for reason in _reasons(text))


def _presentation_title(content) -> str:
    period = formatting.format_period(view.start, view.end, lang)
    title = i18n.t("briefing.presentation_title", lang, indicator=content.indicator_title,
                   period=period, source=content.source_label)
    demo_only = content.source_label == i18n.t("briefing.source_demo_short", lang)
    if content.synthetic and not demo_only:  # uploads mixed with the demo data
        title += f" · {i18n.t('common.synthetic_badge', lang)}"
    return title


def _show_step(step: str, content) -> None:
    if step == "overview":
        cards = data.national_kpis(version, view.start, view.end,
                                   data.filters_key(view.filters()))
        components.kpi_cards({key: cards[key] for key in HEADLINE_KPIS}, lang,
                             per_row=len(HEADLINE_KPIS),
                             notes=filters_screen.ignored_captions(HEADLINE_KPIS, view.filters(),
                                                                   lang))
        left, right = st.columns([4, 1])
        with right:
            st.toggle(i18n.t("playback.toggle", lang), value=view.play, key="briefing_play",
                      help=i18n.t("playback.toggle_help", lang), on_change=_toggle_play)
        if view.play:
            shown = playback.playing_map(version, view, title=content.indicator_title,
                                         key="briefing_map", height=MAP_HEIGHT, fill=True)
            with left, st.container(key="presentation_map"):
                playback.keep_paused_month(map_component.show(shown["args"]), view)
            right.html(shown["legend_html"])
            return
        built = data.home_map(
            version, view.indicator, view.start, view.end, view.normalisation,
            data.filters_key(view.filters()), mode="value" if view.mode == "verdict" else view.mode,
            scheme=view.scheme, lang=lang,
            title=content.indicator_title, high_contrast=True,
            tile_url=settings.get("app")["tile_url"], enterprises=False,
        )
        with left, st.container(key="presentation_map"):
            st_folium(maps.fill_frame(built.map), key="briefing_map", height=MAP_HEIGHT,
                      use_container_width=True, returned_objects=maps.RETURNED_OBJECTS)
        right.html(built.legend_html)
    elif step == "rising":
        if content.rising_note and not content.rising.rows:
            components.empty_state(content.rising_note)
        rows = content.rising.rows[:RISING_SHOWN]
        for offset in range(0, len(rows), RISING_PER_ROW):
            columns = st.columns(RISING_PER_ROW)
            for column, (number, name, level, reasons) in zip(
                    columns, rows[offset:offset + RISING_PER_ROW], strict=False):
                box = column.container(border=True)
                box.subheader(f"{number}. {name} — {level}")
                box.markdown(_bullets(reasons))
        if content.rising_note and content.rising.rows:
            st.caption(content.rising_note)
    elif step == "watchlist":
        if content.watchlist_note:
            components.empty_state(content.watchlist_note)
        else:
            table = content.watchlist
            shown = table.rows[:WATCHLIST_SHOWN]
            st.table({escape_markdown(column): [escape_markdown("; ".join(_reasons(row[i])))
                                                for row in shown]
                      for i, column in enumerate(table.columns)}, hide_index=True)
            if len(table.rows) > len(shown):
                st.caption(i18n.t("briefing.more_watchlist", lang,
                                  count=len(table.rows) - len(shown)))
    else:
        for column, chart in zip(st.columns(len(content.charts)), content.charts, strict=True):
            column.markdown(f"**{chart.title}**")
            column.altair_chart(charts.projector_chart(chart.chart, height=CHART_HEIGHT),
                                width="stretch")


def _navigation(step: int) -> None:
    """Draw the slide's heading with its controls beside it, at the top of the screen."""
    heading, controls = st.columns([1, 1], vertical_alignment="center")
    heading.header(f"{i18n.t('briefing.step_counter', lang, step=step + 1, total=len(STEPS))}"
                   f" · {i18n.t(PRESENTATION_STEPS[STEPS[step]], lang)}")
    with controls.container(horizontal=True, horizontal_alignment="right"):
        st.button(i18n.t("briefing.previous", lang), key="briefing_previous",
                  icon=":material/arrow_back:", disabled=step == 0,
                  on_click=_go, kwargs={"step": step - 1})
        st.button(i18n.t("briefing.next", lang), key="briefing_next", type="primary",
                  icon=":material/arrow_forward:", disabled=step == len(STEPS) - 1,
                  on_click=_go, kwargs={"step": step + 1})
        with st.popover(i18n.t("briefing.link", lang), icon=":material/link:"):
            share.copy_link(view, lang, page="briefing")
        st.button(i18n.t("briefing.exit_presentation", lang), key="briefing_exit",
                  icon=":material/close_fullscreen:", on_click=_go,
                  kwargs={"present": False, "step": 0})


def _downloads(content, shown) -> None:
    st.subheader(i18n.t("briefing.exports", lang))
    stem = f"briefing_{view.end}_{lang}"
    columns = st.columns(3)
    columns[0].download_button(
        i18n.t("briefing.export_pptx", lang), file_name=f"{stem}.pptx", mime=PPTX,
        data=lambda: briefing_data.briefing_file(version, shown, lang, "pptx", stamp),
        on_click="ignore", icon=":material/slideshow:", key="briefing_pptx")
    columns[1].download_button(
        i18n.t("briefing.export_pdf", lang), file_name=f"{stem}.pdf", mime="application/pdf",
        data=lambda: briefing_data.briefing_file(version, shown, lang, "pdf", stamp),
        on_click="ignore", icon=":material/picture_as_pdf:", key="briefing_pdf")
    columns[2].download_button(
        f"{i18n.t('briefing.export_map', lang)} (HTML)", file_name=f"map_{view.end}.html",
        data=lambda: briefing_data.map_html(version, shown, lang, content.indicator_title),
        mime="text/html", on_click="ignore", icon=":material/map:", key="briefing_map_html",
        help=i18n.t("briefing.export_map_help", lang))

    strip, gif = st.columns(2)
    for column, fmt, mime in ((strip, "png", "image/png"), (gif, "gif", "image/gif")):
        column.download_button(
            i18n.t(f"playback.export_{'strip' if fmt == 'png' else 'gif'}", lang),
            file_name=f"map_months_{view.start}_{view.end}.{fmt}", mime=mime,
            data=lambda f=fmt: briefing_data.month_maps_file(version, shown, lang,
                                                             content.indicator_title, f),
            on_click="ignore", icon=":material/animated_images:", key=f"briefing_months_{fmt}",
            help=i18n.t("playback.export_help", lang))

    st.subheader(i18n.t("briefing.export_charts", lang))
    for index, (column, chart) in enumerate(
            zip(st.columns(len(content.charts)), content.charts, strict=True)):
        with column:
            st.markdown(f"**{escape_markdown(chart.title)}**")
            st.altair_chart(chart.chart, width="stretch")
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                st.download_button(
                    i18n.t(f"common.download_{fmt}", lang), file_name=f"{chart.name}.{fmt}",
                    data=lambda i=index, f=fmt: briefing_data.chart_file(version, shown, lang,
                                                                         i, f),
                    mime=mime, on_click="ignore", key=f"briefing_chart_{index}_{fmt}",
                    icon=":material/download:")

    st.subheader(i18n.t("briefing.export_tables", lang))
    for table in content.tables.values():
        st.markdown(f"**{content.titles.get(_TABLE_SLIDES[table.name], table.name)}**")
        drill.table(table.frame, name=f"{table.name}_{view.end}", key=f"briefing_{table.name}",
                    lang=lang)


_TABLE_SLIDES = {"key_figures": "kpis", "rising_regions": "rising", "watchlist": "watchlist",
                 "case_results": "results"}

with components.page_guard(lang):
    if view.start is None:
        st.title(i18n.t("briefing.title", lang))
        components.empty_state(i18n.t("empty.database", lang))
        st.stop()
    shown = briefing_data.briefing_view(view)
    with st.spinner(i18n.t("briefing.generating", lang)):
        stamp = briefing_data.cases_stamp()
        content = briefing_data.content(version, shown, lang, stamp)

    if view.present:
        step = min(view.step, len(STEPS) - 1)
        st.title(escape_markdown(_presentation_title(content)))
        map_only_caption(chosen)
        _navigation(step)
        filter_chips.render(view, filters_screen.ignored_notes(view.indicator, view.filters(),
                                                               lang))
        _show_step(STEPS[step], content)
        presenter_keys(step, next_key="briefing_next", previous_key="briefing_previous")
        st.stop()

    st.title(i18n.t("briefing.title", lang))
    map_only_caption(chosen)
    filter_chips.render(view, [
        *filters_screen.ignored_notes(view.indicator, view.filters(), lang),
        i18n.t("briefing.filters_scope", lang),
    ])
    st.caption(i18n.t("briefing.intro", lang))
    st.markdown(f"**{escape_markdown(_presentation_title(content))}**")
    st.button(i18n.t("briefing.start_presentation", lang), key="briefing_start",
              icon=":material/co_present:", type="primary", on_click=_go,
              kwargs={"present": True, "step": 0})
    share.copy_link(view, lang, page="briefing")
    _downloads(content, shown)
