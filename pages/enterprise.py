"""Enterprise: find one by name or BIN; its profile, arrears, repayments, appeals, conflicts."""

import streamlit as st

from utils import i18n
from utils.screens import enterprise_screen, region_screen
from utils.ui import alerts as alerts_ui
from utils.ui import cases_panel, components, data, drill, filter_chips
from utils.ui.components import escape_markdown
from utils.ui.frame import ensure_frame
from utils.ui.state import current_view

ensure_frame()

view = current_view()
lang = view.lang
version = data.version()

with components.page_guard(lang):
    if view.region:
        drill.back_to_region(view)
    else:
        drill.back_to_map(view)
    st.title(i18n.t("enterprise.title", lang))
    filter_chips.render(view, [i18n.t("filters.ignored_page.enterprise", lang)])
    drill.enterprise_search(view, version)
    bin_ = view.enterprise
    if bin_ is None:
        components.empty_state(i18n.t("empty.no_enterprise_selected", lang))
        drill.national_leaders(view, version)
        st.stop()
    profile = data.enterprise_profile(version, bin_)
    if profile is None:
        components.empty_state(i18n.t("enterprise.not_found_bin", lang, bin=bin_))
        st.stop()

    st.header(escape_markdown(profile["name"] or bin_))
    alerts_ui.follow_control(view, "enterprise", bin_, key="enterprise_follow")
    if profile.get("source") != "registry":
        st.caption(i18n.t("enterprise.source_extracts", lang))
    drill.facts(enterprise_screen.profile_facts(profile, lang), per_row=5)
    drill.cards(enterprise_screen.kpi_cards(profile, lang), per_row=3)
    span = enterprise_screen.record_span(profile, lang)
    if span:
        st.caption(span)
    cases_panel.cases_here(view, cases_panel.cases_of(bin_=bin_), lang, "enterprise_cases",
                           bin_=bin_)
    timeline = data.enterprise_timeline(version, bin_)

    st.subheader(i18n.t("enterprise.arrears_timeline", lang))
    chart = enterprise_screen.arrears_chart(timeline, lang)
    if chart is None:
        components.empty_state(i18n.t("enterprise.no_arrears", lang))
    else:
        st.altair_chart(chart, width="stretch")

    st.subheader(i18n.t("enterprise.repayments", lang))
    repayments = enterprise_screen.repayments_table(timeline, lang)
    if repayments.empty:
        components.empty_state(i18n.t("enterprise.no_repayments", lang))
    else:
        drill.table(repayments, name=f"repayments_{bin_}", key="enterprise_repayments",
                    lang=lang)

    st.subheader(i18n.t("enterprise.appeals_by_category", lang))
    appeals = enterprise_screen.appeals_by_category(timeline)
    if appeals.empty:
        components.empty_state(i18n.t("enterprise.no_appeals", lang))
    else:
        st.altair_chart(region_screen.category_chart(appeals, lang, mark="bar"), width="stretch")

    st.subheader(i18n.t("enterprise.layoffs", lang))
    layoffs = enterprise_screen.layoffs_table(timeline, lang)
    if layoffs.empty:
        components.empty_state(i18n.t("enterprise.no_layoffs", lang))
    else:
        drill.table(layoffs, name=f"layoffs_{bin_}", key="enterprise_layoffs", lang=lang)

    st.subheader(i18n.t("enterprise.incidents", lang))
    first, last = profile.get("first_month"), profile.get("last_month")
    incidents = (
        data.incidents_list(version, first, last, None, bin_) if first and last else None
    )
    if incidents is None or incidents.empty:
        components.empty_state(i18n.t("empty.no_incidents_enterprise", lang))
    else:
        drill.table(enterprise_screen.incidents_table(incidents, lang), name=f"incidents_{bin_}",
                    key="enterprise_incidents", lang=lang)

    st.subheader(i18n.t("enterprise.timeline_table", lang))
    drill.table(enterprise_screen.timeline_table(timeline, lang), name=f"timeline_{bin_}",
                key="enterprise_timeline", lang=lang)
