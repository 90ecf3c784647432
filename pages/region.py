"""Region: one unit's profile, trends, enterprises and labor conflicts for the period."""

import streamlit as st

from utils import formatting, i18n, maps, metrics
from utils.screens import (
    districts_screen,
    filters_screen,
    home_screen,
    hotspots_screen,
    map_screen,
    region_screen,
)
from utils.ui import alerts as alerts_ui
from utils.ui import cases_panel, components, data, drill, filter_chips, map_component, sidebar
from utils.ui.components import escape_markdown
from utils.ui.districts import district_section
from utils.ui.frame import ensure_frame
from utils.ui.state import beyond_map, current_view, map_only_caption, set_view

ensure_frame()

chosen = current_view()
view = beyond_map(chosen)
lang = view.lang
version = data.version()

with components.page_guard(lang):
    drill.back_to_map(chosen)
    drill.region_picker(view)
    start, end = view.start, view.end
    code = view.region if view.region in i18n.region_labels(lang) else None
    if start is None:
        components.empty_state(i18n.t("empty.database", lang))
        st.stop()
    if code is None:
        components.empty_state(i18n.t("region.choose_hint", lang))
        st.stop()
    name = i18n.region_label(code, lang)
    period = formatting.format_period(start, end, lang)
    st.title(f"{name} · {period}")
    map_only_caption(chosen)
    as_of = data.report_month(version, end)
    verdict = next((v for v in data.region_verdicts(version, as_of) if v.code == code), None)
    if verdict is not None:
        line = escape_markdown(hotspots_screen.verdict_line(verdict, lang))
        month = formatting.format_month(as_of, lang, "long")
        st.markdown(f"**{i18n.t('region.verdict', lang, month=month)}** {line}")
    alerts_ui.follow_control(view, "region", code, key="region_follow")
    filter_chips.render(view, [
        *filters_screen.ignored_notes(view.indicator, view.filters(), lang),
        i18n.t("filters.ignored_page.region", lang),
    ])
    filters = data.filters_key(view.filters())
    tag = f"{code}_{start}_{end}"
    # The page opens into the region's districts: their map comes first.
    district = district_section(view, version, filters, lang)
    points = data.enterprise_points(version, start, end, code)
    if district is not None:
        points = districts_screen.points_in_district(points, district)
        tag = f"{tag}_{district}"

    profile = drill.region_profile(version, code, start, end, filters)
    st.subheader(i18n.t("region.profile", lang))
    drill.facts([
        (i18n.t("common.population", lang), formatting.format_number(profile["population"], lang)),
        (i18n.t("common.employed", lang), formatting.format_number(profile["employed"], lang)),
        (i18n.t("region.area", lang), formatting.format_number(profile["area_km2"], lang)),
    ])
    if not region_screen.has_data(profile):
        components.empty_state(i18n.t("empty.period", lang, period=period))
        st.stop()

    st.subheader(i18n.t("region.kpis", lang))
    drill.cards(region_screen.kpi_cards(profile, lang, filters=view.filters()))
    st.caption(home_screen.comparison_caption(start, end, lang))
    drill.table(region_screen.indicator_table(profile, lang), name=f"indicators_{tag}",
                key="region_indicators", lang=lang)

    st.subheader(i18n.t("region.trends", lang))
    title = sidebar.indicator_label(view.indicator, lang)
    official = data.official_indicators(version)
    unit = map_screen.indicator_unit(view.indicator, official)
    # Read for the country, so months where the region had no rows count 0 like elsewhere.
    series = data.monthly_series(
        version, view.indicator, region_screen.context_start(start), end, None, filters
    )
    series = series[series["code"] == code]
    if series.empty or not (series["month"] >= start).any():
        components.empty_state(f"{title}: {i18n.t('empty.period', lang, period=period)}")
    else:
        st.altair_chart(
            region_screen.trend_chart(series, indicator_title=title, unit=unit, start=start,
                                      lang=lang),
            width="stretch",
        )
        series_note = map_screen.official_note(
            official, view.indicator, period, lang,
            data.official_granularity(version, view.indicator, start, end, series=True))
        if series_note:
            st.caption(escape_markdown(series_note))
    st.markdown(f"**{i18n.t('trends.category_mix', lang)}**")
    mix = data.category_mix(version, start, end, code)
    if mix.empty:
        components.empty_state(i18n.t("empty.period", lang, period=period))
    else:
        st.altair_chart(region_screen.category_chart(mix, lang), width="stretch")

    tops = {by: data.top_enterprises(version, code, start, end, by) for by in metrics.TOP_BY}
    if district is not None:
        # The region's leaders read far enough down to find ten in the district.
        located = data.enterprise_points(version, start, end, code)
        bins = districts_screen.bins_in_district(located, district)
        tops = {
            by: districts_screen.rows_of_bins(
                data.top_enterprises(version, code, start, end, by, limit=1000), bins
            ).head(10)
            for by in metrics.TOP_BY
        }
    if all(frame.empty for frame in tops.values()):
        components.empty_state(i18n.t("empty.region_no_enterprises", lang, region=name))
    for column, by in zip(st.columns(2), metrics.TOP_BY, strict=True):
        with column:
            st.subheader(i18n.t(f"region.top_by_{by}", lang))
            if tops[by].empty:
                components.empty_state(i18n.t(f"region.no_top_{by}", lang, period=period))
                continue
            row = drill.table(region_screen.top_table(tops[by], by, lang), name=f"top_{by}_{tag}",
                              key=f"region_top_{by}", lang=lang, selectable=True,
                              narrow=True)
            if row is not None:
                drill.open_enterprise(view, tops[by]["bin"].iloc[row])
    drill.enterprise_opener(view, list(tops.values()), key="region_open_enterprise")
    cases_panel.cases_here(view, cases_panel.cases_of(region=code), lang, "region_cases")

    st.subheader(i18n.t("region.incidents", lang))
    incidents = data.incidents_list(version, start, end, code, None)
    if district is not None:
        incidents = districts_screen.incidents_in_district(incidents, district)
    if incidents.empty:
        components.empty_state(i18n.t("empty.no_incidents", lang))
    else:
        drill.table(region_screen.incidents_table(incidents, lang), name=f"incidents_{tag}",
                    key="region_incidents", lang=lang)

    st.subheader(i18n.t("region.enterprises_map", lang))
    if points.empty:
        components.empty_state(i18n.t("region.no_top_arrears", lang, period=period))
    shown = drill.region_map_args(version, view.indicator, code, start, end,
                                  view.normalisation, filters, lang, district, view.present)
    if shown is not None:
        left, right = st.columns([4, 1])
        with left:
            result = map_component.show(shown["args"])
        with right:
            st.html(shown["legend"])
            st.caption(i18n.t("region.map_hint", lang))
        map_note = map_screen.official_note(
            official, view.indicator, period, lang,
            data.official_granularity(version, view.indicator, start, end),
            data.official_periods(version, view.indicator, start, end))
        if map_note:
            st.caption(escape_markdown(map_note))
        clicked_bin = maps.clicked_enterprise(result)
        clicked_code = maps.clicked_region(result)
        if clicked_bin:
            drill.open_enterprise(view, clicked_bin)
        elif clicked_code and clicked_code != code:
            set_view(view.with_changes(region=clicked_code, district=None))
            st.rerun()
