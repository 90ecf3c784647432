"""What followed a warning with a case and without one: a comparison, not a proof of effect.

For each month in which cases were opened, the enterprises flagged that month (at "high"
risk in the early warning, or with a case opened) fall in two groups: those with a case
opened that month and those without any case. For both, the wage arrears and the labour
conflicts of the following months (6 by default) are set side by side. The groups were not
chosen at random: officers open cases where they expect most to gain, so a difference may
come from the choice as much as from the case. The screens and the report say so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from utils import early_warning, store
from utils.cases.model import Case
from utils.months import shift_month

#: Months after the flag month whose arrears and conflicts are compared.
HORIZON = 6


@dataclass(frozen=True)
class ImpactGroup:
    """What followed for one group of flagged enterprises.

    ``with_data``: enterprises with an arrears report or a conflict in the window;
    ``mean_arrears_kzt``: the mean of their last reported arrears, over those with a report.
    """

    enterprises: int
    with_data: int
    mean_arrears_kzt: float | None
    incidents: int
    share_with_incident: float | None

    def to_json(self) -> dict[str, Any]:
        """Return the group as plain JSON values."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class ImpactComparison:
    """Enterprises flagged in the same months, with a case against without one."""

    months: tuple[str, ...]
    horizon: int
    with_case: ImpactGroup
    without_case: ImpactGroup

    def to_json(self) -> dict[str, Any]:
        """Return the comparison as plain JSON values, labelled as a comparison."""
        return {"kind": "comparison, not a proof of effect", "months": list(self.months),
                "horizon": self.horizon, "with_case": self.with_case.to_json(),
                "without_case": self.without_case.to_json()}


def flagged_at(engine: store.Bind, month: str) -> set[str]:
    """Return the enterprises the early warning puts at "high" risk in ``month``.

    Months after the last month with data flag nobody (there is nothing to score).
    """
    risk = early_warning.enterprise_risk_at(engine, month, recent_only=True,
                                            config=early_warning.config_from_settings())
    return set(risk.loc[risk["risk_level"] == "high", "bin"].astype(str))


def _group(rows: list[dict[str, Any]]) -> ImpactGroup:
    seen = [row for row in rows if row["arrears_months"] > 0 or row["incidents"] > 0]
    reported = [row for row in rows if row["arrears_months"] > 0]
    return ImpactGroup(
        enterprises=len(rows), with_data=len(seen),
        mean_arrears_kzt=(sum(row["arrears_kzt"] for row in reported) / len(reported))
        if reported else None,
        incidents=int(sum(row["incidents"] for row in rows)),
        share_with_incident=(sum(1 for row in rows if row["incidents"] > 0) / len(rows))
        if rows else None,
    )


def impact_comparison(
    engine: store.Bind, found: Sequence[Case], *, horizon: int = HORIZON,
    flagged: Mapping[str, set[str]] | None = None,
) -> ImpactComparison:
    """Return the arrears and conflicts after the flag month, with a case against without.

    ``flagged`` maps a month to the enterprises flagged in it; by default the early
    warning's "high" risk of that month (:func:`flagged_at`).
    """
    with_case: list[dict[str, Any]] = []
    without_case: list[dict[str, Any]] = []
    case_bins = {case.bin for case in found}
    months = sorted({case.opened_on.strftime("%Y-%m") for case in found})
    last = store.month_bounds(engine)[1] or ""
    for month in months:
        opened = {case.bin for case in found if case.opened_on.strftime("%Y-%m") == month}
        if flagged is None:
            candidates = flagged_at(engine, month) if month <= last else set()
        else:
            candidates = set(flagged.get(month, set()))
        others = candidates - case_bins
        window = (shift_month(month, 1), shift_month(month, horizon))
        outcomes = store.enterprise_outcomes(engine, sorted(opened | others), *window)
        for row in outcomes.to_dict("records"):
            (with_case if row["bin"] in opened else without_case).append(row)
    return ImpactComparison(tuple(months), horizon, _group(with_case), _group(without_case))
