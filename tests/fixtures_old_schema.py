"""Databases made by earlier releases: the schema at an older migration, filled with rows.

Test data is code: :func:`build_database_at` runs the store's migrations up to a given
revision (what that release's ``init_db`` made), reflects the tables *as they were then* and
writes rows into every one of them, typed by the old columns -- so the builder keeps working
when a new revision adds, widens or moves columns. :func:`stored_rows` reads them back for
the comparison after ``alembic upgrade head``.

Rows are deterministic. Values follow the column's type, with a few names given the shape
the store gives them (ISO region codes, ``YYYY-MM`` months, valid BINs, JSON lists), and the
``regions`` table holds the real reference rows, since ``init_db`` refreshes those to the
reference anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from geo import load_regions
from tests import files
from utils import store

#: Values by column name where the store gives a column a fixed shape.
NAMED_VALUES = {
    "warnings": lambda i: "[]",
    "detail": lambda i: "{}",
    "status": lambda i: "loaded",
    "kind": lambda i: "appeals",
    "role": lambda i: "viewer",
    "granularity": lambda i: "month",
    "category": lambda i: ["wage_arrears", "dismissal", "other"][i % 3],
    "month": lambda i: f"2024-{i % 12 + 1:02d}",
    "period": lambda i: f"2024-{i % 12 + 1:02d}",
    "region": lambda i: load_regions()["code"].iloc[i % 20],
    "token": lambda i: hashlib.md5(str(i).encode()).hexdigest(),
    "sha256": lambda i: hashlib.sha256(str(i).encode()).hexdigest(),
}


def revisions() -> list[str]:
    """Return every revision of the store's migrations, oldest first."""
    script = ScriptDirectory.from_config(store.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head() -> str:
    """Return the newest revision."""
    return ScriptDirectory.from_config(store.alembic_config()).get_current_head()


def upgrade(url: str, revision: str) -> None:
    """Run the migrations of ``url`` up to ``revision`` (``alembic upgrade REVISION``)."""
    engine = store.get_engine(url)
    with engine.begin() as connection:
        command.upgrade(store.alembic_config(connection), revision)
    engine.dispose()


def _value(table: str, column: sa.Column, i: int) -> Any:
    name = column.name
    kind = column.type
    if name in NAMED_VALUES and isinstance(kind, sa.String):
        value = NAMED_VALUES[name](i)
    elif isinstance(kind, sa.String) and (name == "bin" or name.endswith("_bin")):
        value = files.valid_bin(i + 1)
    elif isinstance(kind, sa.Boolean):
        return i % 2 == 0
    elif isinstance(kind, sa.Integer):
        return i + 1
    elif isinstance(kind, sa.Float | sa.Numeric):
        return 1.5 * (i + 1)
    elif isinstance(kind, sa.DateTime):
        return dt.datetime(2024, 1, 1, 12, 0) + dt.timedelta(hours=i)
    elif isinstance(kind, sa.Date):
        return dt.date(2024, 1, 1) + dt.timedelta(days=i)
    elif isinstance(kind, sa.String):
        value = f"{table}.{name} {i}"
    else:
        raise TypeError(f"no test value for {table}.{name} of type {kind!r}")
    length = getattr(kind, "length", None)
    return value[:length] if length else value


def _generated_key(column: sa.Column) -> bool:
    """Return True for a primary key the database numbers itself (sequence or identity)."""
    return column.primary_key and (
        column.server_default is not None or getattr(column, "identity", None) is not None
    )


def _region_rows(table: sa.Table) -> list[dict[str, Any]]:
    frame = load_regions()
    rows = []
    for record in frame.to_dict("records"):
        row = {}
        for column in table.columns:
            value = record.get(column.name)
            if column.name == "kato":
                value = str(value)
            elif value is not None and value == value and isinstance(column.type, sa.Integer):
                value = int(value)
            elif value != value:  # NaN
                value = None
            row[column.name] = value
        rows.append(row)
    return rows


def build_database_at(url: str, revision: str, rows: int = 3) -> dict[str, list[dict]]:
    """Create the schema of ``revision`` on the empty database ``url`` and fill every table.

    Returns
    -------
    dict of str to list of dict
        The rows stored in each table, read back (with the numbers the database gave).
    """
    upgrade(url, revision)
    engine = store.get_engine(url)
    old = sa.MetaData()
    old.reflect(engine)
    with engine.begin() as connection:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            if table.name == "regions":
                records = _region_rows(table)
            else:
                count = 1 if table.name == "data_state" else rows
                records = [
                    {
                        column.name: _value(table.name, column, i)
                        for column in table.columns
                        if not _generated_key(column)
                    }
                    for i in range(count)
                ]
            connection.execute(table.insert(), records)
    engine.dispose()
    return stored_rows(url, [t for t in old.tables if t != "alembic_version"])


def stored_rows(url: str, tables: list[str]) -> dict[str, list[dict]]:
    """Return the rows of ``tables`` in primary-key order, as plain dicts."""
    engine = store.get_engine(url)
    current = sa.MetaData()
    current.reflect(engine, only=tables)
    out = {}
    with engine.connect() as connection:
        for name in tables:
            table = current.tables[name]
            order = list(table.primary_key.columns) or list(table.columns)
            out[name] = [
                dict(row._mapping) for row in connection.execute(sa.select(table).order_by(*order))
            ]
    engine.dispose()
    return out
