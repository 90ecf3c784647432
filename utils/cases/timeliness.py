"""Timeliness: how many days each case took to reach each stage, against the targets.

Days are counted from the day the case was opened to the first day it reached a stage
(``hearing`` stands for a hearing or an inspection). The targets come from the settings
section ``[cases]``: assigned within ``assigned_working_days`` working days (Monday to
Friday), hearing or inspection within ``hearing_days`` and repaid within ``repaid_days``
calendar days. A stage is on time when it was reached within its target; a stage not reached
whose target has passed counts as late; a case closed before reaching a stage does not count
for it.

For a group of cases (a region, an owner, all) the report gives the median days to each
stage, the share of targeted stages on time, and the *slowest stage*: the one whose median
stands furthest above its target (the assigned stage measured in working days, as its target
is).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from utils import settings
from utils.cases.model import STAGE_NUMBER, STAGES, Case

#: The stages with a target, in stage order.
TARGET_STAGES: tuple[str, ...] = ("assigned", "hearing", "repaid")


@dataclass(frozen=True)
class Targets:
    """The targets of the stages: working days to assign, calendar days to the others."""

    assigned_working_days: int = 1
    hearing_days: int = 7
    repaid_days: int = 30

    @classmethod
    def from_settings(cls) -> Targets:
        """Return the targets of the settings section ``[cases]``."""
        section = settings.get("cases")
        return cls(int(section["assigned_working_days"]), int(section["hearing_days"]),
                   int(section["repaid_days"]))

    def of(self, stage: str) -> int | None:
        """Return the target of ``stage`` in its own days, or None when it has none."""
        return {"assigned": self.assigned_working_days, "hearing": self.hearing_days,
                "repaid": self.repaid_days}.get(stage)


def working_days(first: date, last: date) -> int:
    """Return the working days (Monday to Friday) after ``first`` up to ``last``."""
    return int(np.busday_count(first, last)) if last >= first else 0


def stage_days(case: Case) -> dict[str, int]:
    """Return the calendar days from opening to each stage the case reached."""
    return {stage: (day - case.opened_on).days for stage, day in case.reached().items()}


def _target_days(case: Case, stage: str, day: date) -> int:
    """Return the days up to ``day`` in the unit of ``stage``'s target."""
    if stage == "assigned":
        return working_days(case.opened_on, day)
    return (day - case.opened_on).days


def on_time(case: Case, stage: str, today: date, targets: Targets) -> bool | None:
    """Return whether ``stage`` was on time: True, False (late or overdue) or None.

    None: the stage has no target, the case closed without reaching it, or its target has
    not passed yet.
    """
    target = targets.of(stage)
    if target is None:
        return None
    reached = case.reached()
    if stage in reached:
        return _target_days(case, stage, reached[stage]) <= target
    if not case.is_open:
        return None
    return None if _target_days(case, stage, today) <= target else False


def is_late(case: Case, today: date, targets: Targets) -> bool:
    """Return True when an open case is past its due date or past a stage's target."""
    if not case.is_open:
        return False
    if case.is_overdue(today):
        return True
    return any(on_time(case, stage, today, targets) is False for stage in TARGET_STAGES)


def overdue_stages(case: Case, today: date, targets: Targets) -> dict[str, tuple[int, int]]:
    """Return the stages an open case still waits for past their target.

    Each stage maps to ``(days so far, target)`` in the target's own days (working days for
    ``assigned``). A stage the case has gone past (reached, or skipped with a note) is not
    waited for; a closed case waits for nothing.
    """
    if not case.is_open:
        return {}
    waiting: dict[str, tuple[int, int]] = {}
    for stage in TARGET_STAGES:
        if STAGE_NUMBER[stage] <= case.stage:
            continue
        if on_time(case, stage, today, targets) is False:
            waiting[stage] = (_target_days(case, stage, today), int(targets.of(stage) or 0))
    return waiting


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _in(day: date | None, first: str | None, last: str | None) -> bool:
    if day is None:
        return False
    month = day.strftime("%Y-%m")
    return (first is None or month >= first) and (last is None or month <= last)


@dataclass(frozen=True)
class GroupTimeliness:
    """Timeliness and results of one group of cases (a region, an owner or all)."""

    key: str | None
    opened: int
    closed: int
    median_days: dict[str, float | None]
    on_time_share: float | None
    slowest_stage: str | None
    slowest_median: float | None
    slowest_target: int | None
    repaid_kzt: float
    workers_repaid: int

    @property
    def slowest_is_late(self) -> bool:
        """Return True when the slowest stage's median is above its target."""
        return (self.slowest_median is not None and self.slowest_target is not None
                and self.slowest_median > self.slowest_target)

    def to_json(self, name: str = "region") -> dict[str, Any]:
        """Return the group as in ``cli.py cases report --json`` (``name`` keys the group)."""
        return {name: self.key, "opened": self.opened, "closed": self.closed,
                "median_days": dict(self.median_days), "on_time_share": self.on_time_share,
                "slowest_stage": self.slowest_stage, "slowest_median_days": self.slowest_median,
                "slowest_target_days": self.slowest_target, "repaid_kzt": self.repaid_kzt,
                "workers_repaid": self.workers_repaid}


