"""What a case is: its states, stages, early-close reasons, steps and the refusals.

A case follows one enterprise from a warning to its result::

    flagged → assigned → hearing | inspection → measure → repaid → closed

``hearing`` and ``inspection`` are one stage (an officer holds one or the other). After
``closed`` the case is *watched* for some months: a "high" risk of the enterprise in that
time reopens it. Nothing here reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Every state, in the order of the stages.
STATES: tuple[str, ...] = (
    "flagged", "assigned", "hearing", "inspection", "measure", "repaid", "closed",
)
#: State -> its stage number; hearing and inspection share one.
STAGE_NUMBER: dict[str, int] = {
    "flagged": 0, "assigned": 1, "hearing": 2, "inspection": 2, "measure": 3, "repaid": 4,
    "closed": 5,
}
#: The stages timeliness counts, each named by its first state (``hearing`` = either).
STAGES: tuple[str, ...] = ("assigned", "hearing", "measure", "repaid", "closed")
#: Reasons a case may close before the arrears are repaid.
CLOSE_REASONS: tuple[str, ...] = ("no_violation", "bankrupt", "court", "duplicate")
#: Where a case was opened from.
SOURCES: tuple[str, ...] = ("watchlist", "enterprise", "region", "hand", "import")
#: States of a case still being worked on.
OPEN_STATES: tuple[str, ...] = tuple(s for s in STATES if s != "closed")


def stage_of(state: str) -> str | None:
    """Return the timeliness stage a state reaches (``inspection`` → ``hearing``)."""
    if state == "inspection":
        return "hearing"
    return state if state in STAGES else None


class CaseRefused(ValueError):
    """A change of a case was refused: ``key`` names the rule, ``params`` its details.

    The message is one English sentence; screens say ``cases.refused.<key>`` in the reader's
    language with ``params``.
    """

    def __init__(self, text: str, key: str, **params: Any) -> None:
        super().__init__(text)
        self.key = key
        self.params = params


class CaseChanged(CaseRefused):
    """Someone changed the case first; ``case`` is its state now, nothing was written."""

    def __init__(self, case: Case) -> None:
        super().__init__(
            f"Case {case.id} was changed meanwhile: it is now {case.state} (version "
            f"{case.version}); nothing was saved, look at it again and repeat the step.",
            "changed", state=case.state, version=case.version,
        )
        self.case = case


@dataclass(frozen=True)
class OpeningWarning:
    """What the early warning said of an enterprise when its case was opened.

    ``messages`` are the watchlist's reasons (message keys and parameters, said again in any
    language), ``text`` the same in English.
    """

    name: str | None
    region: str | None
    risk_level: str | None
    messages: tuple[dict[str, Any], ...]
    text: str


@dataclass(frozen=True)
class Step:
    """One step of a case: the state reached, the day, who, a note, the sums of ``repaid``."""

    state: str
    on: date
    by: str | None = None
    note: str | None = None
    reason: str | None = None
    repaid_kzt: float | None = None
    workers: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the step as plain JSON values (the day as ``YYYY-MM-DD``)."""
        return {"state": self.state, "on": self.on.isoformat(), "by": self.by,
                "note": self.note, "reason": self.reason, "repaid_kzt": self.repaid_kzt,
                "workers": self.workers}


@dataclass(frozen=True)
class Case:
    """A case as stored, with its steps in order.

    ``reason`` is what made it open: the watchlist's reasons at that moment
    (``{"messages": [...], "text": ...}``) or the words of the person who opened it
    (``{"text": ...}``). ``reopen_reason`` says why it reopened (``{"month", "score"}``).
    """

    id: int
    bin: str
    enterprise_name: str | None
    region: str | None
    owner: str
    state: str
    source: str
    reason: dict[str, Any]
    risk_level: str | None
    opened_on: date
    due_on: date | None
    closed_on: date | None
    close_reason: str | None
    watch_until: date | None
    reopen_reason: dict[str, Any] | None
    repaid_kzt: float | None
    workers_repaid: int | None
    version: int
    steps: tuple[Step, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        """Return True while the case is being worked on (not closed)."""
        return self.state != "closed"

    @property
    def stage(self) -> int:
        """Return the number of the case's stage (0 flagged … 5 closed)."""
        return STAGE_NUMBER[self.state]

    @property
    def last_day(self) -> date:
        """Return the day of the latest step (the opening day before any)."""
        return self.steps[-1].on if self.steps else self.opened_on

    def reached(self) -> dict[str, date]:
        """Return the first day each timeliness stage was reached, in stage order."""
        days: dict[str, date] = {}
        for step in self.steps:
            stage = stage_of(step.state)
            if stage is not None and stage not in days:
                days[stage] = step.on
        return {stage: days[stage] for stage in STAGES if stage in days}

    def is_watched(self, today: date) -> bool:
        """Return True when the case is closed and still under watch on ``today``."""
        return (not self.is_open and self.watch_until is not None
                and today <= self.watch_until)

    def is_overdue(self, today: date) -> bool:
        """Return True when the case is open and its due date has passed."""
        return self.is_open and self.due_on is not None and today > self.due_on

    def reason_text(self) -> str:
        """Return the reason of the opening in the words it was recorded with."""
        return str(self.reason.get("text") or "")

    def to_json(self, today: date | None = None) -> dict[str, Any]:
        """Return the case as plain JSON values (dates ``YYYY-MM-DD``), its steps included."""
        def day(value: date | None) -> str | None:
            return None if value is None else value.isoformat()

        payload = {
            "case_id": self.id, "bin": self.bin, "name": self.enterprise_name,
            "region": self.region, "owner": self.owner, "state": self.state,
            "source": self.source, "reason": self.reason_text(),
            "risk_level": self.risk_level, "opened_on": day(self.opened_on),
            "due_on": day(self.due_on), "closed_on": day(self.closed_on),
            "close_reason": self.close_reason, "watch_until": day(self.watch_until),
            "reopen_reason": self.reopen_reason, "repaid_kzt": self.repaid_kzt,
            "workers_repaid": self.workers_repaid, "version": self.version,
            "steps": [step.to_json() for step in self.steps],
        }
        if today is not None:
            payload["overdue"] = self.is_overdue(today)
            payload["watched"] = self.is_watched(today)
        return payload
