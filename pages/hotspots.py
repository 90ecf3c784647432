"""Hotspots: where and at which enterprises tension is rising, ranked, with the reasons."""

import streamlit as st
from streamlit_folium import st_folium

from utils import formatting, i18n, maps, settings
from utils.months import month_range
from utils.screens import backtest_screen as bt
from utils.screens import cases_screen
from utils.screens import hotspots_screen as hv
from utils.ui import alerts as alerts_ui
from utils.ui import cases_panel, components, data, drill, filter_chips, hotspots_data, tables
from utils.ui.components import escape_markdown
from utils.ui.frame import ensure_frame
from utils.ui.state import current_view, page_params, set_view

ensure_frame()

#: Presentation mode: the words of this screen larger, to be read at a distance.
PRESENT_CSS = """<style>
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] li {
    font-size: 1.35rem; line-height: 1.5; }
</style>"""

view = current_view()
lang = view.lang
version = data.version()
present = view.present


def _pick_as_of(key: str, first: str) -> None:
    month = st.session_state.get(key)
    if month:
        start, end = hv.period_for(month, view.start, first)
        set_view(view.with_changes(start=start, end=end))


def _open_region(code: str) -> None:
    st.switch_page("pages/region.py", query_params=page_params(view, region=code, enterprise=None))


def _card(heading: str, details: list[str], lines: list[str]) -> None:
    """Draw one ranked unit: its name and level in bold, then its reasons in words."""
    head = f"**{escape_markdown(heading)}** — " + " · ".join(escape_markdown(d) for d in details)
    if len(lines) == 1:
        st.markdown(f"{head}  \n{escape_markdown(lines[0])}")
    else:
        st.markdown(head)
        st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines))


