"""Accounts, roles and log-in: who may see the dashboards, upload data and manage users.

Roles are ordered ``viewer < officer < analyst < admin``; each role holds the permissions of
the ones below it (see :data:`ROLE_PERMISSIONS`). Passwords are kept only as Argon2id hashes
(``argon2-cffi``, salted per password); no password is ever logged, audited or stored in
clear.

Log-in lock-out: after ``lockout_attempts`` wrong passwords in a row (settings section
``auth``, default 5) the account is locked for ``lockout_minutes`` (default 15); while it is
locked every attempt is refused without checking the password, so guessing gains nothing.
When the lock runs out the account has a fresh set of attempts; a successful log-in resets
the count. The rules are pure functions of the stored state and ``now``
(:func:`after_failure`, :func:`is_locked`), so they are tested without a clock.

Every change to an account is appended to the audit log. Persistence goes through
:mod:`utils.store` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from utils import i18n, settings, store
from utils.auth.contact import validate_email
from utils.auth.throttle import throttle_for

if TYPE_CHECKING:
    from utils.store import Bind

# --- roles and permissions ----------------------------------------------------------------

ROLES: tuple[str, ...] = ("viewer", "officer", "analyst", "admin")
PERMISSIONS: tuple[str, ...] = ("view", "cases", "upload", "undo", "manage_users")
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view"}),
    # An officer acts on warnings: opens and updates cases, never loads or undoes data.
    "officer": frozenset({"view", "cases"}),
    "analyst": frozenset({"view", "cases", "upload", "undo"}),
    "admin": frozenset({"view", "cases", "upload", "undo", "manage_users"}),
}


class PermissionDenied(PermissionError):
    """A role tried something it may not do; ``role`` and ``permission`` say what."""

    def __init__(self, role: str | None, permission: str) -> None:
        super().__init__(f"Role {role!r} does not have the permission {permission!r}")
        self.role = role
        self.permission = permission


class AccountError(ValueError):
    """An account change was refused.

    ``field`` names what was wrong (``name``, ``role``, ``password``), ``message_key`` is
    the catalog key of the sentence to show (``auth.password_too_short`` …) and ``params``
    its parameters, so the page says it in the user's language.
    """

    def __init__(self, text: str, *, field: str, message_key: str, **params: Any) -> None:
        super().__init__(text)
        self.field = field
        self.message_key = message_key
        self.params = params


def check_role(role: str) -> str:
    """Return ``role`` when it is a known role.

    Raises
    ------
    AccountError
        If it is not; the message lists the valid roles.
    """
    if role not in ROLES:
        raise AccountError(
            f"Invalid role: {role!r}. Role must be in the set: {', '.join(ROLES)}",
            field="role",
            message_key="auth.role_invalid",
            role=role,
            roles=", ".join(ROLES),
        )
    return role


def role_rank(role: str) -> int:
    """Return the place of ``role``: viewer (0) < officer (1) < analyst (2) < admin (3)."""
    return ROLES.index(check_role(role))


def has_permission(role: str | None, permission: str) -> bool:
    """Return True when ``role`` may do ``permission``; no role (anonymous) may do nothing.

    Raises
    ------
    KeyError
        If ``permission`` is unknown; the message lists the valid permissions.
    """
    if permission not in PERMISSIONS:
        raise KeyError(
            f"Invalid permission: {permission!r}. Permission must be in the set: "
            f"{', '.join(PERMISSIONS)}"
        )
    if role is None:
        return False
    return permission in ROLE_PERMISSIONS[check_role(role)]


def require_permission(role: str | None, permission: str) -> None:
    """Raise :class:`PermissionDenied` unless ``role`` may do ``permission``."""
    if not has_permission(role, permission):
        raise PermissionDenied(role, permission)


# --- passwords ----------------------------------------------------------------------------

_HASHER = PasswordHasher()  # Argon2id with argon2-cffi's recommended (RFC 9106) parameters
MAX_PASSWORD_LENGTH = 1024
# Verified against when the account does not exist, so that the answer takes as long as for
# a real account and does not tell which names exist.
_ABSENT_ACCOUNT_HASH = _HASHER.hash("no such account: the time of a real verification")


def hash_password(password: str) -> str:
    """Return the salted Argon2id hash of ``password`` (a PHC string ``$argon2id$…``)."""
    if not isinstance(password, str) or not password:
        raise TypeError("A password must be a non-empty string")
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return True when ``password`` matches ``password_hash``; False for anything else.

    A malformed or foreign hash is a mismatch, never an exception.
    """
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return True when the hash was made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# --- account rules ------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def normalise_name(name: str) -> str:
    """Return the account name as stored: trimmed and lower-case (``Ivanov`` = ``ivanov``)."""
    return str(name).strip().lower()


