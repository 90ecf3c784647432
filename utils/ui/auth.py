"""Who is using the app: log-in form, the session's user and role, log-out."""

from __future__ import annotations

import streamlit as st

from utils import auth, i18n, settings
from utils.ui import data


def current_user() -> dict | None:
    """Return the logged-in user of this session (``name``, ``role``), or None."""
    return st.session_state.get("auth_user")


def current_role() -> str | None:
    """Return the role of the logged-in user, or None for an anonymous visitor."""
    user = current_user()
    return user["role"] if user else None


def login_form(lang: str) -> None:
    """Draw the log-in form and log the user in when the password is right."""
    with st.form("auth_login"):
        name = st.text_input(i18n.t("auth.username", lang))
        password = st.text_input(i18n.t("auth.password", lang), type="password")
        submitted = st.form_submit_button(i18n.t("auth.login", lang))
    if not submitted:
        return
    result = auth.authenticate(data.engine(), name, password)
    if result.ok:
        st.session_state["auth_user"] = {"name": result.name, "role": result.role}
        st.rerun()
    st.error(i18n.t(result.message_key, lang, minutes=result.minutes_left()))


def login_gate(lang: str) -> None:
    """Stop the page with a log-in form when viewing needs a log-in and nobody is logged in."""
    if settings.get("app")["require_login"] and current_user() is None:
        st.info(i18n.t("auth.login_required", lang))
        login_form(lang)
        st.stop()
