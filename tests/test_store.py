"""Store: loads, undo, atomicity, versions, duplicates, concurrency, users and audit."""

from __future__ import annotations

import os
import threading

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from utils import store
from utils.store import batches as store_batches
from utils.store import schema

BIN_A = "000140000018"
BIN_B = "010240000013"


def appeals_frame(n: int = 12, start_id: int = 0, seed: int = 3) -> pd.DataFrame:
    """Canonical appeals frame with a few collective appeals and two enterprises."""
    rng = np.random.default_rng(seed)
    regions = np.array(["KZ-75", "KZ-71", "KZ-35", "KZ-10"], dtype=object)
    categories = np.array(["wage_arrears", "dismissal", "safety"], dtype=object)
    bins = np.array([BIN_A, BIN_B, None], dtype=object)
    dates = pd.to_datetime("2024-11-03") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    return pd.DataFrame(
        {
            "date": dates,
            "region": regions[rng.integers(0, len(regions), n)],
            "category": categories[rng.integers(0, len(categories), n)],
            "appeal_id": [f"AP-{start_id + i}" for i in range(n)],
            "district": None,
            "settlement": None,
            "enterprise_bin": bins[rng.integers(0, 3, n)],
            "enterprise_name": None,
            "people": rng.choice([1, 1, 1, 4, 25], n),
            "status": "received",
            "closed_date": pd.NaT,
            "violation_confirmed": pd.array(
                [True, None] * (n // 2) + [None] * (n % 2), dtype="boolean"
            ),
        }
    )


def arrears_frame() -> pd.DataFrame:
    rows = [
        ("2024-11-30", "KZ-75", BIN_A, "Alpha", 1_000_000.0, 10, 0.0, 0, "C", 43.2, 76.9),
        ("2024-12-31", "KZ-75", BIN_A, "Alpha", 1_500_000.0, 12, 200_000.0, 3, "C", 43.2, 76.9),
        ("2024-12-31", "KZ-71", BIN_B, "Beta", 700_000.0, 5, 0.0, 0, "F", None, None),
        ("2025-01-31", "KZ-71", BIN_B, "Beta", 400_000.0, 4, 300_000.0, 1, "F", None, None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "report_date",
            "region",
            "enterprise_bin",
            "enterprise_name",
            "amount_kzt",
            "workers",
            "repaid_kzt",
            "workers_repaid",
            "industry",
            "lat",
            "lon",
        ],
    )
    frame["report_date"] = pd.to_datetime(frame["report_date"])
    frame["overdue_months"] = [1, 2, 1, 2]
    frame["settlement"] = None
    return frame


def layoffs_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-12-10", "2025-01-15"]),
            "region": ["KZ-75", "KZ-71"],
            "enterprise_bin": [BIN_A, BIN_B],
            "enterprise_name": ["Alpha", "Beta"],
            "workers": [30, 12],
            "unlawful": pd.array([True, False], dtype="boolean"),
            "reinstated": pd.array([10, None], dtype="Int64"),
        }
    )


def incidents_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-20"]),
            "region": ["KZ-75"],
            "enterprise_bin": [BIN_A],
            "enterprise_name": ["Alpha"],
            "type": ["work_stoppage"],
            "participants": [80],
            "settlement": ["Almaty"],
            "lat": [43.25],
            "lon": [76.95],
            "demands": ["wages"],
            "source": ["regional office"],
            "description": ["Workers stopped the line over unpaid wages"],
        }
    )


def enterprises_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "bin": [BIN_A, BIN_B],
            "name": ["Alpha Steel", "Beta Foods"],
            "region": ["KZ-75", "KZ-71"],
            "industry": ["C", "F"],
            "settlement": ["Almaty", "Astana"],
            "lat": [43.25, 51.16],
            "lon": [76.95, 71.47],
            "headcount": [500, 120],
        }
    )


def region_stats_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2024-Q4", "2024-Q4", "2025-Q1"],
            "granularity": ["quarter"] * 3,
            "period_start": pd.to_datetime(["2024-10-01", "2024-10-01", "2025-01-01"]),
            "period_end": pd.to_datetime(["2024-12-31", "2024-12-31", "2025-03-31"]),
            "region": ["KZ-75", "KZ-71", "KZ-75"],
            "indicator": ["wage_arrears_official"] * 3,
            "value": [12.5, 3.0, 14.0],
            "unit": ["mln KZT"] * 3,
            "source": ["BNS"] * 3,
        }
    )


