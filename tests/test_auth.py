"""Roles, password hashes, lock-out and accounts on a real SQLite file and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest

from utils import auth, store

T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
POLICY = auth.LockoutPolicy(attempts=3, minutes=10)
PASSWORD = "Correct-horse-42"


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("viewer", {"view"}),
        ("officer", {"view", "cases"}),
        ("analyst", {"view", "cases", "upload", "undo"}),
        ("admin", {"view", "cases", "upload", "undo", "manage_users"}),
        (None, set()),
    ],
)
def test_role_permissions(role, allowed):
    assert {p for p in auth.PERMISSIONS if auth.has_permission(role, p)} == allowed


def test_roles_are_ordered_and_each_holds_the_permissions_below():
    assert [auth.role_rank(r) for r in ("viewer", "officer", "analyst", "admin")] == [0, 1, 2, 3]
    for lower, higher in zip(auth.ROLES, auth.ROLES[1:], strict=False):
        assert auth.ROLE_PERMISSIONS[lower] < auth.ROLE_PERMISSIONS[higher]


def test_an_officer_follows_up_cases_but_never_loads_or_undoes_data():
    assert auth.has_permission("officer", "cases")
    for permission in ("upload", "undo", "manage_users"):
        assert not auth.has_permission("officer", permission)
    assert not auth.has_permission("viewer", "cases")


def test_require_permission_names_role_and_permission():
    auth.require_permission("analyst", "upload")
    with pytest.raises(auth.PermissionDenied) as caught:
        auth.require_permission("viewer", "undo")
    assert (caught.value.role, caught.value.permission) == ("viewer", "undo")


def test_unknown_role_and_permission_list_the_valid_ones():
    with pytest.raises(auth.AccountError,
                       match=r"Invalid role: 'root'.*viewer, officer, analyst, admin"):
        auth.role_rank("root")
    with pytest.raises(KeyError, match=r"Invalid permission: 'delete'.*view, cases, upload, undo"):
        auth.has_permission("admin", "delete")


# --- passwords ------------------------------------------------------------------------------


def test_hash_is_salted_argon2id_and_verifies():
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second
    assert PASSWORD not in first
    assert auth.verify_password(first, PASSWORD)
    assert not auth.verify_password(first, PASSWORD.lower())
    assert not auth.verify_password("not a hash", PASSWORD)
    assert not auth.needs_rehash(first)


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("short", "auth.password_too_short"),
        (" " * 12, "auth.password_too_short"),
        ("x" * 1025, "auth.password_too_long"),
        ("Ivan.Petrov", "auth.password_same_as_name"),
    ],
)
def test_unacceptable_passwords(password, key):
    with pytest.raises(auth.AccountError) as caught:
        auth.validate_password(password, "ivan.petrov")
    assert caught.value.field == "password" and caught.value.message_key == key


@pytest.mark.parametrize("name", ["a", "Иван", "ivan petrov", "-ivan", "x" * 65, "ivan;drop"])
def test_unacceptable_names(name):
    with pytest.raises(auth.AccountError, match="Invalid user name") as caught:
        auth.validate_name(name)
    assert caught.value.message_key == "auth.name_invalid"


def test_names_are_stored_lower_case():
    assert auth.validate_name("  Ivan.Petrov ") == "ivan.petrov"


# --- lock-out rules (pure) ------------------------------------------------------------------


def test_after_failure_counts_then_locks_and_restarts_the_count():
    assert auth.after_failure(0, T0, POLICY) == (1, None)
    assert auth.after_failure(1, T0, POLICY) == (2, None)
    assert auth.after_failure(2, T0, POLICY) == (0, T0 + timedelta(minutes=10))


def test_lock_holds_until_its_end_only():
    until = T0 + timedelta(minutes=10)
    assert auth.is_locked(until, T0 + timedelta(minutes=9, seconds=59))
    assert not auth.is_locked(until, until)
    assert not auth.is_locked(None, T0)
    assert auth.is_locked(until.replace(tzinfo=None), T0)  # naive values are UTC


def test_policy_from_settings_and_refusal_of_nonsense(monkeypatch, tmp_path):
    config = tmp_path / "ltm.toml"
    config.write_text("[auth]\nlockout_attempts = 7\nlockout_minutes = 30\n", encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    assert auth.LockoutPolicy.from_settings() == auth.LockoutPolicy(7, 30)
    with pytest.raises(ValueError, match="attempts >= 1"):
        auth.LockoutPolicy(0, 5)


def test_session_expiry(monkeypatch, tmp_path):
    config = tmp_path / "ltm.toml"
    config.write_text("[app]\nsession_max_age_minutes = 90\n", encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    hour = timedelta(hours=1)
    assert not auth.is_session_expired(T0, T0 + timedelta(minutes=59), hour)
    assert auth.is_session_expired(T0, T0 + hour, hour)
    assert auth.is_session_expired(None, T0, hour)
    assert auth.is_session_expired(T0 + timedelta(minutes=5), T0, hour)  # start in the future
    assert auth.session_max_age() == timedelta(minutes=90)
    assert not auth.is_session_expired(T0, T0 + timedelta(minutes=89))
    assert auth.is_session_expired(T0, T0 + timedelta(minutes=90))


def test_minutes_left_rounds_up():
    result = auth.AuthResult("locked", "ivan", locked_until=T0 + timedelta(minutes=9, seconds=1))
    assert result.minutes_left(T0) == 10
    assert result.message_key == "auth.locked"


# --- accounts in a real database ------------------------------------------------------------


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


def test_create_authenticate_lock_unlock_disable(engine):
    user_id = auth.create_user(engine, "Analyst.One", "analyst", PASSWORD, actor="cli")
    assert isinstance(user_id, int)

    ok = auth.authenticate(engine, "analyst.one", PASSWORD, now=T0, policy=POLICY)
    assert (ok.status, ok.role, ok.name) == ("ok", "analyst", "analyst.one")

    first = auth.authenticate(engine, "analyst.one", "wrong-password", now=T0, policy=POLICY)
    assert first.status == "wrong"
    auth.authenticate(engine, "analyst.one", "wrong-password", now=T0, policy=POLICY)
    third = auth.authenticate(engine, "analyst.one", "wrong-password", now=T0, policy=POLICY)
    assert third.status == "locked"
    assert third.locked_until == T0 + timedelta(minutes=10)

    # While locked even the right password is refused, without telling it was right.
    during = T0 + timedelta(minutes=9)
    assert auth.authenticate(engine, "analyst.one", PASSWORD, now=during, policy=POLICY).status == (
        "locked"
    )
    after = T0 + timedelta(minutes=10, seconds=1)
    assert auth.authenticate(engine, "analyst.one", PASSWORD, now=after, policy=POLICY).ok
    stored = store.get_user(engine, "analyst.one")
    assert (stored["failed_attempts"], stored["locked_until"]) == (0, None)

    auth.create_user(engine, "admin", "admin", PASSWORD + "!", actor="cli")
    auth.disable_user(engine, "analyst.one", actor="admin")
    disabled = auth.authenticate(engine, "analyst.one", PASSWORD, now=after, policy=POLICY)
    assert disabled.status == "disabled" and disabled.role is None
    # A wrong password on a disabled account reads as any wrong password.
    assert auth.authenticate(
        engine, "analyst.one", "nope-nope-nope", now=after, policy=POLICY
    ).status == ("wrong")
    auth.enable_user(engine, "analyst.one", actor="admin")
    assert auth.authenticate(engine, "analyst.one", PASSWORD, now=after, policy=POLICY).ok

    actions = list(store.audit_entries(engine)["action"])[::-1]
    assert actions == ["user_create", "login_locked", "user_create", "user_disable", "user_enable"]


def test_unknown_name_is_a_plain_wrong_answer(engine):
    result = auth.authenticate(engine, "nobody", PASSWORD, now=T0, policy=POLICY)
    assert result.status == "wrong" and result.message_key == "auth.wrong"


def test_success_resets_the_failed_attempt_count(engine):
    auth.create_user(engine, "viewer1", "viewer", PASSWORD, actor="cli")
    for _ in range(POLICY.attempts - 1):
        auth.authenticate(engine, "viewer1", "wrong-password", now=T0, policy=POLICY)
    assert store.get_user(engine, "viewer1")["failed_attempts"] == POLICY.attempts - 1
    assert auth.authenticate(engine, "viewer1", PASSWORD, now=T0, policy=POLICY).ok
    assert store.get_user(engine, "viewer1")["failed_attempts"] == 0
    # A full set of attempts again: the next wrong one does not lock.
    assert auth.authenticate(engine, "viewer1", "wrong-password", now=T0, policy=POLICY).status == (
        "wrong"
    )


def test_no_password_is_stored_or_audited_in_clear(engine):
    auth.create_user(engine, "analyst2", "analyst", PASSWORD, actor="cli")
    auth.change_password(engine, "analyst2", "Another-pass-77", actor="cli")
    stored = store.get_user(engine, "analyst2")
    assert stored["password_hash"].startswith("$argon2id$")
    assert "Another-pass-77" not in stored["password_hash"]
    audit = store.audit_entries(engine)
    assert PASSWORD not in str(audit.to_dict()) and "Another-pass-77" not in str(audit.to_dict())
    assert "password_hash" not in auth.list_users(engine).columns
    assert auth.authenticate(engine, "analyst2", "Another-pass-77", now=T0, policy=POLICY).ok


def test_create_user_refusals(engine):
    auth.create_user(engine, "analyst3", "analyst", PASSWORD, actor="cli")
    with pytest.raises(auth.AccountError, match="already exists") as caught:
        auth.create_user(engine, "ANALYST3", "viewer", PASSWORD, actor="cli")
    assert caught.value.message_key == "auth.user_exists"
    with pytest.raises(auth.AccountError, match="Invalid role"):
        auth.create_user(engine, "someone", "superuser", PASSWORD, actor="cli")
    with pytest.raises(auth.AccountError, match="too short"):
        auth.create_user(engine, "someone", "viewer", "short", actor="cli")
    assert list(auth.list_users(engine)["name"]) == ["analyst3"]
    assert auth.has_accounts(engine)


def test_the_last_active_admin_cannot_be_disabled_or_demoted(engine):
    assert not auth.has_accounts(engine)
    auth.create_user(engine, "root.admin", "admin", PASSWORD, actor="cli")
    with pytest.raises(auth.AccountError, match="last active administrator"):
        auth.disable_user(engine, "root.admin", actor="root.admin")
    with pytest.raises(auth.AccountError, match="last active administrator"):
        auth.change_role(engine, "root.admin", "analyst", actor="root.admin")
    auth.create_user(engine, "second.admin", "admin", PASSWORD, actor="root.admin")
    auth.change_role(engine, "root.admin", "analyst", actor="second.admin")
    assert store.get_user(engine, "root.admin")["role"] == "analyst"
    entry = store.audit_entries(engine, action="user_role").iloc[0]
    assert entry["user_name"] == "second.admin"
    assert entry["detail"] == {"name": "root.admin", "from": "admin", "to": "analyst"}


def test_changing_an_unknown_account_says_so(engine):
    with pytest.raises(auth.AccountError, match="No user named 'ghost'") as caught:
        auth.disable_user(engine, "Ghost", actor="cli")
    assert caught.value.message_key == "auth.unknown_user"


# --- answers that do not tell which names exist; throttling by address ---------------------


def _answers(engine, name: str, count: int, client: str | None = None) -> list[str]:
    return [auth.authenticate(engine, name, "wrong-password", now=T0, policy=POLICY,
                              client=client).status for _ in range(count)]


def test_an_unknown_name_gets_the_same_answers_as_a_real_account(engine):
    auth.create_user(engine, "real.person", "analyst", PASSWORD, actor="cli")
    real = auth.authenticate(engine, "real.person", "wrong-password", now=T0, policy=POLICY)
    ghost = auth.authenticate(engine, "no.such.person", "wrong-password", now=T0,
                              policy=POLICY)
    assert real == auth.AuthResult("wrong", "real.person")
    assert ghost == auth.AuthResult("wrong", "no.such.person")
    assert _answers(engine, "real.person", 2) == ["wrong", "locked"]
    assert _answers(engine, "no.such.person", 2) == ["wrong", "locked"]
    locked = [auth.authenticate(engine, name, PASSWORD, now=T0 + timedelta(minutes=1),
                                policy=POLICY) for name in ("real.person", "no.such.person")]
    assert [r.status for r in locked] == ["locked", "locked"]
    assert locked[0].locked_until == locked[1].locked_until == T0 + timedelta(minutes=10)
    # after the lock, both start again
    later = T0 + timedelta(minutes=11)
    again = [auth.authenticate(engine, name, "wrong-password", now=later, policy=POLICY).status
             for name in ("real.person", "no.such.person")]
    assert again == ["wrong", "wrong"]


def test_one_address_waits_longer_after_each_failure_whatever_names_it_tries(engine):
    auth.create_user(engine, "victim", "analyst", PASSWORD, actor="cli")
    client, moment = "10.0.0.9", T0
    waits = []
    for number, name in enumerate(["a.one", "b.two", "c.three", "d.four", "e.five"]):
        result = auth.authenticate(engine, name, "guess", now=moment, policy=POLICY,
                                   client=client)
        assert result.status == "wrong", number
        wait = auth.throttle_for(engine).wait_seconds(client, moment)
        waits.append(wait)
        moment += timedelta(seconds=wait)
    assert waits == [0.0, 0.0, 1.0, 2.0, 4.0]
    # too early: refused without checking the password, even the right one
    early = auth.authenticate(engine, "victim", PASSWORD, now=moment - timedelta(seconds=1),
                              policy=POLICY, client=client)
    assert early.status == "throttled" and early.seconds_left() == 1
    assert early.message_key == "auth.throttled"
    # another address is not slowed
    assert auth.authenticate(engine, "victim", PASSWORD, now=moment, policy=POLICY,
                             client="10.0.0.10").ok
    # on time the right password works and clears the address's count
    assert auth.authenticate(engine, "victim", PASSWORD, now=moment, policy=POLICY,
                             client=client).ok
    assert auth.throttle_for(engine).wait_seconds(client, moment) == 0.0


def test_failures_from_an_address_are_forgotten_after_the_window(engine):
    throttle = auth.throttle_for(engine)
    for _ in range(5):
        throttle.record_failure("10.1.1.1", T0)
    assert throttle.wait_seconds("10.1.1.1", T0) == 4.0
    assert throttle.wait_seconds("10.1.1.1", T0 + timedelta(minutes=16)) == 0.0
