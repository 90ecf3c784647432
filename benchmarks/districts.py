"""The region page with its districts at national scale: server time and time to a visible map.

Data: ``benchmarks/queries.py``'s generator (2,000,000 appeals, 300,000 arrears, layoffs,
incidents, a registry), each appeal naming a district of its region as analysts write it
(«Аккольский район», «Ақкөл ауданы», «г. Кентау» …) and the registry's enterprises placed at
points inside their regions; districts are assigned as an upload assigns them
(``utils.ingest.assign_districts``, timed: rows/s) and the frames stored with
``store.load_batch`` into a SQLite file (``--db PATH`` keeps it for the next run).

Server time on a cache miss (target < 250 ms median): what the region page does for the
busiest region with nothing cached -- the region profile, the monthly series, the category
mix, the two leader tables, incidents, enterprise points, the national values and the second
map (the country zoomed on the region) turned into its component's arguments -- and, timed
apart, the district part: the district
values (totals and per enterprise), the normalisations available and the district map built
and turned into the component's arguments (render, script, hash, as ``st_folium`` does).

Payload: the district GeoJSON of every region and of all 224 units (budget:
``geo.district_geometry.REGION_PAYLOAD_BUDGET_BYTES`` per region) and the district map's
script for the busiest region.

Every region's verdict (the early-warning statistics the page's verdict line reads) is timed
apart: it is computed once per data version for all regions and shared with the home map.

Browser time (target: the district map visible within 2 s median on loopback): ``streamlit
run app.py`` against the same database, headless Debian Chromium via Playwright, from
navigation to ``/region?region=…`` until every district shape of the region is visible in
the first map's iframe, and until the page's second map is drawn (the whole page). A first
visit is a new browser context (Streamlit's scripts for tables and charts not yet in the
browser's cache); a returning visitor is a new tab in one context kept open.
``--compare-with OTHER/app.py`` times an earlier checkout's region page in the same run,
visits alternating.

Run: .venv/bin/python benchmarks/districts.py [--appeals N] [--arrears N] [--repeats N]
     [--visits N] [--db PATH] [--region KZ-NN] [--no-browser] [--compare-with OTHER/app.py]
Prints a table and writes benchmarks/out/districts.json.
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

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "districts.json"
SERVER_TARGET_MS = 250
BROWSER_TARGET_S = 2.0


def _district_spellings(region_codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return, for each region code, a district of that region written in ru or kk."""
    import geo

    units = geo.load_districts()
    written = np.empty(len(region_codes), dtype=object)
    for code in np.unique(region_codes):
        katos = units.loc[units["region"] == code, "kato"].to_numpy()
        spellings = np.array([geo.district_label(k, lang) for k in katos for lang in ("ru", "kk")],
                             dtype=object)
        rows = np.flatnonzero(region_codes == code)
        written[rows] = spellings[rng.integers(0, len(spellings), len(rows))]
    return written


