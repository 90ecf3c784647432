"""How long the early warning's backtest takes on the demo history, and what it finds.

Usage: ``python benchmarks/backtest.py [--runs 3] [--scale 1.0] [--end 2025-12]``

Loads the synthetic demo data set (seed 2026, three years up to ``--end``) into a fresh
SQLite file, then times ``warning_backtest`` over its whole history (the panels read once,
every month's lists replayed) ``--runs`` times, median quoted; the target is under a minute.
Prints the timing, the warning's figures beside the two baselines' and whether the planted
stories' conflicts are among the hits, and writes ``benchmarks/out/backtest.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.modules.setdefault("streamlit", None)  # the core must run without Streamlit

from utils import store  # noqa: E402
from utils.demo import DEFAULT_SEED, load_demo, planted_stories  # noqa: E402
from utils.early_warning import warning_backtest  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "backtest.json"
END_MONTH = "2025-12"
TARGET_S = 60.0


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f} %"


def figures(result) -> dict:
    """Return the warning's and the baselines' figures of each kind of unit."""
    out = {}
    for kind in ("enterprises", "regions"):
        units = getattr(result, kind)
        out[kind] = {"warning": units.warning.to_json(),
                     **{name: acc.to_json() for name, acc in units.baselines.items()},
                     "unforeseeable": units.unforeseeable}
    return out


def planted_hits(result, end_month: str) -> dict[str, bool]:
    """Return, per planted enterprise story with a conflict, whether a conflict was a hit."""
    hits = {c.unit for c in result.enterprises.foreseen}
    return {story["key"]: story["bin"] in hits for story in planted_stories(end_month)
            if story["kind"] == "enterprise" and story["event"]}


def print_table(report: dict) -> None:
    print(f"Backtest of the demo history (scale {report['scale']}, up to {report['end_month']}): "
          f"conflicts of {report['from']} to {report['to']}, median {report['median_s']:.1f} s "
          f"over {report['runs']} runs (target < {TARGET_S:.0f} s), panels read in "
          f"{report['read_s']:.1f} s")
    print(f"{'units':<12} {'method':<16} {'hits':>9} {'recall':>7} {'lead':>5} "
          f"{'precision':>9} {'lift':>6}")
    for kind, methods in report["figures"].items():
        for method, acc in methods.items():
            if method == "unforeseeable":
                continue
            lead = acc["median_lead_months"]
            print(f"{kind:<12} {method:<16} {acc['hits']:>4}/{acc['conflicts']:<4} "
                  f"{_percent(acc['recall']):>7} {'n/a' if lead is None else lead:>5} "
                  f"{_percent(acc['precision']):>9} {acc['lift'] or 'n/a':>6}")
    for key, hit in report["planted_hits"].items():
        print(f"planted story {key}: {'foreseen' if hit else 'missed'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--end", default=END_MONTH, help="last month of the demo (YYYY-MM)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        engine = store.get_engine(f"sqlite:///{Path(folder) / 'demo.db'}")
        store.init_db(engine)
        load_demo(engine, seed=DEFAULT_SEED, end_month=args.end, scale=args.scale)
        seconds = []
        result = None
        for _ in range(args.runs):
            start = time.perf_counter()
            result = warning_backtest(engine)
            seconds.append(time.perf_counter() - start)
        from utils import metrics

        start = time.perf_counter()
        metrics.region_month_panel(engine)
        metrics.enterprise_month_panel(engine)
        read_s = time.perf_counter() - start
        engine.dispose()

    report = {
        "seed": DEFAULT_SEED, "scale": args.scale, "end_month": args.end, "runs": args.runs,
        "from": result.first_month, "to": result.last_month, "top": result.top,
        "horizon": result.horizon, "min_lead": result.min_lead,
        "median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
        "read_s": read_s, "target_s": TARGET_S, "figures": figures(result),
        "planted_hits": planted_hits(result, args.end),
    }
    print_table(report)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
