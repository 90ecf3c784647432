"""Ingest throughput: a generated 1,000,000-row appeals CSV loaded on SQLite and PostgreSQL.

Usage::

    python benchmarks/ingest.py [--rows 1000000] [--repeat 3] [--encoding cp1251|utf-8]
                                [--backends sqlite,postgresql]

Each run loads the file into a fresh database (a new SQLite file; a new PostgreSQL database
created and dropped like ``tests/conftest.py`` does) in a child process, so the peak memory
reported is the child's maximum resident set size. Times are split into ``prepare`` (read,
parse, validate: ``utils.ingest``) and ``commit`` (one batch through ``utils.store``).
Prints a table of medians and writes ``benchmarks/out/ingest.json``.

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


def generate(path: Path, rows: int, encoding: str, seed: int = 20250101) -> None:
    """Write a realistic appeals extract: Russian headers, dd.mm.yyyy, personal data."""
    import numpy as np
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    from utils.bins import make_bin_near

    rng = np.random.default_rng(seed)
    regions = np.array(_region_spellings(encoding), dtype=object)
    bins = np.array([make_bin_near(f"{i * 7919 + 100000000:011d}") for i in range(2000)])
    names = np.array([f"ТОО «Предприятие {i}»" for i in range(2000)], dtype=object)
    days = pd.date_range("2023-01-01", "2025-12-31").strftime("%d.%m.%Y").to_numpy()
    enterprise = rng.integers(0, 2000, rows)
    people = np.where(rng.random(rows) < 0.05, rng.integers(2, 200, rows), 1)
    frame = pd.DataFrame(
        {
            "Дата регистрации": days[rng.integers(0, len(days), rows)],
            "Область": regions[rng.integers(0, len(regions), rows)],
            "Категория обращения": np.array(CATEGORIES, dtype=object)[
                rng.integers(0, len(CATEGORIES), rows)
            ],
            "Номер обращения": pd.Series(np.arange(rows)).map("ЖТ-{:08d}".format).to_numpy(),
            "БИН": bins[enterprise],
            "Наименование предприятия": names[enterprise],
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


def child(url: str, path: str) -> dict:
    """Load ``path`` into the database at ``url``; return timings and peak memory."""
    sys.path.insert(0, str(ROOT))
    from utils import ingest, store

    engine = store.get_engine(url)
    store.init_db(engine)
    import geo  # warm the region reference before timing, as a running app has it

    geo.resolve_region("Астана")
    started = time.perf_counter()
    prepared = ingest.prepare("appeals", path)
    prepared_at = time.perf_counter()
    report = ingest.commit(engine, prepared, "benchmark")
    finished = time.perf_counter()
    engine.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows_read": report.rows_read,
        "rows_loaded": report.rows_loaded,
        "rows_rejected": report.rows_rejected,
        "prepare_s": prepared_at - started,
        "commit_s": finished - prepared_at,
        "total_s": finished - started,
        "peak_rss_mb": peak_kb / 1024,
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
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="ltm-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "appeals.csv"
        started = time.perf_counter()
        generate(path, args.rows, args.encoding)
        generated_s = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size_mb:,.0f} MB, {args.encoding}) "
              f"in {generated_s:.1f} s")
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            runs = [run(backend, path, folder) for _ in range(args.repeat)]
            total = statistics.median(r["total_s"] for r in runs)
            results[backend] = {
                "runs": runs,
                "median_total_s": total,
                "median_prepare_s": statistics.median(r["prepare_s"] for r in runs),
                "median_commit_s": statistics.median(r["commit_s"] for r in runs),
                "rows_per_s": args.rows / total,
                "prepare_rows_per_s": args.rows / statistics.median(r["prepare_s"] for r in runs),
                "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
                "target_rows_per_s": TARGETS[backend],
                "meets_target": args.rows / total >= TARGETS[backend]
                and max(r["peak_rss_mb"] for r in runs) < MEMORY_TARGET_MB,
            }
    header = (f"{'backend':<11} {'rows/s':>10} {'target':>8} {'prepare s':>10} "
              f"{'commit s':>9} {'total s':>8} {'peak MB':>8}  met")
    print(header)
    print("-" * len(header))
    for backend, r in results.items():
        print(f"{backend:<11} {r['rows_per_s']:>10,.0f} {r['target_rows_per_s']:>8,} "
              f"{r['median_prepare_s']:>10.2f} {r['median_commit_s']:>9.2f} "
              f"{r['median_total_s']:>8.2f} {r['peak_rss_mb']:>8.0f}  "
              f"{'yes' if r['meets_target'] else 'NO'}")
    payload = {
        "benchmark": "ingest",
        "rows": args.rows,
        "encoding": args.encoding,
        "file_mb": size_mb,
        "repeat": args.repeat,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "memory_target_mb": MEMORY_TARGET_MB,
        "results": results,
    }
    (OUT / "ingest.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"wrote {OUT / 'ingest.json'}")


if __name__ == "__main__":
    main()