def group_timeliness(
    key: str | None, cases: Sequence[Case], today: date, targets: Targets,
    first: str | None = None, last: str | None = None,
) -> GroupTimeliness:
    """Return the timeliness of ``cases`` opened (and closed, repaid) in ``first``..``last``."""
    opened = [case for case in cases if _in(case.opened_on, first, last)]
    medians = {stage: _median([stage_days(case)[stage] for case in opened
                               if stage in stage_days(case)]) for stage in STAGES}
    verdicts = [on_time(case, stage, today, targets) for case in opened
                for stage in TARGET_STAGES]
    counted = [verdict for verdict in verdicts if verdict is not None]
    slowest, ratio, slowest_median = None, -1.0, None
    for stage in TARGET_STAGES:
        waits = [_target_days(case, stage, day) for case in opened
                 for name, day in case.reached().items() if name == stage]
        median = _median(waits)
        if median is not None and median / max(targets.of(stage) or 1, 1) > ratio:
            slowest, ratio, slowest_median = stage, median / max(targets.of(stage) or 1, 1), median
    repaid = [step for case in cases for step in case.steps
              if step.state == "repaid" and _in(step.on, first, last)]
    return GroupTimeliness(
        key=key, opened=len(opened),
        closed=sum(1 for case in cases if not case.is_open and _in(case.closed_on, first, last)),
        median_days=medians,
        on_time_share=(sum(counted) / len(counted)) if counted else None,
        slowest_stage=slowest, slowest_median=slowest_median,
        slowest_target=None if slowest is None else targets.of(slowest),
        repaid_kzt=float(sum(step.repaid_kzt or 0.0 for step in repaid)),
        workers_repaid=int(sum(step.workers or 0 for step in repaid)),
    )


@dataclass(frozen=True)
class TimelinessReport:
    """Timeliness by region, by owner and for all cases of a period."""

    first: str | None
    last: str | None
    regions: tuple[GroupTimeliness, ...]
    owners: tuple[GroupTimeliness, ...]
    total: GroupTimeliness

    def slowest_regions(self) -> list[GroupTimeliness]:
        """Return the regions whose slowest stage is late, the furthest above target first."""
        late = [group for group in self.regions if group.slowest_is_late]
        return sorted(late, key=lambda g: -(g.slowest_median or 0) / max(g.slowest_target or 1, 1))

    def to_json(self) -> dict[str, Any]:
        """Return the report as ``cli.py cases report --json`` prints it."""
        return {"from": self.first, "to": self.last,
                "regions": [group.to_json("region") for group in self.regions],
                "owners": [group.to_json("owner") for group in self.owners],
                "total": self.total.to_json("region")}


def _grouped(cases: Iterable[Case], key: Callable[[Case], str | None]) -> dict[str, list[Case]]:
    groups: dict[str, list[Case]] = {}
    for case in cases:
        name = key(case)
        if name is not None:
            groups.setdefault(name, []).append(case)
    return dict(sorted(groups.items()))


def timeliness_report(
    cases: Sequence[Case], *, today: date, targets: Targets | None = None,
    first: str | None = None, last: str | None = None,
) -> TimelinessReport:
    """Return the timeliness of ``cases`` by region, by owner and in all, for a period.

    A group counts the cases opened in ``first``..``last`` (months, inclusive; None leaves the
    period open on that side) for ``opened``, the medians and the share on time; the cases
    closed in the period for ``closed``; the repaid steps dated in it for the sums repaid.
    """
    targets = targets or Targets.from_settings()

    def build(key: str | None, group: Sequence[Case]) -> GroupTimeliness:
        return group_timeliness(key, group, today, targets, first, last)

    regions = [build(name, group) for name, group in _grouped(cases, lambda c: c.region).items()]
    owners = [build(name, group) for name, group in _grouped(cases, lambda c: c.owner).items()]
    regions = [g for g in regions if g.opened or g.closed or g.repaid_kzt or g.workers_repaid]
    owners = [g for g in owners if g.opened or g.closed or g.repaid_kzt or g.workers_repaid]
    return TimelinessReport(first, last, tuple(regions), tuple(owners), build(None, cases))
