"""Who is using the app: log-in and log-out, sessions, role checks, account management.

The page keeps ``auth_user = {"name", "role", "started_at", …}`` in its session state. When
the app is served by ``serve.py`` the browser carries a signed, HttpOnly session cookie
(``utils.ui.session_cookie``), and a log-in is stored on the server against it
(``utils.auth.sessions``): a reload or a new tab finds it again, a log-out in one tab logs
out the others on their next action, and a connection that does not carry the cookie is
not logged in, whatever Streamlit session it reattaches to. ``auth_user`` then also holds
the ``token_hash`` of the cookie and the session's ``expires_at``.

Without the cookie (``streamlit run app.py``, AppTest) a log-in lasts as long as the page's
session state. Either way :func:`login_gate` (called by the frame before each page) ends a
log-in older than ``app.session_max_age_minutes`` and re-reads the account from the store,
so an account an administrator disabled, or whose role changed, takes effect on the user's
next click.

With single sign-on (settings ``sso``) the log-in form also offers ``st.login``; the
provider's claims give the user's name and role (``utils.auth.sso``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from utils import auth, formatting, i18n, settings, store
from utils.ui import data, tables
from utils.ui.components import escape_markdown
from utils.ui.upload import format_stamp

USER_KEY = "auth_user"
EXPIRED_KEY = "auth_expired"
SSO_REFUSED_KEY = "auth_sso_refused"


def _now() -> datetime:
    return datetime.now(UTC)


def browser_token() -> str | None:
    """Return the token of this page's session cookie when its signature holds, else None."""
    value = st.context.cookies.get(auth.cookie_name())
    return auth.unsign_token(value) if value else None


def start_session(name: str, role: str, source: str = "password",
                  started_at: datetime | None = None) -> None:
    """Log ``name`` in with ``role``: on the server against the browser's cookie when there
    is one (so a reload and other tabs find it), else for this page only.
    """  # noqa: D205
    token = browser_token()
    if token is None:
        user = {"name": name, "role": role, "source": source,
                "started_at": started_at or _now()}
    else:
        session = auth.start_session(data.engine(), token, name, role, source=source)
        user = {**session.as_dict(), "token_hash": auth.token_hash(token)}
    st.session_state[USER_KEY] = user
    st.session_state.pop(EXPIRED_KEY, None)
    st.session_state.pop(SSO_REFUSED_KEY, None)


def _forget() -> dict | None:
    return st.session_state.pop(USER_KEY, None)


def logout() -> None:
    """End the log-in: in every tab of this browser when it is kept on the server, and at
    the identity provider too after single sign-on (the page stays; what needs a role is
    hidden again).
    """  # noqa: D205
    user = _forget()
    if user is None:
        return
    if user.get("token_hash"):
        auth.end_session(data.engine(), browser_token())
    if user.get("source") == "sso":
        st.logout()


def _is_expired(user: dict) -> bool:
    if user.get("expires_at") is not None:
        return _now() >= auth.utc(user["expires_at"])
    return auth.is_session_expired(user.get("started_at"))


def current_user() -> dict | None:
    """Return the logged-in user of this session (``name``, ``role``, ``started_at`` …) or
    None.

    A log-in past its maximum age is ended here, and a notice is kept for the next log-in
    form.
    """  # noqa: D205
    user = st.session_state.get(USER_KEY)
    if user is None:
        return None
    if _is_expired(user):
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


def _from_cookie(token: str, user: dict | None) -> dict | None:
    """Return the user of the browser's server-side session, or None (then forgotten)."""
    if user is not None and user.get("token_hash") != auth.token_hash(token):
        _forget()  # a log-in of another browser's cookie: not this connection's
        user = None
    found = auth.session_user(data.engine(), token)
    if found is None:
        if user is not None:
            _forget()
            if _is_expired(user):
                st.session_state[EXPIRED_KEY] = True
        return None
    fresh = {**found.as_dict(), "token_hash": auth.token_hash(token)}
    st.session_state[USER_KEY] = fresh
    st.session_state.pop(EXPIRED_KEY, None)
    return fresh


