"""Shared fixtures: real databases (a SQLite file and a fresh PostgreSQL database)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

# One definition of the browser fixtures for the whole session: a second Playwright
# instance in the same worker cannot start while the first one runs.
from tests.browser import app_server, chromium, demo_db_url  # noqa: F401

PG_ADMIN_URL = os.environ.get("LTM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
# Every visible string must come from a catalog: a missing key fails the test that shows it.
os.environ.setdefault("LTM_I18N_STRICT", "1")


def _pg_available() -> str | None:
    """Return None when PostgreSQL answers, else the reason it does not."""
    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as exc:  # any driver error means: no server to test against
        return f"PostgreSQL at {PG_ADMIN_URL} is not reachable: {exc.__class__.__name__}"
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    """Return the admin URL of the test PostgreSQL server; skip (fail in CI) without it."""
    reason = _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: a missing server fails the run)")
        pytest.skip(reason)
    return PG_ADMIN_URL


def _fresh_pg_database(admin_url: str) -> tuple[str, sa.Engine, str]:
    name = f"ltm_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return url, admin, name


def _drop_pg_database(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """Return the URL of a new, empty PostgreSQL database, dropped after the test."""
    url, admin, name = _fresh_pg_database(pg_server)
    try:
        yield url
    finally:
        _drop_pg_database(admin, name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """Return the URL of a new SQLite file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'ltm.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Return an empty database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")
