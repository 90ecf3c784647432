"""What the store can hold: the limits of its columns, sums and indexes, checked before a load.

Both backends must accept every row a validation report accepts, and PostgreSQL is the
stricter one: whole numbers of an ``INTEGER`` column stop at 2 147 483 647, a ``VARCHAR(n)``
holds ``n`` characters, text holds no NUL character, and a B-tree index row holds at most
2 704 bytes. A load also keeps monthly sums per region (and per enterprise) in the aggregate
tables, which have the same limits: two rows that each fit may pass the limit together.

:func:`limit_excesses` reads these limits from the tables themselves (``schema``) and returns,
for a canonical frame of one extract kind, every row that would pass one, with the reason in
plain English. Ingest turns them into row errors of its report (:mod:`utils.ingest.validate`),
so a commit never meets a value the database refuses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import psycopg
import sqlalchemy as sa

from utils.store import schema
from utils.store.bulk import integer_range

#: Longest text (in UTF-8 bytes) of an indexed column. PostgreSQL refuses a B-tree index row
#: over 2 704 bytes; the text shares it with the other columns of the index and the row
#: header, and may be stored compressed or not, so the limit keeps a wide margin.
INDEX_TEXT_BYTES = 2000

#: What a load raises when the database refuses a value after all (a limit this module does
#: not know): the caller says so in one sentence instead of failing with a traceback.
REFUSED_VALUES: tuple[type[Exception], ...] = (
    ValueError,
    sa.exc.DataError,
    sa.exc.IntegrityError,
    sqlite3.DataError,
    sqlite3.IntegrityError,
    psycopg.DataError,
    psycopg.IntegrityError,
    psycopg.errors.ProgramLimitExceeded,
)

# Reasons, in the words of a validation report (shared with the catalog and the tests).
NUL_CHARACTER = "contains a NUL character (byte 0), which the database cannot store"
TOTAL_NOT_FINITE = (
    "with the rows above it, the month's total is too large for the database to add up"
)
NUMBER_NOT_FINITE = "number too large for the database"


def number_too_large(high: int) -> str:
    """Return the reason for a whole number above ``high``, the column's largest."""
    return f"number above {high:,}, the largest whole number the database stores"


def number_too_small(low: int) -> str:
    """Return the reason for a whole number below ``low``, the column's smallest."""
    return f"number below {low:,}, the smallest whole number the database stores"


def total_too_large(high: int) -> str:
    """Return the reason for a row whose month's total (with the rows above it) passes ``high``."""
    return f"with the rows above it, the month's total passes {high:,}, the largest whole " \
        "number the database stores"


def text_too_long(characters: int) -> str:
    """Return the reason for a text longer than the column's ``characters``."""
    return f"longer than {characters:,} characters, the most the database stores here"


def text_too_large_for_index(size: int) -> str:
    """Return the reason for a text longer than ``size`` bytes in an indexed column."""
    return f"longer than {size:,} bytes, the most the database indexes"


@dataclass(frozen=True)
class Excess:
    """Rows of a frame that pass one limit of the store.

    Attributes
    ----------
    column
        The canonical column whose value passes it.
    rows
        Positions (0-based) of the rows in the frame.
    reason
        Why, as a validation report says it.
    """

    column: str
    rows: np.ndarray
    reason: str


def _text_columns(table: sa.Table) -> dict[str, int | None]:
    """Return the text columns of ``table`` with their length in characters (None: any)."""
    return {
        column.name: getattr(column.type, "length", None)
        for column in table.columns
        if isinstance(column.type, sa.String)
    }


def _indexed(table: sa.Table) -> set[str]:
    return {column.name for index in table.indexes for column in index.columns}


def _text_excesses(name: str, values: pd.Series, length: int | None,
                   indexed: bool) -> Iterator[Excess]:
    """Yield the rows of a text column holding a NUL, or longer than the store holds.

    A million cells are looked at in C where it can be: one search of all the texts joined
    for a NUL, the longest text against the limit; a row-by-row look only when one passes.
    """
    present = values.notna().to_numpy()
    if not present.any():
        return
    cells = values.to_numpy(dtype=object)[present]
    try:
        joined = "".join(cells)
    except TypeError:  # not all text: written as the store would write it
        cells = np.array([str(cell) for cell in cells], dtype=object)
        joined = "".join(cells)
    where = np.flatnonzero(present)
    nul = np.zeros(len(cells), dtype=bool)
    if "\x00" in joined:
        nul = np.fromiter(("\x00" in cell for cell in cells), dtype=bool, count=len(cells))
        yield Excess(name, where[nul], NUL_CHARACTER)
    del joined
    # A character takes at most 4 bytes: only texts past a quarter of the index limit may
    # pass it.
    limit = length if length is not None else INDEX_TEXT_BYTES // 4 if indexed else None
    if limit is None or max(map(len, cells)) <= limit:
        return
    characters = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
    if length is not None:
        over = (characters > length) & ~nul
        if over.any():
            yield Excess(name, where[over], text_too_long(length))
        return
    long = np.flatnonzero(characters > limit)
    sizes = np.array([len(cell.encode("utf-8")) for cell in cells[long]], dtype=np.int64)
    over = np.zeros(len(cells), dtype=bool)
    over[long[sizes > INDEX_TEXT_BYTES]] = True
    over &= ~nul
    if over.any():
        yield Excess(name, where[over], text_too_large_for_index(INDEX_TEXT_BYTES))


