"""The backtest's typed results: how often the early warning came before a labour conflict.

``utils.early_warning.backtest`` builds these; the CLI (``cli.py backtest --json``), the
hotspots screen and the benchmark read their attributes. As in
``utils.early_warning.results``, every result is a frozen dataclass whose ``to_json()`` is
the plain dict of the JSON output, numbers plain and missing figures None.

This module imports nothing from its own package, so any module can use it without an import
circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Conflict:
    """One labour conflict (a unit with at least one incident in a month) and what was said.

    ``unit`` is the BIN of an enterprise or the ISO code of a region. ``lead_months`` is the
    number of months from the first flag among the months before it to the conflict (None
    when it was not flagged in time). ``rank``, ``score`` and ``level`` are what the ranking
    of the month before said about the unit: its place among all units, its risk score
    (region: tension index) and its risk level (region: verdict), None when it had no record.
    ``name`` is the enterprise's last name in the data (None for a region).
    """

    unit: str
    month: str
    lead_months: int | None
    rank: int | None = None
    score: float | None = None
    level: str | None = None
    name: str | None = None

    def to_json(self, unit_key: str) -> dict[str, Any]:
        """Return the conflict with its unit under ``unit_key`` (``bin`` or ``code``)."""
        named = {"name": self.name} if unit_key == "bin" else {}
        return {unit_key: self.unit, **named, "month": self.month,
                "lead_months": self.lead_months, "rank": self.rank, "score": self.score,
                "level": self.level}


@dataclass(frozen=True)
class Accuracy:
    """How well one way of flagging units foresaw the conflicts.

    Attributes
    ----------
    conflicts : conflicts that could be foreseen (the unit had a record before).
    hits : those whose unit was flagged in at least one of the ``horizon`` months before it,
        at least ``min_lead`` months before it.
    recall : ``hits / conflicts``; None without conflicts.
    median_lead_months : median months from the first flag to the conflict, over the hits.
    lead_months : how many hits had each lead (``{"1": n, "2": n, ...}``).
    flagged : unit-months flagged in the months whose next ``horizon`` months are known.
    precision : share of those followed by a conflict within ``horizon`` months.
    base_rate : the same share over every unit with a record by then.
    lift : ``precision / base_rate``.
    """

    conflicts: int
    hits: int
    recall: float | None
    median_lead_months: float | None
    lead_months: dict[str, int]
    flagged: int
    precision: float | None
    base_rate: float | None
    lift: float | None

    def to_json(self) -> dict[str, Any]:
        """Return the figures as in the JSON output."""
        return {"conflicts": self.conflicts, "hits": self.hits, "recall": self.recall,
                "median_lead_months": self.median_lead_months,
                "lead_months": dict(self.lead_months), "flagged": self.flagged,
                "precision": self.precision, "base_rate": self.base_rate, "lift": self.lift}


@dataclass(frozen=True)
class UnitBacktest:
    """The backtest of the enterprises' watchlist or of the regions' verdicts.

    ``warning`` is the early warning's accuracy, ``baselines`` the same figures for
    ``persistence`` and ``largest_arrears``; ``conflicts`` lists every foreseeable conflict
    (hit or missed), ``unforeseeable`` counts the conflicts of units with no record before.
    """

    unit_key: str
    warning: Accuracy
    baselines: dict[str, Accuracy]
    conflicts: list[Conflict]
    unforeseeable: int

    @property
    def missed(self) -> list[Conflict]:
        """Return the foreseeable conflicts the warning did not flag in time."""
        return [c for c in self.conflicts if c.lead_months is None]

    @property
    def foreseen(self) -> list[Conflict]:
        """Return the conflicts the warning flagged in time."""
        return [c for c in self.conflicts if c.lead_months is not None]

    def to_json(self) -> dict[str, Any]:
        """Return the warning's figures, the baselines', the misses and the hits."""
        return {
            **self.warning.to_json(),
            "baselines": {name: acc.to_json() for name, acc in self.baselines.items()},
            "missed": [c.to_json(self.unit_key) for c in self.missed],
            "foreseen": [c.to_json(self.unit_key) for c in self.foreseen],
            "unforeseeable": self.unforeseeable,
        }


@dataclass(frozen=True)
class MonthOutcome:
    """The conflicts of one month and how many of them the warnings foresaw."""

    month: str
    enterprise_conflicts: int
    enterprise_hits: int
    region_conflicts: int
    region_hits: int

    def to_json(self) -> dict[str, Any]:
        """Return the month's counts as in the JSON output."""
        return {"month": self.month, "enterprise_conflicts": self.enterprise_conflicts,
                "enterprise_hits": self.enterprise_hits,
                "region_conflicts": self.region_conflicts, "region_hits": self.region_hits}


@dataclass(frozen=True)
class Backtest:
    """The early warning's backtest over the conflicts of months ``first_month``…``last_month``.

    Each conflict is looked for in the lists of the ``horizon`` months before it, each list
    computed with the data up to its own month only.
    """

    first_month: str | None
    last_month: str | None
    top: int
    horizon: int
    min_lead: int
    enterprises: UnitBacktest
    regions: UnitBacktest
    months: list[MonthOutcome]

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object of ``cli.py backtest --json``."""
        return {"from": self.first_month, "to": self.last_month, "top": self.top,
                "horizon": self.horizon, "min_lead": self.min_lead,
                "enterprises": self.enterprises.to_json(), "regions": self.regions.to_json(),
                "months": [m.to_json() for m in self.months]}
