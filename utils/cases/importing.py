"""Cases kept in another system, loaded from a CSV or XLSX file.

One row per case. Columns (headers as written here, any letter case): ``bin`` and ``owner``
and ``opened_on`` (``YYYY-MM-DD``) are required; ``case_id`` (the other system's number, so
a second import of the same file adds nothing), ``state`` (default ``flagged``),
``state_on`` (the day the state was reached, default ``opened_on``), ``due_on``,
``repaid_kzt``, ``workers_repaid``, ``close_reason`` and ``note`` are optional. The stages
between opening and ``state`` were kept in the other system: the import records one step to
``state`` saying so. Each row is checked by the same rules as a step taken by hand; a row
that breaks one is reported (row, column, value, reason) and the others are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from utils import ingest, store
from utils.cases.model import STAGE_NUMBER, Case, CaseRefused, Step
from utils.cases.rules import check_step
from utils.cases.workflow import checked_bin, open_case, step_case

COLUMNS = ("case_id", "bin", "owner", "opened_on", "state", "state_on", "due_on",
           "repaid_kzt", "workers_repaid", "close_reason", "note")
REQUIRED = ("bin", "owner", "opened_on")


@dataclass
class ImportReport:
    """What an import did: rows read, cases loaded, rows refused and already stored."""

    file_name: str
    rows_read: int = 0
    case_ids: list[int] = field(default_factory=list)
    duplicates: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as ``cli.py cases import --json`` prints it."""
        rejected = len({error["row"] for error in self.errors})
        return {"file": self.file_name, "rows_read": self.rows_read,
                "rows_loaded": len(self.case_ids), "rows_rejected": rejected,
                "rows_duplicate": self.duplicates, "case_ids": self.case_ids,
                "errors": self.errors}


class RowError(ValueError):
    """One cell of a row is wrong: ``column`` and ``value`` say which."""

    def __init__(self, column: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.value = value


def _text(row: dict[str, Any], column: str) -> str | None:
    value = row.get(column)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _date(row: dict[str, Any], column: str) -> date | None:
    text = _text(row, column)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(column, text, "not a date written YYYY-MM-DD") from None


def _number(row: dict[str, Any], column: str) -> float | None:
    text = _text(row, column)
    if text is None:
        return None
    try:
        return float(text.replace(" ", "").replace(",", "."))
    except ValueError:
        raise RowError(column, text, "not a number") from None


def planned_steps(row: dict[str, Any]) -> tuple[dict[str, Any], list[Step]]:
    """Return the opening of one row and the steps that bring it to its state, checked."""
    for column in REQUIRED:
        if _text(row, column) is None:
            raise RowError(column, None, "required and empty")
    try:
        number = checked_bin(_text(row, "bin"))
    except CaseRefused as exc:
        raise RowError("bin", _text(row, "bin"), str(exc)) from None
    opened_on = _date(row, "opened_on")
    state = _text(row, "state") or "flagged"
    if state not in STAGE_NUMBER:
        raise RowError("state", state, f"not a state: {', '.join(STAGE_NUMBER)}")
    on = _date(row, "state_on") or opened_on
    repaid, workers = _number(row, "repaid_kzt"), _number(row, "workers_repaid")
    note = f"Kept in another system up to {state}; imported."
    steps: list[Step] = []
    if state == "closed" and repaid is not None:
        steps.append(Step("repaid", on, note=note, repaid_kzt=repaid,
                          workers=None if workers is None else int(workers)))
    if state != "flagged":
        sums = state == "repaid"
        steps.append(Step(state, on, note=note, reason=_text(row, "close_reason"),
                          repaid_kzt=repaid if sums else None,
                          workers=None if not sums or workers is None else int(workers)))
    probe = Case(id=0, bin=number, enterprise_name=None, region=None, owner="", state="flagged",
                 source="import", reason={}, risk_level=None, opened_on=opened_on, due_on=None,
                 closed_on=None, close_reason=None, watch_until=None, reopen_reason=None,
                 repaid_kzt=None, workers_repaid=None, version=1,
                 steps=(Step("flagged", opened_on),))
    for step in steps:
        try:
            check_step(probe, step)
        except CaseRefused as exc:
            raise RowError("state", state, str(exc)) from None
        probe = replace(probe, state=step.state, steps=(*probe.steps, step))
    opening = {"bin": number, "owner": _text(row, "owner"), "opened_on": opened_on,
               "due_on": _date(row, "due_on"), "note": _text(row, "note"),
               "external_id": _text(row, "case_id")}
    return opening, steps


def import_cases(bind: store.Bind, source: str | Path | bytes, *, file_name: str | None = None,
                 user: str | None = None) -> ImportReport:
    """Load the cases of a CSV or XLSX file and return what was done.

    Raises
    ------
    CaseRefused
        When the file cannot be read or lacks a required column (nothing is loaded).
    """
    try:
        raw = ingest.read_table(source, file_name)
    except ingest.RefusedFile as exc:
        raise CaseRefused(str(exc), "unreadable") from exc
    frame = raw.frame.rename(columns=lambda name: str(name).strip().lower())
    missing = [column for column in REQUIRED if column not in frame.columns]
    if missing:
        raise CaseRefused(f"The file has no column {', '.join(missing)}; the columns of a "
                          f"cases file are {', '.join(COLUMNS)}.", "missing_columns",
                          columns=", ".join(missing))
    report = ImportReport(raw.file_name, rows_read=len(frame))
    known = set(store.case_rows(bind)["external_id"].dropna())
    for number, row in zip(raw.row_numbers, frame.to_dict("records"), strict=True):
        try:
            opening, steps = planned_steps(row)
            if opening["external_id"] in known:
                report.duplicates += 1
                continue
            case = open_case(bind, opening["bin"], opening["owner"],
                             opened_on=opening["opened_on"], due_on=opening["due_on"],
                             note=opening["note"], source="import", user=user,
                             external_id=opening["external_id"])
        except RowError as exc:
            report.errors.append({"row": int(number), "column": exc.column,
                                  "value": exc.value, "reason": str(exc)})
            continue
        except CaseRefused as exc:
            report.errors.append({"row": int(number), "column": "bin",
                                  "value": opening["bin"], "reason": str(exc)})
            continue
        for step in steps:
            case = step_case(bind, case.id, step.state, on=step.on, by=user, note=step.note,
                             reason=step.reason, repaid_kzt=step.repaid_kzt,
                             workers=step.workers, version=case.version)
        report.case_ids.append(case.id)
        if opening["external_id"]:
            known.add(opening["external_id"])
    store.append_audit(bind, user, "case_import", {
        "file": report.file_name, "loaded": len(report.case_ids),
        "rejected": len({error["row"] for error in report.errors}),
        "duplicates": report.duplicates})
    return report