def validate_name(name: str) -> str:
    """Return the normalised name, or raise :class:`AccountError` when it is not acceptable.

    A name has 2 to 64 Latin letters, digits, dots, hyphens or underscores and starts with a
    letter or digit.
    """
    normal = normalise_name(name)
    if not _NAME.match(normal):
        raise AccountError(
            f"Invalid user name: {name!r}. A name has 2 to 64 Latin letters, digits, '.', '-' "
            "or '_' and starts with a letter or digit",
            field="name",
            message_key="auth.name_invalid",
        )
    return normal


def min_password_length() -> int:
    """Return the shortest acceptable password (settings ``auth.min_password_length``)."""
    return int(settings.get("auth")["min_password_length"])


def validate_password(password: str, name: str | None = None) -> None:
    """Raise :class:`AccountError` when ``password`` is too short, too long or the name."""
    if not isinstance(password, str):
        raise TypeError(f"A password must be a string, got {type(password).__name__}")
    shortest = min_password_length()
    if len(password.strip()) < shortest:
        raise AccountError(
            f"The password is too short: at least {shortest} characters are needed",
            field="password",
            message_key="auth.password_too_short",
            min=shortest,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(
            f"The password is too long: at most {MAX_PASSWORD_LENGTH} characters",
            field="password",
            message_key="auth.password_too_long",
            max=MAX_PASSWORD_LENGTH,
        )
    if name is not None and password.strip().lower() == normalise_name(name):
        raise AccountError(
            "The password must not be the user name",
            field="password",
            message_key="auth.password_same_as_name",
        )


# --- lock-out (pure) ----------------------------------------------------------------------


@dataclass(frozen=True)
class LockoutPolicy:
    """How many wrong passwords in a row lock an account, and for how long."""

    attempts: int = 5
    minutes: float = 15

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.minutes <= 0:
            raise ValueError(
                f"A lock-out needs attempts >= 1 and minutes > 0, got {self.attempts} and "
                f"{self.minutes}"
            )

    @classmethod
    def from_settings(cls) -> LockoutPolicy:
        """Return the policy of the settings section ``auth``."""
        section = settings.get("auth")
        return cls(int(section["lockout_attempts"]), float(section["lockout_minutes"]))

    @property
    def duration(self) -> timedelta:
        """Return how long a lock lasts."""
        return timedelta(minutes=self.minutes)


def utc(moment: datetime | None) -> datetime | None:
    """Return ``moment`` as an aware UTC datetime (a naive one is taken to be UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Return True while a lock set until ``locked_until`` holds at ``now``."""
    return locked_until is not None and utc(now) < utc(locked_until)


def after_failure(
    failed_attempts: int, now: datetime, policy: LockoutPolicy
) -> tuple[int, datetime | None]:
    """Return the stored state after one more wrong password: ``(failed_attempts, locked_until)``.

    The attempt that reaches ``policy.attempts`` locks the account until
    ``now + policy.duration`` and starts the count again at zero, so after the lock the user
    has a full set of attempts.
    """
    count = int(failed_attempts or 0) + 1
    if count >= policy.attempts:
        return 0, utc(now) + policy.duration
    return count, None


# --- log-in -------------------------------------------------------------------------------

AuthStatus = Literal["ok", "wrong", "locked", "disabled", "throttled"]
_STATUS_MESSAGES = {
    "ok": None,
    "wrong": "auth.wrong",
    "locked": "auth.locked",
    "disabled": "auth.disabled",
    "throttled": "auth.throttled",
}


@dataclass(frozen=True)
class AuthResult:
    """The answer to a log-in attempt.

    ``status`` is ``ok``, ``wrong`` (unknown name or wrong password: the two are not told
    apart, and an unknown name locks like an account), ``locked`` (``locked_until`` says
    until when), ``disabled`` or ``throttled`` (too many wrong log-ins from the client's
    address: ``retry_after`` seconds to wait; the password was not checked); ``role`` is
    set only when ``ok``. Nothing in it says whether the name exists.
    """

    status: AuthStatus
    name: str
    role: str | None = None
    locked_until: datetime | None = None
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        """Return True when the log-in succeeded."""
        return self.status == "ok"

    @property
    def message_key(self) -> str | None:
        """Return the catalog key of the sentence to show, None on success."""
        return _STATUS_MESSAGES[self.status]

    def seconds_left(self) -> int:
        """Return the whole seconds (rounded up, at least 1) a throttled client must wait."""
        return max(1, -int(-(self.retry_after or 0) // 1))

    def minutes_left(self, now: datetime | None = None) -> int:
        """Return the whole minutes (rounded up, at least 1) until a lock runs out."""
        if self.locked_until is None:
            return 0
        seconds = (utc(self.locked_until) - utc(now or datetime.now(UTC))).total_seconds()
        return max(1, -int(-seconds // 60))


def authenticate(
    bind: Bind,
    name: str,
    password: str,
    now: datetime | None = None,
    policy: LockoutPolicy | None = None,
    client: str | None = None,
) -> AuthResult:
    """Check a log-in and record its effect on the account's failed-attempt count.

    In front of the password check stand the throttles of ``utils.login_throttle``: a client
    address with too many recent failures waits (``throttled``), and an unknown name locks
    after as many wrong attempts as an account, so the answers never tell whether a name
    exists.

    Parameters
    ----------
    bind
        Engine or connection of the store.
    name, password
        What the user typed; the name is matched case-insensitively.
    now
        The moment of the attempt (default: the current UTC time); tests pass it to move
        through a lock-out without waiting.
    policy
        Lock-out rules; default from the settings section ``auth``.
    client
        The client's address (``st.context.ip_address``), for the per-address throttle;
        None skips it (the command line).
    """
    now = utc(now) or datetime.now(UTC)
    policy = policy or LockoutPolicy.from_settings()
    throttle = throttle_for(bind)
    normal = normalise_name(name)
    wait = throttle.wait_seconds(client, now)
    if wait > 0:
        return AuthResult("throttled", normal, retry_after=wait)
    user = store.get_user(bind, normal)
    if user is None:
        verify_password(_ABSENT_ACCOUNT_HASH, password)
        locked_until = throttle.name_locked_until(normal, now)
        if locked_until is None:
            locked_until = throttle.record_failure(client, now, name=normal,
                                                   attempts=policy.attempts,
                                                   lock=policy.duration)
        if locked_until is not None:
            return AuthResult("locked", normal, locked_until=locked_until)
        return AuthResult("wrong", normal)
    if is_locked(user["locked_until"], now):
        return AuthResult("locked", normal, locked_until=utc(user["locked_until"]))
    if not verify_password(user["password_hash"], password):
        throttle.record_failure(client, now)
        failed, locked_until = after_failure(user["failed_attempts"], now, policy)
        store.update_user(bind, normal, failed_attempts=failed, locked_until=locked_until)
        if locked_until is not None:
            store.append_audit(
                bind,
                normal,
                "login_locked",
                {"attempts": policy.attempts, "locked_until": locked_until.isoformat()},
            )
            return AuthResult("locked", normal, locked_until=locked_until)
        return AuthResult("wrong", normal)
    throttle.record_success(client)
    if user["disabled"]:
        return AuthResult("disabled", normal)
    changes: dict[str, Any] = {}
    if user["failed_attempts"] or user["locked_until"] is not None:
        changes.update(failed_attempts=0, locked_until=None)
    if needs_rehash(user["password_hash"]):
        changes["password_hash"] = hash_password(password)
    if changes:
        store.update_user(bind, normal, **changes)
    return AuthResult("ok", normal, role=user["role"])


# --- account management -------------------------------------------------------------------


def _existing(bind: Bind, name: str) -> dict[str, Any]:
    normal = normalise_name(name)
    user = store.get_user(bind, normal)
    if user is None:
        raise AccountError(
            f"No user named {normal!r}", field="name", message_key="auth.unknown_user", name=normal
        )
    return user


def create_user(bind: Bind, name: str, role: str, password: str, actor: str | None, *,
                email: str | None = None, lang: str | None = None) -> int:
    """Create an account and return its id; the audit log records who created it.

    Parameters
    ----------
    bind
        Engine or connection of the store (pass a connection in a transaction to make the
        account and its audit entry land together).
    name
        2 to 64 Latin letters, digits, ``.``, ``-``, ``_``; stored lower-case.
    role
        ``viewer``, ``analyst`` or ``admin``.
    password
        At least ``auth.min_password_length`` characters, not the name.
    actor
        Who makes the change (an account name, ``"cli"``).
    email, lang
        Where the user's alerts go and the language they are written in (optional).

    Raises
    ------
    AccountError
        For an unacceptable name, role or password, or a name already taken.
    ValueError
        For a malformed e-mail address or an unknown language.
    """
    normal = validate_name(name)
    check_role(role)
    validate_password(password, normal)
    email = None if email is None else validate_email(email)
    lang = None if lang is None else i18n.check_lang(lang)
    try:
        user_id = store.insert_user(bind, normal, hash_password(password), role, email=email,
                                    lang=lang)
    except ValueError as exc:
        raise AccountError(
            f"A user named {normal!r} already exists",
            field="name",
            message_key="auth.user_exists",
            name=normal,
        ) from exc
    store.append_audit(bind, actor, "user_create", {"name": normal, "role": role})
    return user_id


def _active_admins(bind: Bind) -> list[str]:
    users = store.list_users(bind)
    active = users[(users["role"] == "admin") & ~users["disabled"].astype(bool)]
    return list(active["name"])


def _guard_last_admin(bind: Bind, user: dict[str, Any]) -> None:
    if user["role"] == "admin" and not user["disabled"] and _active_admins(bind) == [user["name"]]:
        raise AccountError(
            "The last active administrator cannot be disabled or demoted",
            field="name",
            message_key="auth.last_admin",
        )


def disable_user(bind: Bind, name: str, actor: str | None) -> None:
    """Disable an account (it can no longer log in, its sessions end); the last active admin
    stays.
    """  # noqa: D205
    user = _existing(bind, name)
    _guard_last_admin(bind, user)
    if not user["disabled"]:
        store.update_user(bind, user["name"], disabled=True)
        store.revoke_sessions(bind, "user_disabled", datetime.now(UTC), user_name=user["name"])
        store.append_audit(bind, actor, "user_disable", {"name": user["name"]})


def enable_user(bind: Bind, name: str, actor: str | None) -> None:
    """Enable a disabled account and clear its lock-out."""
    user = _existing(bind, name)
    if user["disabled"] or user["locked_until"] is not None or user["failed_attempts"]:
        store.update_user(bind, user["name"], disabled=False, failed_attempts=0, locked_until=None)
        store.append_audit(bind, actor, "user_enable", {"name": user["name"]})


def change_role(bind: Bind, name: str, role: str, actor: str | None) -> None:
    """Give an account another role; the last active admin cannot be demoted."""
    check_role(role)
    user = _existing(bind, name)
    if user["role"] == role:
        return
    if role != "admin":
        _guard_last_admin(bind, user)
    store.update_user(bind, user["name"], role=role)
    store.append_audit(
        bind, actor, "user_role", {"name": user["name"], "from": user["role"], "to": role}
    )


def change_password(bind: Bind, name: str, password: str, actor: str | None) -> None:
    """Set a new password (validated, hashed), clear the account's lock-out and end its
    sessions, so a stolen log-in does not outlive the change.
    """  # noqa: D205
    user = _existing(bind, name)
    validate_password(password, user["name"])
    store.update_user(
        bind,
        user["name"],
        password_hash=hash_password(password),
        failed_attempts=0,
        locked_until=None,
    )
    store.revoke_sessions(bind, "password_change", datetime.now(UTC), user_name=user["name"])
    store.append_audit(bind, actor, "user_password", {"name": user["name"]})


def list_users(bind: Bind) -> pd.DataFrame:
    """Return the accounts without their password hashes.

    Columns: ``id, name, role, disabled, failed_attempts, locked_until, created_at``.
    """
    return store.list_users(bind)


def has_accounts(bind: Bind) -> bool:
    """Return True once at least one account exists (first run: the data page says how)."""
    return not store.list_users(bind).empty


# --- sessions -----------------------------------------------------------------------------


def session_max_age() -> timedelta:
    """Return how long a log-in lasts (settings ``app.session_max_age_minutes``)."""
    return timedelta(minutes=float(settings.get("app")["session_max_age_minutes"]))


def is_session_expired(
    started_at: datetime | None,
    now: datetime | None = None,
    max_age: timedelta | None = None,
) -> bool:
    """Return True when a session started at ``started_at`` is over at ``now``.

    A session without a start is expired; a start in the future (clock moved back) too.
    ``max_age`` defaults to :func:`session_max_age`.
    """
    if started_at is None:
        return True
    now = utc(now) or datetime.now(UTC)
    started = utc(started_at)
    if started > now:
        return True
    return now - started >= (max_age if max_age is not None else session_max_age())
