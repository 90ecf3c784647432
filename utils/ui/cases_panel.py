"""The forms of the Cases page: open a case, take its next step, and their refusals.

Cases are read fresh on every run (a few rows; someone else may have just changed one). A
step names the version of the case the officer looked at: when another officer changed it in
between, the step is refused, the sentence says so and the page shows the case as it is now.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from utils import auth, cases, i18n
from utils.screens import ViewState, cases_screen
from utils.ui import components, data, tables
from utils.ui.auth import can, current_user, login_form
from utils.ui.state import page_params

#: Session key: where the next opened case comes from (``watchlist`` from the hotspots list).
SOURCE_KEY = "cases_open_source"
#: Session key: the sentence to show after the rerun that follows a change.
MESSAGE_KEY = "cases_message"
#: Session key prefix: the version of a case as the step form showed it.
SEEN_KEY = "cases_seen_version"
#: Session key: the data version whose watch was checked in this session.
WATCHED_KEY = "cases_watch_checked"


def all_cases() -> list[cases.Case]:
    """Return every case with its steps, read now."""
    return cases.load_cases(data.engine())


def check_watch(version: str) -> None:
    """Reopen watched cases whose enterprise is at high risk, once per data version."""
    if st.session_state.get(WATCHED_KEY) != version:
        cases.reopen_on_risk(data.engine())
        st.session_state[WATCHED_KEY] = version


def _user_name() -> str | None:
    user = current_user()
    return user["name"] if user else None


def _role() -> str | None:
    user = current_user()
    return user["role"] if user else None


def login_offer(lang: str) -> None:
    """Say that cases are read-only here, with a log-in form for an anonymous visitor."""
    st.info(i18n.t("cases.read_only", lang))
    if current_user() is None and auth.has_accounts(data.engine()):
        login_form(lang, key="cases_login")


def _done(message: str) -> None:
    st.session_state[MESSAGE_KEY] = message
    st.rerun()


def show_message() -> None:
    """Show the sentence kept by the last change, once."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.success(message)
    warning = st.session_state.pop(MESSAGE_KEY + "_warning", None)
    if warning:
        st.warning(warning)


def open_form(lang: str, version: str, bin_: str | None) -> None:
    """Draw the form that opens a case; ``bin_`` prefilled from the watchlist or a page."""
    source = st.session_state.get(SOURCE_KEY) if bin_ else None
    with st.form("cases_open"):
        number = st.text_input(i18n.t("cases.form.bin", lang), value=bin_ or "",
                               key="cases_open_bin")
        owner = st.text_input(i18n.t("cases.form.owner", lang), value=_user_name() or "",
                              key="cases_open_owner")
        due = st.date_input(i18n.t("cases.form.due", lang), value=None,
                            key="cases_open_due", format="YYYY-MM-DD")
        note = st.text_input(i18n.t("cases.form.note", lang), key="cases_open_note")
        submitted = st.form_submit_button(i18n.t("cases.form.open", lang),
                                          key="cases_open_submit")
    if not submitted:
        return
    try:
        checked = cases.checked_bin(number)
        warning = cases.warning_of(data.hotspots_report(version, None), checked)
        case = cases.open_case(
            data.engine(), checked, owner, due_on=due, note=note or None, warning=warning,
            source=source or ("watchlist" if warning else "hand"), user=_user_name(),
            role=_role())
    except cases.CaseRefused as exc:
        st.error(cases.refusal_text(exc, lang))
        return
    st.session_state.pop(SOURCE_KEY, None)
    st.query_params.pop("enterprise", None)
    st.session_state["cases_selected"] = case.id
    _done(i18n.t("cases.opened", lang, number=case.id))


