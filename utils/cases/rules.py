"""Which step may follow which, and what a step changes in its case.

Steps go forward one stage at a time. Skipping a stage needs a note saying why; closing
before the arrears are repaid needs one of :data:`~utils.cases.model.CLOSE_REASONS`; a
``repaid`` step records the sums paid. There is no going back, except by reopening a closed
case (a step to ``flagged`` with a note, or the watch rule). Pure functions: the workflow
checks a step here before it writes anything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from utils.cases.model import (
    CLOSE_REASONS,
    STAGE_NUMBER,
    STATES,
    Case,
    CaseRefused,
    Step,
)
from utils.months import shift_month


def check_step(case: Case, step: Step) -> None:
    """Raise :class:`CaseRefused` unless ``step`` may follow the case's last step."""
    if step.state not in STATES:
        raise CaseRefused(
            f"Invalid state: {step.state!r}. State must be in the set: {', '.join(STATES)}.",
            "unknown_state", state=step.state, states=", ".join(STATES))
    if step.on < case.last_day:
        raise CaseRefused(
            f"The step's date {step.on.isoformat()} is before the case's last step "
            f"({case.last_day.isoformat()}).", "date_before", last=case.last_day)
    if step.reason is not None and step.reason not in CLOSE_REASONS:
        raise CaseRefused(
            f"Invalid reason: {step.reason!r}. Reason must be in the set: "
            f"{', '.join(CLOSE_REASONS)}.", "unknown_reason", reason=step.reason,
            reasons=", ".join(CLOSE_REASONS))
    if step.state == "repaid":
        if step.repaid_kzt is None or step.workers is None:
            raise CaseRefused("A repaid step records the sum repaid (KZT) and the workers paid.",
                              "repaid_needs_sums")
        if step.repaid_kzt < 0 or step.workers < 0:
            raise CaseRefused("The sum repaid and the workers paid cannot be negative.",
                              "negative_sums")
    elif step.repaid_kzt is not None or step.workers is not None:
        raise CaseRefused("Only a repaid step records sums repaid and workers paid.",
                          "sums_only_on_repaid")
    if not case.is_open:
        _check_reopening(case, step)
        return
    target, current = STAGE_NUMBER[step.state], case.stage
    if step.state == "closed":
        if current < STAGE_NUMBER["repaid"] and step.reason is None:
            raise CaseRefused(
                "A case closes before the arrears are repaid only with a reason: "
                f"{', '.join(CLOSE_REASONS)}.", "close_needs_reason",
                reasons=", ".join(CLOSE_REASONS))
        return
    if target <= current:
        raise CaseRefused(
            f"The case is at {case.state}; a step cannot go back to or repeat {step.state} "
            "(only a closed case reopens).", "backwards", state=case.state, target=step.state)
    if target > current + 1 and not (step.note or "").strip():
        raise CaseRefused(
            f"From {case.state} the next stage comes first; skipping to {step.state} needs a "
            "note saying why.", "skip_needs_note", state=case.state, target=step.state)


def _check_reopening(case: Case, step: Step) -> None:
    if step.state != "flagged":
        raise CaseRefused(
            f"Case {case.id} is closed; it only reopens (a step to flagged with a note).",
            "closed", state=step.state)
    if not (step.note or "").strip():
        raise CaseRefused("Reopening a case needs a note saying why.", "reopen_needs_note")


def watch_end(closed_on: date, months: int) -> date:
    """Return the last day of the watch that starts when a case closes on ``closed_on``."""
    month = shift_month(closed_on.strftime("%Y-%m"), months)
    year, number = (int(part) for part in month.split("-"))
    for day in (closed_on.day, 30, 29, 28):
        try:
            return date(year, number, day)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def step_changes(case: Case, step: Step, watch_months: int) -> dict[str, Any]:
    """Return the columns of the case that ``step`` changes (its state first)."""
    changes: dict[str, Any] = {"state": step.state}
    if step.state == "repaid":
        changes.update(repaid_kzt=float(step.repaid_kzt or 0.0),
                       workers_repaid=int(step.workers or 0))
    if step.state == "closed":
        changes.update(closed_on=step.on, close_reason=step.reason,
                       watch_until=None if step.reason == "duplicate"
                       else watch_end(step.on, watch_months))
    if step.state == "flagged":
        changes.update(closed_on=None, close_reason=None, watch_until=None,
                       reopen_reason={"note": step.note, "on": step.on.isoformat()})
    return changes
