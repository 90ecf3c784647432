"""Shared deployment: several app processes and analysts on one PostgreSQL database.

* Two ``streamlit run app.py`` servers on two ports share one database; an upload through
  one is shown by the other on its next interaction (the data version moves; no restart).
* A long-lived process that keeps its engine and pool (as a server does) reads the new
  figures on its next query after another process loaded a file.
* Two analysts loading at the same moment get two whole batches with exact counts; an undo
  while another load is running is safe.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.browser import guard_page, wait_for_app
from tests.test_faults import (
    LARGE,
    run_cli,
    start_cli,
    wait_for_load_phase,
    write_appeals_csv,
)
from utils import auth, demo, i18n, ingest, metrics, store
from utils.store import schema

ROOT = Path(__file__).resolve().parent.parent
LANG = "ru"
ANALYST, PASSWORD = "anna", "correct horse battery"
DEMO_END = "2026-10"
UPLOAD_MONTH = "2026-09"  # inside the default period (the 12 months up to DEMO_END)

pytestmark = pytest.mark.postgres


@pytest.fixture
def shared_db(pg_url: str) -> str:
    """A PostgreSQL database with a small demo data set and one analyst account."""
    engine = store.get_engine(pg_url)
    store.init_db(engine)
    demo.load_demo(engine, scale=0.05, end_month=DEMO_END)
    auth.create_user(engine, ANALYST, "analyst", PASSWORD, actor="cli")
    engine.dispose()
    return pg_url


def default_period(url: str) -> tuple[str, str]:
    """Return the period the map opens with: the 12 months up to the data's last month."""
    engine = store.get_engine(url)
    last = metrics.month_bounds(engine)[1]
    engine.dispose()
    return str(pd.Period(last, "M") - 11), last


def stored_appeals(url: str, start: str, end: str) -> int:
    """Return the number of appeals stored with a month in [start, end] (read directly)."""
    engine = sa.create_engine(store.database_url(url))
    with engine.connect() as connection:
        table = schema.appeals
        count = connection.execute(
            sa.select(sa.func.count()).where(table.c.month.between(start, end))
        ).scalar()
    engine.dispose()
    return int(count)


# --- two servers, one database, a real browser ----------------------------------------------


def _kpi_value(page, label: str) -> int:
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{label}$"))
    )
    card.first.wait_for(timeout=120_000)
    text = card.first.locator('[data-testid="stMetricValue"]').inner_text()
    return int(re.sub(r"\D", "", text))


