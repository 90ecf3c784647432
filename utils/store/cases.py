"""Cases and their steps, as stored. Import via ``utils.store``.

The rules of a case (its states, which step may follow which) live in ``utils.cases``; this
module keeps rows. Every change is one write transaction that also appends its audit entry,
and a change names the version of the case it was made on: when another change came first,
nothing is written (:class:`StaleCase`) and the caller re-reads the case.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa

from utils.store import schema
from utils.store.engine import Bind, reading, writing

#: Columns of a case row, as :func:`case_rows` returns them.
CASE_COLUMNS = [c.name for c in schema.cases.columns]
#: Columns of a step row, as :func:`case_step_rows` returns them.
STEP_COLUMNS = [c.name for c in schema.case_steps.columns]


class StaleCase(Exception):
    """The case changed since the version the caller read; nothing was written."""

    def __init__(self, case_id: int, expected: int, found: int | None) -> None:
        super().__init__(
            f"Case {case_id} is at version {found}, not {expected}: it changed meanwhile"
        )
        self.case_id = case_id
        self.expected = expected
        self.found = found


class OpenCaseExists(Exception):
    """The enterprise already has an open case (``case_id``); nothing was written."""

    def __init__(self, bin_: str, case_id: int) -> None:
        super().__init__(f"The enterprise {bin_} already has an open case ({case_id})")
        self.bin = bin_
        self.case_id = case_id


def _check_no_open_case(connection: sa.Connection, bin_: str, *,
                        besides: int | None = None) -> None:
    """Refuse when ``bin_`` has an open case other than ``besides``.

    Called inside the write transaction, which holds the store's write lock (``writing``):
    two openings on one BIN at the same moment run one after the other, and the second
    finds the first's case.
    """
    table = schema.cases
    query = sa.select(sa.func.min(table.c.id)).where(table.c.bin == bin_,
                                                      table.c.state != "closed")
    if besides is not None:
        query = query.where(table.c.id != besides)
    found = connection.execute(query).scalar()
    if found is not None:
        raise OpenCaseExists(bin_, int(found))


def _audit(connection: sa.Connection, user: str | None, action: str, detail: dict) -> None:
    connection.execute(
        schema.audit_log.insert().values(
            at=schema.utc_now(), user_name=user, action=action,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def _insert_step(connection: sa.Connection, case_id: int, step: Mapping[str, Any]) -> None:
    connection.execute(
        schema.case_steps.insert().values(
            case_id=case_id, recorded_at=schema.utc_now(),
            **{key: step.get(key) for key in ("state", "on", "by", "note", "reason",
                                             "repaid_kzt", "workers")},
        )
    )


def insert_case(
    bind: Bind, fields: Mapping[str, Any], first_step: Mapping[str, Any], *, user: str | None
) -> int:
    """Store a new case with its first step and return its id (audited as ``case_open``).

    A case that is not closed is refused when its enterprise already has an open case: the
    check and the insert are one transaction under the write lock.

    Raises
    ------
    OpenCaseExists
        When the enterprise already has an open case.
    ValueError
        When a case with the same ``external_id`` is already stored.
    """
    now = schema.utc_now()
    try:
        with writing(bind) as connection:
            if fields.get("state") != "closed":
                _check_no_open_case(connection, fields["bin"])
            case_id = int(connection.execute(
                schema.cases.insert()
                .values(**fields, version=1, created_by=user, created_at=now, updated_at=now)
                .returning(schema.cases.c.id)
            ).scalar_one())
            _insert_step(connection, case_id, first_step)
            _audit(connection, user, "case_open",
                   {"case_id": case_id, "bin": fields["bin"], "owner": fields["owner"]})
    except sa.exc.IntegrityError as exc:
        raise ValueError(f"A case with the id {fields.get('external_id')!r} is stored") from exc
    return case_id


def update_case(
    bind: Bind, case_id: int, version: int, fields: Mapping[str, Any],
    step: Mapping[str, Any], *, user: str | None, action: str = "case_step",
    reopening: str | None = None,
) -> int:
    """Apply ``fields`` and append ``step`` to a case at ``version``; return the new version.

    One transaction: the case row changes only where its version is still ``version``.
    ``reopening`` is the BIN of a closed case being reopened: refused, in the same
    transaction, when that enterprise has another open case.

    Raises
    ------
    StaleCase
        When the case is at another version (someone changed it first); nothing is written.
    OpenCaseExists
        When reopening and the enterprise has another open case.
    KeyError
        When there is no case ``case_id``.
    """
    table = schema.cases
    with writing(bind) as connection:
        if reopening is not None:
            _check_no_open_case(connection, reopening, besides=case_id)
        result = connection.execute(
            table.update()
            .where(table.c.id == case_id, table.c.version == version)
            .values(**fields, version=version + 1, updated_at=schema.utc_now())
        )
        if not result.rowcount:
            found = connection.execute(
                sa.select(table.c.version).where(table.c.id == case_id)
            ).scalar()
            if found is None:
                raise KeyError(f"No case {case_id}")
            raise StaleCase(case_id, version, int(found))
        _insert_step(connection, case_id, step)
        _audit(connection, user, action,
               {"case_id": case_id, "state": step["state"], "on": step["on"],
                "version": version + 1})
    return version + 1


def _frame(connection: sa.Connection, query: sa.Select, columns: list[str]) -> pd.DataFrame:
    rows = connection.execute(query).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def case_rows(
    bind: Bind, *, case_ids: Sequence[int] | None = None, bins: Sequence[str] | None = None,
    states: Sequence[str] | None = None, region: str | None = None,
) -> pd.DataFrame:
    """Return the stored cases (all columns of :data:`CASE_COLUMNS`), oldest first."""
    table = schema.cases
    query = sa.select(table).order_by(table.c.id)
    if case_ids is not None:
        query = query.where(table.c.id.in_([int(i) for i in case_ids]))
    if bins is not None:
        query = query.where(table.c.bin.in_(list(bins)))
    if states is not None:
        query = query.where(table.c.state.in_(list(states)))
    if region is not None:
        query = query.where(table.c.region == region)
    with reading(bind) as connection:
        return _frame(connection, query, CASE_COLUMNS)


def case_step_rows(bind: Bind, case_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Return the steps of the cases (all when ``case_ids`` is None) in the order taken."""
    table = schema.case_steps
    query = sa.select(table).order_by(table.c.case_id, table.c.id)
    if case_ids is not None:
        query = query.where(table.c.case_id.in_([int(i) for i in case_ids]))
    with reading(bind) as connection:
        return _frame(connection, query, STEP_COLUMNS)