def _from_page(user: dict | None) -> dict | None:
    """Return the user of a log-in kept by this page only, checked against the store."""
    if user is None or _is_expired(user):
        return current_user()
    if user.get("token_hash"):
        _forget()  # kept on the server, but this connection carries no cookie
        return None
    if user.get("source") == "sso":
        return user
    stored = store.get_user(data.engine(), user["name"])
    if stored is None or stored["disabled"]:
        _forget()
        return None
    if stored["role"] != user["role"]:
        user = {**user, "role": stored["role"]}
        st.session_state[USER_KEY] = user
    return user


def _identity_claims() -> dict[str, Any]:
    """Return the identity provider's claims of this page's user; empty when none."""
    claims = st.user.to_dict()
    return claims if claims.get("is_logged_in") else {}


def _issued_at(claims: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(claims["iat"]), UTC)
    except (KeyError, TypeError, ValueError, OverflowError):
        return None


def _from_identity_provider(token: str | None) -> dict | None:
    """Log in the user the identity provider vouches for, with the role its claims map to.

    An identity older than a session's lifetime, or one this browser already used for a
    session (since logged out or expired), logs nobody in: the user signs in again.
    """
    if not auth.sso_enabled():
        return None
    claims = _identity_claims()
    if not claims:
        return None
    section = auth.sso_settings()
    name = auth.name_from_claims(claims, section["name_claim"])
    role = auth.role_from_claims(claims, section["role_claim"], section["role_map"] or {},
                                 section["default_role"])
    if name is None or role is None:
        st.session_state[SSO_REFUSED_KEY] = True
        return None
    issued = _issued_at(claims)
    if issued is not None and auth.is_session_expired(issued):
        return None
    since = issued or _now() - auth.session_max_age()
    if token is not None and auth.logged_in_since(data.engine(), token, since):
        return None
    start_session(name, role, source="sso", started_at=issued)
    return current_user()


def refresh_account() -> dict | None:
    """Re-read the session's log-in: from the browser's server-side session when the page
    carries the session cookie, else from this page's state checked against the store (a
    disabled or deleted account is logged out, a changed role followed); a single sign-on
    identity logs in when nobody is. Returns the current user.
    """  # noqa: D205
    user = st.session_state.get(USER_KEY)
    token = browser_token()
    current = _from_cookie(token, user) if token is not None else _from_page(user)
    if current is None:
        current = _from_identity_provider(token)
    return current


def login_form(lang: str, key: str = "auth_login") -> None:
    """Draw a log-in form; log the user in when the password is right.

    ``key`` names the form and prefixes its inputs, so the sidebar and a page can each hold
    one. With single sign-on configured, a button under the form signs in through the
    identity provider.
    """
    if st.session_state.get(EXPIRED_KEY):
        st.warning(i18n.t("auth.session_expired", lang))
    with st.form(key):
        name = st.text_input(i18n.t("auth.username", lang), key=f"{key}_name")
        password = st.text_input(
            i18n.t("auth.password", lang), type="password", key=f"{key}_password"
        )
        submitted = st.form_submit_button(i18n.t("auth.login", lang), key=f"{key}_submit")
    sso_button(lang, key)
    if not submitted:
        return
    result = auth.authenticate(data.engine(), name, password, client=st.context.ip_address)
    if result.ok:
        start_session(result.name, result.role)
        st.rerun()
    st.error(i18n.t(result.message_key, lang, minutes=result.minutes_left(),
                    seconds=result.seconds_left()))


def sso_button(lang: str, key: str) -> None:
    """Offer single sign-on through the identity provider when it is configured."""
    if not auth.sso_enabled():
        return
    if st.session_state.get(SSO_REFUSED_KEY):
        st.error(i18n.t("auth.sso_no_role", lang))
    provider = auth.sso_settings().get("provider")
    st.button(i18n.t("auth.sso_login", lang), key=f"{key}_sso", on_click=st.login,
              args=(provider,) if provider else (), icon=":material/badge:")


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
