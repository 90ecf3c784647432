"""Opening cases, taking their steps and reopening watched ones, through ``utils.store``.

Every change is checked by :mod:`utils.cases.rules` first, written in one transaction with
its audit entry, and made on the version of the case that was read: when someone else changed
the case in between, nothing is written and :class:`~utils.cases.model.CaseChanged` carries
the case as it is now.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from utils import auth, ingest, settings, store
from utils.cases.model import SOURCES, Case, CaseChanged, CaseRefused, OpeningWarning, Step
from utils.cases.rules import check_step, step_changes
from utils.months import months_between

#: The person recorded for the steps the watch rule takes by itself.
WATCH_USER = "watch"


def today() -> date:
    """Return today's date (UTC), the day of a step when none is given."""
    return datetime.now(UTC).date()


def _day(value: Any) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, datetime) else value


def _json(value: Any) -> dict[str, Any] | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return json.loads(value)


def _none(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _cases(rows: pd.DataFrame, steps: pd.DataFrame) -> list[Case]:
    by_case: dict[int, list[Step]] = {}
    for step in steps.itertuples(index=False):
        repaid, workers = _none(step.repaid_kzt), _none(step.workers)
        by_case.setdefault(int(step.case_id), []).append(Step(
            state=step.state, on=_day(step.on), by=_none(step.by), note=_none(step.note),
            reason=_none(step.reason),
            repaid_kzt=None if repaid is None else float(repaid),
            workers=None if workers is None else int(workers),
        ))
    found = []
    for row in rows.itertuples(index=False):
        repaid, workers = _none(row.repaid_kzt), _none(row.workers_repaid)
        found.append(Case(
            id=int(row.id), bin=row.bin, enterprise_name=_none(row.enterprise_name),
            region=_none(row.region), owner=row.owner, state=row.state, source=row.source,
            reason=_json(row.reason) or {}, risk_level=_none(row.risk_level),
            opened_on=_day(row.opened_on), due_on=_day(row.due_on),
            closed_on=_day(row.closed_on), close_reason=_none(row.close_reason),
            watch_until=_day(row.watch_until), reopen_reason=_json(row.reopen_reason),
            repaid_kzt=None if repaid is None else float(repaid),
            workers_repaid=None if workers is None else int(workers),
            version=int(row.version), steps=tuple(by_case.get(int(row.id), ())),
        ))
    return found


def load_cases(
    bind: store.Bind, *, case_ids: Sequence[int] | None = None,
    bins: Sequence[str] | None = None, states: Sequence[str] | None = None,
    region: str | None = None,
) -> list[Case]:
    """Return the stored cases with their steps, oldest first, narrowed as asked."""
    rows = store.case_rows(bind, case_ids=case_ids, bins=bins, states=states, region=region)
    if rows.empty:
        return []
    return _cases(rows, store.case_step_rows(bind, rows["id"].tolist()))


def get_case(bind: store.Bind, case_id: int) -> Case:
    """Return case ``case_id``; refused (``not_found``) when there is none."""
    found = load_cases(bind, case_ids=[case_id])
    if not found:
        raise CaseRefused(f"There is no case {case_id}.", "not_found", case_id=case_id)
    return found[0]


def _check_permission(role: str | None) -> None:
    if role is not None and not auth.has_permission(role, "cases"):
        raise CaseRefused(f"The role {role} may read cases but not change them.",
                          "no_permission", role=role)


def checked_bin(value: str) -> str:
    """Return the BIN written as 12 digits when its check digit is right, else refuse."""
    text = str(value or "").strip()
    if not ingest.is_valid_bin(text):
        raise CaseRefused(
            f"{text!r} is not a valid BIN: 12 digits whose last one is the check digit.",
            "bad_bin", bin=text)
    return text


def open_case(
    bind: store.Bind, bin_: str, owner: str, *, opened_on: date | None = None,
    due_on: date | None = None, note: str | None = None, source: str = "hand",
    warning: OpeningWarning | None = None, user: str | None = None, role: str | None = None,
    external_id: str | None = None,
) -> Case:
    """Open a case on the enterprise ``bin_`` and return it (state ``flagged``).

    The enterprise need not have any data yet. ``warning`` keeps what the watchlist said at
    this moment as the case's reason; without it the ``note`` is the reason. ``role``, when
    given, must be allowed to change cases.

    Raises
    ------
    CaseRefused
        For a BIN whose check digit is wrong (``bad_bin``), no owner, a due date before the
        opening, an unknown source, or an enterprise that already has an open case
        (``already_open``, with its ``case_id``).
    """
    _check_permission(role)
    number = checked_bin(bin_)
    owner = (owner or "").strip()
    if not owner:
        raise CaseRefused("A case needs an owner: an office or a person.", "no_owner")
    if source not in SOURCES:
        raise CaseRefused(f"Invalid source: {source!r}. Source must be in the set: "
                          f"{', '.join(SOURCES)}.", "unknown_source", source=source)
    opened_on = opened_on or today()
    if due_on is not None and due_on < opened_on:
        raise CaseRefused(f"The due date {due_on.isoformat()} is before the opening "
                          f"({opened_on.isoformat()}).", "due_before", due=due_on)
    facts = store.enterprise_facts(bind, number) or {}
    if warning is not None:
        reason: dict[str, Any] = {"messages": list(warning.messages), "text": warning.text}
        if note:
            reason["note"] = note
    else:
        reason = {"text": note or ""}
    fields = {
        "bin": number, "owner": owner, "state": "flagged", "source": source,
        "enterprise_name": (warning.name if warning else None) or facts.get("name"),
        "region": (warning.region if warning else None) or facts.get("region"),
        "risk_level": warning.risk_level if warning else None,
        "reason": json.dumps(reason, ensure_ascii=False, default=str),
        "opened_on": opened_on, "due_on": due_on, "external_id": external_id,
    }
    first = {"state": "flagged", "on": opened_on, "by": user, "note": note}
    try:
        case_id = store.insert_case(bind, fields, first, user=user)
    except store.OpenCaseExists as exc:
        raise _already_open(exc) from None
    except ValueError as exc:
        raise CaseRefused(str(exc), "duplicate_id", external_id=external_id) from exc
    return get_case(bind, case_id)


def _already_open(exc: store.OpenCaseExists) -> CaseRefused:
    return CaseRefused(f"The enterprise {exc.bin} already has an open case ({exc.case_id}).",
                       "already_open", case_id=exc.case_id)


def _write(bind: store.Bind, case: Case, step: Step, changes: Mapping[str, Any], *,
           user: str | None, action: str) -> Case:
    columns = dict(changes)
    reopens = not case.is_open and columns.get("state", case.state) != "closed"
    if "reopen_reason" in columns and columns["reopen_reason"] is not None:
        columns["reopen_reason"] = json.dumps(columns["reopen_reason"], ensure_ascii=False)
    try:
        store.update_case(bind, case.id, case.version, columns, asdict(step), user=user,
                          action=action, reopening=case.bin if reopens else None)
    except store.StaleCase:
        raise CaseChanged(get_case(bind, case.id)) from None
    except store.OpenCaseExists as exc:
        raise _already_open(exc) from None
    return get_case(bind, case.id)


def step_case(
    bind: store.Bind, case_id: int, state: str, *, on: date | None = None,
    by: str | None = None, note: str | None = None, reason: str | None = None,
    repaid_kzt: float | None = None, workers: int | None = None,
    version: int | None = None, role: str | None = None,
) -> Case:
    """Take one step of case ``case_id`` and return the case after it.

    ``version`` is the version of the case the person saw; when the case has changed since,
    the step is refused with :class:`CaseChanged` (the case as it is now) and nothing is
    written. Without ``version`` the step applies to the case as read just before writing,
    still refused if someone else writes in between.

    Raises
    ------
    CaseRefused
        When the step breaks a rule of :func:`utils.cases.rules.check_step`, the role may
        not change cases, or there is no such case.
    CaseChanged
        When the case changed since ``version``.
    """
    _check_permission(role)
    case = get_case(bind, case_id)
    if version is not None and version != case.version:
        raise CaseChanged(case)
    step = Step(state=state, on=on or today(), by=by, note=(note or "").strip() or None,
                reason=reason, repaid_kzt=repaid_kzt, workers=workers)
    check_step(case, step)
    watch = int(settings.get("cases")["watch_months"])
    action = "case_reopen" if state == "flagged" else "case_step"
    return _write(bind, case, step, step_changes(case, step, watch), user=by, action=action)


def reopen_watched(
    bind: store.Bind, month: str, risk: Mapping[str, str],
    scores: Mapping[str, float] | None = None, *, on: date | None = None,
) -> list[Case]:
    """Reopen every watched case whose enterprise is at "high" risk in ``month``.

    A case is watched from the month after it closed until its ``watch_until``; ``risk`` maps
    BINs to their risk level in ``month`` (``scores`` to their score, kept in the reason).
    Returns the cases reopened; each says why in ``reopen_reason``. The reopening step is
    dated ``on`` (today when None).
    """
    reopened = []
    for case in load_cases(bind, states=["closed"]):
        if case.watch_until is None or case.closed_on is None:
            continue
        if months_between(case.closed_on.strftime("%Y-%m"), month) < 1:
            continue
        if month > case.watch_until.strftime("%Y-%m") or risk.get(case.bin) != "high":
            continue
        score = None if scores is None else scores.get(case.bin)
        note = (f"Risk back to high in {month} within the watch after closing on "
                f"{case.closed_on.isoformat()}.")
        step = Step(state="flagged", on=max(on or today(), case.last_day), by=WATCH_USER,
                    note=note)
        changes = {"state": "flagged", "closed_on": None, "close_reason": None,
                   "watch_until": None,
                   "reopen_reason": {"rule": "risk_high", "month": month, "score": score,
                                     "closed_on": case.closed_on.isoformat()}}
        try:
            reopened.append(_write(bind, case, step, changes, user=WATCH_USER,
                                   action="case_reopen"))
        except CaseRefused:  # changed meanwhile, or a newer case on the enterprise is open
            continue
    return reopened