def arrears_repaid(bind: Bind, bins: Sequence[str], first: str, last: str) -> pd.DataFrame:
    """Return the repayments the arrears extracts report per enterprise in ``first``..``last``.

    Columns ``bin, repaid_kzt, workers_repaid, rows``; an enterprise with no arrears row in
    those months (``YYYY-MM``) has no row.
    """
    table = schema.arrears
    query = (
        sa.select(
            table.c.enterprise_bin,
            sa.func.sum(table.c.repaid_kzt),
            sa.func.sum(table.c.workers_repaid),
            sa.func.count(),
        )
        .where(table.c.enterprise_bin.in_(list(bins)), table.c.month.between(first, last))
        .group_by(table.c.enterprise_bin)
    )
    with reading(bind) as connection:
        return _frame(connection, query, ["bin", "repaid_kzt", "workers_repaid", "rows"])


def enterprise_facts(bind: Bind, bin_: str) -> dict[str, Any] | None:
    """Return ``name`` and ``region`` of an enterprise as last seen in any load, or None."""
    table = schema.enterprise_directory
    query = (
        sa.select(table.c.name, table.c.region)
        .where(table.c.bin == bin_)
        .order_by(table.c.batch_id.desc(), table.c.id.desc())
        .limit(1)
    )
    with reading(bind) as connection:
        row = connection.execute(query).first()
    return None if row is None else {"name": row.name, "region": row.region}



