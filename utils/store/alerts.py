"""Alerts as stored: subscriptions, the signals found for each user, and the outbox.

Import via ``utils.store``. What a signal is and when one fires live in ``utils.alerts``; this
module only keeps rows. A digest's signals and its message are written in one transaction
(:func:`record_digest`), so a run killed at any point either left nothing (the next run finds
the same signals again) or left a message in the outbox that the next run sends; a message is
marked sent only after the mail server accepted it (:func:`mark_message_sent`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from utils.store import schema
from utils.store.engine import Bind, reading, writing

#: Every signal kind of a subscription.
ALL_KINDS = "*"


def _kinds_text(kinds: Iterable[str] | None) -> str:
    chosen = sorted(set(kinds or ()))
    return ALL_KINDS if not chosen or ALL_KINDS in chosen else ",".join(chosen)


def _kinds_of(text: str) -> tuple[str, ...] | None:
    """Return the kinds a subscription follows, None for every kind."""
    return None if text == ALL_KINDS else tuple(k for k in text.split(",") if k)


def subscribe(bind: Bind, user: str, places: Sequence[tuple[str, str]],
              kinds: Iterable[str] | None = None) -> int:
    """Follow ``places`` (``(scope, place)`` pairs) for ``kinds`` (None: every kind).

    A place already followed gets the new kinds added to the ones it had. Returns the number
    of places followed.
    """
    wanted = _kinds_text(kinds)
    table = schema.alert_subscriptions
    with writing(bind) as connection:
        for scope, place in places:
            row = connection.execute(
                sa.select(table.c.id, table.c.kinds).where(
                    table.c.user_name == user, table.c.scope == scope, table.c.place == place)
            ).first()
            if row is None:
                connection.execute(table.insert().values(
                    user_name=user, scope=scope, place=place, kinds=wanted,
                    created_at=schema.utc_now()))
                continue
            old, new = _kinds_of(row.kinds), _kinds_of(wanted)
            merged = ALL_KINDS if old is None or new is None else _kinds_text({*old, *new})
            connection.execute(table.update().where(table.c.id == row.id).values(kinds=merged))
    return len(places)


def unsubscribe(bind: Bind, user: str, places: Sequence[tuple[str, str]] | None = None,
                kinds: Iterable[str] | None = None, *,
                every_kind: Sequence[str] = ()) -> int:
    """Stop following ``places`` (None: every place of ``user``) for ``kinds`` (None: all).

    ``every_kind`` lists the kinds that ``"*"`` stands for, so that one kind can be dropped
    from a subscription that follows all of them. Returns the number of subscriptions changed
    or removed.
    """
    table = schema.alert_subscriptions
    dropped = set(kinds or ())
    query = sa.select(table.c.id, table.c.scope, table.c.place, table.c.kinds).where(
        table.c.user_name == user)
    changed = 0
    with writing(bind) as connection:
        for row in connection.execute(query).all():
            if places is not None and (row.scope, row.place) not in set(places):
                continue
            followed = _kinds_of(row.kinds)
            remaining = set(every_kind if followed is None else followed) - dropped
            if not dropped or not remaining:
                connection.execute(table.delete().where(table.c.id == row.id))
            else:
                connection.execute(table.update().where(table.c.id == row.id)
                                   .values(kinds=_kinds_text(remaining)))
            changed += 1
    return changed


def subscriptions(bind: Bind, user: str | None = None) -> list[dict[str, Any]]:
    """Return the subscriptions (of ``user``, else of everyone), by user, scope and place.

    Each is ``{"user", "scope", "place", "kinds"}``; ``kinds`` is None for every kind.
    """
    table = schema.alert_subscriptions
    query = sa.select(table).order_by(table.c.user_name, table.c.scope, table.c.place)
    if user is not None:
        query = query.where(table.c.user_name == user)
    with reading(bind) as connection:
        rows = connection.execute(query).all()
    return [{"user": row.user_name, "scope": row.scope, "place": row.place,
             "kinds": _kinds_of(row.kinds)} for row in rows]


def _signal_dict(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    data["reason"] = json.loads(data["reason"] or "[]")
    return data


def last_signals(bind: Bind, user: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the latest signal found for ``user`` of each ``(kind, place)``.

    The latest is the one found last (ties: the most severe); the rules compare a new
    signal with it.
    """
    table = schema.alert_signals
    query = (sa.select(table).where(table.c.user_name == user)
             .order_by(table.c.found_at, table.c.severity, table.c.id))
    with reading(bind) as connection:
        rows = connection.execute(query).all()
    return {(row.kind, row.place): _signal_dict(row) for row in rows}


