"""Who is using the app: log-in and log-out, session expiry, role checks, account management.

The session keeps ``auth_user = {"name", "role", "started_at"}``. On every run
:func:`login_gate` (called by the frame before each page) ends a session that is older than
``app.session_max_age_minutes`` and re-reads the account from the store, so an account an
administrator disabled, or whose role changed, takes effect on the user's next click.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import streamlit as st

from utils import auth, formatting, i18n, settings, store
from utils.ui import data, tables
from utils.ui.components import escape_markdown
from utils.ui.upload import format_stamp

USER_KEY = "auth_user"
EXPIRED_KEY = "auth_expired"
CHECKED_KEY = "auth_checked_run"


def _now() -> datetime:
    return datetime.now(UTC)


def start_session(name: str, role: str) -> None:
    """Remember ``name`` with ``role`` as this session's user from now on."""
    st.session_state[USER_KEY] = {"name": name, "role": role, "started_at": _now()}
    st.session_state.pop(EXPIRED_KEY, None)


def logout() -> None:
    """End the session's log-in (the page stays; what needs a role is hidden again)."""
    st.session_state.pop(USER_KEY, None)


def current_user() -> dict | None:
    """Return the logged-in user of this session (``name``, ``role``, ``started_at``) or None.

    A session past its maximum age is ended here, and a notice is kept for the next log-in
    form.
    """
    user = st.session_state.get(USER_KEY)
    if user is None:
        return None
    if auth.is_session_expired(user.get("started_at")):
        logout()
        st.session_state[EXPIRED_KEY] = True
        return None
    return user


def current_role() -> str | None:
    """Return the role of the logged-in user, or None for an anonymous visitor."""
    user = current_user()
    return user["role"] if user else None


def can(permission: str) -> bool:
    """Return True when the session's user may do ``permission`` (view, upload, undo …)."""
    return auth.has_permission(current_role(), permission)


def refresh_account() -> dict | None:
    """Re-read the session's account from the store: log out a disabled or deleted account,
    follow a changed role. Returns the current user.
    """  # noqa: D205
    user = current_user()
    if user is None:
        return None
    stored = store.get_user(data.engine(), user["name"])
    if stored is None or stored["disabled"]:
        logout()
        return None
    if stored["role"] != user["role"]:
        user = {**user, "role": stored["role"]}
        st.session_state[USER_KEY] = user
    return user


def login_form(lang: str, key: str = "auth_login") -> None:
    """Draw a log-in form; log the user in when the password is right.

    ``key`` names the form and prefixes its inputs, so the sidebar and a page can each hold
    one.
    """
    if st.session_state.get(EXPIRED_KEY):
        st.warning(i18n.t("auth.session_expired", lang))
    with st.form(key):
        name = st.text_input(i18n.t("auth.username", lang), key=f"{key}_name")
        password = st.text_input(
            i18n.t("auth.password", lang), type="password", key=f"{key}_password"
        )
        submitted = st.form_submit_button(i18n.t("auth.login", lang), key=f"{key}_submit")
    if not submitted:
        return
    result = auth.authenticate(data.engine(), name, password, client=st.context.ip_address)
    if result.ok:
        start_session(result.name, result.role)
        st.rerun()
    st.error(i18n.t(result.message_key, lang, minutes=result.minutes_left(),
                    seconds=result.seconds_left()))


def login_gate(lang: str) -> None:
    """Stop the page with a log-in form when viewing needs a log-in and nobody is logged in.

    With no account at all (first run) the dashboards stay open: nobody could log in yet,
    and the data page says how to create the first analyst.
    """
    user = refresh_account()
    if user is not None or not settings.get("app")["require_login"]:
        return
    if not auth.has_accounts(data.engine()):
        return
    st.info(i18n.t("auth.login_required", lang))
    login_form(lang)
    st.stop()


def permission_gate(lang: str, permission: str, key: str) -> bool:
    """Return True when the user may do ``permission``; else say why (with a log-in form
    for an anonymous visitor) and return False.
    """  # noqa: D205
    role = current_role()
    if auth.has_permission(role, permission):
        return True
    if role is None:
        st.info(i18n.t("auth.login_to_upload", lang))
        if auth.has_accounts(data.engine()):
            login_form(lang, key=key)
    else:
        st.warning(
            i18n.t(
                "auth.no_permission",
                lang,
                role=i18n.role_label(role, lang),
                permission=i18n.label("permission", permission, lang),
            )
        )
    return False


def sidebar_account(lang: str) -> None:
    """Show who is logged in with a log-out button, or a log-in form, in the sidebar."""
    user = current_user()
    with st.sidebar:
        if user is not None:
            st.caption(
                i18n.t(
                    "auth.logged_in_as",
                    lang,
                    name=escape_markdown(user["name"]),
                    role=i18n.role_label(user["role"], lang),
                )
            )
            st.button(i18n.t("auth.logout", lang), key="auth_logout", on_click=logout,
                      icon=":material/logout:")
        elif auth.has_accounts(data.engine()):
            with st.popover(i18n.t("auth.login", lang), icon=":material/login:"):
                login_form(lang, key="auth_login_sidebar")


