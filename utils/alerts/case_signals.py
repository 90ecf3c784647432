"""The case signals: a case assigned to the user, and a case of the user that is overdue.

Both read the open cases of the run (:class:`~utils.alerts.sources.SignalInputs`) and are
meant for one user, the case's owner (``Candidate.for_user``: the owner's name as a user
name); the place is the case (its id), covered by a subscription to all places, to the
case's region or to its enterprise.

``case_assigned``
    An open case whose owner is the user. Its one level is ``assigned``; it fires once per
    case (a standing assignment is not news again after the cool-down), and again after the
    cool-down when the case was reopened (by the watch or by hand) less than a month ago.
``case_overdue``
    An open case of the user past its due date or waiting for a stage past its target
    (settings ``[cases]``: assigned, hearing or inspection, repaid). ``overdue`` rises to
    ``long_overdue`` once a stage waits more than twice its target or the due date is
    further behind than the repayment target: a rise fires inside the cool-down too. It is
    new when the case became overdue less than a month ago, so after the cool-down it fires
    again only for a fresh delay.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from utils import cases
from utils.alerts.kinds import Candidate, SignalKind, register_kind
from utils.alerts.sources import SignalInputs

ASSIGNED_LEVELS = ("assigned",)
OVERDUE_LEVELS = ("overdue", "long_overdue")
#: A delay is new when it began less than this long ago (a month, as the other sources).
NEW_DELAY = timedelta(days=31)


def owner_user(case: cases.Case) -> str:
    """Return the user name a case's owner is, as user names are written (lower case)."""
    return case.owner.strip().lower()


def _state(case: cases.Case) -> dict[str, Any]:
    return {"key": f"cases.state.{case.state}", "params": {}}


def _today(inputs: SignalInputs) -> date:
    return inputs.today or cases.today()


def case_assigned(inputs: SignalInputs) -> list[Candidate]:
    """Return the open cases, each for its owner."""
    today = _today(inputs)
    return [Candidate("case_assigned", str(case.id), case.enterprise_name, case.region,
                      "assigned", inputs.as_of,
                      [{"key": "alerts.case.reason.assigned",
                        "params": {"state": _state(case), "day": case.opened_on.isoformat(),
                                   "days": (today - case.opened_on).days}}],
                      _reopened_lately(case, today), bin=case.bin,
                      for_user=owner_user(case))
            for case in inputs.cases if case.is_open]


def _reopened_lately(case: cases.Case, today: date) -> bool:
    """Return True when the case was reopened less than a month before ``today``."""
    return (case.reopen_reason is not None and case.state == "flagged"
            and today - case.last_day < NEW_DELAY)


def _delays(case: cases.Case, today: date,
            targets: cases.Targets) -> tuple[list[dict[str, Any]], bool, date | None]:
    """Return the messages of a case's delays, whether one is long, and when the first began."""
    messages, long, began = [], False, []
    if case.is_overdue(today):
        late = (today - case.due_on).days
        messages.append({"key": "alerts.case.reason.due",
                         "params": {"day": case.due_on.isoformat(), "days": late}})
        long = late > targets.repaid_days
        began.append(case.due_on + timedelta(days=1))
    for stage, (days, target) in cases.overdue_stages(case, today, targets).items():
        messages.append({"key": f"alerts.case.reason.late_{stage}",
                         "params": {"days": days, "target": target}})
        long = long or days > 2 * target
        began.append(_target_passed(case, stage, target))
    return messages, long, min(began) if began else None


def _target_passed(case: cases.Case, stage: str, target: int) -> date:
    """Return the first day ``stage`` was late (its target passed) for a case not there."""
    if stage == "assigned":
        day, counted = case.opened_on, 0
        while counted <= target:
            day += timedelta(days=1)
            counted = cases.working_days(case.opened_on, day)
        return day
    return case.opened_on + timedelta(days=target + 1)


def case_overdue(inputs: SignalInputs) -> list[Candidate]:
    """Return the open cases past their due date or a stage's target, each for its owner."""
    today, targets = _today(inputs), cases.Targets.from_settings()
    found = []
    for case in inputs.cases:
        messages, long, began = _delays(case, today, targets)
        if not messages:
            continue
        level = "long_overdue" if long else "overdue"
        new = began is not None and today - began < NEW_DELAY
        found.append(Candidate("case_overdue", str(case.id), case.enterprise_name,
                               case.region, level, inputs.as_of, messages, new,
                               bin=case.bin, for_user=owner_user(case)))
    return found


register_kind(SignalKind("case_assigned", "case", ASSIGNED_LEVELS, case_assigned))
register_kind(SignalKind("case_overdue", "case", OVERDUE_LEVELS, case_overdue))
