"""Accounts and the audit trail, as stored. Import via ``utils.store``.

Password hashing, roles and lock-out rules live in ``utils.auth``; this module only keeps rows.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from utils.store import schema
from utils.store.engine import Bind, reading, writing

#: Fields of a user that :func:`update_user` may change.
USER_FIELDS = ("password_hash", "role", "disabled", "failed_attempts", "locked_until", "email",
               "lang", "alerts_seen_at")

USER_COLUMNS = [
    "id",
    "name",
    "role",
    "disabled",
    "failed_attempts",
    "locked_until",
    "created_at",
    "email",
    "lang",
]


def insert_user(
    bind: Bind, name: str, password_hash: str, role: str, *, disabled: bool = False,
    email: str | None = None, lang: str | None = None,
) -> int:
    """Store a new account and return its id.

    Raises
    ------
    ValueError
        When an account with this name already exists.
    """
    try:
        with writing(bind) as connection:
            return int(
                connection.execute(
                    schema.users.insert()
                    .values(
                        name=name,
                        password_hash=password_hash,
                        role=role,
                        disabled=disabled,
                        failed_attempts=0,
                        created_at=schema.utc_now(),
                        email=email,
                        lang=lang,
                    )
                    .returning(schema.users.c.id)
                ).scalar_one()
            )
    except sa.exc.IntegrityError as exc:
        raise ValueError(f"A user named {name!r} already exists") from exc


def get_user(bind: Bind, name: str) -> dict[str, Any] | None:
    """Return the account ``name`` as a dict (with ``password_hash``), or None."""
    with reading(bind) as connection:
        row = connection.execute(sa.select(schema.users).where(schema.users.c.name == name)).first()
    return None if row is None else dict(row._mapping)


def update_user(bind: Bind, name: str, /, **fields: Any) -> None:
    """Change ``fields`` (any of :data:`USER_FIELDS`) of account ``name``.

    Raises
    ------
    ValueError
        For a field that cannot be changed (the message lists the valid ones).
    KeyError
        When no account has this name.
    """
    unknown = sorted(set(fields) - set(USER_FIELDS))
    if unknown:
        raise ValueError(
            f"Invalid user field: {unknown[0]!r}. Field must be in the set: "
            + ", ".join(USER_FIELDS)
        )
    if not fields:
        return
    with writing(bind) as connection:
        result = connection.execute(
            schema.users.update().where(schema.users.c.name == name).values(**fields)
        )
        if not result.rowcount:
            raise KeyError(f"No user named {name!r}")


def list_users(bind: Bind) -> pd.DataFrame:
    """Return every account without its password hash, ordered by name."""
    columns = [schema.users.c[name] for name in USER_COLUMNS]
    with reading(bind) as connection:
        rows = connection.execute(sa.select(*columns).order_by(schema.users.c.name)).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=USER_COLUMNS)


def append_audit(
    bind: Bind, user: str | None, action: str, detail: dict[str, Any] | None = None
) -> int:
    """Append one entry to the audit log and return its id (``detail`` stored as JSON)."""
    with writing(bind) as connection:
        return int(
            connection.execute(
                schema.audit_log.insert()
                .values(
                    at=schema.utc_now(),
                    user_name=user,
                    action=action,
                    detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
                )
                .returning(schema.audit_log.c.id)
            ).scalar_one()
        )


def audit_entries(
    bind: Bind,
    *,
    limit: int = 500,
    user: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
) -> pd.DataFrame:
    """Return audit entries, newest first: ``id, at, user_name, action, detail`` (decoded)."""
    table = schema.audit_log
    query = sa.select(table).order_by(table.c.id.desc()).limit(int(limit))
    if user is not None:
        query = query.where(table.c.user_name == user)
    if action is not None:
        query = query.where(table.c.action == action)
    if since is not None:
        query = query.where(table.c.at >= since)
    with reading(bind) as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(
        [tuple(row) for row in rows], columns=["id", "at", "user_name", "action", "detail"]
    )
    frame["detail"] = [json.loads(value or "{}") for value in frame["detail"]]
    return frame
