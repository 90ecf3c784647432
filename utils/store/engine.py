"""Engines, connections and schema upgrades: the one place that opens the database.

Other store modules take "an engine or a connection" and go through :func:`reading` and
:func:`writing`, which normalise the argument. Import the public names from ``utils.store``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from utils import settings
from utils.store import schema

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_DIR / "data" / "ltm.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: Key of the PostgreSQL advisory lock that serialises loads, undos and upgrades.
WRITE_LOCK_KEY = 7_411_020_251

Bind = sa.Engine | sa.Connection


class StoreUnavailable(RuntimeError):
    """The database cannot be reached; the message is one sentence for the user."""


def database_url(url: str | None = None) -> str:
    """Return the database URL in force: ``url``, else ``DATABASE_URL``, else the SQLite file.

    Plain ``postgresql://`` and ``postgres://`` URLs are rewritten to use psycopg 3.
    """
    url = url or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _configure_sqlite(engine: sa.Engine) -> None:
    """WAL, a generous busy timeout, foreign keys, and explicit BEGIN (IMMEDIATE for writes)."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit BEGIN is deferred and cannot
        # take the write lock up front).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("ltm_sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def get_engine(url: str | None = None) -> sa.Engine:
    """Return an engine for ``url`` (else ``DATABASE_URL``, else ``data/ltm.db``).

    SQLite files run in WAL mode with a 60 s busy timeout and foreign keys on; their folder is
    created when missing, and a new file is created readable by its owner only (it holds
    password hashes and the audit log; SQLite gives its WAL and shared-memory files the same
    mode). PostgreSQL goes through psycopg 3 with pre-ping, so the app recovers when the
    server comes back, and with the timeouts of the settings section ``database``: connect
    (5 s), statement (600 s) and lock wait (60 s), so a stuck query or a held lock cannot
    hold a connection of the pool for ever.
    """
    resolved = sa.make_url(database_url(url))
    if resolved.get_backend_name() == "sqlite":
        if resolved.database and resolved.database != ":memory:":
            _create_private_file(Path(resolved.database))
        engine = sa.create_engine(resolved)
        _configure_sqlite(engine)
        return engine
    connect_args = _postgresql_args() if resolved.get_backend_name() == "postgresql" else {}
    return sa.create_engine(resolved, pool_pre_ping=True, connect_args=connect_args)


def _postgresql_args() -> dict[str, object]:
    """Return psycopg's connect arguments: the timeouts of the settings section ``database``."""
    section = settings.get("database")
    statement = int(float(section["statement_timeout_seconds"]) * 1000)
    lock = int(float(section["lock_timeout_seconds"]) * 1000)
    return {"connect_timeout": int(section["connect_timeout_seconds"]),
            "options": f"-c statement_timeout={statement} -c lock_timeout={lock}"}


def _create_private_file(path: Path) -> None:
    """Create ``path`` and its folder, the file with mode 0600, unless it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def describe(bind: Bind) -> str:
    """Return the database named without its password, for messages."""
    engine = bind if isinstance(bind, sa.Engine) else bind.engine
    return engine.url.render_as_string(hide_password=True)


def _unavailable(bind: Bind, exc: Exception) -> StoreUnavailable:
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    reason = lines[0].rstrip(".") if lines else type(cause).__name__
    return StoreUnavailable(f"The database {describe(bind)} is not reachable ({reason}).")


def _open(engine: sa.Engine, **options) -> sa.Connection:
    try:
        connection = engine.connect()
        if options:
            connection = connection.execution_options(**options)
        return connection
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        raise _unavailable(engine, exc) from exc


@contextmanager
def reading(bind: Bind) -> Iterator[sa.Connection]:
    """Yield a connection for reading: ``bind`` itself, or a new one from an engine."""
    if isinstance(bind, sa.Connection):
        yield bind
        return
    if not isinstance(bind, sa.Engine):
        raise TypeError(f"Expected a SQLAlchemy Engine or Connection, got {type(bind).__name__}")
    with _open(bind) as connection:
        yield connection


def _take_write_lock(connection: sa.Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


@contextmanager
def writing(bind: Bind) -> Iterator[sa.Connection]:
    """Yield a connection inside one write transaction that holds the store's write lock.

    With an engine the transaction commits when the block ends and rolls back on any error.
    SQLite takes the database write lock up front (``BEGIN IMMEDIATE``); PostgreSQL takes a
    transaction-level advisory lock, so concurrent loads and undos run one after the other and
    each lands whole. With a connection the caller owns the transaction.
    """
    if isinstance(bind, sa.Connection):
        if not bind.in_transaction():
            with bind.begin():
                _take_write_lock(bind)
                yield bind
            return
        _take_write_lock(bind)
        yield bind
        return
    if not isinstance(bind, sa.Engine):
        raise TypeError(f"Expected a SQLAlchemy Engine or Connection, got {type(bind).__name__}")
    with _open(bind, ltm_sqlite_begin="IMMEDIATE") as connection:
        try:
            transaction = connection.begin()
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise _unavailable(bind, exc) from exc
        with transaction:
            _take_write_lock(connection)
            yield connection


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Return the Alembic configuration of the store (no ``alembic.ini`` needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def init_db(bind: Bind) -> None:
    """Create or upgrade the schema (``alembic upgrade head``) and refresh the regions rows.

    Idempotent: on an up-to-date database it changes nothing. Safe to call from several
    processes at once (the write lock serialises them).
    """
    from geo import load_regions

    with writing(bind) as connection:
        command.upgrade(alembic_config(connection), "head")
        _refresh_regions(connection, load_regions())
        if connection.execute(sa.select(schema.data_state.c.id)).first() is None:
            connection.execute(
                schema.data_state.insert().values(
                    id=1, token=uuid.uuid4().hex, version=0, changed_at=schema.utc_now()
                )
            )


def _refresh_regions(connection: sa.Connection, frame) -> None:
    columns = [c.name for c in schema.regions.columns]
    records = frame.reindex(columns=columns).astype(object)
    records = records.where(records.notna(), None).to_dict("records")
    for record in records:
        record["kato"] = str(record["kato"])
        if record["employed_year"] is not None:
            record["employed_year"] = int(record["employed_year"])
    current = {
        tuple(row)[0]: dict(row._mapping) for row in connection.execute(sa.select(schema.regions))
    }
    for record in records:
        existing = current.get(record["code"])
        if existing is None:
            connection.execute(schema.regions.insert().values(**record))
        elif existing != record:
            connection.execute(
                schema.regions.update()
                .where(schema.regions.c.code == record["code"])
                .values(**record)
            )


def bump_version(connection: sa.Connection) -> None:
    """Advance the data version inside the caller's write transaction."""
    table = schema.data_state
    connection.execute(
        table.update()
        .where(table.c.id == 1)
        .values(version=table.c.version + 1, changed_at=schema.utc_now())
    )


def data_version(bind: Bind) -> str:
    """Return a short string that changes on every load, undo and clear of the data.

    Cheap (one primary-key lookup); UI caches key on it. It includes a token made when the
    database was created, so two databases never share a version.
    """
    table = schema.data_state
    with reading(bind) as connection:
        row = connection.execute(
            sa.select(table.c.token, table.c.version).where(table.c.id == 1)
        ).first()
    return "empty" if row is None else f"{row.token[:8]}-{row.version}"