FRAMES = {
    "appeals": appeals_frame,
    "arrears": arrears_frame,
    "layoffs": layoffs_frame,
    "incidents": incidents_frame,
    "enterprises": enterprises_frame,
    "region_stats": region_stats_frame,
}


def load(engine, kind, frame, name=None, **kw):
    return store.load_batch(
        engine,
        kind,
        frame,
        file_name=name or f"{kind}.csv",
        sha256=kw.pop("sha", None),
        user=kw.pop("user", "analyst"),
        rows_read=len(frame),
        **kw,
    )


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (*schema.BATCH_TABLES, schema.batches, schema.audit_log)
        }


def fact_rows(engine, table) -> pd.DataFrame:
    """Return the rows of ``table`` in a stable order: by id, by every column without one."""
    order = list(table.primary_key.columns) or list(table.columns)
    with engine.connect() as conn:
        return pd.read_sql(sa.select(table).order_by(*order), conn)


# --- engine and URLs ------------------------------------------------------------------------


def test_plain_postgresql_url_uses_psycopg():
    assert store.database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store.database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store.database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_database_url_env_and_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://a@b/c")
    assert store.database_url() == "postgresql+psycopg://a@b/c"
    monkeypatch.delenv("DATABASE_URL")
    assert store.database_url().endswith("/data/ltm.db")


def test_unreachable_database_raises_one_sentence():
    engine = store.get_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(store.StoreUnavailable) as caught:
        store.data_version(engine)
    message = str(caught.value)
    assert message.startswith("The database postgresql+psycopg://nobody@127.0.0.1:1/none is not")
    assert "\n" not in message


def test_sqlite_runs_in_wal_mode(sqlite_url):
    engine = store.get_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 60000


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    """It holds password hashes and the audit log: 0600 for the file, its WAL and its -shm."""
    path = tmp_path / "new" / "ltm.db"
    old_umask = os.umask(0o022)
    try:
        engine = store.get_engine(f"sqlite:///{path}")
        store.init_db(engine)
        load(engine, "appeals", appeals_frame())
        files = [path, path.with_name("ltm.db-wal"), path.with_name("ltm.db-shm")]
        modes = {f.name: oct(f.stat().st_mode & 0o777) for f in files}
        engine.dispose()
    finally:
        os.umask(old_umask)
    assert modes == {"ltm.db": "0o600", "ltm.db-wal": "0o600", "ltm.db-shm": "0o600"}


def test_an_existing_sqlite_file_keeps_its_mode(tmp_path):
    path = tmp_path / "ltm.db"
    path.touch(mode=0o640)
    path.chmod(0o640)
    store.init_db(store.get_engine(f"sqlite:///{path}"))
    assert oct(path.stat().st_mode & 0o777) == "0o640"


# --- loads ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(FRAMES))
def test_load_stores_every_row_with_its_batch(engine, kind):
    frame = FRAMES[kind]()
    batch_id = load(engine, kind, frame, warnings=["one warning"])
    stored = fact_rows(engine, schema.fact_table(kind).table)
    assert len(stored) == len(frame)
    assert set(stored["batch_id"]) == {batch_id}
    batch = store.get_batch(engine, batch_id)
    assert batch["rows_loaded"] == len(frame) and batch["status"] == "loaded"
    assert batch["warnings"] == ["one warning"] and batch["kind"] == kind
    assert batch["created_at"].tzinfo is not None


def test_appeals_round_trip_values_and_month(engine):
    frame = appeals_frame(20)
    load(engine, "appeals", frame)
    stored = fact_rows(engine, schema.appeals).set_index("appeal_id")
    expected = frame.set_index("appeal_id").loc[stored.index]
    assert list(stored["region"]) == list(expected["region"])
    assert list(stored["people"]) == list(expected["people"])
    assert list(pd.to_datetime(stored["date"])) == list(expected["date"])
    assert list(stored["month"]) == list(expected["date"].dt.strftime("%Y-%m"))
    assert stored["enterprise_bin"].isna().sum() == expected["enterprise_bin"].isna().sum()
    confirmed = stored["violation_confirmed"]
    assert confirmed.isna().sum() == expected["violation_confirmed"].isna().sum()


