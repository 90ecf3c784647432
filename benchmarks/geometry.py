"""Boundary preparation: raw vs prepared bytes, vertices and time; region resolution speed.

Run: .venv/bin/python benchmarks/geometry.py   (writes benchmarks/out/geometry.json)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402

import geo  # noqa: E402
from geo import geometry  # noqa: E402

RUNS = 5
BUDGET_BYTES = 150_000


def median_seconds(func, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> dict:
    raw = geometry.raw_boundaries()
    raw_bytes = len(geometry.source_bytes())
    raw_vertices = int(shapely.get_num_coordinates(raw.geometry.values).sum())

    repair_s, _ = median_seconds(lambda: geometry.repair(raw.geometry.values), runs=3)
    repaired = geometry.repair(raw.geometry.values)
    simplify_s, _ = median_seconds(lambda: geometry.simplify_for_browser(repaired))
    browser = geometry.simplify_for_browser(repaired)

    frame = geo.browser_boundaries()
    text = geometry.to_compact_geojson(frame)
    repaired_frame = geo.boundaries()
    area_before = geometry.equal_area(repaired_frame)
    area_after = geometry.equal_area(frame)
    unit_error = (area_after / area_before - 1) * 100

    def cached_load():
        geometry.clear_caches()
        geo.browser_geojson()

    cached_s, _ = median_seconds(cached_load)

    names = [
        "Алматы",
        "г. Алматы",
        "Алматы облысы",
        "Алматинская область",
        "ВКО",
        "ЗКО",
        "Астана",
        "Нур-Султан",
        "Карагандинская обл.",
        "Жетісу облысы",
    ]
    spellings = np.array([n + " " * i for i in range(5) for n in names], dtype=object)
    values = pd.Series(np.random.default_rng(1).choice(spellings, 1_000_000))
    geo.resolve_regions(values.head(100))
    resolve_s, _ = median_seconds(lambda: geo.resolve_regions(values))

    result = {
        "source": f"{geometry.SOURCE_PACKAGE}/{geometry.SOURCE_ASSET}",
        "source_hash": geometry.source_hash(),
        "settings": {
            "gap_width_deg": geometry.GAP_WIDTH_DEG,
            "merge_strategy": geometry.MERGE_STRATEGY,
            "simplify_tolerance_deg": geometry.SIMPLIFY_TOLERANCE_DEG,
            "coordinate_decimals": geometry.COORDINATE_DECIMALS,
        },
        "raw_bytes": raw_bytes,
        "raw_vertices": raw_vertices,
        "repaired_vertices": int(shapely.get_num_coordinates(repaired).sum()),
        "browser_bytes": len(text.encode("utf-8")),
        "browser_vertices": int(shapely.get_num_coordinates(browser).sum()),
        "browser_budget_bytes": BUDGET_BYTES,
        "within_budget": len(text.encode("utf-8")) <= BUDGET_BYTES,
        "total_area_error_pct": float((area_after.sum() / area_before.sum() - 1) * 100),
        "max_unit_area_error_pct": float(unit_error.abs().max()),
        "max_unit_area_error_code": str(unit_error.abs().idxmax()),
        "repair_median_s": repair_s,
        "simplify_median_s": simplify_s,
        "cached_geojson_load_median_s": cached_s,
        "resolve_regions_1m_rows_50_spellings_median_s": resolve_s,
    }
    rows = [
        ("source GeoJSON bytes", f"{raw_bytes:,}"),
        ("browser GeoJSON bytes", f"{result['browser_bytes']:,} (budget {BUDGET_BYTES:,})"),
        (
            "vertices raw / repaired / browser",
            f"{raw_vertices:,} / {result['repaired_vertices']:,} / {result['browser_vertices']:,}",
        ),
        ("total area error", f"{result['total_area_error_pct']:+.4f} %"),
        (
            "largest unit area error",
            f"{result['max_unit_area_error_pct']:.3f} % ({result['max_unit_area_error_code']})",
        ),
        ("repair (force_2d, make_valid, coverage_clean), median", f"{repair_s * 1000:.0f} ms"),
        ("coverage_simplify + rounding, median", f"{simplify_s * 1000:.0f} ms"),
        ("browser GeoJSON from disk cache, median", f"{cached_s * 1000:.1f} ms"),
        ("resolve_regions, 1M rows / 50 spellings, median", f"{resolve_s * 1000:.1f} ms"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    out = ROOT / "benchmarks" / "out" / "geometry.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")
    if not result["within_budget"]:
        raise SystemExit("browser GeoJSON is over its size budget")
    return result


if __name__ == "__main__":
    main()