def _points_in(regions: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Return a point inside each row's region (the label point of a random district)."""
    import geo

    units = geo.load_districts()
    label = geo.district_label_points()
    lat = np.empty(len(regions))
    lon = np.empty(len(regions))
    for code in np.unique(regions):
        katos = units.loc[units["region"] == code, "kato"].to_numpy()
        rows = np.flatnonzero(regions == code)
        chosen = katos[rng.integers(0, len(katos), len(rows))]
        lat[rows] = [label[k][0] for k in chosen]
        lon[rows] = [label[k][1] for k in chosen]
    return lat, lon


def prepare_database(path: Path, appeals: int, arrears: int) -> dict:
    """Create (or reuse) the benchmark database; return what was loaded and how fast."""
    from benchmarks.queries import generate
    from utils import ingest, store

    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    store.init_db(engine)
    if store.has_uploaded_data(engine):
        engine.dispose()
        return {"url": url, "reused": True}
    rng = np.random.default_rng(2026)
    frames = generate(appeals, arrears)
    frames["appeals"]["district"] = _district_spellings(
        frames["appeals"]["region"].to_numpy(dtype=object), rng)
    registry = frames["enterprises"]
    registry["lat"], registry["lon"] = _points_in(registry["region"].to_numpy(dtype=object), rng)
    located = registry.set_index("bin")[["lat", "lon"]]
    frames["arrears"]["lat"] = frames["arrears"]["enterprise_bin"].map(located["lat"]).to_numpy()
    frames["arrears"]["lon"] = frames["arrears"]["enterprise_bin"].map(located["lon"]).to_numpy()
    report: dict = {"url": url, "reused": False, "assign": {}, "loads": {}}
    for kind, frame in frames.items():
        started = time.perf_counter()
        ingest.assign_districts(kind, frame)
        seconds = time.perf_counter() - started
        report["assign"][kind] = {"rows": len(frame), "seconds": round(seconds, 2),
                                  "rows_per_s": round(len(frame) / max(seconds, 1e-9))}
        started = time.perf_counter()
        store.load_batch(engine, kind, frame, file_name=f"{kind}.csv", sha256=None,
                         user="bench", rows_read=len(frame))
        report["loads"][kind] = {"rows": len(frame),
                                 "seconds": round(time.perf_counter() - started, 2)}
        print(f"{kind}: {len(frame):,} rows, districts in {seconds:.2f} s, stored in "
              f"{report['loads'][kind]['seconds']} s", flush=True)
    engine.dispose()
    return report


def _median_ms(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def busiest_region(engine, start: str, end: str) -> str:
    from utils import metrics

    values = metrics.region_values(engine, "appeals", start, end)
    return str(values.sort_values("value", ascending=False)["code"].iloc[0])


def district_part(engine, region: str, start: str, end: str,
                  normalisation: str = "absolute") -> dict:
    """Do the region page's district work with nothing cached; return the component args."""
    from utils import maps, metrics
    from utils.screens import districts_screen
    from utils.ui import map_component

    metrics.district_normalisations(engine, region)
    values = metrics.district_values(engine, "appeals", region, start, end, normalisation)
    built = districts_screen.district_map(values, region, lang="ru",
                                          indicator_title="Обращения", unit="appeals")
    return map_component.component_args(built.map, key=f"district_map_{region}", height=440,
                                        returned_objects=maps.RETURNED_OBJECTS)


def rest_of_page(engine, region: str, start: str, end: str) -> None:
    """Do the region page's other reads and its second map with nothing cached."""
    import geo
    from utils import maps, metrics
    from utils.screens import region_screen
    from utils.ui import map_component

    totals = metrics.period_totals(engine, start, end)  # shared with the second map
    metrics.region_profile(engine, region, start, end, {}, totals=totals)
    metrics.monthly_series(engine, "appeals", region_screen.context_start(start), end, None)
    metrics.category_mix(engine, start, end, region)
    for by in metrics.TOP_BY:
        metrics.top_enterprises(engine, region, start, end, by=by)
    metrics.incidents_list(engine, start, end, region, None)
    points = metrics.enterprise_points(engine, start, end, region)
    values = metrics.region_values(engine, "appeals", start, end, totals=totals)
    built = region_screen.zoomed_map(values, geo.browser_geojson(), region, points, lang="ru",
                                     indicator_title="Обращения", unit="appeals",
                                     period=(start, end))
    map_component.component_args(built.map, key=f"region_map_{region}", height=480,
                                 returned_objects=maps.RETURNED_OBJECTS)


def verdicts(engine, end: str) -> None:
    """Compute every region's verdict (once per data version, shared with the home map)."""
    from utils import early_warning

    early_warning.region_verdicts(engine, end, config=early_warning.config_from_settings())


def server_times(url: str, repeats: int, region: str | None = None) -> dict:
    import geo
    from geo import district_geometry
    from utils import metrics, store

    engine = store.get_engine(url)
    first, last = metrics.month_bounds(engine)
    start = str(pd.Period(last, "M") - 11)
    region = region or busiest_region(engine, start, last)
    district_part(engine, region, start, last)  # warm the database pages and the geometry
    args = district_part(engine, region, start, last)
    result = {
        "region": region, "period": [start, last],
        "districts_ms": _median_ms(lambda: district_part(engine, region, start, last), repeats),
        "districts_per_enterprise_ms": _median_ms(
            lambda: district_part(engine, region, start, last, "per_enterprise"), repeats),
        "rest_ms": _median_ms(lambda: rest_of_page(engine, region, start, last), repeats),
        "verdicts_ms": _median_ms(lambda: verdicts(engine, last), repeats),
        "district_script_bytes": len(args["script"].encode()),
        "payload_bytes": district_geometry.payload_sizes(),
        "payload_budget_bytes": district_geometry.REGION_PAYLOAD_BUDGET_BYTES,
        "districts_with_rows": int(
            metrics.district_values(engine, "appeals", region, start, last)["value"].notna().sum()
        ),
        "districts": len(geo.district_katos(region)),
    }
    result["page_ms"] = round(result["districts_ms"] + result["rest_ms"], 1)
    engine.dispose()
    return result


def _time_to_shapes(browser, url: str, count: int, timeout_s: float,
                    whole_page: bool = False, context=None) -> tuple[float | None, float | None]:
    """Return seconds from navigation to ``count`` visible shapes in the first map, or None.

    With ``whole_page``, also the seconds until the page's last map (the region page's
    second map, below the charts and tables) shows its shapes: the page fully drawn. With
    ``context``, the visit opens a new tab in that browser context (its HTTP cache warm: a
    returning visitor) instead of a new context (a first visit).
    """
    from tests.browser import MAP_IFRAME, map_frame

    own = context is None
    if own:
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = None
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        shapes = map_frame(page).locator("path.ltm-region")
        try:
            shapes.nth(count - 1).wait_for(state="visible", timeout=timeout_s * 1000)
        except Exception:  # Playwright's TimeoutError: the shapes never appeared
            return None, None
        first = time.perf_counter() - started
        if not whole_page:
            return first, None
        last = page.frame_locator(MAP_IFRAME).nth(1).locator("path.ltm-region")
        try:
            last.nth(19).wait_for(state="attached", timeout=timeout_s * 1000)
        except Exception:
            return first, None
        return first, time.perf_counter() - started
    finally:
        if own:
            context.close()
        elif page is not None:
            page.close()


def _summary(times: list[float | None]) -> dict:
    later = [t for t in times[1:] if t is not None]
    return {
        "first_visit_s": None if times[0] is None else round(times[0], 2),
        "median_s": round(statistics.median(later), 2) if later else None,
        "visits": [None if t is None else round(t, 2) for t in times[1:]],
    }


def browser_times(url: str, region: str, visits: int, timeout_s: float = 30,
                  compare_with: Path | None = None) -> dict:
    """Time the region page's district map, and the home map beside it in the same run.

    The home map (20 regions, ``benchmarks/dashboard.py``'s measure) is the reference: on a
    busy machine both slow down alike. With ``compare_with`` (the ``app.py`` of an earlier
    checkout), that version's region page is timed in the same run, visits alternating, so
    both see the same load.
    """
    import geo
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, start_server

    wanted = len(geo.district_katos(region))
    apps = {"new": ROOT / "app.py"}
    if compare_with is not None:
        apps["old"] = compare_with
    servers = {name: start_server(url, app=app) for name, app in apps.items()}
    times: dict[str, dict[str, list[float | None]]] = {
        name: {"districts": [], "page": [], "returning": []} for name in apps}
    home: list[float | None] = []
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
            returning = {name: browser.new_context(viewport={"width": 1400, "height": 1100})
                         for name in servers}
            for _ in range(visits + 1):  # the first visit warms the server's caches too
                for name, server in servers.items():
                    url_ = f"{server.url}/region?region={region}"
                    first, whole = _time_to_shapes(browser, url_, wanted, timeout_s,
                                                   whole_page=True)
                    times[name]["districts"].append(first)
                    times[name]["page"].append(whole)
                    times[name]["returning"].append(_time_to_shapes(
                        browser, url_, wanted, timeout_s, context=returning[name])[0])
                home.append(_time_to_shapes(browser, servers["new"].url, 20, timeout_s)[0])
            browser.close()
    finally:
        for server in servers.values():
            server.stop()

    result = {"districts": _summary(times["new"]["districts"]),
              "page": _summary(times["new"]["page"]),
              "returning": _summary(times["new"]["returning"]), "home": _summary(home)}
    if compare_with is not None:
        result["before"] = {"app": str(compare_with),
                            "districts": _summary(times["old"]["districts"]),
                            "page": _summary(times["old"]["page"]),
                            "returning": _summary(times["old"]["returning"])}
    return result


def print_table(server: dict, browser: dict | None) -> None:
    rows = [
        ("region page, district part, miss", f"{server['districts_ms']} ms", "", ""),
        ("region page, district part per enterprise, miss",
         f"{server['districts_per_enterprise_ms']} ms", "", ""),
        ("region page, other reads, miss", f"{server['rest_ms']} ms", "", ""),
        ("every region's verdict, once per data version", f"{server['verdicts_ms']} ms", "", ""),
        ("region page, whole, miss", f"{server['page_ms']} ms", f"< {SERVER_TARGET_MS} ms",
         "ok" if server["page_ms"] < SERVER_TARGET_MS else "MISSED"),
        ("district GeoJSON, largest region",
         f"{max(v for k, v in server['payload_bytes'].items() if k != 'all'):,} B",
         f"<= {server['payload_budget_bytes']:,} B", ""),
        ("district GeoJSON, all 224 units", f"{server['payload_bytes']['all']:,} B", "", ""),
        ("district map script of the region", f"{server['district_script_bytes']:,} B", "", ""),
    ]
    if browser is not None:
        median = browser["districts"]["median_s"]
        rows.append(("district map visible in Chromium, loopback",
                     f"{median} s" if median is not None else "time-out",
                     f"< {BROWSER_TARGET_S} s",
                     "ok" if median is not None and median < BROWSER_TARGET_S else "MISSED"))
        back = browser["returning"]["median_s"]
        rows.append(("district map, returning visitor (browser cache warm)",
                     f"{back} s" if back is not None else "time-out", "", ""))
        page = browser["page"]["median_s"]
        rows.append(("whole region page drawn (its second map)",
                     f"{page} s" if page is not None else "time-out", "", ""))
        if "before" in browser:
            for key, label in (("districts", "district map"), ("page", "whole page"),
                               ("returning", "district map, returning visitor")):
                before = browser["before"][key]["median_s"]
                rows.append((f"{label}, earlier version in the same run",
                             f"{before} s" if before is not None else "time-out", "", ""))
        home = browser["home"]["median_s"]
        rows.append(("home map (20 regions) in the same run, for reference",
                     f"{home} s" if home is not None else "time-out", "", ""))
    width = max(len(r[0]) for r in rows)
    print(f"region {server['region']}, {server['districts_with_rows']} of "
          f"{server['districts']} districts with appeals, period {server['period']}")
    for name, value, target, verdict in rows:
        print(f"{name:<{width}}  {value:>14}  {target:>14}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appeals", type=int, default=2_000_000)
    parser.add_argument("--arrears", type=int, default=300_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--visits", type=int, default=5)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--compare-with", type=Path,
                        help="app.py of an earlier checkout, timed alternately in the browser")
    parser.add_argument("--region", help="ISO code of the region to open (default: the busiest)")
    args = parser.parse_args()
    folder = None
    if args.db is None:
        folder = tempfile.TemporaryDirectory()
        args.db = Path(folder.name) / "districts.db"
    loaded = prepare_database(args.db, args.appeals, args.arrears)
    server = server_times(loaded["url"], args.repeats, args.region)
    browser = None if args.no_browser else browser_times(
        loaded["url"], server["region"], args.visits, compare_with=args.compare_with)
    print_table(server, browser)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"data": loaded, "server": server, "browser": browser,
                               "appeals": args.appeals, "arrears": args.arrears},
                              indent=2, default=str), encoding="utf-8")
    print(f"wrote {OUT}")
    if folder is not None:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
