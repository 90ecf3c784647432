"""Log-ins that outlive a page: the sessions table and the signed cookie, on a real SQLite
file and a real PostgreSQL database; the single sign-on role mapping.
"""

import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from utils import auth, store
from utils.store import schema

T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
PASSWORD = "Correct-horse-42"
SECRET = b"s" * 40


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    auth.create_user(engine, "ivanova", "analyst", PASSWORD, actor="cli")
    auth.create_user(engine, "boss", "admin", PASSWORD, actor="cli")
    yield engine
    engine.dispose()


def _rows(engine) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(schema.sessions).order_by(schema.sessions.c.id))
        return [dict(row._mapping) for row in rows]


# --- the store ------------------------------------------------------------------------------


def test_a_session_is_stored_by_the_hash_of_its_token_and_found_until_it_expires(engine):
    token = auth.new_token()
    started = auth.start_session(engine, token, "ivanova", "analyst", now=T0)
    assert started.expires_at == T0 + timedelta(minutes=480)
    [row] = _rows(engine)
    assert row["token_hash"] == auth.token_hash(token) != token
    assert token not in str(row)
    assert (row["user_name"], row["role"], row["source"]) == ("ivanova", "analyst", "password")
    found = auth.session_user(engine, token, now=T0 + timedelta(minutes=479))
    assert (found.name, found.role, found.started_at) == ("ivanova", "analyst", T0)
    assert auth.session_user(engine, token, now=T0 + timedelta(minutes=480)) is None
    assert auth.session_user(engine, auth.new_token(), now=T0) is None
    assert auth.session_user(engine, None, now=T0) is None