def test_appeals_aggregates_match_the_rows(engine):
    frame = appeals_frame(200)
    load(engine, "appeals", frame)
    month = frame["date"].dt.strftime("%Y-%m")
    expected = (
        frame.assign(month=month, collective=frame["people"] > 1)
        .groupby(["month", "region", "category"])
        .agg(
            appeals=("people", "size"),
            people=("people", "sum"),
            collective_appeals=("collective", "sum"),
        )
    )
    stored = (
        fact_rows(engine, schema.appeals_region_month)
        .set_index(["month", "region", "category"])
        .sort_index()
    )
    assert stored["appeals"].tolist() == expected["appeals"].tolist()
    assert stored["people"].tolist() == expected["people"].tolist()
    assert stored["collective_appeals"].tolist() == expected["collective_appeals"].tolist()
    by_bin = fact_rows(engine, schema.appeals_enterprise_month)
    assert by_bin["appeals"].sum() == frame["enterprise_bin"].notna().sum()
    totals = (
        frame.assign(month=month, collective=frame["people"] > 1)
        .groupby(["month", "enterprise_bin"])
        .agg(
            appeals=("people", "size"),
            collective_appeals=("collective", "sum"),
            people=("people", "sum"),
        )
        .reset_index()
    )
    stored_totals = fact_rows(engine, schema.appeals_enterprise_totals).sort_values(
        ["month", "enterprise_bin"], ignore_index=True
    )
    assert len(totals) < len(by_bin)
    assert stored_totals[totals.columns].to_dict("records") == totals.to_dict("records")


@pytest.mark.parametrize("enterprises", [3, 5000])
def test_enterprise_month_aggregate_matches_a_groupby_in_key_order(enterprises):
    """Few key combinations are counted, many sorted: both give groupby's rows, ordered."""
    rng = np.random.default_rng(enterprises)
    frame = appeals_frame(6000, seed=enterprises)
    bins = np.array([f"{i:012d}" for i in range(enterprises)] + [None], dtype=object)
    frame["enterprise_bin"] = bins[rng.integers(0, len(bins), len(frame))]
    frame.loc[::11, "category"] = None  # rows with a missing key are left out
    derived = store.derived_tables(
        "appeals", store_batches._canonical_columns("appeals", frame)
    )["appeals_enterprise_month"]
    keys = ["enterprise_bin", "month", "region", "category"]
    expected = (
        frame.assign(month=frame["date"].dt.strftime("%Y-%m"), collective=frame["people"] > 1)
        .groupby(keys)
        .agg(
            appeals=("people", "size"),
            collective_appeals=("collective", "sum"),
            people=("people", "sum"),
        )
        .reset_index()
    )
    assert derived[keys].to_numpy().tolist() == expected[keys].to_numpy().tolist()
    for column in ("appeals", "collective_appeals", "people"):
        assert derived[column].tolist() == expected[column].tolist()


def test_arrears_aggregates_keep_amounts(engine):
    frame = arrears_frame()
    load(engine, "arrears", frame)
    stored = fact_rows(engine, schema.arrears_region_month)
    assert stored["amount_kzt"].sum() == frame["amount_kzt"].sum()
    assert stored["repaid_kzt"].sum() == frame["repaid_kzt"].sum()
    assert stored["reports"].sum() == len(frame)


def test_bad_value_is_refused_naming_the_column_and_nothing_is_stored(engine):
    before = table_counts(engine)
    frame = appeals_frame(5)
    frame["people"] = ["1", "2", "many", "1", "1"]
    with pytest.raises(ValueError):
        load(engine, "appeals", frame)
    assert table_counts(engine) == before


def test_unknown_kind_lists_valid_kinds(engine):
    with pytest.raises(KeyError, match="Kind must be in the set: appeals, arrears"):
        load(engine, "complaints", appeals_frame(2))


