"""How long the synthetic demo data set takes to generate and to load.

Usage: ``python benchmarks/demo.py [--runs 3] [--scale 1.0] [--no-postgres]``

Generation is timed ``--runs`` times (median quoted); a load into a fresh SQLite file and,
when the server answers, into a fresh PostgreSQL database is timed once each. Prints a table
and writes ``benchmarks/out/demo.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from utils import store  # noqa: E402
from utils.demo import KINDS_IN_LOAD_ORDER, generate, load_demo  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "demo.json"
END_MONTH = "2025-12"
PG_ADMIN_URL = os.environ.get("LTM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def peak_rss_mb() -> float:
    """Return the peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_generation(runs: int, scale: float) -> dict:
    generate(2026, END_MONTH, scale=0.02)  # warm the settlement and boundary caches
    seconds = []
    frames = {}
    for _ in range(runs):
        start = time.perf_counter()
        frames = generate(2026, END_MONTH, scale=scale)
        seconds.append(time.perf_counter() - start)
    return {
        "runs": runs,
        "median_s": statistics.median(seconds),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "rows": {kind: len(frames[kind]) for kind in KINDS_IN_LOAD_ORDER},
    }


def time_load(url: str, scale: float) -> dict:
    engine = store.get_engine(url)
    try:
        store.init_db(engine)
        start = time.perf_counter()
        batches = load_demo(engine, seed=2026, end_month=END_MONTH, scale=scale)
        seconds = time.perf_counter() - start
    finally:
        engine.dispose()
    return {"seconds_with_generation": seconds, "batches": len(batches)}


def postgres_database() -> tuple[str, sa.Engine, str] | None:
    try:
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT",
                                 connect_args={"connect_timeout": 3})
        name = f"ltm_bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}")
        return None
    url = sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    return url, admin, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "end_month": END_MONTH, "scale": args.scale,
        "generation": time_generation(args.runs, args.scale),
    }
    with tempfile.TemporaryDirectory() as folder:
        result["load_sqlite"] = time_load(f"sqlite:///{Path(folder) / 'ltm.db'}", args.scale)
    if not args.no_postgres:
        database = postgres_database()
        if database is not None:
            url, admin, name = database
            try:
                result["load_postgresql"] = time_load(url, args.scale)
            finally:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    generation = result["generation"]
    for key in ("load_sqlite", "load_postgresql"):
        if key in result:
            load = result[key]
            load["store_only_s"] = load["seconds_with_generation"] - generation["median_s"]
            load["rows_per_s"] = sum(generation["rows"].values()) / max(load["store_only_s"],
                                                                        1e-9)
    result["peak_rss_mb"] = peak_rss_mb()

    print(f"{'step':<28}{'seconds':>10}{'rows/s':>12}")
    print(f"{'generate (median of ' + str(generation['runs']) + ')':<28}"
          f"{generation['median_s']:>10.2f}{'':>12}")
    for key, label in (("load_sqlite", "load SQLite"), ("load_postgresql", "load PostgreSQL")):
        if key in result:
            load = result[key]
            print(f"{label + ' (store only)':<28}{load['store_only_s']:>10.2f}"
                  f"{load['rows_per_s']:>12,.0f}")
    print(f"{'rows':<28}" + ", ".join(f"{k} {v:,}" for k, v in generation["rows"].items()))
    print(f"{'peak memory':<28}{result['peak_rss_mb']:>10.0f} MB")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
