"""Following places and signals, and the inbox in the app: checked, then stored.

A subscription follows every region (no region and no BIN given), some regions (ISO codes)
or some enterprises (BINs), for some kinds of signal or all of them. Names of kinds are
checked against the registry (``utils.alerts.kinds``), regions against the 20 units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from utils import i18n, store
from utils.alerts.digest import level_label, place_label, reason_text, signal_view
from utils.alerts.kinds import Candidate, get_kind, signal_kinds
from utils.screens import view_url

_BIN = re.compile(r"^\d{12}$")


def parse_places(regions: Sequence[str] = (), bins: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Return the ``(scope, place)`` pairs of ``regions`` and ``bins``; none: every region.

    Raises
    ------
    ValueError
        For a region code that is not one of the 20 units, or a BIN that is not 12 digits.
    """
    known = i18n.region_labels("en")
    places: list[tuple[str, str]] = []
    for code in regions:
        code = code.strip().upper()
        if code not in known:
            raise ValueError(f"{code!r} is not a region code such as KZ-75")
        places.append(("region", code))
    for number in bins:
        number = number.strip()
        if not _BIN.match(number):
            raise ValueError(f"{number!r} is not a BIN of 12 digits")
        places.append(("enterprise", number))
    return places or [("all", "")]


def _kinds(kinds: Sequence[str] | None) -> list[str] | None:
    if not kinds:
        return None
    return [get_kind(kind).name for kind in kinds]


def _account(engine: Any, user: str) -> str:
    name = user.strip().lower()
    if store.get_user(engine, name) is None:
        raise LookupError(f"No user named {name!r}")
    return name


def follow(engine: Any, user: str, regions: Sequence[str] = (), bins: Sequence[str] = (),
           kinds: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """Make ``user`` follow the places for ``kinds`` (None: every kind); return the places.

    Raises
    ------
    LookupError
        For an unknown user.
    KeyError, ValueError
        For an unknown kind, region code or malformed BIN.
    """
    name = _account(engine, user)
    places = parse_places(regions, bins)
    store.subscribe(engine, name, places, _kinds(kinds))
    return places


def unfollow(engine: Any, user: str, regions: Sequence[str] = (), bins: Sequence[str] = (),
             kinds: Sequence[str] | None = None) -> int:
    """Stop ``user`` following the places (none: every place) for ``kinds`` (None: all).

    Returns the number of subscriptions changed or removed.
    """
    name = _account(engine, user)
    places = parse_places(regions, bins) if regions or bins else None
    return store.unsubscribe(engine, name, places, _kinds(kinds),
                             every_kind=list(signal_kinds()))


def follows(engine: Any, user: str | None = None) -> list[dict[str, Any]]:
    """Return the subscriptions of ``user`` (else of everyone) with the kinds spelt out."""
    every = list(signal_kinds())
    return [{**row, "kinds": list(row["kinds"] or every)}
            for row in store.subscriptions(engine, user)]


def _candidate(row: dict[str, Any]) -> Candidate:
    return Candidate(row["kind"], row["place"], row.get("place_name"), row.get("region"),
                     row["level"], row["as_of"], row["reason"], False)


def inbox_entries(engine: Any, user: str, lang: str, limit: int = 50) -> list[dict[str, Any]]:
    """Return the signals found for ``user``, newest first, written in ``lang``.

    Each entry: ``id, kind, title, level, reason, found_at, as_of, link`` (the app-relative
    link to the view of the signal) and ``unread`` (found since the user last opened them).
    """
    account = store.get_user(engine, user) or {}
    seen = account.get("alerts_seen_at")
    entries = []
    for row in store.inbox(engine, user, limit=limit):
        signal = _candidate(row)
        view, page = signal_view(signal, lang)
        entries.append({
            "id": row["id"], "kind": signal.kind,
            "title": f"{i18n.t(f'alerts.kind.{signal.kind}', lang)}: {place_label(signal, lang)}",
            "level": level_label(signal.kind, signal.level, lang),
            "reason": reason_text(signal.reason, lang), "found_at": row["found_at"],
            "as_of": signal.as_of, "link": view_url(view, None, page),
            "view": view, "page": page,
            "unread": seen is None or row["found_at"] > seen,
        })
    return entries


def unread_signals(engine: Any, user: str) -> int:
    """Return how many signals were found for ``user`` since they last opened their alerts."""
    return store.unread_count(engine, user)


def mark_inbox_read(engine: Any, user: str) -> None:
    """Record that ``user`` has seen their alerts now (the bell's count starts again)."""
    store.update_user(engine, user, alerts_seen_at=store.schema.utc_now())