def step_form(case: cases.Case, lang: str) -> None:
    """Draw the form of the next step of ``case``, checked against the version shown.

    The widgets' keys end with the case and the version shown (``cases_step_state_<id>_<v>``):
    a submit made on an older version still arrives (and is refused), and after each step the
    form starts afresh on the states that may follow.
    """
    seen_key = f"{SEEN_KEY}_{case.id}"
    seen = st.session_state.setdefault(seen_key, case.version)
    choices = cases_screen.next_states(case)
    tag = f"{case.id}_{seen}"
    with st.form(f"cases_step_{tag}"):
        state = st.selectbox(i18n.t("cases.form.state", lang), choices,
                             format_func=lambda s: cases_screen.state_label(s, lang)
                             if case.is_open else i18n.t("cases.form.reopen", lang),
                             key=f"cases_step_state_{tag}")
        on = st.date_input(i18n.t("cases.form.date", lang), value=max(date.today(),
                                                                      case.last_day),
                           key=f"cases_step_date_{tag}", format="YYYY-MM-DD")
        note = st.text_input(i18n.t("cases.form.note", lang), key=f"cases_step_note_{tag}")
        reason = st.selectbox(i18n.t("cases.form.reason", lang), [None, *cases.CLOSE_REASONS],
                              format_func=lambda r: i18n.t("cases.form.no_reason", lang)
                              if r is None else i18n.t(f"cases.close_reason.{r}", lang),
                              key=f"cases_step_reason_{tag}")
        left, right = st.columns(2)
        repaid = left.number_input(i18n.t("cases.form.repaid_kzt", lang), min_value=0.0,
                                   value=None, step=1000.0, key=f"cases_step_repaid_{tag}")
        workers = right.number_input(i18n.t("cases.form.workers", lang), min_value=0,
                                     value=None, step=1, key=f"cases_step_workers_{tag}")
        submitted = st.form_submit_button(i18n.t("cases.form.step", lang),
                                          key=f"cases_step_submit_{tag}")
    if not submitted:
        return
    sums = state == "repaid"
    try:
        after = cases.step_case(
            data.engine(), case.id, state, on=on, by=_user_name(), note=note or None,
            reason=reason if state == "closed" else None,
            repaid_kzt=repaid if sums else None,
            workers=None if not sums or workers is None else int(workers),
            version=seen, role=_role())
    except cases.CaseChanged as exc:
        st.session_state[seen_key] = exc.case.version
        st.session_state[MESSAGE_KEY + "_warning"] = cases.refusal_text(exc, lang)
        st.rerun()
    except cases.CaseRefused as exc:
        st.error(cases.refusal_text(exc, lang))
        return
    st.session_state[seen_key] = after.version
    _done(i18n.t("cases.stepped", lang, number=case.id,
                 state=cases_screen.state_label(after.state, lang)))


def open_on_cases_page(view: ViewState, bin_: str, source: str) -> None:
    """Go to the Cases page with the open form filled in for ``bin_``."""
    st.session_state[SOURCE_KEY] = source
    st.switch_page("pages/cases.py", query_params=page_params(view, enterprise=bin_))


def watchlist_action(view: ViewState, bin_: str, open_cases: dict[str, int], lang: str) -> None:
    """Offer "open a case" under a watchlist entry without one (to those who may open it)."""
    if bin_ in open_cases or not can("cases"):
        return
    if st.button(i18n.t("cases.open_from_watchlist", lang), key=f"hotspots_case_{bin_}",
                 icon=":material/assignment_add:"):
        open_on_cases_page(view, bin_, "watchlist")


def cases_here(view: ViewState, found: list[cases.Case], lang: str, key: str,
               bin_: str | None = None, source: str = "enterprise") -> None:
    """Show the cases of an enterprise or a region, with a way to the Cases page."""
    today, targets = cases.today(), cases.Targets.from_settings()
    st.subheader(i18n.t("cases.here_title", lang))
    if found:
        tables.dataframe(cases_screen.cases_table(cases_screen.work_order(found, today, targets),
                                                  lang, today, targets), lang,
                         width="stretch", key=key)
    else:
        components.empty_state(i18n.t("cases.none_here", lang))
    st.page_link("pages/cases.py", label=i18n.t("cases.open_cases_page", lang),
                 icon=":material/assignment:", query_params=page_params(view, enterprise=None))
    if bin_ is not None and can("cases") and bin_ not in cases_screen.open_case_bins(found):
        if st.button(i18n.t("cases.form.open_title", lang), key=f"{key}_open",
                     icon=":material/assignment_add:"):
            open_on_cases_page(view, bin_, source)


def cases_of(*, bin_: str | None = None, region: str | None = None) -> list[cases.Case]:
    """Return the cases of one enterprise or one region, read now."""
    return cases.load_cases(data.engine(), bins=[bin_] if bin_ else None, region=region)
