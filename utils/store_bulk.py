"""Fast bulk writes: canonical frames to DBAPI rows, ``executemany`` on SQLite, COPY on PostgreSQL.

SQLAlchemy's ``insert()`` with a list of dicts costs several microseconds per value; a load of
a million appeals has to go through the driver directly. Values are converted column by column
with numpy (dates to ``YYYY-MM-DD`` text, missing values to ``None``) and zipped into tuples.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import repeat

import numpy as np
import pandas as pd
import sqlalchemy as sa
from psycopg.copy import QueuedLibpqWriter

#: Rows per chunk handed to the driver, to bound memory on very large loads.
CHUNK_ROWS = 200_000


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of row tuples are built and sent.

    The tuples hold no cycles; without the pause the collector walks them again and again.
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


def _dates_as_text(series: pd.Series) -> np.ndarray:
    # Few distinct days in a large extract: format each distinct day once.
    days = pd.to_datetime(series, errors="raise").to_numpy(dtype="datetime64[D]")
    codes, uniques = pd.factorize(days)
    labels = np.append(np.asarray(uniques, dtype="datetime64[D]").astype(str), None)
    return labels.astype(object)[codes]  # code -1 (missing) picks the trailing None


def column_values(
    series: pd.Series, column: sa.Column, missing: np.ndarray | None = None
) -> np.ndarray:
    """Return ``series`` as an object array of DBAPI values for ``column``.

    ``missing`` is the series' NA mask when the caller already has it.

    Raises
    ------
    ValueError
        When a value cannot be stored in the column's type; the message names the column.
    """
    kind = _kind_of(column)
    try:
        if kind == "date":
            return _dates_as_text(series)
        if kind == "text":
            if missing is None:
                missing = series.isna().to_numpy()
            values = series.to_numpy(dtype=object)
            present = values[~missing]
            if series.dtype != object or (len(present) and not isinstance(present[0], str)):
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
            return _object_array(filled.astype(np.int64), missing)
        return _object_array(numbers.astype("Float64").fillna(0).to_numpy(dtype="float64"), missing)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"Column {column.table.name}.{column.name} cannot store the given values: {exc}"
        ) from exc


def frame_rows(
    frame: pd.DataFrame | Mapping[str, pd.Series],
    table: sa.Table,
    constants: Mapping[str, object] | None = None,
) -> tuple[list[str], list[tuple]]:
    """Return ``(columns, rows)`` for ``table``: DBAPI tuples built from ``frame``'s columns.

    ``frame`` is a DataFrame or a mapping of column name to Series (no copy is made);
    ``constants`` (or a ``constants`` attribute of ``frame``) gives columns with one value for
    every row (e.g. the batch id). Only the
    table's columns present with at least one value are sent; the database fills the others
    with NULL.
    """
    constants = {**getattr(frame, "constants", {}), **(constants or {})}
    names = [c.name for c in table.columns if c.name in frame and c.name not in constants]
    length = len(frame[names[0]]) if names else 0
    kept, arrays = [], []
    for name in names:
        series = frame[name]
        missing = series.isna().to_numpy()
        if missing.all():
            continue
        kept.append(name)
        arrays.append(column_values(series, table.c[name], missing).tolist())
    if not length:
        return kept + list(constants), []
    for name, value in constants.items():
        kept.append(name)
        arrays.append(repeat(value, length))
    return kept, list(zip(*arrays, strict=False))


def _chunks(rows: Sequence[tuple], size: int) -> Iterator[Sequence[tuple]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_rows(
    connection: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple]
) -> int:
    """Insert ``rows`` into ``table`` inside the connection's transaction; return the count."""
    if not rows:
        return 0
    driver = connection.connection.driver_connection
    names = ", ".join(f'"{name}"' for name in columns)
    if connection.dialect.name == "postgresql":
        with driver.cursor() as cursor:
            # The queued writer sends to the server in a thread while rows are formatted here.
            writer = QueuedLibpqWriter(cursor)
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN', writer=writer) as copy:
                for row in rows:
                    copy.write_row(row)
        return len(rows)
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        cursor = driver.cursor()
        try:
            for chunk in _chunks(rows, CHUNK_ROWS):
                cursor.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', chunk)
        finally:
            cursor.close()
        return len(rows)
    connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
    return len(rows)


def insert_frame(
    connection: sa.Connection,
    table: sa.Table,
    frame: pd.DataFrame | Mapping[str, pd.Series],
    constants: Mapping[str, object] | None = None,
) -> int:
    """Insert the columns of ``frame`` that ``table`` has (plus ``constants``); return the count."""
    columns, rows = frame_rows(frame, table, constants)
    return insert_rows(connection, table, columns, rows)


def distinct_strings(values: Iterable) -> list[str]:
    """Return the distinct non-empty values of ``values`` as strings."""
    series = pd.Series(values if isinstance(values, pd.Series) else list(values), dtype=object)
    series = series[series.notna()].astype(str)
    return [value for value in pd.unique(series.to_numpy(dtype=object)) if value != ""]
