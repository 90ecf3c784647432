"""The results ledger: what cases say was repaid, beside what the arrears extracts say.

A ``repaid`` step records the sum (KZT) and the workers paid. The arrears extracts report
``repaid_kzt`` and ``workers_repaid`` per enterprise and month; for the months from the case's
opening to its repaid step they should tell the same story. A difference either way is
flagged: the case claims more than the extracts show, or the extracts show more than the case
recorded, or the extracts have nothing for those months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from utils import store
from utils.cases.model import Case

#: Relative difference of the sums below which the case and the extracts agree.
TOLERANCE = 0.01
#: Ledger verdicts.
STATUSES = ("match", "case_more", "extracts_more", "no_extract")


@dataclass(frozen=True)
class LedgerLine:
    """One repaid case beside the arrears extracts of the same enterprise and months."""

    case_id: int
    bin: str
    region: str | None
    first: str
    last: str
    case_kzt: float
    case_workers: int
    extract_kzt: float | None
    extract_workers: int | None
    status: str

    @property
    def mismatch(self) -> bool:
        """Return True when the case and the extracts disagree (or the extracts are silent)."""
        return self.status != "match"

    def to_json(self) -> dict[str, Any]:
        """Return the line as plain JSON values."""
        return {"case_id": self.case_id, "bin": self.bin, "region": self.region,
                "months": [self.first, self.last], "repaid_kzt": self.case_kzt,
                "workers_repaid": self.case_workers, "extract_repaid_kzt": self.extract_kzt,
                "extract_workers_repaid": self.extract_workers, "status": self.status,
                "mismatch": self.mismatch}


def _differs(claimed: float, reported: float) -> int:
    """Return 1 when ``claimed`` is above ``reported``, -1 when below, 0 when they agree."""
    if abs(claimed - reported) <= TOLERANCE * max(abs(claimed), abs(reported), 1.0):
        return 0
    return 1 if claimed > reported else -1


def ledger_status(case_kzt: float, case_workers: int, extract_kzt: float | None,
                  extract_workers: int | None) -> str:
    """Return :data:`STATUSES` of one case's sums against the extracts' sums."""
    if extract_kzt is None:
        return "no_extract"
    signs = {_differs(case_kzt, extract_kzt), _differs(case_workers, extract_workers or 0)}
    if signs <= {0}:
        return "match"
    return "case_more" if 1 in signs else "extracts_more"


def results_ledger(bind: store.Bind, cases: Sequence[Case]) -> list[LedgerLine]:
    """Return a ledger line for every case with a ``repaid`` step, in the order given."""
    lines = []
    for case in cases:
        repaid = [step for step in case.steps if step.state == "repaid"]
        if not repaid:
            continue
        first = case.opened_on.strftime("%Y-%m")
        last = max(first, repaid[-1].on.strftime("%Y-%m"))
        kzt = float(sum(step.repaid_kzt or 0.0 for step in repaid))
        workers = int(sum(step.workers or 0 for step in repaid))
        found = store.arrears_repaid(bind, [case.bin], first, last)
        extract_kzt = extract_workers = None
        if not found.empty:
            extract_kzt = float(found["repaid_kzt"].fillna(0).iloc[0])
            extract_workers = int(found["workers_repaid"].fillna(0).iloc[0])
        lines.append(LedgerLine(
            case_id=case.id, bin=case.bin, region=case.region, first=first, last=last,
            case_kzt=kzt, case_workers=workers, extract_kzt=extract_kzt,
            extract_workers=extract_workers,
            status=ledger_status(kzt, workers, extract_kzt, extract_workers),
        ))
    return lines
