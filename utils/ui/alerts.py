"""Alerts in the app: the bell in the sidebar, "My alerts", and "follow" beside a place.

Only a logged-in user has alerts: for a visitor the bell and the follow controls are not
drawn, and "My alerts" offers the log-in form. Every text a user or the data supplied (an
enterprise's name, an address) is shown escaped.
"""

from __future__ import annotations

import streamlit as st

from utils import alerts, auth, formatting, i18n, store
from utils.screens import LANGUAGES, ViewState
from utils.ui import data
from utils.ui.auth import current_user, login_form
from utils.ui.components import escape_markdown
from utils.ui.state import page_params

PAGE = "pages/alerts.py"


def _user_name() -> str | None:
    user = current_user()
    return user["name"] if user else None


def bell(view: ViewState) -> None:
    """Draw the bell: a link to "My alerts" with the count of signals since the last visit."""
    name = _user_name()
    if name is None:
        return
    count = alerts.unread_signals(data.engine(), name)
    lang = view.lang
    label = (i18n.t("alerts.bell", lang, count=formatting.format_number(count, lang))
             if count else i18n.t("alerts.bell_none", lang))
    st.page_link(PAGE, label=label, icon=":material/notifications:",
                 query_params=page_params(view, region=None, enterprise=None))


def _following(name: str, scope: str, place: str) -> bool:
    return any(row["scope"] == scope and row["place"] == place
               for row in alerts.follows(data.engine(), name))


def follow_control(view: ViewState, scope: str, place: str, *, key: str) -> None:
    """Draw "follow" (or "stop following") for a region (``scope="region"``) or enterprise."""
    name = _user_name()
    if name is None:
        return
    lang = view.lang
    engine = data.engine()
    regions, bins = ([place], []) if scope == "region" else ([], [place])
    if _following(name, scope, place):
        st.caption(i18n.t("alerts.following", lang))
        if st.button(i18n.t(f"alerts.unfollow_{scope}", lang), key=key,
                     icon=":material/notifications_off:"):
            alerts.unfollow(engine, name, regions, bins)
            st.rerun()
    elif st.button(i18n.t(f"alerts.follow_{scope}", lang), key=key,
                   icon=":material/notifications:"):
        alerts.follow(engine, name, regions, bins)
        st.rerun()


def _scope_label(row: dict, lang: str) -> str:
    if row["scope"] == "all":
        return i18n.t("alerts.scope.all", lang)
    place = i18n.region_label(row["place"], lang) if row["scope"] == "region" else row["place"]
    return i18n.t(f"alerts.scope.{row['scope']}", lang, place=place)


def inbox(view: ViewState, name: str) -> None:
    """List the signals found for ``name``, newest first, each opening its view."""
    lang = view.lang
    st.subheader(i18n.t("alerts.inbox", lang))
    entries = alerts.inbox_entries(data.engine(), name, lang)
    if not entries:
        st.info(i18n.t("alerts.inbox_empty", lang))
        return
    for entry in entries:
        with st.container(border=True):
            mark = f" · **{i18n.t('alerts.unread', lang)}**" if entry["unread"] else ""
            st.markdown(f"**{escape_markdown(entry['title'])}**{mark}  \n"
                        f"{escape_markdown(entry['level'])}. {escape_markdown(entry['reason'])}")
            st.caption(i18n.t("alerts.found_on", lang,
                              date=formatting.format_date(entry["found_at"], lang),
                              month=formatting.format_month(entry["as_of"], lang, "long")))
            st.page_link(f"pages/{entry['page']}.py", label=i18n.t("alerts.open", lang),
                         icon=":material/open_in_new:",
                         query_params=entry["view"].to_query())


def contact_form(view: ViewState, name: str) -> None:
    """Let the user set the address their digests go to and the language they are written in."""
    lang = view.lang
    engine = data.engine()
    account = store.get_user(engine, name) or {}
    with st.form("alerts_contact"):
        address = st.text_input(i18n.t("alerts.email", lang), value=account.get("email") or "",
                                key="alerts_email")
        chosen = st.selectbox(i18n.t("alerts.lang_label", lang), LANGUAGES,
                              index=LANGUAGES.index(account.get("lang") or lang),
                              format_func=lambda code: i18n.t(f"lang.{code}", lang),
                              key="alerts_lang")
        if st.form_submit_button(i18n.t("alerts.save", lang), key="alerts_contact_save"):
            try:
                auth.set_email(engine, name, address.strip() or None, actor=name)
            except ValueError:
                st.error(i18n.t("alerts.email_invalid", lang))
            else:
                auth.set_language(engine, name, chosen, actor=name)
                st.success(i18n.t("alerts.saved", lang))
    if not account.get("email"):
        st.caption(i18n.t("alerts.email_missing", lang))


def subscriptions_panel(view: ViewState, name: str) -> None:
    """List what the user follows, with "stop following", and a form to follow more."""
    lang = view.lang
    engine = data.engine()
    st.subheader(i18n.t("alerts.subscriptions", lang))
    rows = alerts.follows(engine, name)
    if not rows:
        st.info(i18n.t("alerts.no_subscriptions", lang))
    for row in rows:
        left, right = st.columns([4, 1])
        kinds = ", ".join(i18n.t(f"alerts.kind.{kind}", lang) for kind in row["kinds"])
        left.markdown(f"**{escape_markdown(_scope_label(row, lang))}**  \n"
                      f"{escape_markdown(kinds)}")
        if right.button(i18n.t("alerts.remove", lang), key=f"alerts_drop_{row['scope']}_"
                        f"{row['place'] or 'all'}"):
            regions = [row["place"]] if row["scope"] == "region" else []
            bins = [row["place"]] if row["scope"] == "enterprise" else []
            if row["scope"] == "all":
                store.unsubscribe(engine, name, [("all", "")])
            else:
                alerts.unfollow(engine, name, regions, bins)
            st.rerun()
    labels = i18n.region_labels(lang)
    with st.form("alerts_follow"):
        regions = st.multiselect(i18n.t("alerts.regions_label", lang), sorted(labels),
                                 format_func=lambda code: labels[code], key="alerts_regions")
        kinds = st.multiselect(i18n.t("alerts.kinds_label", lang), list(alerts.signal_kinds()),
                               format_func=lambda kind: i18n.t(f"alerts.kind.{kind}", lang),
                               key="alerts_kinds")
        if st.form_submit_button(i18n.t("alerts.add", lang), key="alerts_follow_save"):
            alerts.follow(engine, name, regions, (), kinds or None)
            st.rerun()


def my_alerts(view: ViewState) -> None:
    """Draw "My alerts": the inbox, where the mails go, and what the user follows."""
    lang = view.lang
    st.title(i18n.t("alerts.title", lang))
    st.caption(i18n.t("alerts.intro", lang))
    name = _user_name()
    if name is None:
        st.info(i18n.t("alerts.login_needed", lang))
        login_form(lang, key="alerts_login")
        return
    inbox(view, name)
    contact_form(view, name)
    subscriptions_panel(view, name)
    alerts.mark_inbox_read(data.engine(), name)
