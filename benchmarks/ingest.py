"""Ingest throughput: a generated 1,000,000-row appeals CSV loaded on SQLite and PostgreSQL.

Usage::

    python benchmarks/ingest.py [--rows 1000000] [--repeat 3] [--encoding cp1251|utf-8]
                                [--shape realistic|scattered] [--backends sqlite,postgresql]
                                [--file appeals.csv]

Each run loads the file into a fresh database (a new SQLite file; a new PostgreSQL database
created and dropped like ``tests/conftest.py`` does) in a child process, so the peak memory
reported is the child's maximum resident set size. Times are split into ``prepare`` (read,
parse, validate: ``utils.ingest``) and ``commit`` (one batch through ``utils.store``).

Other work on a shared machine stretches wall time, so CPU time is measured beside it: the
child's own (all its threads) and, on a local PostgreSQL, that of the server process doing
the load (read from ``/proc``). ``cpu s`` adds the two; ``rows/s (cpu)`` is what the wall
time would be on an idle machine if client and server never overlapped, a pessimistic bound.

Data shapes (``--shape``):

* ``realistic`` (default) — as in the demo data set and real registries: about 30% of appeals
  name the employer (one of 2 000 enterprises), which lies in the appeal's region;
* ``scattered`` — every appeal names one of 2 000 enterprises, the region drawn independently
  of it: the per-enterprise monthly aggregate becomes almost as large as the file (the
  worst case for the load).

``--file`` loads a file made earlier (by this script) instead of generating one, so runs of
two versions of the code compare on the same bytes; rates count the rows the file holds.

Prints a table of medians and writes ``benchmarks/out/ingest.json`` (``ingest_SHAPE.json``
for a shape other than the default). Each run records the one-minute load average at its
end: other work on the machine shows there.

Targets (issue 2): >= 100,000 rows/s on SQLite, >= 150,000 rows/s on PostgreSQL, peak
memory < 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
PG_ADMIN_URL = os.environ.get("LTM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGETS = {"sqlite": 100_000, "postgresql": 150_000}
MEMORY_TARGET_MB = 1500

CATEGORIES = [
    "Задолженность по заработной плате", "Незаконное увольнение", "Сокращение штата",
    "Условия труда", "Охрана труда", "Трудовой договор", "Социальные выплаты", "Прочие",
    "задержка зарплаты", "Wage arrears",
]
STATUSES = ["Рассмотрено", "На рассмотрении", "Отказано", "Зарегистрировано", ""]


def _region_spellings(encoding: str) -> list[str]:
    """Return the ways the 20 regions are written (names, short forms), fit for ``encoding``."""
    sys.path.insert(0, str(ROOT))
    import geo
    from geo.reference import load_regions

    spellings = []
    for record in load_regions().to_dict("records"):
        for text in [record["name_ru"], record["name_en"], *record["aliases"].split(";")][:4]:
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                continue
            if geo.resolve_region(text) == record["code"]:
                spellings.append(text)
    return spellings


#: Share of appeals naming the employer in the ``realistic`` shape (the demo data's share).
EMPLOYER_SHARE = 0.3
ENTERPRISES = 2000
SHAPES = ("realistic", "scattered")


def generate(
    path: Path, rows: int, encoding: str, seed: int = 20250101, shape: str = "realistic"
) -> None:
    """Write an appeals extract as analysts send it (Russian headers, dd.mm.yyyy, personal
    data columns) with the enterprises spread as ``shape`` says (see the module docstring).
    """  # noqa: D205
    import numpy as np
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    import geo
    from utils.ingest import make_bin_near

    if shape not in SHAPES:
        raise KeyError(f"Invalid shape: {shape!r}. Shape must be in the set: {', '.join(SHAPES)}")
    rng = np.random.default_rng(seed)
    regions = np.array(_region_spellings(encoding), dtype=object)
    bins = np.array(
        [make_bin_near(f"{i * 7919 + 100000000:011d}") for i in range(ENTERPRISES)], dtype=object
    )
    names = np.array([f"ТОО «Предприятие {i}»" for i in range(ENTERPRISES)], dtype=object)
    days = pd.date_range("2023-01-01", "2025-12-31").strftime("%d.%m.%Y").to_numpy()
    region = rng.integers(0, len(regions), rows)
    if shape == "scattered":
        enterprise = rng.integers(0, ENTERPRISES, rows)
        bin_cells, name_cells = bins[enterprise], names[enterprise]
    else:
        # Each enterprise lies in one region; an appeal naming one names one of its region.
        codes = np.array([geo.resolve_region(text) for text in regions], dtype=object)
        distinct = np.unique(codes)
        home = distinct[rng.integers(0, len(distinct), ENTERPRISES)]
        order = np.argsort(home, kind="stable")
        first = np.searchsorted(home[order], distinct)
        count = np.searchsorted(home[order], distinct, side="right") - first
        row_code = np.searchsorted(distinct, codes[region])
        enterprise = order[first[row_code] + rng.integers(0, 1 << 30, rows) % count[row_code]]
        named = rng.random(rows) < EMPLOYER_SHARE
        bin_cells = np.where(named, bins[enterprise], "")
        name_cells = np.where(named, names[enterprise], "")
    people = np.where(rng.random(rows) < 0.05, rng.integers(2, 200, rows), 1)
    frame = pd.DataFrame(
        {
            "Дата регистрации": days[rng.integers(0, len(days), rows)],
            "Область": regions[region],
            "Категория обращения": np.array(CATEGORIES, dtype=object)[
                rng.integers(0, len(CATEGORIES), rows)
            ],
            "Номер обращения": pd.Series(np.arange(rows)).map("ЖТ-{:08d}".format).to_numpy(),
            "БИН": bin_cells,
            "Наименование предприятия": name_cells,
            "Количество заявителей": people.astype(str),
            "Статус": np.array(STATUSES, dtype=object)[rng.integers(0, len(STATUSES), rows)],
            "ФИО заявителя": "Фамилия Имя Отчество",
            "Телефон": "+7 700 000 00 00",
        }
    )
    frame.to_csv(path, sep=";", index=False, encoding=encoding, lineterminator="\r\n")


# --------------------------------------------------------------------------------------
# The measured child process.
# --------------------------------------------------------------------------------------


def _server_cpu_s(engine) -> float | None:
    """Return the CPU seconds used so far by the PostgreSQL processes serving ``engine``.

    None when the server is not local (its ``/proc`` entries cannot be read) or not PostgreSQL.
    """
    if engine.dialect.name != "postgresql":
        return None
    import sqlalchemy as sa

    with engine.connect() as connection:
        pids = connection.execute(
            sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars().all()
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def child(url: str, path: str) -> dict:
    """Load ``path`` into the database at ``url``; return timings and peak memory."""
    sys.path.insert(0, str(ROOT))
    from utils import ingest, store

    engine = store.get_engine(url)
    store.init_db(engine)
    import geo  # warm the region reference before timing, as a running app has it

    geo.resolve_region("Астана")
    server_before = _server_cpu_s(engine)
    started, cpu_started = time.perf_counter(), time.process_time()
    prepared = ingest.prepare("appeals", path)
    prepared_at, cpu_prepared = time.perf_counter(), time.process_time()
    report = ingest.commit(engine, prepared, "benchmark")
    finished, cpu_finished = time.perf_counter(), time.process_time()
    server_after = _server_cpu_s(engine)
    engine.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    server_s = (
        None if server_before is None or server_after is None else server_after - server_before
    )
    return {
        "rows_read": report.rows_read,
        "rows_loaded": report.rows_loaded,
        "rows_rejected": report.rows_rejected,
        "prepare_s": prepared_at - started,
        "commit_s": finished - prepared_at,
        "total_s": finished - started,
        "prepare_cpu_s": cpu_prepared - cpu_started,
        "commit_cpu_s": cpu_finished - cpu_prepared,
        "server_cpu_s": server_s,
        "cpu_s": cpu_finished - cpu_started + (server_s or 0.0),
        "peak_rss_mb": peak_kb / 1024,
        "load_average": os.getloadavg()[0],
    }


def _fresh_database(backend: str, folder: Path) -> tuple[str, callable]:
    if backend == "sqlite":
        db = folder / f"bench-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{db}", lambda: db.unlink(missing_ok=True)
    import sqlalchemy as sa

    name = f"ltm_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def run(backend: str, path: Path, folder: Path) -> dict:
    url, cleanup = _fresh_database(backend, folder)
    try:
        output = subprocess.run(
            [sys.executable, __file__, "--child", url, str(path)],
            check=True, capture_output=True, text=True, cwd=str(ROOT),
        )
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr)
        raise
    finally:
        cleanup()
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--encoding", default="cp1251", choices=["cp1251", "utf-8"])
    parser.add_argument("--shape", default="realistic", choices=SHAPES)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--file", type=Path, help="load this CSV instead of generating one")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="ltm-bench-") as tmp:
        folder = Path(tmp)
        if args.file is None:
            path = folder / "appeals.csv"
            started = time.perf_counter()
            generate(path, args.rows, args.encoding, shape=args.shape)
            print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:,.0f} MB, "
                  f"{args.encoding}, {args.shape}) in {time.perf_counter() - started:.1f} s")
        else:
            path = args.file
            print(f"loading {path} ({path.stat().st_size / 1e6:,.0f} MB)")
        size_mb = path.stat().st_size / 1e6
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            runs = [run(backend, path, folder) for _ in range(args.repeat)]

            def median(key: str, runs: list[dict] = runs) -> float | None:
                values = [r[key] for r in runs if r[key] is not None]
                return statistics.median(values) if values else None

            total = median("total_s")
            rows = runs[0]["rows_read"]
            peak = max(r["peak_rss_mb"] for r in runs)
            results[backend] = {
                "runs": runs,
                "median_total_s": total,
                "median_prepare_s": median("prepare_s"),
                "median_commit_s": median("commit_s"),
                "median_prepare_cpu_s": median("prepare_cpu_s"),
                "median_commit_cpu_s": median("commit_cpu_s"),
                "median_server_cpu_s": median("server_cpu_s"),
                "median_cpu_s": median("cpu_s"),
                "rows_per_s": rows / total,
                "rows_per_cpu_s": rows / median("cpu_s"),
                "prepare_rows_per_s": rows / median("prepare_s"),
                "peak_rss_mb": peak,
                "load_averages": [r["load_average"] for r in runs],
                "target_rows_per_s": TARGETS[backend],
                "meets_target": rows / total >= TARGETS[backend]
                and peak < MEMORY_TARGET_MB,
            }
    header = (f"{'backend':<11} {'rows/s':>9} {'(cpu)':>9} {'target':>8} {'prepare s':>10} "
              f"{'commit s':>9} {'total s':>8} {'cpu s':>6} {'server':>7} {'peak MB':>8}  met  "
              "load")
    print(header)
    print("-" * len(header))
    for backend, r in results.items():
        server = r["median_server_cpu_s"]
        print(f"{backend:<11} {r['rows_per_s']:>9,.0f} {r['rows_per_cpu_s']:>9,.0f} "
              f"{r['target_rows_per_s']:>8,} {r['median_prepare_s']:>10.2f} "
              f"{r['median_commit_s']:>9.2f} {r['median_total_s']:>8.2f} "
              f"{r['median_cpu_s']:>6.2f} {'-' if server is None else f'{server:.2f}':>7} "
              f"{r['peak_rss_mb']:>8.0f}  {'yes' if r['meets_target'] else 'NO ':<3}  "
              + " ".join(f"{load:.1f}" for load in r["load_averages"]))
    print("prepare/commit/total: wall seconds; cpu s: client CPU (all threads) + server CPU "
          "(PostgreSQL); medians of the runs; load: 1-minute load average after each run")
    payload = {
        "benchmark": "ingest",
        "rows": rows if results else args.rows,
        "encoding": args.encoding,
        "shape": args.shape,
        "file_mb": size_mb,
        "repeat": args.repeat,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
        "memory_target_mb": MEMORY_TARGET_MB,
        "results": results,
    }
    name = "ingest.json" if args.shape == "realistic" else f"ingest_{args.shape}.json"
    (OUT / name).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
