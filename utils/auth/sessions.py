"""Log-ins that survive a reload and a new tab: server-side sessions behind a signed cookie.

The browser holds one cookie, ``ltm_session`` (HttpOnly, SameSite=Lax, optionally Secure),
whose value is a random token and its HMAC-SHA-256 signature. The web server hands it out
on the first page a browser loads (see ``utils.ui.session_cookie``) and renews its lifetime
on every page load; the app reads it on each run from the request that opened the page's
connection. A log-in stores a row in the ``sessions`` table, found by the SHA-256 of the
token, that ends

* when it expires: ``app.session_max_age_minutes`` after the log-in (default 480);
* when it is revoked: log-out (every tab of that browser is logged out on its next action),
  a password change or a disabled account (every session of that account).

Because the token stays in the HttpOnly cookie and only its hash is stored, neither a
script in the page nor a copy of the database can produce a working cookie, and a page
connection that does not carry the cookie (someone who learnt the Streamlit session id of
another's tab) is not logged in.

The signing secret is ``auth.session_secret`` in the settings or, when that is empty, a
random secret generated once into ``data/session_secret`` (mode 0600); every app process
sharing one database must share it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from utils import settings, store
from utils.auth.accounts import session_max_age, utc

if TYPE_CHECKING:
    from utils.store import Bind

#: Name of the browser's session cookie.
COOKIE_NAME = "ltm_session"
#: Where the signing secret is generated when the settings give none.
SECRET_FILE = settings.PROJECT_DIR / "data" / "session_secret"
_TOKEN_BYTES = 32
#: How long ended sessions are kept (who logged in when, and why it ended) before a log-in
#: deletes them.
ENDED_SESSIONS_KEPT = timedelta(days=90)


def new_token() -> str:
    """Return a new random session token (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def token_hash(token: str) -> str:
    """Return the SHA-256 (hex) of ``token``: how the store finds a session."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _read_or_create_secret(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise ValueError(f"The session secret in {path} is shorter than 32 characters")
    return secret.encode("ascii")


def signing_secret() -> bytes:
    """Return the secret that signs session cookies.

    ``auth.session_secret`` in the settings when it is set, else the secret in
    ``auth.session_secret_file`` (default ``data/session_secret``), generated there with
    mode 0600 on first use.
    """
    section = settings.get("auth")
    configured = section.get("session_secret") or ""
    if configured:
        if len(configured) < 32:
            raise ValueError("auth.session_secret must have at least 32 characters")
        return configured.encode("utf-8")
    return _read_or_create_secret(Path(section.get("session_secret_file") or SECRET_FILE))


def _signature(token: str, secret: bytes) -> str:
    digest = hmac.new(secret, f"{COOKIE_NAME}|{token}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_token(token: str, secret: bytes | None = None) -> str:
    """Return the cookie value for ``token``: ``token.signature``."""
    return f"{token}.{_signature(token, secret or signing_secret())}"


def unsign_token(value: str | None, secret: bytes | None = None) -> str | None:
    """Return the token of a cookie value whose signature is right, else None."""
    if not value or value.count(".") != 1:
        return None
    token, signature = value.split(".")
    if not token or len(token) > 128:
        return None
    expected = _signature(token, secret or signing_secret())
    return token if hmac.compare_digest(signature, expected) else None


def _secure(secure: bool | None) -> bool:
    if secure is None:
        return bool(settings.get("auth").get("session_cookie_secure"))
    return secure


def cookie_name(secure: bool | None = None) -> str:
    """Return the name the session cookie goes by: ``__Host-ltm_session`` over HTTPS.

    Browsers accept a ``__Host-`` cookie only from the host itself, sent Secure with
    ``Path=/`` and no ``Domain``, so a sibling subdomain or a plain-HTTP page cannot plant a
    token in the user's browser before a log-in (session fixation). Plain HTTP, on a
    developer's machine, keeps the bare name, which browsers accept without Secure.
    """
    return f"__Host-{COOKIE_NAME}" if _secure(secure) else COOKIE_NAME


def cookie_header(value: str, *, secure: bool | None = None) -> str:
    """Return the ``Set-Cookie`` value that stores ``value`` in the browser.

    HttpOnly (no script reads it), SameSite=Lax (not sent with another site's forms or
    embedded requests, while a link from an e-mail still opens the logged-in page),
    ``Max-Age`` twice the session lifetime (the cookie is renewed with every page, and a
    log-in made in a page that has been open a while must not outlive it), Secure and named
    with the ``__Host-`` prefix when ``auth.session_cookie_secure`` is set.
    """
    secure = _secure(secure)
    seconds = 2 * int(session_max_age().total_seconds())
    parts = [f"{cookie_name(secure)}={value}", "Path=/", f"Max-Age={seconds}", "HttpOnly",
             "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


@dataclass(frozen=True)
class SessionUser:
    """Who a live session belongs to: ``name``, ``role``, how they logged in, until when."""

    name: str
    role: str
    source: str
    started_at: datetime
    expires_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """Return the fields as a dict (what the app keeps for the page)."""
        return {"name": self.name, "role": self.role, "source": self.source,
                "started_at": self.started_at, "expires_at": self.expires_at}


def start_session(
    bind: Bind,
    token: str,
    name: str,
    role: str,
    *,
    source: str = "password",
    now: datetime | None = None,
) -> SessionUser:
    """Log ``name`` in with ``role`` in the browser holding ``token``; return the session.

    An earlier log-in in the same browser is revoked (``replaced``) first, and sessions
    that ended more than :data:`ENDED_SESSIONS_KEPT` ago are deleted. The session expires
    ``app.session_max_age_minutes`` from ``now``.
    """
    now = utc(now) or datetime.now(UTC)
    hashed = token_hash(token)
    expires_at = now + session_max_age()
    store.delete_ended_sessions(bind, now - ENDED_SESSIONS_KEPT)
    store.revoke_sessions(bind, "replaced", now, token_hash=hashed)
    store.insert_session(bind, hashed, name, role, source=source, created_at=now,
                         expires_at=expires_at)
    return SessionUser(name, role, source, now, expires_at)


def session_user(bind: Bind, token: str | None, now: datetime | None = None) -> SessionUser | None:
    """Return who the browser holding ``token`` is logged in as at ``now``, or None.

    None when there is no token, no live session for it (never logged in, expired,
    revoked), or, for a password log-in, when the account is gone or disabled (the session
    is then revoked). A changed role is followed: the account's role of now is returned.
    """
    if not token:
        return None
    now = utc(now) or datetime.now(UTC)
    row = store.live_session(bind, token_hash(token), now)
    if row is None:
        return None
    role = row["role"]
    if row["source"] == "password":
        account = store.get_user(bind, row["user_name"])
        if account is None or account["disabled"]:
            store.revoke_sessions(bind, "user_disabled", now, token_hash=row["token_hash"])
            return None
        role = account["role"]
    return SessionUser(row["user_name"], role, row["source"], utc(row["created_at"]),
                       utc(row["expires_at"]))


def end_session(bind: Bind, token: str | None, now: datetime | None = None) -> int:
    """Log out the browser holding ``token`` (all its tabs); return how many sessions ended."""
    if not token:
        return 0
    now = utc(now) or datetime.now(UTC)
    return store.revoke_sessions(bind, "logout", now, token_hash=token_hash(token))


def end_account_sessions(bind: Bind, name: str, reason: str, now: datetime | None = None) -> int:
    """End every session of account ``name`` for ``reason`` (``password_change``,
    ``user_disabled``); return how many ended.
    """  # noqa: D205
    now = utc(now) or datetime.now(UTC)
    return store.revoke_sessions(bind, reason, now, user_name=name)


def logged_in_since(bind: Bind, token: str, since: datetime) -> bool:
    """Return True when the browser holding ``token`` started a session at or after
    ``since`` (live or ended): a single sign-on identity from before a log-out must not log
    the browser in again.
    """  # noqa: D205
    return store.has_session_since(bind, token_hash(token), utc(since))
