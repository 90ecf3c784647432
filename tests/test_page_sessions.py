"""The log-in glue in AppTest: a log-in bound to a browser's cookie is refused on a
connection without it; single sign-on is offered only when configured and maps roles from
the provider's claims.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from utils import auth, i18n, store

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
LANG = "ru"
SSO = """
[sso]
enabled = true
role_claim = "realm_access.roles"
role_map = { "ltm-analysts" = "analyst", "ltm-admins" = "admin" }
"""


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh SQLite store with one analyst, named by DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'ltm.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("LTM_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    st.cache_data.clear()
    st.cache_resource.clear()
    bound = store.get_engine(url)
    store.init_db(bound)
    auth.create_user(bound, "anna", "analyst", PASSWORD, actor="cli")
    yield bound
    st.cache_data.clear()
    st.cache_resource.clear()
    bound.dispose()


def _script():
    from utils.ui import auth as auth_ui

    auth_ui.login_gate("ru")
    auth_ui.sidebar_account("ru")


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _keys(elements) -> set[str]:
    return {element.key for element in elements}


def _with_sso(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> None:
    config = tmp_path / "ltm.toml"
    config.write_text(SSO + extra, encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))


def test_a_log_in_bound_to_a_cookie_is_not_honoured_on_a_connection_without_it(engine):
    """Whoever reattaches to a logged-in Streamlit session without the browser's cookie
    (say with a session id from a log) is not logged in.
    """  # noqa: D205
    token = auth.new_token()
    session = auth.start_session(engine, token, "anna", "analyst")
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["auth_user"] = {**session.as_dict(), "token_hash": auth.token_hash(token)}
    _run(at)
    assert "auth_user" not in at.session_state
    assert "auth_logout" not in _keys(at.sidebar.button)


def test_a_page_log_in_without_a_cookie_still_works_and_expires(engine):
    at = AppTest.from_function(_script, default_timeout=60)
    _run(at)
    at.text_input(key="auth_login_sidebar_name").input("anna")
    at.text_input(key="auth_login_sidebar_password").input(PASSWORD)
    at.button(key="auth_login_sidebar_submit").click()
    _run(at)
    user = at.session_state["auth_user"]
    assert (user["name"], user["role"], user["source"]) == ("anna", "analyst", "password")
    at.session_state["auth_user"] = {
        **user, "started_at": dt.datetime.now(dt.UTC) - auth.session_max_age()
    }
    _run(at)
    assert "auth_user" not in at.session_state
    assert i18n.t("auth.session_expired", LANG) in [w.value for w in at.warning]


def test_no_single_sign_on_button_unless_configured(engine):
    at = _run(AppTest.from_function(_script, default_timeout=60))
    assert "auth_login_sidebar_sso" not in _keys(at.button)
    assert i18n.t("auth.sso_login", LANG) not in [b.label for b in at.button]


def test_the_single_sign_on_button_when_configured(engine, tmp_path, monkeypatch):
    _with_sso(tmp_path, monkeypatch)
    at = _run(AppTest.from_function(_script, default_timeout=60))
    [button] = [b for b in at.button if b.key == "auth_login_sidebar_sso"]
    assert button.label == i18n.t("auth.sso_login", LANG)


def test_the_provider_s_claims_log_in_with_the_mapped_role(engine, tmp_path, monkeypatch):
    _with_sso(tmp_path, monkeypatch)
    at = AppTest.from_function(_script, default_timeout=60)
    at.user = {"is_logged_in": True, "preferred_username": "Petrov",
               "realm_access": {"roles": ["offline_access", "ltm-analysts", "ltm-admins"]}}
    _run(at)
    user = at.session_state["auth_user"]
    assert (user["name"], user["role"], user["source"]) == ("petrov", "admin", "sso")
    shown = i18n.t("auth.logged_in_as", LANG, name="petrov", role=i18n.role_label("admin", LANG))
    assert shown in [c.value for c in at.sidebar.caption]


def test_a_provider_user_without_a_mapped_role_is_refused(engine, tmp_path, monkeypatch):
    _with_sso(tmp_path, monkeypatch)
    at = AppTest.from_function(_script, default_timeout=60)
    at.user = {"is_logged_in": True, "preferred_username": "guest",
               "realm_access": {"roles": ["offline_access"]}}
    _run(at)
    assert "auth_user" not in at.session_state
    assert i18n.t("auth.sso_no_role", LANG) in [e.value for e in at.error]


def test_a_provider_identity_older_than_a_session_logs_nobody_in(engine, tmp_path, monkeypatch):
    _with_sso(tmp_path, monkeypatch)
    issued = dt.datetime.now(dt.UTC) - auth.session_max_age() - dt.timedelta(minutes=1)
    at = AppTest.from_function(_script, default_timeout=60)
    at.user = {"is_logged_in": True, "preferred_username": "petrov", "iat": issued.timestamp(),
               "realm_access": {"roles": ["ltm-analysts"]}}
    _run(at)
    assert "auth_user" not in at.session_state


def test_with_single_sign_on_off_the_provider_s_claims_log_nobody_in(engine):
    at = AppTest.from_function(_script, default_timeout=60)
    at.user = {"is_logged_in": True, "preferred_username": "petrov",
               "realm_access": {"roles": ["ltm-admins"]}}
    _run(at)
    assert "auth_user" not in at.session_state
