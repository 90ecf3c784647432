"""Log-in sessions, as stored. Import via ``utils.store``.

A row is one log-in: who (``user_name``, the ``role`` it was granted), how (``source``:
``password`` or ``sso``), when it started and when it expires, and, once ended early, when
and why it was revoked. It is found by ``token_hash``, the SHA-256 of the browser's session
cookie; the cookie's value itself is never stored, so the table cannot be used to forge
one. The rules (lifetimes, signing, which events revoke) live in ``utils.auth``.

The writes here do not take the store's write lock: a session row touches no loaded data,
so on PostgreSQL a log-in or log-out never waits for a running load.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from utils.store import schema
from utils.store.engine import Bind, reading

#: Why a session ended early, as stored in ``revoked_reason``.
REVOKE_REASONS = ("logout", "password_change", "user_disabled", "replaced", "role_change")


@contextmanager
def _transaction(bind: Bind) -> Iterator[sa.Connection]:
    with reading(bind) as connection:
        if connection.in_transaction():
            yield connection
        else:
            with connection.begin():
                yield connection


def insert_session(
    bind: Bind,
    token_hash: str,
    user_name: str,
    role: str,
    *,
    source: str,
    created_at: datetime,
    expires_at: datetime,
) -> int:
    """Store a new session and return its id."""
    with _transaction(bind) as connection:
        return int(
            connection.execute(
                schema.sessions.insert()
                .values(
                    token_hash=token_hash,
                    user_name=user_name,
                    role=role,
                    source=source,
                    created_at=created_at,
                    expires_at=expires_at,
                )
                .returning(schema.sessions.c.id)
            ).scalar_one()
        )


def live_session(bind: Bind, token_hash: str, now: datetime) -> dict[str, Any] | None:
    """Return the session found by ``token_hash`` that is neither revoked nor expired at
    ``now`` (the newest one, should there be several), or None.
    """  # noqa: D205
    table = schema.sessions
    query = (
        sa.select(table)
        .where(
            table.c.token_hash == token_hash,
            table.c.revoked_at.is_(None),
            table.c.expires_at > now,
        )
        .order_by(table.c.id.desc())
        .limit(1)
    )
    with reading(bind) as connection:
        row = connection.execute(query).first()
    return None if row is None else dict(row._mapping)


def has_session_since(bind: Bind, token_hash: str, since: datetime) -> bool:
    """Return True when a session found by ``token_hash`` started at or after ``since``,
    live or ended.
    """  # noqa: D205
    table = schema.sessions
    query = sa.select(table.c.id).where(
        table.c.token_hash == token_hash, table.c.created_at >= since
    ).limit(1)
    with reading(bind) as connection:
        return connection.execute(query).first() is not None


def revoke_sessions(
    bind: Bind,
    reason: str,
    now: datetime,
    *,
    token_hash: str | None = None,
    user_name: str | None = None,
) -> int:
    """End the live sessions of one cookie (``token_hash``) or of one account
    (``user_name``) at ``now`` for ``reason``; return how many ended.

    Raises
    ------
    ValueError
        For an unknown reason (the message lists the valid ones), or when neither a cookie
        nor an account is named.
    """  # noqa: D205
    if reason not in REVOKE_REASONS:
        raise ValueError(
            f"Invalid revocation reason: {reason!r}. Reason must be in the set: "
            + ", ".join(REVOKE_REASONS)
        )
    if token_hash is None and user_name is None:
        raise ValueError("Name the cookie (token_hash) or the account (user_name) to revoke")
    table = schema.sessions
    query = table.update().where(table.c.revoked_at.is_(None))
    if token_hash is not None:
        query = query.where(table.c.token_hash == token_hash)
    if user_name is not None:
        query = query.where(table.c.user_name == user_name)
    with _transaction(bind) as connection:
        return int(
            connection.execute(query.values(revoked_at=now, revoked_reason=reason)).rowcount
        )


def delete_ended_sessions(bind: Bind, before: datetime) -> int:
    """Delete the sessions that expired or were revoked before ``before``; return how many."""
    table = schema.sessions
    query = table.delete().where(
        sa.or_(table.c.expires_at < before, table.c.revoked_at < before)
    )
    with _transaction(bind) as connection:
        return int(connection.execute(query).rowcount)