# --- administration ------------------------------------------------------------------------


def _account_error(exc: auth.AccountError, lang: str) -> None:
    st.error(i18n.t(exc.message_key, lang, **exc.params))


def _done(message: str) -> None:
    """Keep the sentence for the next run and rerun, so the account table shows the change."""
    st.session_state["data_account_message"] = message
    st.rerun()


def accounts_panel(lang: str) -> None:
    """Let an administrator list, add, disable, enable accounts and change their roles."""
    user = current_user()
    if user is None or not auth.has_permission(user["role"], "manage_users"):
        return
    message = st.session_state.pop("data_account_message", None)
    if message:
        st.success(message)
    engine = data.engine()
    actor = user["name"]
    users = auth.list_users(engine)
    table = users.assign(
        role=users["role"].map(lambda role: i18n.role_label(role, lang)),
        disabled=users["disabled"].map(
            lambda off: i18n.t("auth.inactive" if off else "auth.active", lang)
        ),
        locked_until=users["locked_until"].map(lambda at: format_stamp(at, lang)),
        created_at=users["created_at"].map(lambda at: formatting.format_date(at, lang)),
    )[["name", "role", "disabled", "locked_until", "created_at"]]
    tables.dataframe(
        table,
        lang,
        column_config={
            "name": i18n.t("auth.username", lang),
            "role": i18n.t("auth.role", lang),
            "disabled": i18n.t("auth.status", lang),
            "locked_until": i18n.t("auth.locked_until", lang),
            "created_at": i18n.t("auth.created_at", lang),
        },
        key="data_users_table",
    )
    left, right = st.columns(2)
    with left, st.form("data_user_add", clear_on_submit=True):
        st.subheader(i18n.t("auth.add_user", lang))
        name = st.text_input(i18n.t("auth.username", lang), key="data_user_name")
        role = st.selectbox(i18n.t("auth.role", lang), auth.ROLES, index=0,
                            format_func=lambda r: i18n.role_label(r, lang),
                            key="data_user_role")
        password = st.text_input(i18n.t("auth.password", lang), type="password",
                                 key="data_user_password")
        repeat = st.text_input(i18n.t("auth.password_repeat", lang), type="password",
                               key="data_user_repeat")
        if st.form_submit_button(i18n.t("auth.add_user", lang), key="data_user_submit"):
            if password != repeat:
                st.error(i18n.t("auth.password_mismatch", lang))
            else:
                try:
                    auth.create_user(engine, name, role, password, actor=actor)
                except auth.AccountError as exc:
                    _account_error(exc, lang)
                else:
                    _done(i18n.t("auth.user_created", lang,
                                 name=escape_markdown(auth.normalise_name(name))))
    with right:
        _account_changes(lang, engine, actor, list(users["name"]))


def _account_changes(lang: str, engine, actor: str, names: list[str]) -> None:
    st.subheader(i18n.t("auth.change_account", lang))
    if not names:
        return
    name = st.selectbox(i18n.t("auth.username", lang), names, key="data_user_pick")
    new_role = st.selectbox(i18n.t("auth.role", lang), auth.ROLES,
                            format_func=lambda r: i18n.role_label(r, lang),
                            key="data_user_new_role")
    buttons = st.columns(3)
    try:
        if buttons[0].button(i18n.t("auth.change_role", lang), key="data_user_set_role"):
            auth.change_role(engine, name, new_role, actor=actor)
            _done(i18n.t("auth.role_changed", lang, name=escape_markdown(name),
                         role=i18n.role_label(new_role, lang)))
        if buttons[1].button(i18n.t("auth.disable_user", lang), key="data_user_disable"):
            auth.disable_user(engine, name, actor=actor)
            _done(i18n.t("auth.user_disabled", lang, name=escape_markdown(name)))
        if buttons[2].button(i18n.t("auth.enable_user", lang), key="data_user_enable"):
            auth.enable_user(engine, name, actor=actor)
            _done(i18n.t("auth.user_enabled", lang, name=escape_markdown(name)))
    except auth.AccountError as exc:
        _account_error(exc, lang)


def audit_panel(lang: str, limit: int = 500) -> None:
    """Show the latest audit entries to an administrator."""
    if not can("manage_users"):
        return
    entries = store.audit_entries(data.engine(), limit=limit)
    if entries.empty:
        st.info(i18n.t("empty.no_audit", lang))
        return
    table = entries.assign(
        at=entries["at"].map(lambda at: format_stamp(at, lang)),
        action=entries["action"].map(
            lambda action: i18n.label("audit", action, lang)
            if i18n.has_key(f"audit.{action}", lang) else action
        ),
        detail=entries["detail"].map(lambda detail: json.dumps(detail, ensure_ascii=False)),
    )[["at", "user_name", "action", "detail"]]
    tables.dataframe(
        table,
        lang,
        column_config={
            "at": i18n.t("auth.audit_when", lang),
            "user_name": i18n.t("auth.audit_who", lang),
            "action": i18n.t("auth.audit_action", lang),
            "detail": i18n.t("auth.audit_details", lang),
        },
        key="data_audit_table",
    )
