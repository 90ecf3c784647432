"""Map (home): where tension is, across the 20 units, for the chosen indicator and period."""

import streamlit as st

from utils import formatting, i18n, maps, metrics, settings
from utils.screens import (
    MODES,
    SCHEMES,
    filters_screen,
    home_screen,
    map_screen,
    playback_screen,
)
from utils.ui import components, data, filter_chips, map_component, playback, rising, sidebar
from utils.ui.components import escape_markdown
from utils.ui.frame import ensure_frame
from utils.ui.state import current_view, page_params, set_view

ensure_frame()

view = current_view()
lang = view.lang
version = data.version()
# A case indicator has no monthly series: its map is the period's, never the playback.
by_cases = metrics.is_case_indicator(view.indicator)
play = view.play and not by_cases


def _bind(key: str, value: object) -> None:
    """Give the widget ``key`` the URL's value when the URL changed (link, back button)."""
    if st.session_state.get(f"{key}_synced") != value:
        st.session_state[key] = value
        st.session_state[f"{key}_synced"] = value


def _on_view_change() -> None:
    mode = st.session_state.get("map_mode") or view.mode
    scheme = st.session_state.get("map_scheme") or view.scheme
    enterprises = bool(st.session_state.get("map_enterprises", view.enterprises))
    play = bool(st.session_state.get("map_play", view.play))
    st.session_state["map_mode_synced"], st.session_state["map_scheme_synced"] = mode, scheme
    st.session_state["map_enterprises_synced"] = enterprises
    st.session_state["map_play_synced"] = play
    set_view(view.with_changes(mode=mode, scheme=scheme, enterprises=enterprises, play=play))


with components.page_guard(lang):
    if view.start is None:
        st.title(i18n.t("map.title", lang))
        components.empty_state(i18n.t("empty.database", lang))
        st.stop()
    title = sidebar.indicator_label(view.indicator, lang)
    period = formatting.format_period(view.start, view.end, lang)
    as_of = data.report_month(version, view.end)
    verdicts = data.region_verdicts(version, as_of)
    rising.rising_strip(home_screen.rising_strip(verdicts, lang), view)
    unit = map_screen.indicator_unit(view.indicator, data.official_indicators(version))
    heading = playback_screen.playback_title(
        title, unit=unit, normalisation=view.normalisation, mode=view.mode,
        period=(view.start, view.end), lang=lang,
    ) if play else map_screen.map_title(
        title, unit=unit, normalisation=view.normalisation, mode=view.mode,
        period=(view.start, as_of if view.mode == "verdict" else view.end), lang=lang,
    )

    filter_chips.render(view, filters_screen.ignored_notes(view.indicator, view.filters(), lang))
    filters = data.filters_key(view.filters())
    kpis = data.national_kpis(version, view.start, view.end, filters)
    notes = filters_screen.ignored_captions(kpis, view.filters(), lang)
    changes = {key: home_screen.kpi_change(key, card, lang)
               for key, card in kpis.items()}
    headline = {key: kpis[key] for key in home_screen.HEADLINE_KPIS if key in kpis}
    others = {key: card for key, card in kpis.items() if key not in headline}
    row, more = st.columns([12, 1], vertical_alignment="center")
    with row:
        components.kpi_cards(headline, lang, per_row=len(headline), changes=changes,
                             notes=notes)
        st.caption(home_screen.comparison_caption(view.start, view.end, lang))
    if others:
        with more.popover("", icon=":material/more_horiz:", help=i18n.t("map.more_kpis", lang)):
            components.kpi_cards(others, lang, per_row=1, changes=changes, notes=notes)

    cases = data.cases_key(view.indicator)
    values = data.region_values(
        version, view.indicator, view.start, view.end, view.normalisation, filters, cases
    )
    note = map_screen.official_note(
        data.official_indicators(version), view.indicator, period, lang,
        data.official_granularity(version, view.indicator, view.start, view.end),
        data.official_periods(version, view.indicator, view.start, view.end),
    )
    if note:
        st.caption(escape_markdown(note))
    if values["value"].isna().all():
        empty = "empty.filter" if view.filters() else "empty.period"
        components.empty_state(i18n.t(empty, lang, period=period))
        st.stop()

    _bind("map_mode", view.mode)
    _bind("map_scheme", view.scheme)
    _bind("map_enterprises", view.enterprises)
    _bind("map_play", view.play)
    classified = view.mode != "verdict" or play
    # Without the class-scheme picker the mode switch and the toggle share its room.
    widths = [4, 5, 2, 2] if classified else [4, 5, 3]
    controls = st.columns(widths, vertical_alignment="center")
    controls[0].markdown(f"#### {escape_markdown(heading)}")
    controls[1].segmented_control(
        i18n.t("map.mode", lang), MODES, key="map_mode", on_change=_on_view_change,
        format_func=lambda key: i18n.t(f"map.mode_{key}", lang), label_visibility="collapsed",
    )
    changing = view.mode == "change"
    if classified:
        controls[2].selectbox(
            i18n.t("sidebar.classification", lang), SCHEMES, key="map_scheme",
            format_func=lambda key: i18n.t(
                "map.scheme_fixed" if changing else f"classify.{key}", lang),
            on_change=_on_view_change, disabled=changing,
            help=map_screen.change_classes_help(lang) if changing else None,
            label_visibility="collapsed",
        )
    with controls[-1]:
        st.toggle(i18n.t("sidebar.show_enterprises", lang), key="map_enterprises",
                  help=i18n.t("map.enterprises_help", lang), on_change=_on_view_change)
    enterprises = view.enterprises

    with st.spinner(i18n.t("common.loading", lang)):
        shown = playback.playing_map(
            version, view, title=title, key="map_regions", height=data.HOME_MAP_HEIGHT,
        ) if play else data.home_map_view(
            version, view.indicator, view.start, view.end, view.normalisation, filters,
            cases=cases, mode=view.mode, scheme=view.scheme, lang=lang, title=title,
            high_contrast=view.present, tile_url=settings.get("app")["tile_url"],
            enterprises=enterprises, as_of=as_of,
        )
    left, right = st.columns([4, 1])
    with left:
        result = map_component.show(shown["args"])
    with right:
        st.toggle(i18n.t("playback.toggle", lang), key="map_play", disabled=by_cases,
                  help=i18n.t("cases.indicator.no_playback" if by_cases else
                              "playback.toggle_help", lang), on_change=_on_view_change)
        st.html(shown["legend_html"])
        if view.play and by_cases:
            st.caption(i18n.t("cases.indicator.no_playback", lang))
        st.caption(i18n.t("map.click_hint", lang))
    missing = map_screen.no_data_regions(values, lang)
    if missing:
        st.caption(i18n.t("map.no_data_regions", lang, regions=", ".join(missing)))
    if enterprises and data.enterprise_points(version, view.start, view.end, None).empty:
        components.empty_state(i18n.t("map.no_enterprises", lang, period=period))
    elif enterprises and play:
        st.caption(i18n.t("playback.enterprises_note", lang))
    clicked = maps.clicked_region(result)
    if clicked:
        st.switch_page("pages/region.py", query_params=page_params(view, region=clicked))
    firm = maps.clicked_enterprise(result)
    if firm:
        st.switch_page("pages/enterprise.py", query_params=page_params(view, enterprise=firm))
    if play:
        playback.keep_paused_month(result, view)
    if not enterprises:
        # The page is drawn; what the enterprise layer needs is computed now, so the switch
        # finds it cached.
        data.warm_enterprise_layer(version, view.start, view.end)
