"""Fast bulk writes: canonical frames to DBAPI rows, ``executemany`` on SQLite, COPY on PostgreSQL.

SQLAlchemy's ``insert()`` with a list of dicts costs several microseconds per value; a load of
a million appeals has to go through the driver directly. Values are converted column by column
with numpy (dates to ``YYYY-MM-DD`` text or dates, missing values to ``None``), chunk by chunk,
and handed to the driver as slices of one 2-D object array: multi-row ``INSERT`` statements on
SQLite, binary ``COPY`` on PostgreSQL.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from psycopg.copy import QueuedLibpqWriter

from utils.store import progress

#: Rows per chunk handed to the driver, to bound memory on very large loads.
CHUNK_ROWS = 200_000
#: Rows per SQLite ``INSERT`` statement (fewer when the driver allows fewer parameters).
ROWS_PER_STATEMENT = 100


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of rows are built and sent.

    The rows (lists and tuples) hold no cycles; without the pause the collector walks them
    again and again, which makes building them several times slower.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _kind_of(column: sa.Column) -> str:
    python_type = column.type.python_type if not isinstance(column.type, sa.Boolean) else bool
    if isinstance(column.type, sa.Date):
        return "date"
    if python_type is bool:
        return "bool"
    if python_type is int:
        return "int"
    if python_type is float:
        return "float"
    return "text"


def _object_array(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
    result = values.astype(object)
    if missing.any():
        result[missing] = None
    return result


def _dates(series: pd.Series, as_text: bool) -> np.ndarray:
    # Few distinct days in a large extract: convert each distinct day once.
    days = pd.to_datetime(series, errors="raise").to_numpy(dtype="datetime64[D]")
    codes, uniques = pd.factorize(days)
    distinct = np.asarray(uniques, dtype="datetime64[D]")
    labels = np.append(distinct.astype(str) if as_text else distinct.astype(object), None)
    return labels.astype(object)[codes]  # code -1 (missing) picks the trailing None


#: Integer column types and the range of values they hold.
_INTEGER_RANGES = {
    sa.SmallInteger: (-(2**15), 2**15 - 1),
    sa.BigInteger: (-(2**63), 2**63 - 1),
    sa.Integer: (-(2**31), 2**31 - 1),
}


def integer_range(column: sa.Column) -> tuple[int, int]:
    """Return the smallest and the largest whole number an integer column holds."""
    for type_, bounds in _INTEGER_RANGES.items():
        if isinstance(column.type, type_):
            return bounds
    return _INTEGER_RANGES[sa.BigInteger]


def column_values(
    series: pd.Series,
    column: sa.Column,
    missing: np.ndarray | None = None,
    *,
    dates_as_text: bool = True,
) -> np.ndarray:
    """Return ``series`` as an object array of DBAPI values for ``column``.

    ``missing`` is the series' NA mask when the caller already has it. Dates are
    ``YYYY-MM-DD`` text, or ``datetime.date`` when ``dates_as_text`` is False; text is
    ``str``, whole numbers ``int`` (checked against the column's integer range), flags
    ``bool``, other numbers ``float``; missing values are ``None``.

    Raises
    ------
    ValueError
        When a value cannot be stored in the column's type; the message names the column.
    """
    kind = _kind_of(column)
    try:
        if kind == "date":
            return _dates(series, as_text=dates_as_text)
        if kind == "text":
            if missing is None:
                missing = series.isna().to_numpy()
            values = series.to_numpy(dtype=object)
            if series.dtype != object or pd.api.types.infer_dtype(values) not in (
                "string",
                "empty",
            ):
                values = series.astype(str).to_numpy(dtype=object)
            return _object_array(values, missing)
        if kind == "bool":
            flags = series.astype("boolean")
            missing = flags.isna().to_numpy()
            return _object_array(flags.fillna(False).to_numpy(dtype=bool), missing)
        numbers = pd.to_numeric(series, errors="raise")
        missing = numbers.isna().to_numpy()
        if kind == "int":
            filled = numbers.astype("Float64").fillna(0).to_numpy(dtype="float64")
            if not np.array_equal(filled, np.round(filled)):
                raise ValueError("holds fractions")
            low, high = integer_range(column)
            if len(filled) and (filled.min() < low or filled.max() > high):
                raise ValueError(f"holds numbers outside {low:,}..{high:,}")
            return _object_array(filled.astype(np.int64), missing)
        return _object_array(numbers.astype("Float64").fillna(0).to_numpy(dtype="float64"), missing)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"Column {column.table.name}.{column.name} cannot store the given values: {exc}"
        ) from exc


@dataclass
class _Plan:
    """What a bulk insert of a frame sends: columns with a value, constants, row count."""

    columns: list[str]
    missing: list[np.ndarray]
    constants: dict[str, object]
    length: int

    @property
    def names(self) -> list[str]:
        return self.columns + list(self.constants)


def _plan(
    frame: pd.DataFrame | Mapping[str, pd.Series],
    table: sa.Table,
    constants: Mapping[str, object] | None,
) -> _Plan:
    constants = {**getattr(frame, "constants", {}), **(constants or {})}
    names = [c.name for c in table.columns if c.name in frame and c.name not in constants]
    length = len(frame[names[0]]) if names else 0
    kept, masks = [], []
    for name in names:
        missing = frame[name].isna().to_numpy()
        if not missing.all():
            kept.append(name)
            masks.append(missing)
    return _Plan(kept, masks, constants, length)


def _values(
    frame: pd.DataFrame | Mapping[str, pd.Series],
    table: sa.Table,
    plan: _Plan,
    rows: slice,
    dates_as_text: bool,
) -> list[np.ndarray]:
    """Return the DBAPI values of ``rows`` of the planned columns, constants last."""
    arrays = [
        column_values(
            frame[name].iloc[rows], table.c[name], missing[rows], dates_as_text=dates_as_text
        )
        for name, missing in zip(plan.columns, plan.missing, strict=True)
    ]
    size = len(range(plan.length)[rows])
    for value in plan.constants.values():
        constant = np.empty(size, dtype=object)
        constant.fill(value)
        arrays.append(constant)
    return arrays


def _grid(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """Return columns of equal length as one 2-D object array of rows (pointers only)."""
    grid = np.empty((len(arrays[0]), len(arrays)), dtype=object)
    for position, array in enumerate(arrays):
        grid[:, position] = array
    return grid


def _insert_sqlite(
    driver: sqlite3.Connection, table: sa.Table, columns: Sequence[str], grids: Iterable[np.ndarray]
) -> None:
    """Insert with ``executemany`` of multi-row ``VALUES`` statements.

    One statement per row costs SQLite a statement start and a reset per row; a statement of
    a hundred rows halves the time of a million-row load. The rows are sliced out of each
    grid of rows as flat lists, without building a tuple per row.
    """
    width = len(columns)
    limit = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, min(ROWS_PER_STATEMENT, limit // width))
    names = ", ".join(f'"{name}"' for name in columns)
    one_row = "(" + ", ".join("?" * width) + ")"
    insert = f'INSERT INTO "{table.name}" ({names}) VALUES '
    cursor = driver.cursor()
    try:
        for grid in grids:
            whole = len(grid) - len(grid) % per_statement
            if whole:
                cursor.executemany(
                    insert + ", ".join([one_row] * per_statement),
                    grid[:whole].reshape(-1, per_statement * width).tolist(),
                )
            if whole < len(grid):
                cursor.executemany(insert + one_row, grid[whole:].tolist())
    finally:
        cursor.close()


#: PostgreSQL types whose binary COPY form psycopg writes from the values of
#: :func:`column_values` (VARCHAR travels as text).
_BINARY_COPY_TYPES = {
    "SMALLINT": "int2",
    "INTEGER": "int4",
    "BIGINT": "int8",
    "DATE": "date",
    "DOUBLE PRECISION": "float8",
    "BOOLEAN": "bool",
    "TEXT": "text",
}


def _binary_copy_types(
    connection: sa.Connection, table: sa.Table, columns: Sequence[str]
) -> list[str] | None:
    """Return the binary COPY type of each column, or None when one has no binary form."""
    types = []
    for name in columns:
        declared = table.c[name].type.compile(dialect=connection.dialect)
        declared = "TEXT" if declared.startswith("VARCHAR") else declared
        if declared not in _BINARY_COPY_TYPES:
            return None
        types.append(_BINARY_COPY_TYPES[declared])
    return types


def _copy_postgresql(
    driver: object,
    table: sa.Table,
    columns: Sequence[str],
    grids: Iterable[np.ndarray | Iterable[Sequence]],
    binary_types: Sequence[str] | None = None,
) -> None:
    """COPY the rows in (2-D object arrays or iterables of rows); binary with ``binary_types``."""
    names = ", ".join(f'"{name}"' for name in columns)
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    if binary_types is not None:
        statement += " (FORMAT BINARY)"
    with driver.cursor() as cursor:
        # The queued writer sends to the server in a thread: the server stores one chunk
        # while the next is converted and formatted here.
        writer = QueuedLibpqWriter(cursor)
        with cursor.copy(statement, writer=writer) as copy:
            if binary_types is not None:
                copy.set_types(list(binary_types))
            for grid in grids:
                for row in grid.tolist() if isinstance(grid, np.ndarray) else grid:
                    copy.write_row(row)


def _insert_grids(
    connection: sa.Connection,
    table: sa.Table,
    columns: list[str],
    grids: Iterable[np.ndarray | Iterable[tuple]],
    binary_types: Sequence[str] | None = None,
) -> None:
    driver = connection.connection.driver_connection
    with gc_paused():
        if connection.dialect.name == "postgresql":
            _copy_postgresql(driver, table, columns, grids, binary_types)
        elif connection.dialect.name == "sqlite":
            _insert_sqlite(driver, table, columns, grids)
        else:
            for grid in grids:
                rows = grid.tolist()
                connection.execute(
                    table.insert(), [dict(zip(columns, row, strict=True)) for row in rows]
                )


def insert_rows(
    connection: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple]
) -> int:
    """Insert ``rows`` into ``table`` inside the connection's transaction; return the count."""
    if not rows:
        return 0

    def grids() -> Iterator[np.ndarray | Sequence[tuple]]:
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            if connection.dialect.name == "postgresql":
                yield chunk  # COPY takes the rows as they are
                continue
            grid = np.empty((len(chunk), len(columns)), dtype=object)
            grid[:] = chunk
            yield grid

    _insert_grids(connection, table, list(columns), grids())
    return len(rows)


def insert_frame(
    connection: sa.Connection,
    table: sa.Table,
    frame: pd.DataFrame | Mapping[str, pd.Series],
    constants: Mapping[str, object] | None = None,
) -> int:
    """Insert the columns of ``frame`` that ``table`` has (plus ``constants``); return the count.

    ``frame`` is a DataFrame or a mapping of column name to Series (no copy is made);
    ``constants`` (or a ``constants`` attribute of ``frame``) gives columns with one value for
    every row (e.g. the batch id). Only the table's columns present with at least one value
    are sent; the database fills the others with NULL.

    The rows are converted (:func:`column_values`) and sent chunk by chunk, so on PostgreSQL
    the server stores one chunk while the next is prepared. They travel there as binary COPY:
    the values are typed and range-checked, so the server has no text to parse.
    """
    plan = _plan(frame, table, constants)
    if not plan.length:
        return 0
    binary_types = None
    if connection.dialect.name == "postgresql":
        binary_types = _binary_copy_types(connection, table, plan.names)
    dates_as_text = binary_types is None

    def grids() -> Iterator[np.ndarray | Iterable[tuple]]:
        for start in range(0, plan.length, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, plan.length)
            arrays = _values(frame, table, plan, slice(start, stop), dates_as_text)
            if binary_types is not None:
                # COPY takes any sequence per row: tuples zipped from the columns' lists
                # cost a fraction of a 2-D array's ``tolist()``, which builds a list per row.
                yield zip(*(array.tolist() for array in arrays), strict=True)
            else:
                yield _grid(arrays)
            progress.report(table.name, stop, plan.length)

    progress.report(table.name, 0, plan.length)
    _insert_grids(connection, table, plan.names, grids(), binary_types)
    return plan.length


def distinct_strings(values: Iterable) -> list[str]:
    """Return the distinct non-empty values of ``values`` as strings."""
    series = pd.Series(values if isinstance(values, pd.Series) else list(values), dtype=object)
    series = series[series.notna()].astype(str)
    return [value for value in pd.unique(series.to_numpy(dtype=object)) if value != ""]
