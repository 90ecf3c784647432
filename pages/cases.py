"""Cases: what was done about each warning — my cases late first, steps, results, timeliness."""

import streamlit as st

from utils import cases, i18n
from utils.screens import cases_screen as cv
from utils.ui import cases_panel, components, data, drill, tables
from utils.ui.auth import can, current_user
from utils.ui.components import escape_markdown
from utils.ui.frame import ensure_frame
from utils.ui.state import current_view, page_params

ensure_frame()

view = current_view()
lang = view.lang
version = data.version()

with components.page_guard(lang):
    st.title(i18n.t("cases.title", lang))
    st.caption(i18n.t("cases.intro", lang))
    st.page_link("pages/hotspots.py", label=i18n.t("cases.back_to_watchlist", lang),
                 icon=":material/local_fire_department:",
                 query_params=page_params(view, enterprise=None))
    cases_panel.show_message()
    cases_panel.check_watch(version)
    today, targets = cases.today(), cases.Targets.from_settings()
    found = cases_panel.all_cases()
    editor = can("cases")
    if not editor:
        cases_panel.login_offer(lang)

    st.subheader(i18n.t("cases.results.title", lang))
    report = cases.timeliness_report(found, today=today, targets=targets)
    st.caption(i18n.t("cases.results.all_time", lang))
    for column, (label, value) in zip(st.columns(5), cv.results_cards(report, lang),
                                      strict=True):
        column.metric(label, value, border=True)
    for line in cv.slowest_lines(report, lang):
        st.markdown(escape_markdown(line))
    if report.regions:
        with st.expander(i18n.t("cases.results.by_region", lang)):
            tables.dataframe(cv.results_table(report, lang), lang, width="stretch")

    with st.expander(i18n.t("cases.impact.title", lang)):
        st.caption(i18n.t("cases.impact.caveat", lang, months=cases.IMPACT_HORIZON))
        if found and st.toggle(i18n.t("cases.impact.show", lang), key="cases_impact"):
            comparison = cases.impact_comparison(data.engine(), found)
            tables.dataframe(cv.impact_table(comparison, lang), lang, width="stretch")

    st.subheader(i18n.t("cases.list_title", lang))
    left, middle, right = st.columns(3)
    states = left.multiselect(i18n.t("cases.filter.state", lang), cases.STATES,
                              format_func=lambda s: cv.state_label(s, lang),
                              placeholder=i18n.t("cases.filter.all", lang),
                              key="cases_filter_state")
    regions = sorted({case.region for case in found if case.region})
    region = middle.selectbox(i18n.t("cases.filter.region", lang), [None, *regions],
                              format_func=lambda c: i18n.t("cases.filter.all", lang)
                              if c is None else i18n.region_label(c, lang),
                              key="cases_filter_region")
    user = current_user()
    owners = sorted({case.owner for case in found})
    mine = user["name"] if user and user["name"] in owners else None
    owner = right.selectbox(i18n.t("cases.filter.owner", lang), [None, *owners],
                            index=owners.index(mine) + 1 if mine else 0,
                            format_func=lambda o: i18n.t("cases.filter.all", lang)
                            if o is None else o, key="cases_filter_owner")
    shown = cv.work_order(cv.filtered(found, states=states, region=region, owner=owner),
                          today, targets)
    if not shown:
        components.empty_state(i18n.t("cases.none", lang))
    else:
        row = drill.table(cv.cases_table(shown, lang, today, targets), name="cases",
                          key="cases_table", lang=lang, selectable=True)
        if row is not None:
            st.session_state["cases_selected"] = shown[row].id

    if editor:
        with st.expander(i18n.t("cases.form.open_title", lang), expanded=bool(view.enterprise)):
            cases_panel.open_form(lang, version, view.enterprise)

    selected = st.session_state.get("cases_selected") or view.case
    chosen = next((case for case in found if case.id == selected), None)
    if chosen is None and shown:
        chosen = shown[0]
    if chosen is not None:
        st.subheader(escape_markdown(cv.case_label(chosen, lang)))
        drill.facts(cv.case_facts(chosen, lang, today), per_row=4)
        reason = cases.reason_text(chosen, lang)
        if reason:
            st.markdown(f"**{i18n.t('cases.fact.reason', lang)}:** {escape_markdown(reason)}")
        reopened = cv.reopen_line(chosen, lang)
        if reopened:
            st.warning(escape_markdown(reopened))
        for line in cases.results_ledger(data.engine(), [chosen]):
            st.markdown(escape_markdown(cv.ledger_line(line, lang)))
        tables.dataframe(cv.steps_table(chosen, lang), lang, width="stretch")
        if editor:
            cases_panel.step_form(chosen, lang)
        st.page_link("pages/enterprise.py", label=i18n.t("common.open_enterprise", lang),
                     icon=":material/factory:", query_params={"enterprise": chosen.bin})