with components.page_guard(lang):
    first, last = data.month_bounds(version)
    as_of = hv.as_of_month(view.end, first, last)
    if present:
        st.html(PRESENT_CSS)
    st.title(i18n.t("hotspots.title", lang))
    filter_chips.render(view, [i18n.t("hotspots.filters_ignored", lang)])
    if as_of is None:
        components.empty_state(i18n.t("empty.database", lang))
        st.stop()
    st.markdown(i18n.t("hotspots.intro", lang, month=formatting.format_month(as_of, lang, "long")))
    if not present:
        months, key = month_range(first, last), f"hotspots_as_of_{as_of}"
        st.selectbox(i18n.t("hotspots.as_of", lang), months, index=months.index(as_of),
                     format_func=lambda m: formatting.format_month(m, lang, "long"), key=key,
                     on_change=_pick_as_of, args=(key, first))
        st.caption(i18n.t("hotspots.as_of_help", lang))

    report = data.hotspots_report(version, as_of)
    for note in hv.notes(report, lang, skip=("ew.note.low_spatial_power",)):
        st.caption(note)
    counts = hv.summary(report)
    for column, name in zip(st.columns(4), counts, strict=True):
        column.metric(i18n.t(f"hotspots.kpi.{name}", lang),
                      formatting.format_number(counts[name], lang), border=True)

    st.subheader(i18n.t("hotspots.regions_rising", lang))
    rising = hv.rising_regions(report, limit=3 if present else 5)
    if not rising:
        components.empty_state(i18n.t("empty.no_hotspots", lang))
    elif not present:
        st.caption(i18n.t("hotspots.order", lang))
    for entry in rising:
        name = i18n.region_label(entry.code, lang)
        index = formatting.format_number(entry.tension_index, lang, decimals=2)
        _card(f"{entry.rank}. {name}", [
            hv.verdict_label(entry, lang),
            i18n.t("hotspots.tension_index_value", lang, value=index),
        ], [hv.verdict_reason(entry, lang)])
        if not present:
            st.page_link("pages/region.py", label=f"{i18n.t('common.open_region', lang)}: {name}",
                         icon=":material/location_city:",
                         query_params=page_params(view, region=entry.code, enterprise=None))
    if not present and report.regions:
        st.markdown(f"**{i18n.t('hotspots.regions_table', lang)}**")
        row = drill.table(hv.region_table(report, lang), name=f"hotspots_regions_{as_of}",
                          key="hotspots_regions", lang=lang, selectable=True)
        st.caption(i18n.t("hotspots.table_hint_regions", lang))
        if row is not None:
            _open_region(report.regions[row].code)

    if report.regions:
        st.subheader(i18n.t("hotspots.emerging_map", lang))
        app_settings = settings.get("app")
        built = hotspots_data.emerging_map(version, as_of, lang, present,
                                           app_settings["tile_url"],
                                           app_settings["tile_attribution"] or None)
        left, right = st.columns([4, 1])
        with left:
            result = st_folium(built.map, key="hotspots_map", height=520,
                               use_container_width=True, returned_objects=maps.RETURNED_OBJECTS)
        with right:
            st.html(built.legend_html)
            st.caption(i18n.t("map.click_hint", lang))
        st.caption(i18n.t("hotspots.low_power", lang))
        if maps.clicked_region(result):
            _open_region(maps.clicked_region(result))

    st.subheader(i18n.t("hotspots.watchlist", lang))
    firms = report.enterprises
    open_cases = cases_screen.open_case_bins(cases_panel.all_cases())
    if not firms:
        components.empty_state(i18n.t("hotspots.watchlist_empty", lang,
                                      month=formatting.format_month(as_of, lang, "long")))
    for row in hv.enterprise_rows(report, lang)[: 10 if present else 5]:
        details = [row["region"], row["risk_level"],
                   i18n.t("hotspots.score_value", lang,
                          value=formatting.format_number(row["score"], lang, decimals=1))]
        if row["new_on_list"]:
            details.append(i18n.t("hotspots.new_on_list", lang))
        if row["bin"] in open_cases:
            details.append(i18n.t("cases.has_case", lang, number=open_cases[row["bin"]]))
        _card(f"{row['rank']}. {row['name']}", details, [row["reasons"]])
        if not present:
            opener = f"{i18n.t('common.open_enterprise', lang)}: {escape_markdown(row['name'])}"
            st.page_link("pages/enterprise.py", label=opener, icon=":material/factory:",
                         query_params=page_params(view, enterprise=row["bin"]))
            alerts_ui.follow_control(view, "enterprise", row["bin"],
                                     key=f"hotspots_follow_{row['bin']}")
            cases_panel.watchlist_action(view, row["bin"], open_cases, lang)
    if firms and not present:
        row = drill.table(hv.enterprise_table(report, lang, open_cases),
                          name=f"hotspots_watchlist_{as_of}", key="hotspots_watchlist",
                          lang=lang, selectable=True)
        st.caption(i18n.t("hotspots.table_hint_enterprises", lang))
        if row is not None:
            drill.open_enterprise(view, firms[row].bin)

    st.subheader(i18n.t("hotspots.record.title", lang))
    record = hotspots_data.warning_record(version, *bt.record_months(as_of))
    st.markdown("\n\n".join(bt.record_lines(record, lang)))
    if not present and record.months:
        st.caption(i18n.t("hotspots.record.how", lang))
        st.altair_chart(bt.record_chart(record, lang), width="stretch")
        if record.enterprises.missed:
            st.markdown(f"**{i18n.t('hotspots.record.missed', lang)}**")
            tables.dataframe(bt.missed_table(record, lang), lang, width="stretch")

    if not present:
        with st.expander(i18n.t("hotspots.methodology", lang)):
            for heading, text in hv.methodology(report, lang):
                st.markdown(f"**{heading}**  \n{text}")
            if report.regions:
                st.markdown(f"**{i18n.t('hotspots.evidence_table', lang)}**")
                tables.dataframe(hv.evidence_table(report, lang), lang, width="stretch")
            st.markdown(f"**{i18n.t('hotspots.emerging_definitions', lang)}**")
            tables.dataframe(hv.emerging_definitions(lang), lang, width="stretch")
            for which in ("region", "enterprise"):
                st.markdown(f"**{i18n.t(f'hotspots.weights_{which}', lang)}**")
                tables.dataframe(hv.weights_table(report, which, lang), lang, width="stretch")
