"""Dashboard query speed at national scale, on SQLite and PostgreSQL.

Generates 2,000,000 appeals and 300,000 arrears rows (plus layoffs, incidents and an
enterprise registry) as canonical frames with numpy, loads them through ``store.load_batch``
(reporting rows/s), then times every metrics function the pages call (median of repeats, cache
miss: nothing is cached between calls). Prints a table and writes
``benchmarks/out/queries.json``.

    .venv/bin/python benchmarks/queries.py [--appeals N] [--arrears N] [--repeats N]
        [--sqlite-only] [--pg-url URL]

Target (issue 4): every call < 250 ms median; ingest (issue 2) >= 100k rows/s on SQLite and
>= 150k rows/s on PostgreSQL end to end, so ``load_batch`` alone must be well above that.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from utils import early_warning, metrics, store  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "queries.json"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CODES = [
    "KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35", "KZ-39",
    "KZ-43", "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63", "KZ-71", "KZ-75", "KZ-79",
]  # fmt: skip
CATEGORIES = [
    "wage_arrears", "dismissal", "layoffs", "working_conditions", "safety", "labor_contract",
    "social_benefits", "other",
]  # fmt: skip
INDUSTRIES = list("ABCDEFGHIJKLMNOPQRSTU")
FIRST_DAY = pd.Timestamp("2022-11-01")
MONTHS = 36


def _bins(count: int) -> np.ndarray:
    return np.array([f"{100000000000 + i * 7:012d}" for i in range(count)], dtype=object)


def generate(n_appeals: int, n_arrears: int, seed: int = 20251126) -> dict[str, pd.DataFrame]:
    """Return canonical frames at the requested scale (fast: vectorised numpy)."""
    rng = np.random.default_rng(seed)
    n_enterprises = max(2000, -(-n_arrears // MONTHS))
    bins = _bins(n_enterprises)
    names = np.array([f"Enterprise {i:05d} LLP" for i in range(n_enterprises)], dtype=object)
    home = rng.integers(0, len(CODES), n_enterprises)
    industry = rng.integers(0, len(INDUSTRIES), n_enterprises)
    codes = np.array(CODES, dtype=object)

    days = rng.integers(0, MONTHS * 30, n_appeals)
    with_enterprise = rng.random(n_appeals) < 0.35
    enterprise = rng.integers(0, 2000, n_appeals)
    people = np.where(rng.random(n_appeals) < 0.04, rng.integers(2, 200, n_appeals), 1)
    appeals = pd.DataFrame(
        {
            "date": FIRST_DAY + pd.to_timedelta(days, unit="D"),
            "region": np.where(
                with_enterprise, codes[home[enterprise]], codes[rng.integers(0, 20, n_appeals)]
            ),
            "category": np.array(CATEGORIES, dtype=object)[rng.integers(0, 8, n_appeals)],
            "appeal_id": np.char.add("KZ-", np.arange(n_appeals).astype(str)).astype(object),
            "enterprise_bin": np.where(with_enterprise, bins[enterprise], None),
            "enterprise_name": np.where(with_enterprise, names[enterprise], None),
            "people": people,
            "status": np.array(["received", "in_progress", "resolved", "rejected"], dtype=object)[
                rng.integers(0, 4, n_appeals)
            ],
        }
    )

    cell = np.arange(n_arrears)
    who, month = cell % n_enterprises, cell // n_enterprises
    report = (FIRST_DAY + pd.DateOffset(months=1)) + pd.to_timedelta(month * 30, unit="D")
    arrears = pd.DataFrame(
        {
            "report_date": pd.DatetimeIndex(report).to_period("M").to_timestamp("M"),
            "region": codes[home[who]],
            "enterprise_bin": bins[who],
            "enterprise_name": names[who],
            "amount_kzt": rng.gamma(2.0, 2_000_000.0, n_arrears).round(2),
            "workers": rng.integers(1, 300, n_arrears),
            "overdue_months": rng.integers(1, 12, n_arrears),
            "repaid_kzt": rng.gamma(1.0, 300_000.0, n_arrears).round(2),
            "workers_repaid": rng.integers(0, 30, n_arrears),
            "industry": np.array(INDUSTRIES, dtype=object)[industry[who]],
            "lat": 40 + rng.random(n_arrears) * 15,
            "lon": 50 + rng.random(n_arrears) * 35,
        }
    )
    n_events = 20_000
    pick = rng.integers(0, 2000, n_events)
    event_days = FIRST_DAY + pd.to_timedelta(rng.integers(0, MONTHS * 30, n_events), unit="D")
    layoffs = pd.DataFrame(
        {
            "date": event_days,
            "region": codes[home[pick]],
            "enterprise_bin": bins[pick],
            "enterprise_name": names[pick],
            "workers": rng.integers(1, 100, n_events),
            "unlawful": rng.random(n_events) < 0.2,
        }
    )
    incidents = layoffs[["date", "region", "enterprise_bin", "enterprise_name"]].iloc[:3000]
    incidents = incidents.assign(type="work_stoppage", participants=rng.integers(5, 500, 3000))
    registry = pd.DataFrame(
        {
            "bin": bins,
            "name": names,
            "region": codes[home],
            "industry": np.array(INDUSTRIES, dtype=object)[industry],
            "headcount": rng.integers(10, 5000, n_enterprises),
        }
    )
    return {
        "enterprises": registry,
        "appeals": appeals,
        "arrears": arrears,
        "layoffs": layoffs,
        "incidents": incidents,
    }


def _median_ms(call, repeats: int) -> float:
    call()  # warm the connection pool and the database pages
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def query_calls(engine, start: str, end: str, bin_: str) -> dict[str, callable]:
    """Return the calls the dashboard pages make, by name."""
    return {
        "region_values appeals": lambda: metrics.region_values(engine, "appeals", start, end),
        "region_values appeals per_100k filtered": lambda: metrics.region_values(
            engine, "appeals", start, end, "per_100k", {"categories": ["wage_arrears"]}
        ),
        "region_values arrears": lambda: metrics.region_values(
            engine, "arrears_outstanding_kzt", start, end
        ),
        "national_kpis": lambda: metrics.national_kpis(engine, start, end),
        "monthly_series national": lambda: metrics.monthly_series(engine, "appeals", start, end),
        "monthly_series region": lambda: metrics.monthly_series(
            engine, "people", start, end, region="KZ-75"
        ),
        "category_mix": lambda: metrics.category_mix(engine, start, end),
        "region_profile": lambda: metrics.region_profile(engine, "KZ-75", start, end),
        "top_enterprises arrears": lambda: metrics.top_enterprises(engine, "KZ-75", start, end),
        "top_enterprises appeals": lambda: metrics.top_enterprises(
            engine, "KZ-75", start, end, by="appeals"
        ),
        "incidents_list": lambda: metrics.incidents_list(engine, start, end, region="KZ-75"),
        "enterprise_points": lambda: metrics.enterprise_points(engine, start, end),
        "search_enterprises name": lambda: metrics.search_enterprises(engine, "Enterprse 0042"),
        "search_enterprises bin": lambda: metrics.search_enterprises(engine, bin_[:6]),
        "enterprise_profile": lambda: metrics.enterprise_profile(engine, bin_),
        "enterprise_timeline": lambda: metrics.enterprise_timeline(engine, bin_),
        "month_bounds": lambda: metrics.month_bounds(engine),
        "coverage": lambda: metrics.coverage(engine),
        "data_version": lambda: store.data_version(engine),
        "region_month_panel (early warning)": lambda: metrics.region_month_panel(engine, end),
        "enterprise_risk_at (map enterprise layer)": lambda: early_warning.enterprise_risk_at(
            engine, end
        ),
        "enterprise_month_panel (early warning)": lambda: metrics.enterprise_month_panel(
            engine, end
        ),
    }


def run_backend(name: str, url: str, frames, repeats: int) -> dict:
    engine = store.get_engine(url)
    store.init_db(engine)
    loads = {}
    for kind, frame in frames.items():
        started = time.perf_counter()
        store.load_batch(
            engine, kind, frame, file_name=f"{kind}.csv", sha256=None, user="bench",
            rows_read=len(frame),
        )  # fmt: skip
        seconds = time.perf_counter() - started
        loads[kind] = {"rows": len(frame), "seconds": seconds, "rows_per_s": len(frame) / seconds}
        print(f"[{name}] load_batch {kind}: {len(frame):,} rows in {seconds:.2f} s "
              f"= {len(frame) / seconds:,.0f} rows/s", flush=True)  # fmt: skip
    probe = frames["appeals"]["appeal_id"].iloc[:1_000_000]
    started = time.perf_counter()
    store.existing_appeal_ids(engine, probe)
    existing_s = time.perf_counter() - started
    _, last = metrics.month_bounds(engine)
    start = str(pd.Period(last, "M") - 11)
    queries = {}
    bin_ = frames["enterprises"]["bin"].iloc[42]
    for label, call in query_calls(engine, start, last, bin_).items():
        queries[label] = _median_ms(call, repeats)
        print(f"[{name}] {label}: {queries[label]:.1f} ms", flush=True)
    batch = int(store.list_batches(engine)["id"].max())
    started = time.perf_counter()
    store.undo_batch(engine, batch, "bench")
    undo_s = time.perf_counter() - started
    engine.dispose()
    return {
        "loads": loads,
        "existing_appeal_ids_1M_s": existing_s,
        "undo_last_batch_s": undo_s,
        "period": [start, last],
        "queries_ms": queries,
    }


def _pg_database(admin_url: str) -> tuple[str, sa.Engine, str] | None:
    try:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"ltm_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL skipped: {exc.orig}")
        return None
    return sa.make_url(admin_url).set(database=name).render_as_string(False), admin, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appeals", type=int, default=2_000_000)
    parser.add_argument("--arrears", type=int, default=300_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--pg-url", default=PG_ADMIN, help="admin URL; a scratch database is made")
    args = parser.parse_args()

    started = time.perf_counter()
    frames = generate(args.appeals, args.arrears)
    print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = run_backend(
            "sqlite", f"sqlite:///{Path(folder) / 'bench.db'}", frames, args.repeats
        )
    if not args.sqlite_only:
        made = _pg_database(args.pg_url)
        if made:
            url, admin, name = made
            try:
                results["postgresql"] = run_backend("postgresql", url, frames, args.repeats)
            finally:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    labels = list(next(iter(results.values()))["queries_ms"])
    backends = list(results)
    print()
    print(f"{'median ms (target < 250)':44s}" + "".join(f"{b:>12s}" for b in backends))
    for label in labels:
        cells = "".join(f"{results[b]['queries_ms'][label]:12.1f}" for b in backends)
        print(f"{label:44s}{cells}")
    for kind in frames:
        cells = "".join(f"{results[b]['loads'][kind]['rows_per_s']:12,.0f}" for b in backends)
        print(f"{'load_batch rows/s ' + kind:44s}{cells}")
    cells = "".join(f"{results[b]['existing_appeal_ids_1M_s']:12.2f}" for b in backends)
    print(f"{'existing_appeal_ids(1M ids) s':44s}{cells}")

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "machine": {"platform": platform.platform(), "python": platform.python_version(),
                            "cpus": __import__("os").cpu_count()},
                "versions": {"sqlalchemy": sa.__version__, "pandas": pd.__version__,
                             "numpy": np.__version__},
                "scale": {"appeals": args.appeals, "arrears": args.arrears},
                "repeats": args.repeats,
                "results": results,
            },
            indent=2,
        )  # fmt: skip
    )
    print(f"\nwritten {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