def record_digest(bind: Bind, user: str, signals: Sequence[dict[str, Any]],
                  message: dict[str, Any] | None) -> int | None:
    """Store the signals found for ``user`` and, when given, their message; one transaction.

    ``signals`` are dicts with ``kind, place, place_name, region, level, severity, as_of,
    reason`` (a list of messages). ``message`` holds ``address, subject, body, as_of``; it
    enters the outbox unsent. Returns the message's id, None without a message.
    """
    now = schema.utc_now()
    with writing(bind) as connection:
        message_id = None
        if message is not None:
            message_id = int(connection.execute(
                schema.alert_messages.insert().values(
                    user_name=user, address=message["address"], subject=message["subject"],
                    body=message["body"], as_of=message["as_of"], signals=len(signals),
                    created_at=now, attempts=0)
                .returning(schema.alert_messages.c.id)).scalar_one())
        for signal in signals:
            connection.execute(schema.alert_signals.insert().values(
                user_name=user, kind=signal["kind"], place=signal["place"],
                place_name=signal.get("place_name"), region=signal.get("region"),
                level=signal["level"], severity=int(signal["severity"]),
                as_of=signal["as_of"],
                reason=json.dumps(signal.get("reason") or [], ensure_ascii=False, default=str),
                found_at=now, message_id=message_id))
    return message_id


def unsent_messages(bind: Bind) -> list[dict[str, Any]]:
    """Return the messages of the outbox not yet sent, oldest first."""
    table = schema.alert_messages
    with reading(bind) as connection:
        rows = connection.execute(
            sa.select(table).where(table.c.sent_at.is_(None)).order_by(table.c.id)).all()
    return [dict(row._mapping) for row in rows]


def message_signals(bind: Bind, message_id: int) -> list[dict[str, Any]]:
    """Return the signals a message carries."""
    table = schema.alert_signals
    with reading(bind) as connection:
        rows = connection.execute(sa.select(table).where(table.c.message_id == message_id)
                                  .order_by(table.c.id)).all()
    return [_signal_dict(row) for row in rows]


def mark_message_sent(bind: Bind, message_id: int, at: datetime | None = None) -> None:
    """Record that the mail server accepted message ``message_id``."""
    table = schema.alert_messages
    with writing(bind) as connection:
        connection.execute(table.update().where(table.c.id == message_id).values(
            sent_at=at or schema.utc_now(), attempts=table.c.attempts + 1, last_error=None))


def mark_message_failed(bind: Bind, message_id: int, error: str) -> None:
    """Record a refused or failed attempt to send message ``message_id``; it stays unsent."""
    table = schema.alert_messages
    with writing(bind) as connection:
        connection.execute(table.update().where(table.c.id == message_id).values(
            attempts=table.c.attempts + 1, last_error=error[:2000]))


def messages(bind: Bind, user: str | None = None) -> list[dict[str, Any]]:
    """Return the outbox (sent and unsent) without the bodies, newest first."""
    table = schema.alert_messages
    columns = [c for c in table.c if c.name != "body"]
    query = sa.select(*columns).order_by(table.c.id.desc())
    if user is not None:
        query = query.where(table.c.user_name == user)
    with reading(bind) as connection:
        return [dict(row._mapping) for row in connection.execute(query).all()]


def inbox(bind: Bind, user: str, *, since: datetime | None = None,
          limit: int = 100) -> list[dict[str, Any]]:
    """Return the signals found for ``user`` (after ``since``), newest first."""
    table = schema.alert_signals
    query = (sa.select(table).where(table.c.user_name == user)
             .order_by(table.c.found_at.desc(), table.c.id.desc()).limit(int(limit)))
    if since is not None:
        query = query.where(table.c.found_at > since)
    with reading(bind) as connection:
        return [_signal_dict(row) for row in connection.execute(query).all()]


def unread_count(bind: Bind, user: str) -> int:
    """Return how many signals were found for ``user`` since they last opened their alerts."""
    signals, users = schema.alert_signals, schema.users
    seen = sa.select(users.c.alerts_seen_at).where(users.c.name == user).scalar_subquery()
    query = sa.select(sa.func.count()).select_from(signals).where(
        signals.c.user_name == user,
        sa.or_(seen.is_(None), signals.c.found_at > seen))
    with reading(bind) as connection:
        return int(connection.execute(query).scalar_one())