def test_failure_half_way_leaves_tables_unchanged(engine, monkeypatch):
    load(engine, "appeals", appeals_frame(10))
    before, version = table_counts(engine), store.data_version(engine)
    real = store_batches.insert_frame
    calls = []

    def failing(connection, table, frame):
        calls.append(table.name)
        if len(calls) == 2:  # after the fact rows went in, before the aggregates
            raise RuntimeError("disk full")
        return real(connection, table, frame)

    monkeypatch.setattr(store_batches, "insert_frame", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        load(engine, "appeals", appeals_frame(30, start_id=100))
    assert calls[0] == "appeals"
    assert table_counts(engine) == before
    assert store.data_version(engine) == version


# --- undo, versions, flags ------------------------------------------------------------------


def test_undo_removes_exactly_one_batch(engine):
    for kind in ("arrears", "layoffs", "incidents", "enterprises", "region_stats"):
        load(engine, kind, FRAMES[kind]())
    first = load(engine, "appeals", appeals_frame(40))
    snapshot = {t.name: fact_rows(engine, t) for t in schema.BATCH_TABLES}
    counts = table_counts(engine)
    second = load(engine, "appeals", appeals_frame(25, start_id=1000, seed=9))
    arrears_again = load(engine, "arrears", arrears_frame())
    assert table_counts(engine)["appeals"] == counts["appeals"] + 25

    assert store.undo_batch(engine, second, "admin") == {
        "batch_id": second,
        "kind": "appeals",
        "rows_deleted": 25,
    }
    store.undo_batch(engine, arrears_again, "admin")
    for table in schema.BATCH_TABLES:
        pd.testing.assert_frame_equal(fact_rows(engine, table), snapshot[table.name])
    batches = store.list_batches(engine).set_index("id")
    assert batches.at[second, "status"] == "undone"
    assert batches.at[second, "undone_by"] == "admin"
    assert batches.at[first, "status"] == "loaded"
    audit = store.audit_entries(engine, action="batch_undo")
    assert audit["detail"].iloc[-1]["batch_id"] == second


def test_undo_twice_or_unknown_is_an_error(engine):
    batch = load(engine, "layoffs", layoffs_frame())
    store.undo_batch(engine, batch, "admin")
    with pytest.raises(ValueError, match="already undone"):
        store.undo_batch(engine, batch, "admin")
    with pytest.raises(KeyError, match="Batch 999 does not exist"):
        store.undo_batch(engine, 999, "admin")


def test_data_version_changes_on_every_load_undo_and_clear(engine):
    seen = [store.data_version(engine)]
    batch = load(engine, "layoffs", layoffs_frame())
    seen.append(store.data_version(engine))
    store.undo_batch(engine, batch, "admin")
    seen.append(store.data_version(engine))
    load(engine, "layoffs", layoffs_frame())
    seen.append(store.data_version(engine))
    store.clear_all(engine)
    seen.append(store.data_version(engine))
    assert len(set(seen)) == len(seen)
    assert store.data_version(engine) == seen[-1]


def test_sha_lookup_and_demo_flags(engine):
    assert not store.is_synthetic(engine) and not store.has_uploaded_data(engine)
    demo = load(engine, "layoffs", layoffs_frame(), sha="d" * 64, is_demo=True)
    assert store.is_synthetic(engine) and not store.has_uploaded_data(engine)
    assert store.find_batch_by_sha256(engine, "d" * 64) == demo
    assert store.find_batch_by_sha256(engine, "e" * 64) is None
    upload = load(engine, "layoffs", layoffs_frame(), sha="e" * 64)
    assert store.has_uploaded_data(engine)
    store.undo_batch(engine, upload, "admin")
    assert store.find_batch_by_sha256(engine, "e" * 64) is None
    assert not store.has_uploaded_data(engine)
    store.clear_all(engine)
    assert not store.is_synthetic(engine)
    assert table_counts(engine)["batches"] == 0


def test_list_batches_on_empty_database(engine):
    frame = store.list_batches(engine)
    assert frame.empty and "rows_loaded" in frame.columns


# --- appeal ids -----------------------------------------------------------------------------


@pytest.mark.parametrize("probe_size", [3, 2_000])
def test_existing_appeal_ids(engine, probe_size):
    assert store.existing_appeal_ids(engine, ["AP-1"]) == set()
    load(engine, "appeals", appeals_frame(700))
    probe = [f"AP-{i}" for i in range(690, 690 + probe_size)] + [None, ""]
    expected = {f"AP-{i}" for i in range(690, min(700, 690 + probe_size))}
    assert store.existing_appeal_ids(engine, probe) == expected


def test_repeated_appeal_ids_are_skipped_and_counted(engine):
    load(engine, "appeals", appeals_frame(10))
    again = appeals_frame(10, start_id=5)  # AP-5..AP-14: five already stored
    again = pd.concat([again, again.iloc[[0]]])  # and one repeated inside the file
    batch = load(engine, "appeals", again, rows_duplicate=2)
    info = store.get_batch(engine, batch)
    assert info["rows_loaded"] == 5 and info["rows_duplicate"] == 2 + 6
    stored = fact_rows(engine, schema.appeals)
    assert sorted(stored["appeal_id"]) == sorted(f"AP-{i}" for i in range(15))
    assert fact_rows(engine, schema.appeals_region_month)["appeals"].sum() == 15


# --- concurrency ----------------------------------------------------------------------------


def test_concurrent_loads_land_as_separate_whole_batches(db_url):
    engines = [store.get_engine(db_url) for _ in range(2)]
    store.init_db(engines[0])
    frames = [appeals_frame(3000, start_id=0, seed=1), appeals_frame(3000, start_id=2000, seed=2)]
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def upload(i):
        try:
            barrier.wait()
            results[i] = load(engines[i], "appeals", frames[i], name=f"office{i}.csv")
        except Exception as exc:  # reported below with the failing thread's error
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    batches = store.list_batches(engines[0]).set_index("id")
    assert sorted(batches.index) == sorted(results.values())
    loaded = batches["rows_loaded"].sum()
    duplicates = batches["rows_duplicate"].sum()
    assert loaded == 5000 and duplicates == 1000
    stored = fact_rows(engines[0], schema.appeals)
    assert len(stored) == 5000 and stored["appeal_id"].is_unique
    for batch_id, row in batches.iterrows():
        assert (stored["batch_id"] == batch_id).sum() == row["rows_loaded"]
    assert fact_rows(engines[0], schema.appeals_region_month)["appeals"].sum() == 5000
    for engine in engines:
        engine.dispose()


# --- users and audit ------------------------------------------------------------------------


def test_users_round_trip(engine):
    user_id = store.insert_user(engine, "aigerim", "$argon2id$hash", "analyst")
    assert user_id > 0
    with pytest.raises(ValueError, match="already exists"):
        store.insert_user(engine, "aigerim", "x", "viewer")
    user = store.get_user(engine, "aigerim")
    assert user["role"] == "analyst" and user["failed_attempts"] == 0 and not user["disabled"]
    until = pd.Timestamp("2030-01-01 10:00", tz="UTC").to_pydatetime()
    store.update_user(engine, "aigerim", failed_attempts=3, locked_until=until, disabled=True)
    user = store.get_user(engine, "aigerim")
    assert user["failed_attempts"] == 3 and user["locked_until"] == until and user["disabled"]
    with pytest.raises(ValueError, match="Field must be in the set: password_hash"):
        store.update_user(engine, "aigerim", name="other")
    with pytest.raises(KeyError):
        store.update_user(engine, "nobody", role="viewer")
    users = store.list_users(engine)
    assert list(users["name"]) == ["aigerim"] and "password_hash" not in users
    assert store.get_user(engine, "nobody") is None


def test_audit_entries_newest_first_with_detail(engine):
    store.append_audit(engine, "aigerim", "login", {"ok": True})
    store.append_audit(engine, "erlan", "upload", {"file": "отчёт.xlsx"})
    entries = store.audit_entries(engine)
    assert list(entries["action"])[:2] == ["upload", "login"]
    assert entries["detail"].iloc[0] == {"file": "отчёт.xlsx"}
    assert list(store.audit_entries(engine, user="aigerim")["action"]) == ["login"]


def test_load_writes_an_audit_row(engine):
    batch = load(engine, "layoffs", layoffs_frame(), user="erlan")
    entry = store.audit_entries(engine, action="batch_load").iloc[0]
    assert entry["user_name"] == "erlan" and entry["detail"]["batch_id"] == batch


def test_postgresql_connections_carry_the_configured_timeouts(pg_url, tmp_path, monkeypatch):
    engine = store.get_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SHOW statement_timeout")).scalar() == "10min"
            assert connection.execute(sa.text("SHOW lock_timeout")).scalar() == "1min"
    finally:
        engine.dispose()
    config = tmp_path / "ltm.toml"
    config.write_text("[database]\nstatement_timeout_seconds = 1\n", encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    engine = store.get_engine(pg_url)
    try:
        with engine.connect() as connection, pytest.raises(sa.exc.OperationalError,
                                                           match="statement timeout"):
            connection.execute(sa.text("SELECT pg_sleep(3)"))
    finally:
        engine.dispose()