def test_the_lifetime_follows_the_settings(engine, tmp_path, monkeypatch):
    config = tmp_path / "ltm.toml"
    config.write_text("[app]\nsession_max_age_minutes = 30\n", encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    token = auth.new_token()
    auth.start_session(engine, token, "ivanova", "analyst", now=T0)
    assert auth.session_user(engine, token, now=T0 + timedelta(minutes=29)) is not None
    assert auth.session_user(engine, token, now=T0 + timedelta(minutes=31)) is None


def test_log_out_revokes_the_browser_session_and_leaves_others(engine):
    mine, other = auth.new_token(), auth.new_token()
    auth.start_session(engine, mine, "ivanova", "analyst", now=T0)
    auth.start_session(engine, other, "ivanova", "analyst", now=T0)
    assert auth.end_session(engine, mine, now=T0 + timedelta(minutes=1)) == 1
    assert auth.session_user(engine, mine, now=T0 + timedelta(minutes=2)) is None
    assert auth.session_user(engine, other, now=T0 + timedelta(minutes=2)).name == "ivanova"
    revoked = [row for row in _rows(engine) if row["revoked_at"] is not None]
    assert [(row["revoked_reason"], row["revoked_at"]) for row in revoked] == [
        ("logout", T0 + timedelta(minutes=1))
    ]


def test_a_new_log_in_in_the_same_browser_replaces_the_old_one(engine):
    token = auth.new_token()
    auth.start_session(engine, token, "ivanova", "analyst", now=T0)
    auth.start_session(engine, token, "boss", "admin", now=T0 + timedelta(minutes=5))
    assert auth.session_user(engine, token, now=T0 + timedelta(minutes=6)).name == "boss"
    assert [row["revoked_reason"] for row in _rows(engine)] == ["replaced", None]


def test_a_password_change_ends_every_session_of_the_account(engine):
    first, second, boss = auth.new_token(), auth.new_token(), auth.new_token()
    now = datetime.now(UTC)
    for token in (first, second):
        auth.start_session(engine, token, "ivanova", "analyst", now=now)
    auth.start_session(engine, boss, "boss", "admin", now=now)
    auth.change_password(engine, "ivanova", "Another-horse-43", actor="boss")
    assert auth.session_user(engine, first) is None
    assert auth.session_user(engine, second) is None
    assert auth.session_user(engine, boss).name == "boss"
    reasons = {row["revoked_reason"] for row in _rows(engine) if row["user_name"] == "ivanova"}
    assert reasons == {"password_change"}


def test_disabling_an_account_ends_its_sessions_and_they_stay_ended(engine):
    token = auth.new_token()
    auth.start_session(engine, token, "ivanova", "analyst")
    auth.disable_user(engine, "ivanova", actor="boss")
    assert auth.session_user(engine, token) is None
    assert _rows(engine)[0]["revoked_reason"] == "user_disabled"
    auth.enable_user(engine, "ivanova", actor="boss")
    assert auth.session_user(engine, token) is None


def test_a_session_follows_a_changed_role(engine):
    token = auth.new_token()
    auth.start_session(engine, token, "ivanova", "analyst")
    auth.change_role(engine, "ivanova", "viewer", actor="boss")
    assert auth.session_user(engine, token).role == "viewer"


def test_a_session_of_an_account_disabled_behind_its_back_is_revoked_when_read(engine):
    token = auth.new_token()
    auth.start_session(engine, token, "ivanova", "analyst")
    store.update_user(engine, "ivanova", disabled=True)
    assert auth.session_user(engine, token) is None
    assert _rows(engine)[0]["revoked_reason"] == "user_disabled"


def test_a_single_sign_on_session_keeps_its_granted_role_without_an_account(engine):
    token = auth.new_token()
    auth.start_session(engine, token, "petrov", "viewer", source="sso")
    found = auth.session_user(engine, token)
    assert (found.name, found.role, found.source) == ("petrov", "viewer", "sso")


def test_ended_sessions_are_deleted_and_live_ones_kept(engine):
    old, live = auth.new_token(), auth.new_token()
    auth.start_session(engine, old, "ivanova", "analyst", now=T0)
    auth.start_session(engine, live, "boss", "admin", now=T0 + timedelta(hours=7))
    assert store.delete_ended_sessions(engine, T0 + timedelta(hours=9)) == 1
    assert [row["user_name"] for row in _rows(engine)] == ["boss"]


def test_a_log_in_deletes_sessions_that_ended_long_ago(engine):
    old, recent = auth.new_token(), auth.new_token()
    auth.start_session(engine, old, "ivanova", "analyst", now=T0)
    auth.start_session(engine, recent, "boss", "admin", now=T0 + timedelta(days=85))
    auth.start_session(engine, auth.new_token(), "boss", "admin", now=T0 + timedelta(days=91))
    assert [row["user_name"] for row in _rows(engine)] == ["boss", "boss"]


def test_revoking_needs_a_known_reason_and_a_target(engine):
    with pytest.raises(ValueError, match=r"Invalid revocation reason: 'bored'.*logout"):
        store.revoke_sessions(engine, "bored", T0, user_name="ivanova")
    with pytest.raises(ValueError, match="Name the cookie"):
        store.revoke_sessions(engine, "logout", T0)


# --- the cookie -----------------------------------------------------------------------------


def test_a_signed_cookie_gives_its_token_back_and_a_forged_one_nothing():
    token = auth.new_token()
    value = auth.sign_token(token, SECRET)
    assert auth.unsign_token(value, SECRET) == token
    assert auth.unsign_token(value, b"t" * 40) is None
    assert auth.unsign_token(auth.new_token() + "." + value.split(".")[1], SECRET) is None
    for broken in ("", None, token, value + ".x", "." + value.split(".")[1]):
        assert auth.unsign_token(broken, SECRET) is None


def test_the_cookie_is_http_only_same_site_and_outlives_a_session():
    header = auth.cookie_header("abc.def", secure=False)
    assert header.startswith("ltm_session=abc.def; Path=/;")
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Max-Age=57600" in header and "Secure" not in header
    assert header.endswith("; Secure") is False
    assert auth.cookie_header("abc.def", secure=True).endswith("; Secure")


def test_the_generated_secret_is_private_and_stable(tmp_path, monkeypatch):
    path = tmp_path / "data" / "session_secret"
    config = tmp_path / "ltm.toml"
    config.write_text(f'[auth]\nsession_secret_file = "{path}"\n', encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    first = auth.signing_secret()
    assert len(first) == 64 and auth.signing_secret() == first
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_configured_secret_wins_and_must_be_long(tmp_path, monkeypatch):
    config = tmp_path / "ltm.toml"
    config.write_text('[auth]\nsession_secret = "' + "k" * 40 + '"\n', encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    assert auth.signing_secret() == b"k" * 40
    config.write_text('[auth]\nsession_secret = "short"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="at least 32"):
        auth.signing_secret()


# --- single sign-on -------------------------------------------------------------------------

ROLE_MAP = {"ltm-viewers": "viewer", "ltm-analysts": "analyst", "ltm-admins": "admin"}


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"roles": ["ltm-viewers", "ltm-analysts"]}, "analyst"),
        ({"roles": ["ltm-admins", "ltm-viewers"]}, "admin"),
        ({"roles": "ltm-viewers"}, "viewer"),
        ({"roles": ["other", 7]}, None),
        ({}, None),
        ({"roles": {"ltm-admins": True}}, None),
    ],
)
def test_the_highest_mapped_role_wins_and_an_unmapped_user_is_refused(claims, role):
    assert auth.role_from_claims(claims, "roles", ROLE_MAP) == role


def test_a_nested_keycloak_claim_and_a_default_role():
    claims = {"realm_access": {"roles": ["offline_access", "ltm-analysts"]}}
    assert auth.role_from_claims(claims, "realm_access.roles", ROLE_MAP) == "analyst"
    assert auth.role_from_claims({"realm_access": {}}, "realm_access.roles", ROLE_MAP,
                                 "viewer") == "viewer"


def test_a_role_map_naming_an_unknown_role_is_refused(tmp_path, monkeypatch):
    with pytest.raises(auth.AccountError, match="Invalid role: 'root'"):
        auth.role_from_claims({"roles": ["x"]}, "roles", {"x": "root"})
    config = tmp_path / "ltm.toml"
    config.write_text('[sso]\nenabled = true\nrole_map = { x = "root" }\n', encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    assert auth.sso_enabled()
    with pytest.raises(auth.AccountError):
        auth.sso_settings()


def test_the_name_comes_from_the_name_claim_else_email_else_subject():
    assert auth.name_from_claims({"preferred_username": " Petrov "}, "preferred_username") == (
        "petrov"
    )
    assert auth.name_from_claims({"email": "A@b.kz", "sub": "1"}, "preferred_username") == (
        "a@b.kz"
    )
    assert auth.name_from_claims({"sub": "f81d"}, "preferred_username") == "f81d"
    assert auth.name_from_claims({}, "preferred_username") is None
