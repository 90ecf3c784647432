"""Rules that do not cry wolf: which signals a user gets, and which they have already had.

A candidate signal (``utils.alerts.sources``) reaches a user when one of their subscriptions
covers it (:func:`covers`) and :func:`decide` lets it through. :func:`decide` compares it with
the latest signal of the same kind and place the user already got (the store's ledger):

``first``
    Nothing was signalled to this user for this kind and place: it fires.
``already``
    The same month's data already gave this signal at this level or higher: it does not
    fire (a second run on the same data sends nothing).
``rose``
    The level is higher than the one signalled last: it fires, inside the cool-down too.
``cooldown``
    The last signal is less than ``cooldown_days`` old (settings ``[alerts]``, 42 days by
    default): it does not fire.
``again``
    After the cool-down, the place reached this level anew (it was below it the month
    before): it fires.
``unchanged``
    After the cool-down, the place simply stayed at a level already signalled: it does not
    fire; a standing situation is not news.

Small numbers never make a signal: the sources take the early warning's verdicts, whose sharp
rise needs a usual level of at least ``min_baseline``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from utils import settings
from utils.alerts.kinds import Candidate, get_kind

#: Decisions that send the signal.
FIRING = frozenset({"first", "rose", "again"})


def cooldown() -> timedelta:
    """Return the cool-down in force (settings ``[alerts] cooldown_days``)."""
    return timedelta(days=float(settings.get("alerts")["cooldown_days"]))


def decide(candidate: Candidate, last: Mapping[str, Any] | None, now: datetime,
           cool_down: timedelta) -> str:
    """Return the decision on ``candidate`` given the ``last`` signal of its kind and place.

    ``last`` is the store's record (``level``, ``severity``, ``as_of``, ``found_at``) or None.
    The decisions are explained in the module's description.
    """
    if last is None:
        return "first"
    rank = candidate.severity
    if last["as_of"] == candidate.as_of and rank <= int(last["severity"]):
        return "already"
    if rank > int(last["severity"]):
        return "rose"
    if now - last["found_at"] < cool_down:
        return "cooldown"
    return "again" if candidate.new else "unchanged"


def covers(subscription: Mapping[str, Any], candidate: Candidate,
           user: str | None = None) -> bool:
    """Return whether ``subscription`` (``scope``, ``place``, ``kinds``) covers ``candidate``.

    A signal meant for one user (``for_user``, a case's owner) is covered only for ``user``
    of that name; an enterprise subscription covers the cases of that enterprise.
    """
    if candidate.for_user is not None and candidate.for_user != user:
        return False
    kinds = subscription.get("kinds")
    if kinds is not None and candidate.kind not in kinds:
        return False
    scope, place = subscription["scope"], subscription["place"]
    if scope == "all":
        return True
    if scope == "region":
        return candidate.region == place
    if get_kind(candidate.kind).place_type == "case":
        return candidate.bin == place
    return get_kind(candidate.kind).place_type == "enterprise" and candidate.place == place


def signals_for_user(candidates: Iterable[Candidate], subscriptions: Sequence[Mapping[str, Any]],
                     ledger: Mapping[tuple[str, str], Mapping[str, Any]], now: datetime,
                     cool_down: timedelta, user: str | None = None) -> list[Candidate]:
    """Return the candidates ``user`` gets now: covered by a subscription and let through."""
    return [c for c in candidates
            if any(covers(s, c, user) for s in subscriptions)
            and decide(c, ledger.get((c.kind, c.place)), now, cool_down) in FIRING]
