"""Faults: a load killed half-way, a database that is not there, files that are broken.

Each case runs the real command line (``python cli.py ingest``) in a child process against a
real SQLite file or PostgreSQL database and then checks the stored rows themselves.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from tests import files
from utils import i18n, ingest, store
from utils.store import schema

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "cli.py"
CLOSED_PORT_URL = "postgresql://127.0.0.1:1/ltm"
#: Rows of the file a test interrupts: enough to hold the write lock for about a second.
LARGE = 600_000


# --- helpers shared with the deployment tests -------------------------------------------


def write_appeals_csv(
    path: Path, rows: int, *, prefix: str, month: str = "2025-03", seed: int = 1
) -> Path:
    """Write ``rows`` valid appeals (Russian headers, UTF-8, ``;``) dated within ``month``.

    Every row has a unique ``appeal_id`` starting with ``prefix`` and a valid BIN, so a
    complete load stores exactly ``rows`` appeals.
    """
    rng = np.random.default_rng(seed)
    units = files.regions()
    labels = list(files.APPEAL_CATEGORY_RU.values())
    statuses = list(files.STATUS_RU.values())
    bins = [files.valid_bin(seed * 1000 + k) for k in range(50)]
    first = pd.Period(month, "M").start_time
    days = pd.Period(month, "M").days_in_month
    dates = first + pd.to_timedelta(rng.integers(0, days, rows), unit="D")
    which_bin = rng.integers(0, len(bins), rows)
    frame = pd.DataFrame(
        {
            "Дата регистрации": dates.strftime("%d.%m.%Y"),
            "Область": np.array([u["name_ru"] for u in units], dtype=object)[
                np.arange(rows) % len(units)
            ],
            "Категория обращения": np.array(labels, dtype=object)[rng.integers(0, 8, rows)],
            "Номер обращения": [f"{prefix}-{i:07d}" for i in range(rows)],
            "БИН": np.array(bins, dtype=object)[which_bin],
            "Наименование предприятия": [f"ТОО «Вымышленный цех {k}»" for k in which_bin],
            "Количество заявителей": rng.integers(1, 4, rows),
            "Статус": np.array(statuses, dtype=object)[rng.integers(0, 4, rows)],
        }
    )
    frame.to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600):
    """Run ``python cli.py ARGS`` and return the finished process (text output)."""
    return subprocess.run(
        [sys.executable, str(CLI), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def start_cli(*args: str) -> subprocess.Popen:
    """Start ``python cli.py ARGS`` in the background (text output captured)."""
    return subprocess.Popen(
        [sys.executable, str(CLI), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def write_lock_held(url: str) -> bool:
    """Return True while another process holds the store's write lock on ``url``.

    PostgreSQL: the transaction-level advisory lock the store takes for every load and undo.
    SQLite: the database write lock (a ``BEGIN IMMEDIATE`` that cannot start at once).
    """
    parsed = sa.make_url(store.database_url(url))
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(parsed.database, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            connection.close()
    engine = sa.create_engine(parsed)
    try:
        with engine.connect() as connection:
            held = connection.execute(
                sa.text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND database = (SELECT oid FROM pg_database"
                    "                 WHERE datname = current_database())"
                    " AND ((classid::bigint << 32) | objid::bigint) = :key"
                ),
                {"key": store.WRITE_LOCK_KEY},
            ).scalar()
    finally:
        engine.dispose()
    return bool(held)


def wait_for_load_phase(
    url: str, process: subprocess.Popen, *, held_for: float = 0.15, timeout: float = 300
) -> None:
    """Wait until ``process`` is inside its load transaction.

    That is: the store's write lock has been held without a break for ``held_for`` seconds.
    The schema check at start-up takes the lock for a few milliseconds only; the load of a
    large file holds it for about a second or more.
    """
    deadline = time.monotonic() + timeout
    since = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the load ended before it could be interrupted:\n{out}\n{err}")
        now = time.monotonic()
        if write_lock_held(url):
            since = now if since is None else since
            if now - since >= held_for:
                return
        else:
            since = None
        time.sleep(0.02)
    process.kill()
    pytest.fail("the load never reached its write transaction")


def snapshot(engine: sa.Engine) -> dict[str, object]:
    """Return what a partial load would change: row counts of every table, the batches."""
    with engine.connect() as connection:
        counts = {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            for name, table in schema.metadata.tables.items()
        }
    batches = store.list_batches(engine)
    return {
        "counts": counts,
        "batches": batches.to_dict("records"),
        "version": store.data_version(engine),
    }


# --- a load killed half-way ---------------------------------------------------------------


@pytest.mark.postgres
def test_a_load_killed_half_way_leaves_no_trace(db_url, tmp_path):
    """SIGKILL during the load transaction: tables, batches and version stay as before."""
    engine = store.get_engine(db_url)
    store.init_db(engine)
    small = write_appeals_csv(tmp_path / "small.csv", 40, prefix="S", seed=2)
    ingest.ingest_file(engine, "appeals", small, user="anna")
    before = snapshot(engine)
    assert before["counts"]["appeals"] == 40

    large = write_appeals_csv(tmp_path / "large.csv", LARGE, prefix="L", seed=3)
    process = start_cli("ingest", "appeals", str(large), "--db", db_url, "--user", "boris")
    try:
        wait_for_load_phase(db_url, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    # Taking the write lock waits until the database has finished with the dead session.
    with store.writing(engine):
        pass
    assert snapshot(engine) == before

    # Nothing of the killed load remains, not even its file fingerprint: it loads again whole.
    report = ingest.ingest_file(engine, "appeals", large, user="boris")
    assert (report.rows_loaded, report.rows_rejected, report.rows_duplicate) == (LARGE, 0, 0)
    assert snapshot(engine)["counts"]["appeals"] == LARGE + 40
    engine.dispose()


# --- the database is not there --------------------------------------------------------------


def test_the_cli_says_in_one_sentence_that_the_database_is_unreachable(tmp_path):
    """Exit code 3 and one sentence naming the database, no traceback."""
    path = write_appeals_csv(tmp_path / "a.csv", 5, prefix="U")
    result = run_cli("ingest", "appeals", str(path), "--db", CLOSED_PORT_URL, timeout=120)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "The database postgresql+psycopg://127.0.0.1:1/ltm is not reachable ("
    ), lines[0]
    assert result.stdout == ""


@pytest.fixture
def pg_database_created_later(pg_server: str):
    """Return (url, create): a PostgreSQL database URL that exists only after ``create()``."""
    name = f"ltm_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    url = sa.make_url(pg_server).set(database=name).render_as_string(hide_password=False)

    def create() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

    yield url, create
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
def test_the_app_says_the_database_is_unreachable_and_recovers(
    monkeypatch, pg_database_created_later
):
    """A sentence instead of a traceback; the next run works once the database exists."""
    from streamlit.testing.v1 import AppTest

    from tests.app_pages import clear_caches

    url, create = pg_database_created_later
    monkeypatch.setenv("DATABASE_URL", url)
    clear_caches()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert [e.value for e in at.error] == [i18n.t("error.database", "ru")]

        create()
        at.run()  # the same session's next interaction; nothing restarted or cleared
        assert not at.exception, [e.value for e in at.exception]
        assert [e.value for e in at.error] == []
        assert i18n.t("empty.database", "ru") in [i.value for i in at.info]
    finally:
        clear_caches()


# --- broken files ---------------------------------------------------------------------------


def _xlsx(path: Path) -> Path:
    appeals = files.sample_appeals(40, seed=5)
    return files.write_xlsx(path, files.APPEALS_RU_HEADER, files.appeals_ru_rows(appeals))


def truncated_xlsx(folder: Path) -> Path:
    """A real workbook cut in half (an interrupted download or copy)."""
    whole = _xlsx(folder / "whole.xlsx").read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def not_a_workbook(folder: Path) -> Path:
    """Bytes that are no ZIP at all, named .xlsx."""
    path = folder / "garbage.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    return path


def mixed_encoding_csv(folder: Path) -> Path:
    """Header and 20 rows in UTF-8, then 20 rows in Windows-1251 (two files pasted together)."""
    import csv
    import io

    rows = files.appeals_ru_rows(files.sample_appeals(40, seed=6))

    def encoded(lines, encoding):
        text = io.StringIO()
        csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(lines)
        return text.getvalue().encode(encoding)

    path = folder / "mixed.csv"
    path.write_bytes(
        encoded([files.APPEALS_RU_HEADER, *rows[:20]], "utf-8") + encoded(rows[20:], "cp1251")
    )
    return path


def empty_file(folder: Path) -> Path:
    """A file of 0 bytes."""
    path = folder / "empty.csv"
    path.write_bytes(b"")
    return path


def headers_only_csv(folder: Path) -> Path:
    """A CSV with the header row and nothing else."""
    return files.write_csv(
        folder / "headers.csv", files.APPEALS_RU_HEADER, [], encoding="cp1251", delimiter=";"
    )


def headers_only_xlsx(folder: Path) -> Path:
    """A workbook with the header row and nothing else."""
    return files.write_xlsx(folder / "headers.xlsx", files.APPEALS_RU_HEADER, [])


BROKEN = {
    truncated_xlsx: "«truncated.xlsx» is damaged: it is not a readable XLSX (ZIP) file.",
    not_a_workbook: "«garbage.xlsx» is not an Excel workbook: its content is not XLSX.",
    mixed_encoding_csv: (
        "«mixed.csv» mixes text encodings: it reads as UTF-8 up to line 22 and breaks there;"
        " save the whole file again as UTF-8 or Windows-1251."
    ),
    empty_file: "«empty.csv» is empty (0 bytes).",
    headers_only_csv: "«headers.csv» has a header but no data rows.",
    headers_only_xlsx: "«headers.xlsx» has a header but no data rows.",
}


@pytest.mark.parametrize("build", list(BROKEN), ids=[b.__name__ for b in BROKEN])
def test_a_broken_file_is_refused_in_one_sentence_and_loads_nothing(build, sqlite_url, tmp_path):
    """Exit 2, the sentence on stderr, no traceback, and the store unchanged."""
    engine = store.get_engine(sqlite_url)
    store.init_db(engine)
    before = snapshot(engine)
    result = run_cli("ingest", "appeals", str(build(tmp_path)), "--db", sqlite_url)
    assert (result.returncode, result.stderr.strip()) == (2, BROKEN[build])
    assert snapshot(engine) == before
    engine.dispose()