def _wait_for_kpi(page, label: str, expected: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    value = _kpi_value(page, label)
    while value != expected and time.monotonic() < deadline:
        time.sleep(0.5)
        value = _kpi_value(page, label)
    return value


def _upload_through(page, server_url: str, db_url: str, path: Path, rows: int) -> None:
    page.goto(f"{server_url}/data", wait_until="domcontentloaded")
    wait_for_app(page, timeout=120_000)
    main = page.locator('[data-testid="stMain"]')  # the page's log-in form, not the sidebar's
    main.get_by_label(i18n.t("auth.username", LANG)).first.fill(ANALYST)
    main.get_by_label(i18n.t("auth.password", LANG)).first.fill(PASSWORD)
    main.get_by_role("button", name=i18n.t("auth.login", LANG)).first.click()
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.wait_for(state="attached", timeout=120_000)
    wait_for_app(page, timeout=120_000)
    uploader.set_input_files(str(path))
    wait_for_app(page, timeout=120_000)
    label = i18n.kind_label("appeals", LANG)
    box = page.locator('[class*="st-key-data_kind_"]')
    box.wait_for(state="visible", timeout=120_000)
    if label not in box.inner_text():
        box.click()
        page.get_by_role("option", name=label).click()
        wait_for_app(page, timeout=120_000)
    page.locator(".st-key-data_commit button").click()
    engine = store.get_engine(db_url)
    batch_id = int(store.list_batches(engine)["id"].max()) + 1
    engine.dispose()
    done = i18n.t("data.committed", LANG, batch_id=batch_id, rows=str(rows))
    page.get_by_text(done).wait_for(timeout=120_000)


@pytest.mark.browser
def test_an_upload_through_one_server_shows_in_the_other_on_its_next_interaction(
    shared_db, app_server, chromium, tmp_path
):
    """Server B's KPI card moves by exactly the rows loaded through server A, no restart."""
    first, second = app_server(shared_db), app_server(shared_db)
    assert first.url != second.url
    start, end = default_period(shared_db)
    label = i18n.kpi_label("appeals", LANG)

    viewer_context = chromium.new_context(viewport={"width": 1400, "height": 1200})
    analyst_context = chromium.new_context(viewport={"width": 1400, "height": 1400})
    try:
        viewer = viewer_context.new_page()
        guard = guard_page(viewer)
        viewer.goto(second.url, wait_until="domcontentloaded")
        wait_for_app(viewer, timeout=180_000)
        shown_before = _kpi_value(viewer, label)
        assert shown_before == stored_appeals(shared_db, start, end) > 0

        rows = 37
        path = write_appeals_csv(tmp_path / "appeals_sept.csv", rows, prefix="SHARED",
                                 month=UPLOAD_MONTH)  # fmt: skip
        _upload_through(analyst_context.new_page(), first.url, shared_db, path, rows)
        assert stored_appeals(shared_db, start, end) == shown_before + rows

        # The viewer's next interaction on server B: switch the map's mode.
        viewer.locator(".st-key-map_mode button").nth(1).click()
        assert _wait_for_kpi(viewer, label, shown_before + rows) == shown_before + rows
        assert guard.external_requests == []
    finally:
        viewer_context.close()
        analyst_context.close()
    for server in (first, second):
        assert server.process.poll() is None, server.log()  # both still the same processes
        with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as answer:
            assert answer.status == 200


# --- a long-lived process sees another's load -----------------------------------------------

WATCHER = """
import json, sys
sys.path.insert(0, {root!r})
from utils import metrics, store
engine = store.get_engine({url!r})
def look():
    kpis = metrics.national_kpis(engine, {start!r}, {end!r})
    print(json.dumps({{"version": store.data_version(engine),
                      "appeals": kpis["appeals"]["value"]}}), flush=True)
look()
sys.stdin.readline()
look()
"""


def test_a_running_process_reads_another_process_load_on_its_next_query(shared_db, tmp_path):
    """What a page does on its next run (data version, national KPIs) sees the new batch."""
    start, end = default_period(shared_db)
    script = WATCHER.format(root=str(ROOT), url=shared_db, start=start, end=end)
    watcher = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        before = json.loads(watcher.stdout.readline())
        path = write_appeals_csv(tmp_path / "more.csv", 120, prefix="W", month=UPLOAD_MONTH)
        result = run_cli("ingest", "appeals", str(path), "--db", shared_db, "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["rows_loaded"] == 120
        watcher.stdin.write("\n")
        watcher.stdin.flush()
        after = json.loads(watcher.stdout.readline())
        assert watcher.wait(timeout=60) == 0, watcher.stderr.read()
    finally:
        if watcher.poll() is None:
            watcher.kill()
    assert after["version"] != before["version"]
    assert after["appeals"] == before["appeals"] + 120 == stored_appeals(shared_db, start, end)


# --- analysts at the same moment ------------------------------------------------------------


def batch_counts(url: str) -> dict[str, dict[int, int]]:
    """Return, per table holding batch rows, the rows (or aggregated appeals) of each batch."""
    engine = sa.create_engine(store.database_url(url))
    out: dict[str, dict[int, int]] = {}
    with engine.connect() as connection:
        for table in schema.BATCH_TABLES:
            rows = connection.execute(
                sa.select(table.c.batch_id, sa.func.count()).group_by(table.c.batch_id)
            ).all()
            out[table.name] = {int(b): int(n) for b, n in rows}
        month = schema.appeals_region_month
        rows = connection.execute(
            sa.select(month.c.batch_id, sa.func.sum(month.c.appeals)).group_by(month.c.batch_id)
        ).all()
        out["appeals_region_month.appeals"] = {int(b): int(n) for b, n in rows}
    engine.dispose()
    return out


@pytest.fixture
def empty_store(db_url: str) -> str:
    engine = store.get_engine(db_url)
    store.init_db(engine)
    engine.dispose()
    return db_url


def test_two_analysts_loading_at_the_same_moment_get_two_whole_batches(empty_store, tmp_path):
    """Two ``cli.py ingest`` started together: two batches, each with exactly its rows."""
    sizes = {"anna": 20_000, "boris": 15_000}
    paths = {
        user: write_appeals_csv(tmp_path / f"{user}.csv", rows, prefix=user.upper(), seed=i)
        for i, (user, rows) in enumerate(sizes.items(), start=1)
    }
    processes = {
        user: start_cli("ingest", "appeals", str(paths[user]), "--db", empty_store,
                        "--user", user, "--json")  # fmt: skip
        for user in sizes
    }
    reports = {}
    for user, process in processes.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        reports[user] = json.loads(out)

    assert {u: r["rows_loaded"] for u, r in reports.items()} == sizes
    ids = {user: report["batch_id"] for user, report in reports.items()}
    assert len(set(ids.values())) == 2
    engine = store.get_engine(empty_store)
    batches = store.list_batches(engine).set_index("id")
    engine.dispose()
    for user, batch_id in ids.items():
        assert batches.loc[batch_id, ["user_name", "rows_loaded", "status"]].tolist() == [
            user, sizes[user], "loaded"
        ]
    counts = batch_counts(empty_store)
    assert counts["appeals"] == {ids[u]: n for u, n in sizes.items()}
    assert counts["appeals_region_month.appeals"] == {ids[u]: n for u, n in sizes.items()}


def test_an_undo_while_another_load_runs_is_safe(empty_store, tmp_path):
    """Undo an old batch during a large load: both finish, counts exact, nothing mixed."""
    engine = store.get_engine(empty_store)
    old = ingest.ingest_file(
        engine, "appeals", write_appeals_csv(tmp_path / "old.csv", 5_000, prefix="OLD"), "anna"
    ).batch_id
    rows = LARGE
    path = write_appeals_csv(tmp_path / "new.csv", rows, prefix="NEW", seed=4)
    load = start_cli("ingest", "appeals", str(path), "--db", empty_store, "--json")
    try:
        wait_for_load_phase(empty_store, load)
        # Another analyst (this process) undoes the old batch while the load holds the lock.
        summary = store.undo_batch(engine, old, user="boris")
        out, err = load.communicate(timeout=600)
    finally:
        if load.poll() is None:
            load.kill()
    assert summary == {"batch_id": old, "kind": "appeals", "rows_deleted": 5_000}
    assert load.returncode == 0, err
    new = json.loads(out)["batch_id"]
    assert json.loads(out)["rows_loaded"] == rows

    batches = store.list_batches(engine).set_index("id")
    assert batches.loc[old, "status"] == "undone"
    assert batches.loc[new, ["status", "rows_loaded"]].tolist() == ["loaded", rows]
    counts = batch_counts(empty_store)
    assert all(old not in per_batch for per_batch in counts.values())
    assert counts["appeals"] == {new: rows}
    assert counts["appeals_region_month.appeals"] == {new: rows}
    engine.dispose()