def enterprise_outcomes(bind: Bind, bins: Sequence[str], first: str, last: str) -> pd.DataFrame:
    """Return what followed for each enterprise in the months ``first``..``last``.

    Columns ``bin, arrears_kzt`` (the wage arrears reported in its last month with a report
    in the window), ``arrears_months`` (months with a report) and ``incidents`` (labour
    conflicts dated in the window); every BIN asked for has a row (zeros when nothing).
    """
    wanted = list(dict.fromkeys(bins))
    arrears, incidents = schema.arrears, schema.incidents
    monthly = (
        sa.select(arrears.c.enterprise_bin, arrears.c.month, sa.func.sum(arrears.c.amount_kzt))
        .where(arrears.c.enterprise_bin.in_(wanted), arrears.c.month.between(first, last))
        .group_by(arrears.c.enterprise_bin, arrears.c.month)
    )
    conflicts = (
        sa.select(incidents.c.enterprise_bin, sa.func.count())
        .where(incidents.c.enterprise_bin.in_(wanted), incidents.c.month.between(first, last))
        .group_by(incidents.c.enterprise_bin)
    )
    with reading(bind) as connection:
        months = _frame(connection, monthly, ["bin", "month", "amount"])
        counted = _frame(connection, conflicts, ["bin", "incidents"])
    latest = months.sort_values("month").groupby("bin").agg(
        arrears_kzt=("amount", "last"), arrears_months=("month", "count"))
    frame = pd.DataFrame(index=pd.Index(wanted, name="bin"))
    frame = frame.join(latest).join(counted.set_index("bin"))
    return frame.fillna(0).reset_index()


def cases_stamp(bind: Bind) -> str:
    """Return a short string that changes with every case opened or changed (cache keys)."""
    table = schema.cases
    query = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(table.c.version), 0))
    with reading(bind) as connection:
        count, versions = connection.execute(query).one()
    return f"{count}-{versions}"


def first_case_day(bind: Bind) -> date | None:
    """Return the day the first stored case was opened (None when there is no case)."""
    with reading(bind) as connection:
        found = connection.execute(sa.select(sa.func.min(schema.cases.c.opened_on))).scalar()
    if found is None or isinstance(found, date):
        return found
    return date.fromisoformat(str(found)[:10])


def open_cases_by_region(bind: Bind, on: date) -> pd.DataFrame:
    """Return ``region, cases``: how many cases each region had open at the end of ``on``.

    A case is open on a day when its last step dated on or before that day is not ``closed``
    (a reopened case counts again from the day it reopened); a case opened later is not
    counted, nor one without a region. Regions without an open case have no row.
    """
    steps, cases = schema.case_steps, schema.cases
    last = (
        sa.select(steps.c.case_id, sa.func.max(steps.c.id).label("step_id"))
        .where(steps.c.on <= on)
        .group_by(steps.c.case_id)
        .subquery()
    )
    query = (
        sa.select(cases.c.region, sa.func.count())
        .select_from(cases.join(last, last.c.case_id == cases.c.id)
                     .join(steps, steps.c.id == last.c.step_id))
        .where(steps.c.state != "closed", cases.c.region.is_not(None))
        .group_by(cases.c.region)
    )
    with reading(bind) as connection:
        return _frame(connection, query, ["region", "cases"])


def repaid_by_region(bind: Bind, first: date, last: date) -> pd.DataFrame:
    """Return ``region, repaid_kzt, workers_repaid`` summed over ``repaid`` steps dated
    ``first``..``last`` (both included), per region of their case.

    Regions without such a step have no row; a case without a region is left out.
    """  # noqa: D205
    steps, cases = schema.case_steps, schema.cases
    query = (
        sa.select(cases.c.region, sa.func.sum(steps.c.repaid_kzt), sa.func.sum(steps.c.workers))
        .select_from(steps.join(cases, cases.c.id == steps.c.case_id))
        .where(steps.c.state == "repaid", steps.c.on.between(first, last),
               cases.c.region.is_not(None))
        .group_by(cases.c.region)
    )
    with reading(bind) as connection:
        return _frame(connection, query, ["region", "repaid_kzt", "workers_repaid"])
