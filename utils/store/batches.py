"""Batches: load a canonical frame whole, find, list and undo loads. Import via ``utils.store``.

A load is one transaction: the batch row, the fact rows, the monthly aggregates derived from
them, the enterprise directory rows and an audit row appear together or not at all. Loads and
undos hold the store's write lock, so two analysts uploading at once get two whole batches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from utils.store import schema
from utils.store.bulk import distinct_strings, gc_paused, insert_frame, insert_rows
from utils.store.engine import Bind, bump_version, reading, writing

#: Ids above this count are checked through a temporary table instead of ``IN (...)``.
_IN_LIMIT = 500


def _month_of(dates: pd.Series) -> pd.Series:
    months = pd.to_datetime(dates).to_numpy(dtype="datetime64[M]")
    codes, uniques = pd.factorize(months)
    labels = np.append(np.asarray(uniques, dtype="datetime64[M]").astype(str), None)
    return pd.Series(labels.astype(object)[codes], index=dates.index)


#: A key column factorized once: the code of each row's value among the sorted distinct
#: values (-1 where missing), and those values.
_Key = tuple[np.ndarray, np.ndarray]


def _factorized(values: pd.Series) -> _Key:
    codes, distinct = pd.factorize(values, sort=True, use_na_sentinel=True)
    return codes, np.asarray(distinct, dtype=object)


def _grouped(keys: dict[str, _Key], sums: dict[str, np.ndarray], size: str) -> pd.DataFrame:
    """Return one row per distinct combination of ``keys`` with its row count and sums.

    Rows with a missing key are left out (as ``groupby`` does). The groups come ordered by
    the keys, in the order given: the database then appends to the index on those keys
    instead of inserting at random places, several times faster on a million-row load.
    The keys' codes combine into one integer per row, so the grouping is one pass of numpy
    over integers: a count per code when the codes are few, a sort otherwise.
    """
    length = len(next(iter(keys.values()))[0])
    combined = np.zeros(length, dtype=np.int64)
    present = np.ones(length, dtype=bool)
    span = 1
    for codes, distinct in keys.values():
        present &= codes >= 0
        width = len(distinct) + 1
        if span * width >= 2**62:  # keep the combined code inside int64
            _, combined = np.unique(combined, return_inverse=True)
            span = int(combined.max()) + 1 if length else 1
        combined = combined * width + (codes + 1)
        span *= width
    rows = np.flatnonzero(present)
    combined = combined[rows]
    if span <= max(4 * len(rows), 1 << 16):
        counts = np.bincount(combined, minlength=span)
        used = np.flatnonzero(counts)
        position = np.zeros(span, dtype=np.int64)
        position[used] = np.arange(len(used))
        group, groups = position[combined], len(used)
    else:
        _, group = np.unique(combined, return_inverse=True)
        groups = int(group.max()) + 1 if len(group) else 0
    # Every row of a group has the group's keys: any one of them names it.
    representative = np.zeros(groups, dtype=np.int64)
    representative[group] = rows
    result = {name: distinct[codes[representative]] for name, (codes, distinct) in keys.items()}
    result[size] = np.bincount(group, minlength=groups).astype(np.int64)
    for name, values in sums.items():
        totals = np.bincount(group, weights=values[rows], minlength=groups)
        result[name] = totals.round().astype(np.int64)
    return pd.DataFrame(result)


def _appeals_aggregates(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    people = pd.to_numeric(frame["people"], errors="coerce").fillna(1).to_numpy(dtype=np.int64)
    collective = (people > 1).astype(np.int64)
    # Each key column is factorized once for both aggregates.
    month, region = _factorized(frame["month"]), _factorized(frame["region"])
    category = _factorized(frame["category"])
    by_region = _grouped(
        {"month": month, "region": region, "category": category},
        {
            "people": people,
            "collective_appeals": collective,
            "collective_people": people * collective,
        },
        size="appeals",
    )
    bins = frame.get("enterprise_bin")
    if bins is None:
        by_enterprise = pd.DataFrame()
    else:
        # Ordered by BIN and month, the key of the enterprise drill-down index.
        by_enterprise = _grouped(
            {
                "enterprise_bin": _factorized(bins),
                "month": month,
                "region": region,
                "category": category,
            },
            {"collective_appeals": collective, "people": people},
            size="appeals",
        )
    districts = frame.get("district_kato")
    if districts is None:
        by_district = pd.DataFrame()
    else:
        # Rows without a district are left out: the region's own figures count them.
        by_district = _grouped(
            {"region": region, "district_kato": _factorized(districts), "month": month,
             "category": category},
            {"people": people, "collective_appeals": collective},
            size="appeals",
        )
    return {
        "appeals_region_month": by_region,
        "appeals_enterprise_month": by_enterprise,
        "appeals_enterprise_totals": _enterprise_totals(by_enterprise),
        "appeals_district_month": by_district,
    }


def _enterprise_totals(by_enterprise: pd.DataFrame) -> pd.DataFrame:
    """Return ``appeals_enterprise_month`` summed over regions and categories, by month."""
    if by_enterprise.empty:
        return pd.DataFrame()
    keys = {name: _factorized(by_enterprise[name]) for name in ("month", "enterprise_bin")}
    sums = {
        name: by_enterprise[name].to_numpy(dtype=np.int64)
        for name in ("appeals", "collective_appeals", "people")
    }
    return _grouped(keys, sums, size="rows").drop(columns="rows")


def _arrears_aggregates(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    def numbers(name: str) -> pd.Series:
        if name not in frame:
            return pd.Series(0.0, index=frame.index)
        return pd.to_numeric(frame[name], errors="coerce").fillna(0)

    base = pd.DataFrame(
        {
            "month": frame["month"],
            "region": frame["region"],
            "industry": frame["industry"] if "industry" in frame else None,
            "amount_kzt": numbers("amount_kzt"),
            "workers": numbers("workers"),
            "repaid_kzt": numbers("repaid_kzt"),
            "workers_repaid": numbers("workers_repaid"),
        }
    )
    grouped = (
        base.groupby(["month", "region", "industry"], sort=False, dropna=False)
        .agg(
            reports=("amount_kzt", "size"),
            amount_kzt=("amount_kzt", "sum"),
            workers=("workers", "sum"),
            repaid_kzt=("repaid_kzt", "sum"),
            workers_repaid=("workers_repaid", "sum"),
        )
        .reset_index()
    )
    return {"arrears_region_month": grouped}


def _layoffs_aggregates(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    workers = pd.to_numeric(frame["workers"], errors="coerce").fillna(0)
    unlawful = frame["unlawful"].astype("boolean").fillna(False) if "unlawful" in frame else False
    base = pd.DataFrame({"month": frame["month"], "region": frame["region"], "workers": workers})
    base["unlawful_workers"] = workers.where(unlawful, 0) if "unlawful" in frame else 0
    grouped = (
        base.groupby(["month", "region"], sort=False)
        .agg(
            events=("workers", "size"),
            workers=("workers", "sum"),
            unlawful_workers=("unlawful_workers", "sum"),
        )
        .reset_index()
    )
    return {"layoffs_region_month": grouped}


def _incidents_aggregates(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    participants = frame["participants"] if "participants" in frame else None
    base = pd.DataFrame(
        {
            "month": frame["month"],
            "region": frame["region"],
            "participants": pd.to_numeric(participants, errors="coerce")
            if participants is not None
            else 0,
        }
    )
    base["participants"] = base["participants"].fillna(0)
    grouped = (
        base.groupby(["month", "region"], sort=False)
        .agg(incidents=("participants", "size"), participants=("participants", "sum"))
        .reset_index()
    )
    return {"incidents_region_month": grouped}


#: kind -> (bin column, name column) of the enterprise a row is about.
_ENTERPRISE_COLUMNS = {
    "appeals": ("enterprise_bin", "enterprise_name"),
    "arrears": ("enterprise_bin", "enterprise_name"),
    "layoffs": ("enterprise_bin", "enterprise_name"),
    "incidents": ("enterprise_bin", "enterprise_name"),
    "enterprises": ("bin", "name"),
}


def _directory(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    bin_column, name_column = _ENTERPRISE_COLUMNS[kind]
    columns = {
        "bin": frame.get(bin_column),
        "name": frame.get(name_column),
        "region": frame.get("region"),
        "industry": frame.get("industry"),
        "lat": frame.get("lat"),
        "lon": frame.get("lon"),
    }
    directory = pd.DataFrame(
        {
            k: (v if v is not None else pd.Series(None, index=frame.index, dtype=object))
            for k, v in columns.items()
        }
    )
    named = (directory["bin"].notna() | directory["name"].notna()).to_numpy()
    if directory["lat"].notna().any():
        directory = directory[named]
        # Keep the first row of each (BIN, name) that has coordinates when any has.
        directory = directory.sort_values(["lat"], na_position="last", kind="stable")
        directory = directory.drop_duplicates(["bin", "name"], keep="first")
        return directory.assign(kind=kind)
    # No coordinates (appeals): the first row of each (BIN, name), found on integer codes
    # rather than by hashing a million pairs of texts.
    bin_codes, bins = pd.factorize(directory["bin"], use_na_sentinel=True)
    name_codes, _ = pd.factorize(directory["name"], use_na_sentinel=True)
    pair = (bin_codes.astype(np.int64) + 1) * (len(bins) + 1) + (name_codes + 1)
    rows = np.flatnonzero(named)
    _, first = np.unique(pair[rows], return_index=True)
    return directory.iloc[np.sort(rows[first])].assign(kind=kind)


_AGGREGATORS = {
    "appeals": _appeals_aggregates,
    "arrears": _arrears_aggregates,
    "layoffs": _layoffs_aggregates,
    "incidents": _incidents_aggregates,
}


def derived_tables(kind: str, frame: pd.DataFrame | Columns) -> dict[str, pd.DataFrame]:
    """Return the aggregate and directory frames derived from a canonical ``frame``.

    ``frame`` must already carry the ``month`` column for dated kinds.
    """
    derived: dict[str, pd.DataFrame] = {}
    if kind in _AGGREGATORS and not frame.empty:
        derived.update(_AGGREGATORS[kind](frame))
    if kind in _ENTERPRISE_COLUMNS and not frame.empty:
        derived["enterprise_directory"] = _directory(kind, frame)
    return derived


class Columns(dict):
    """The columns of a canonical frame as a dict of Series: filtering without copying the rest.

    Loading a million appeals must not copy the frame; the aggregators read what they need.
    """

    @property
    def index(self) -> pd.Index:  # noqa: D102
        return next(iter(self.values())).index

    @property
    def empty(self) -> bool:  # noqa: D102
        return not self or len(self.index) == 0

    #: Columns with one value for every row, sent along by the bulk insert (the batch id).
    constants: dict[str, object] = {}

    def where_rows(self, keep: np.ndarray) -> Columns:
        """Return the rows where ``keep`` is True (constants kept)."""
        return Columns({name: series[keep] for name, series in self.items()}).of_batch(
            **self.constants
        )

    def of_batch(self, **constants: object) -> Columns:
        """Return these columns with ``constants`` (e.g. ``batch_id=7``) attached."""
        attached = Columns(self)
        attached.constants = dict(constants)
        return attached


def _canonical_columns(kind: str, frame: pd.DataFrame) -> Columns:
    storage = schema.fact_table(kind)
    columns = Columns({name: frame[name] for name in storage.canonical_columns if name in frame})
    if storage.date_column is not None:
        columns["month"] = _month_of(frame[storage.date_column])
    if kind == "appeals":
        people = columns.get("people")
        columns["people"] = (
            pd.Series(1, index=frame.index)
            if people is None
            else pd.to_numeric(people, errors="raise").fillna(1)
        )
    return columns


def _drop_known_appeals(connection: sa.Connection, columns: Columns) -> tuple[Columns, int]:
    """Drop appeals whose id repeats in the frame or is already stored; return the count."""
    ids = columns.get("appeal_id")
    if ids is None or ids.isna().all():
        return columns, 0
    repeated = ids.notna() & ids.duplicated(keep="first")
    stored = existing_appeal_ids(connection, ids[ids.notna() & ~repeated])
    known = (repeated | ids.isin(stored) if stored else repeated).to_numpy()
    dropped = int(known.sum())
    return (columns.where_rows(~known) if dropped else columns), dropped


def _insert_appeals(
    connection: sa.Connection, columns: Columns, batch_id: int
) -> tuple[Columns, int]:
    """Insert appeals; on an appeal id that is already stored, skip such ids and retry.

    The unique index on ``appeal_id`` is the guard: the common case (no repeated id) costs no
    look-up at all; otherwise the insert is rolled back to a savepoint, the repeated ids are
    dropped and counted, and the rest goes in.
    """
    columns = columns.of_batch(batch_id=batch_id)
    try:
        with connection.begin_nested():
            insert_frame(connection, schema.appeals, columns)
        return columns, 0
    except connection.dialect.dbapi.IntegrityError:
        pass
    columns, skipped = _drop_known_appeals(connection, columns)
    insert_frame(connection, schema.appeals, columns)
    return columns, skipped


class NothingStored(Exception):
    """A load found every row already stored by another load meanwhile; no batch was made.

    ``args[0]`` is the number of rows skipped as already stored.
    """


def load_batch(
    bind: Bind,
    kind: str,
    frame: pd.DataFrame,
    *,
    file_name: str | None,
    sha256: str | None,
    user: str | None,
    rows_read: int,
    rows_rejected: int = 0,
    rows_duplicate: int = 0,
    warnings: Sequence[str] = (),
    is_demo: bool = False,
) -> int:
    """Store ``frame`` (canonical columns of ``kind``) as one batch; return its id.

    One transaction holding the write lock: the batch row, the fact rows (bulk insert: SQLite
    ``executemany``, PostgreSQL ``COPY``), the monthly aggregates, the enterprise directory
    rows, the data version and an audit row (action ``batch_load``). For appeals, ids that
    repeat within the frame or that another batch already holds (e.g. one committed by a
    concurrent upload since the caller checked) are skipped and added to ``rows_duplicate``,
    so nothing is counted twice; the batch row keeps the exact counts (see :func:`get_batch`).

    Raises
    ------
    KeyError
        For an unknown kind (the message lists the valid ones).
    ValueError
        When a column cannot be stored (the message names it); nothing is stored.
    NothingStored
        When every appeal was stored by another load meanwhile; no batch is made.
    """
    storage = schema.fact_table(kind)
    columns = _canonical_columns(kind, frame)
    # The aggregates are computed in a helper thread while the fact rows go in: the database
    # works on the rows meanwhile (the PostgreSQL server in its own process, SQLite with the
    # GIL released), so the two overlap on a second core.
    with gc_paused(), writing(bind) as connection, ThreadPoolExecutor(1) as helper:
        pending = helper.submit(derived_tables, kind, columns)
        batches = schema.batches
        batch_id = connection.execute(
            batches.insert()
            .values(
                kind=kind,
                file_name=file_name,
                sha256=sha256,
                rows_read=int(rows_read),
                rows_loaded=len(frame),
                rows_rejected=int(rows_rejected),
                rows_duplicate=int(rows_duplicate),
                warnings=json.dumps(list(warnings), ensure_ascii=False),
                user_name=user,
                created_at=schema.utc_now(),
                status="loaded",
                is_demo=bool(is_demo),
            )
            .returning(batches.c.id)
        ).scalar_one()
        skipped = 0
        if kind == "appeals" and len(frame):
            columns, skipped = _insert_appeals(connection, columns, batch_id)
            if skipped == len(frame):
                # Another load stored every appeal meanwhile: no batch (the transaction
                # rolls back) rather than one of no rows.
                raise NothingStored(skipped)
            if skipped:
                connection.execute(
                    batches.update()
                    .where(batches.c.id == batch_id)
                    .values(
                        rows_loaded=len(frame) - skipped, rows_duplicate=rows_duplicate + skipped
                    )
                )
        else:
            insert_frame(connection, storage.table, columns.of_batch(batch_id=batch_id))
        loaded = len(columns.index) if columns else 0
        # Appeals skipped as already stored must not count: aggregate what went in.
        derived_frames = pending.result() if not skipped else derived_tables(kind, columns)
        for table_name, derived in derived_frames.items():
            if not derived.empty:
                table = schema.metadata.tables[table_name]
                insert_frame(
                    connection, table, Columns(derived.items()).of_batch(batch_id=batch_id)
                )
        bump_version(connection)
        _audit(
            connection,
            user,
            "batch_load",
            {"batch_id": batch_id, "kind": kind, "file_name": file_name, "rows": loaded},
        )
    return int(batch_id)


def _audit(connection: sa.Connection, user: str | None, action: str, detail: dict) -> None:
    connection.execute(
        schema.audit_log.insert().values(
            at=schema.utc_now(),
            user_name=user,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def find_batch_by_sha256(bind: Bind, sha: str) -> int | None:
    """Return the id of the loaded (not undone) batch made from the file with hash ``sha``."""
    table = schema.batches
    with reading(bind) as connection:
        found = connection.execute(
            sa.select(table.c.id)
            .where(table.c.sha256 == sha, table.c.status == "loaded")
            .order_by(table.c.id)
            .limit(1)
        ).scalar()
    return None if found is None else int(found)


def existing_appeal_ids(bind: Bind, ids: Iterable) -> set[str]:
    """Return the members of ``ids`` that stored appeals already carry.

    Efficient for a million ids: small sets go through ``IN``, large ones through a temporary
    table joined on the unique appeal-id index.
    """
    appeals = schema.appeals
    with gc_paused(), reading(bind) as connection:
        any_stored = connection.execute(
            sa.select(appeals.c.appeal_id).where(appeals.c.appeal_id.is_not(None)).limit(1)
        ).first()
        if any_stored is None:
            return set()
        wanted = distinct_strings(ids)
        if not wanted:
            return set()
        if len(wanted) <= _IN_LIMIT:
            rows = connection.execute(
                sa.select(appeals.c.appeal_id).where(appeals.c.appeal_id.in_(wanted))
            )
            return {row[0] for row in rows}
        return _existing_through_temp_table(connection, wanted)


def _existing_through_temp_table(connection: sa.Connection, wanted: list[str]) -> set[str]:
    temp = sa.Table(
        "ltm_wanted_appeal_ids",
        sa.MetaData(),
        # The stored column's type, collation included, so the join compares like with like.
        sa.Column("appeal_id", schema.appeals.c.appeal_id.type),
        prefixes=["TEMPORARY"],
    )
    temp.drop(connection, checkfirst=True)
    temp.create(connection)
    try:
        insert_rows(connection, temp, ["appeal_id"], [(value,) for value in wanted])
        rows = connection.execute(
            sa.select(schema.appeals.c.appeal_id).join(
                temp, temp.c.appeal_id == schema.appeals.c.appeal_id
            )
        )
        return {row[0] for row in rows}
    finally:
        temp.drop(connection)


def get_batch(bind: Bind, batch_id: int) -> dict[str, Any] | None:
    """Return one batch row as a dict (warnings decoded), or None when it does not exist."""
    with reading(bind) as connection:
        row = connection.execute(
            sa.select(schema.batches).where(schema.batches.c.id == int(batch_id))
        ).first()
    if row is None:
        return None
    record = dict(row._mapping)
    record["warnings"] = json.loads(record["warnings"] or "[]")
    return record


def undo_batch(bind: Bind, batch_id: int, user: str | None) -> dict[str, Any]:
    """Remove every row of batch ``batch_id`` (facts and aggregates) and mark it undone.

    One transaction under the write lock; writes an audit row (action ``batch_undo``).
    Returns ``{"batch_id", "kind", "rows_deleted"}``.

    Raises
    ------
    KeyError
        When no such batch exists.
    ValueError
        When the batch was already undone.
    """
    batch_id = int(batch_id)
    with writing(bind) as connection:
        batch = connection.execute(
            sa.select(schema.batches.c.kind, schema.batches.c.status).where(
                schema.batches.c.id == batch_id
            )
        ).first()
        if batch is None:
            raise KeyError(f"Batch {batch_id} does not exist")
        if batch.status != "loaded":
            raise ValueError(f"Batch {batch_id} was already undone")
        fact = schema.fact_table(batch.kind).table
        deleted = 0
        for table in schema.BATCH_TABLES:
            result = connection.execute(table.delete().where(table.c.batch_id == batch_id))
            if table is fact:
                deleted = int(result.rowcount or 0)
        connection.execute(
            schema.batches.update()
            .where(schema.batches.c.id == batch_id)
            .values(status="undone", undone_at=schema.utc_now(), undone_by=user)
        )
        bump_version(connection)
        _audit(
            connection,
            user,
            "batch_undo",
            {"batch_id": batch_id, "kind": batch.kind, "rows_deleted": deleted},
        )
    return {"batch_id": batch_id, "kind": batch.kind, "rows_deleted": deleted}


BATCH_COLUMNS = [
    "id",
    "kind",
    "file_name",
    "sha256",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "rows_duplicate",
    "warnings",
    "user_name",
    "created_at",
    "status",
    "undone_at",
    "undone_by",
    "is_demo",
]


def list_batches(bind: Bind) -> pd.DataFrame:
    """Return every batch, newest first, with the columns of ``batches`` (warnings decoded)."""
    with reading(bind) as connection:
        rows = connection.execute(
            sa.select(schema.batches).order_by(schema.batches.c.id.desc())
        ).all()
    frame = pd.DataFrame([dict(row._mapping) for row in rows], columns=BATCH_COLUMNS)
    frame["warnings"] = [json.loads(value or "[]") for value in frame["warnings"]]
    return frame


def _any_loaded(bind: Bind, is_demo: bool) -> bool:
    table = schema.batches
    with reading(bind) as connection:
        found = connection.execute(
            sa.select(table.c.id)
            .where(table.c.status == "loaded", table.c.is_demo.is_(is_demo))
            .limit(1)
        ).first()
    return found is not None


def is_synthetic(bind: Bind) -> bool:
    """Return True when any loaded batch is synthetic demo data (every screen says so)."""
    return _any_loaded(bind, True)


def has_uploaded_data(bind: Bind) -> bool:
    """Return True when any loaded batch came from a real upload (not the demo)."""
    return _any_loaded(bind, False)


def clear_all(bind: Bind, user: str | None = None) -> None:
    """Delete every batch and its rows (users, audit log and regions stay); one transaction."""
    with writing(bind) as connection:
        for table in schema.BATCH_TABLES:
            connection.execute(table.delete())
        connection.execute(schema.batches.delete())
        bump_version(connection)
        _audit(connection, user, "clear_all", {})