def _number_excesses(name: str, values: pd.Series, column: sa.Column) -> Iterator[Excess]:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    if isinstance(column.type, sa.Integer):
        low, high = integer_range(column)
        with np.errstate(invalid="ignore"):
            if (numbers > high).any():
                yield Excess(name, np.flatnonzero(numbers > high), number_too_large(high))
            if (numbers < low).any():
                yield Excess(name, np.flatnonzero(numbers < low), number_too_small(low))
    elif np.isinf(numbers).any():
        yield Excess(name, np.flatnonzero(np.isinf(numbers)), NUMBER_NOT_FINITE)


def _months(frame: pd.DataFrame, date_column: str) -> pd.Series:
    return pd.Series(
        pd.to_datetime(frame[date_column]).to_numpy(dtype="datetime64[M]"), index=frame.index
    )


def _summed(kind: str) -> list[tuple[list[str], list[sa.Column]]]:
    """Return, per aggregate table of ``kind``, its key columns and its summed columns.

    Both are the aggregate's columns that the fact table also has: the keys are text (month,
    region, category, enterprise), the sums numbers (people, workers, amounts).
    """
    storage = schema.fact_table(kind)
    fact = set(storage.table.columns.keys())
    found = []
    for table_name in storage.aggregates:
        table = schema.metadata.tables[table_name]
        if table is schema.enterprise_directory:
            continue
        shared = [c for c in table.columns if c.name in fact and c.name not in ("id", "batch_id")]
        keys = [c.name for c in shared if isinstance(c.type, sa.String)]
        sums = [c for c in shared if isinstance(c.type, sa.Integer | sa.Float)]
        found.append((keys, sums))
    return found


def _sum_excesses(kind: str, frame: pd.DataFrame, ok: np.ndarray) -> Iterator[Excess]:
    """Yield the rows from which a monthly total of an aggregate passes its column's limit.

    Totals are running sums of absolute values in the order of the file, so the rows kept
    (those before the limit is passed) always add up to a total the column holds.
    """
    storage = schema.fact_table(kind)
    keyed = pd.DataFrame(index=frame.index)
    if storage.date_column is not None:
        keyed["month"] = _months(frame, storage.date_column)
    for keys, sums in _summed(kind):
        present = [key for key in keys if key in frame or key in keyed]
        if not present:
            continue
        groups = pd.DataFrame(
            {key: keyed[key] if key in keyed else frame[key] for key in present}
        )
        for column in sums:
            if column.name not in frame:
                continue
            values = pd.to_numeric(frame[column.name], errors="coerce").astype("float64")
            magnitudes = values.abs().fillna(0).where(ok, 0)
            with np.errstate(over="ignore"):
                whole = float(magnitudes.sum())
            if isinstance(column.type, sa.Integer):
                if whole <= integer_range(column)[1]:
                    continue  # not even the whole file adds up past the limit
            elif np.isfinite(whole):
                continue
            with np.errstate(over="ignore", invalid="ignore"):
                running = magnitudes.groupby(
                    [groups[key] for key in present], dropna=False, sort=False
                ).cumsum().to_numpy()
            if isinstance(column.type, sa.Integer):
                _, high = integer_range(column)
                over = (running > high) & ok
                reason = total_too_large(high)
            else:
                over = ~np.isfinite(running) & ok
                reason = TOTAL_NOT_FINITE
            if over.any():
                yield Excess(column.name, np.flatnonzero(over), reason)


def limit_excesses(kind: str, frame: pd.DataFrame) -> list[Excess]:
    """Return the rows of a canonical ``frame`` of ``kind`` that the store cannot hold.

    Checks every column the fact table has: whole numbers against the column's integer type,
    other numbers for being finite, text against the column's length, NUL characters and
    the size of an indexed text; then the monthly totals the aggregate tables keep (a row is
    refused from the one whose total passes the limit, in file order). A row that passes a
    column's own limit is left out of the totals.
    """
    storage = schema.fact_table(kind)
    table = storage.table
    texts = _text_columns(table)
    indexed = _indexed(table)
    excesses: list[Excess] = []
    for column in table.columns:
        name = column.name
        if name not in frame or name in ("id", "batch_id", "month"):
            continue
        if name in texts:
            if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name]):
                excesses += _text_excesses(name, frame[name], texts[name], name in indexed)
        elif isinstance(column.type, sa.Integer | sa.Float):
            excesses += _number_excesses(name, frame[name], column)
    ok = np.ones(len(frame), dtype=bool)
    for excess in excesses:
        ok[excess.rows] = False
    excesses += _sum_excesses(kind, frame, ok)
    return _merged(excesses)


def _merged(excesses: list[Excess]) -> list[Excess]:
    """Return one excess per column and reason (several aggregates may sum one column)."""
    rows: dict[tuple[str, str], list[np.ndarray]] = {}
    for excess in excesses:
        rows.setdefault((excess.column, excess.reason), []).append(excess.rows)
    return [Excess(column, np.unique(np.concatenate(parts)), reason)
            for (column, reason), parts in rows.items()]
