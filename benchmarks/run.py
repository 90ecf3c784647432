"""Every benchmark of Labor Tension Map in one command, with the targets beside the results.

    python benchmarks/run.py [--quick] [--only NAME ...] [--skip NAME ...] [--no-browser]
    make bench

Runs each benchmark script of ``benchmarks/`` in its own process with its national-scale
arguments (``--quick``: reduced scale, for a check on a busy machine; the results say so),
collects the JSON each writes to ``benchmarks/out/``, adds what this command measures itself
and prints one table of each target and whether it is met. Writes ``benchmarks/results.json``
(machine, package versions, date, every script's command, duration and output, the app
measurements, the table) and prints the same table as Markdown for the README.

Measured here (the scripts measure the rest):

* **app cold start**: ``streamlit run app.py`` on a free port against the national-scale
  database that ``dashboard.py`` built (else a demo database made here): seconds from the
  process start until ``/_stcore/health`` answers, until the map page's HTML is served
  (``GET /map``: the app's shell; the map itself is drawn over the websocket) and, with
  Debian's Chromium, until all 20 regions are visible in a headless browser (first visit,
  nothing cached);
* **app peak memory**: the server process's peak resident set (``VmHWM`` in
  ``/proc/PID/status``) after the browser drew the map, switched its mode and visited every
  screen once (map with enterprises, trends, hotspots, the busiest region and enterprise,
  briefing); without Chromium, after the same page ran in-process under Streamlit's
  ``AppTest`` (then it is this command's own peak, which holds the app's data too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
OUT = BENCH / "out"
RESULTS = BENCH / "results.json"
CHROMIUM = Path("/usr/bin/chromium")
PG_ADMIN_URL = os.environ.get(
    "LTM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PACKAGES = [
    "streamlit", "streamlit-folium", "folium", "pandas", "numpy", "geopandas", "shapely",
    "SQLAlchemy", "alembic", "psycopg", "esda", "libpysal", "pymannkendall", "altair",
    "playwright",
]  # fmt: skip
NATIONAL = ("national (2 000 000 appeals, 300 000 arrears rows, 8 334 enterprises, 2 000 of them "
            "named in appeals)")


@dataclass(frozen=True)
class Script:
    """One benchmark script: its file, its national-scale and reduced arguments."""

    name: str
    national: list[str]
    quick: list[str]
    output: str
    needs_db_arg: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return BENCH / f"{self.name}.py"


#: The benchmark scripts, in the order they run. Arguments as their argparse defines them.
SCRIPTS = {
    s.name: s
    for s in [
        Script("ingest", ["--rows", "1000000", "--repeat", "3"],
               ["--rows", "100000", "--repeat", "1"], "ingest.json"),
        Script("queries", ["--appeals", "2000000", "--arrears", "300000", "--repeats", "7"],
               ["--appeals", "200000", "--arrears", "30000", "--repeats", "3"], "queries.json"),
        Script("dashboard",
               ["--appeals", "2000000", "--arrears", "300000", "--repeats", "7", "--visits", "5"],
               ["--appeals", "200000", "--arrears", "30000", "--repeats", "2", "--visits", "1"],
               "dashboard.json", needs_db_arg=True),
        Script("early_warning_sim", ["--runs", "100"], ["--runs", "10"], "early_warning_sim.json"),
        Script("backtest", ["--runs", "3"], ["--runs", "1", "--scale", "0.3"], "backtest.json"),
        Script("geometry", [], [], "geometry.json"),
        Script("map_payload", ["--runs", "5"], ["--runs", "3"], "map_payload.json"),
        Script("demo", ["--runs", "3", "--scale", "1.0"], ["--runs", "1", "--scale", "0.2"],
               "demo.json"),
    ]
}  # fmt: skip


# --- machine facts ---------------------------------------------------------------------------


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


def _postgres_version() -> str | None:
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            version = connection.execute(sa.text("SHOW server_version")).scalar()
        engine.dispose()
        return str(version)
    except Exception as exc:  # no server: say so in the results instead of failing
        return f"not reachable ({exc.__class__.__name__})"


def _chromium_version() -> str | None:
    if not CHROMIUM.exists():
        return None
    try:
        done = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True,
                              timeout=30)  # fmt: skip
        return done.stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None


def machine_facts() -> dict[str, Any]:
    """Return the machine, the interpreter, the key packages' versions and the date."""
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "postgresql": _postgres_version(),
        "chromium": _chromium_version(),
        "packages": versions,
    }


# --- the scripts -----------------------------------------------------------------------------


def run_script(script: Script, quick: bool, db_path: Path, no_browser: bool) -> dict[str, Any]:
    """Run one benchmark script in a child process; return its command, time and output."""
    args = list(script.quick if quick else script.national)
    if script.needs_db_arg:
        args += ["--db", str(db_path)]
    if script.name == "dashboard" and no_browser:
        args.append("--no-browser")
    command = [sys.executable, str(script.path), *args]
    log_path = OUT / f"{script.name}.log"
    print(f"\n=== {script.name}: {' '.join(command[1:])}", flush=True)
    started_wall = time.time()
    started = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(f"  {line}")
            log.write(line)
        process.wait()
    seconds = round(time.perf_counter() - started, 1)
    output_path = OUT / script.output
    output = None
    if output_path.exists() and output_path.stat().st_mtime >= started_wall:
        output = json.loads(output_path.read_text(encoding="utf-8"))
    return {
        "command": " ".join(["python", str(script.path.relative_to(ROOT)), *args]),
        "returncode": process.returncode,
        "seconds": seconds,
        "log": str(log_path.relative_to(ROOT)),
        "output": output,
        "fresh": output is not None,
    }


def reuse_output(script: Script) -> dict[str, Any]:
    """Return a script's last output from ``benchmarks/out/`` without running it."""
    path = OUT / script.output
    output = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    written = None
    if path.exists():
        written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        written = written.strftime("%Y-%m-%d %H:%M UTC")
    print(f"\n=== {script.name}: reusing {path.relative_to(ROOT)} written {written}")
    return {"command": None, "returncode": 0 if output else None, "seconds": None,
            "log": None, "output": output, "fresh": False, "reused_from": written}  # fmt: skip


# --- the app: cold start and peak memory -------------------------------------------------------


def _status_kb(pid: int, field_name: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _demo_database(path: Path, scale: float) -> str:
    sys.path.insert(0, str(ROOT))
    from utils import demo, store

    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    store.init_db(engine)
    demo.load_demo(engine, scale=scale)
    engine.dispose()
    return url


def _browser_visit(server_url: str, timeout_s: float, tour: list[str]) -> dict[str, Any]:
    """Open the map in a new headless Chromium, wait for the 20 regions, then interact."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, region_shapes, wait_for_app

    out: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)  # fmt: skip
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(server_url, wait_until="domcontentloaded")
        shapes = region_shapes(page)
        shapes.nth(19).wait_for(state="visible", timeout=timeout_s * 1000)
        out["first_visit_map_visible_s"] = round(time.perf_counter() - started, 2)
        out["regions_visible"] = shapes.count()
        wait_for_app(page, timeout=timeout_s * 1000)
        # A few interactions, so the peak covers more than one cached view.
        for mode in range(1, page.locator(".st-key-map_mode button").count()):
            page.locator(".st-key-map_mode button").nth(mode).click()
            page.wait_for_timeout(500)
            wait_for_app(page, timeout=timeout_s * 1000)
        # Then every screen once, as a briefing would, so the peak includes the early-warning
        # report, the trends charts and the drill-downs at this scale.
        toured = []
        for path in tour:
            started = time.perf_counter()
            page.goto(f"{server_url}/{path}", wait_until="domcontentloaded")
            page.wait_for_timeout(1000)
            wait_for_app(page, timeout=timeout_s * 1000)
            toured.append({"page": path, "s": round(time.perf_counter() - started, 2)})
        out["interactions"] = ("map modes switched after the first view, then every screen "
                               "visited once")
        out["pages"] = toured
        browser.close()
    return out


def tour_paths(db_url: str) -> list[str]:
    """Return the URL paths of every screen, the drill-downs on the busiest region and firm."""
    from utils import metrics, store

    engine = store.get_engine(db_url)
    try:
        first, last = metrics.month_bounds(engine)
        top = None if last is None else metrics.top_enterprises(engine, None, first, last,
                                                               limit=1)  # fmt: skip
    finally:
        engine.dispose()
    paths = ["map?ent=1", "trends", "trends?indicator=arrears_outstanding_kzt", "hotspots"]
    if top is not None and len(top):
        paths += [f"region?region={top['region'].iloc[0]}",
                  f"enterprise?enterprise={top['bin'].iloc[0]}"]
    return paths + ["briefing"]


def _apptest_render(db_url: str) -> dict[str, Any]:
    """Run the map page in-process under AppTest (no browser); return this process's peak."""
    import resource

    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = db_url
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    return {
        "exceptions": [e.value for e in at.exception],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def measure_app(db_url: str, data_note: str, no_browser: bool, timeout_s: float) -> dict:
    """Start the app cold on ``db_url``; time health, HTML and the first visible map; memory."""
    sys.path.insert(0, str(ROOT))
    from tests.browser import start_server

    result: dict[str, Any] = {"database": data_note}
    started = time.perf_counter()
    try:
        server = start_server(db_url, timeout=timeout_s)
    except RuntimeError as exc:
        result["error"] = str(exc)[-2000:]
        return result
    try:
        result["health_s"] = round(time.perf_counter() - started, 2)
        with urllib.request.urlopen(f"{server.url}/map", timeout=timeout_s) as answer:
            body = answer.read()
        result["map_html_s"] = round(time.perf_counter() - started, 2)
        result["map_html_bytes"] = len(body)
        browser_ok = CHROMIUM.exists() and not no_browser
        if browser_ok:
            try:
                visit = _browser_visit(server.url, timeout_s, tour_paths(db_url))
                result.update(visit)
                result["cold_start_to_map_visible_s"] = round(
                    result["health_s"] + visit["first_visit_map_visible_s"], 2
                )
            except Exception as exc:  # record and go on: the table says what is missing
                result["browser_error"] = f"{exc.__class__.__name__}: {str(exc)[:500]}"
                browser_ok = False
        pid = server.process.pid
        result["server_rss_mb"] = round((_status_kb(pid, "VmRSS") or 0) / 1024, 1)
        result["server_peak_rss_mb"] = round((_status_kb(pid, "VmHWM") or 0) / 1024, 1)
        result["memory_measured"] = (
            "peak RSS (VmHWM) of the streamlit server process after a headless Chromium "
            "drew the map, switched its mode and visited every screen" if browser_ok else
            "peak RSS (VmHWM) of the streamlit server process after serving /map only "
            "(no browser: the map script never ran)"
        )  # fmt: skip
    finally:
        server.stop()
    if not result.get("regions_visible"):
        render = _apptest_render(db_url)
        result["apptest_peak_rss_mb"] = render["peak_rss_mb"]
        result["apptest_exceptions"] = render["exceptions"]
        result["memory_measured"] += (
            "; plus the peak RSS of this command after running the map page under AppTest"
        )
    return result


# --- the table ---------------------------------------------------------------------------------


def _get(data: Any, *path: Any) -> Any:
    for key in path:
        if data is None:
            return None
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _row(area: str, measure: str, value: Any, unit: str, target: str,
         met: bool | None) -> dict[str, Any]:  # fmt: skip
    if isinstance(value, float):
        value = round(value, 3 if abs(value) < 10 else 1)
    return {"area": area, "measure": measure, "value": value, "unit": unit, "target": target,
            "met": None if value is None else met}  # fmt: skip


def _ok(value: Any, test) -> bool | None:
    return None if value is None else bool(test(value))


def build_table(scripts: dict[str, dict], app: dict[str, Any]) -> list[dict[str, Any]]:
    """Return one row per measured value, each with its target (if any) and met/not met."""
    out = {name: run["output"] for name, run in scripts.items()}
    rows = []
    ingest = out.get("ingest")
    for backend, target in (("sqlite", 100_000), ("postgresql", 150_000)):
        value = _get(ingest, "results", backend, "rows_per_s")
        rows.append(_row("ingest", f"CSV to stored batch, {backend}", value, "rows/s",
                         f">= {target:,}", _ok(value, lambda v, t=target: v >= t)))  # fmt: skip
        peak = _get(ingest, "results", backend, "peak_rss_mb")
        rows.append(_row("ingest", f"peak memory of the load, {backend}", peak, "MB",
                         "< 1 500", _ok(peak, lambda v: v < 1500)))  # fmt: skip
    queries = out.get("queries")
    for backend in ("sqlite", "postgresql"):
        timings = _get(queries, "results", backend, "queries_ms") or {}
        page_calls = {k: v for k, v in timings.items()
                      if "early warning" not in k and "enterprise layer" not in k}
        if page_calls:
            name, value = max(page_calls.items(), key=lambda item: item[1])
            rows.append(_row("queries", f"slowest page query ({name}), {backend}, miss",
                             value, "ms", "< 250", _ok(value, lambda v: v < 250)))  # fmt: skip
        layer = timings.get("enterprise_risk_at (map enterprise layer)")
        if layer is not None:
            rows.append(_row("queries", f"risk levels of all enterprises (map layer), {backend}",
                             layer, "ms", "", None))  # fmt: skip
        panel = timings.get("enterprise_month_panel (early warning)")
        if panel is not None:
            rows.append(_row("queries", f"enterprise panel for the early warning, {backend}",
                             panel, "ms", "", None))  # fmt: skip
    dashboard = out.get("dashboard")
    summary = _get(dashboard, "server", "summary") or {}
    for key, target in (("map_miss_ms", 250), ("trends_miss_ms", 250), ("map_hit_ms", 50),
                        ("trends_hit_ms", 50)):  # fmt: skip
        value = _get(summary, key, "median")
        page, kind = key.split("_")[0], "cache miss" if "miss" in key else "cache hit"
        rows.append(_row("dashboard", f"{page} page server time per filter change, {kind}",
                         value, "ms", f"< {target}", _ok(value, lambda v, t=target: v < t)))
    server = _get(dashboard, "server") or {}
    layer_on = "map: enterprise layer on"
    value = _get(server, "changes", layer_on, "map_miss_ms")
    rows.append(_row("dashboard", "enterprise layer switched on, nothing cached", value, "ms",
                     "< 250", _ok(value, lambda v: v < 250)))  # fmt: skip
    value = _get(server, "enterprise_layer", "switch on after the page's warm-up")
    rows.append(_row("dashboard", "enterprise layer switched on after the map page's warm-up",
                     value, "ms", "< 250", _ok(value, lambda v: v < 250)))  # fmt: skip
    value = _get(server, "map_script_bytes", layer_on, "gzip")
    rows.append(_row("dashboard", "map script with the enterprise layer, gzip",
                     None if value is None else round(value / 1024, 1), "KB", "", None))
    browser = _get(dashboard, "browser")
    loop = _get(browser, "ours", "loopback", "median_s")
    rows.append(_row("dashboard", "20 regions visible in Chromium, loopback", loop, "s",
                     "<= 2", _ok(loop, lambda v: v <= 2.0)))  # fmt: skip
    value = _get(browser, "ours", "reopened, loopback", "median_s")
    rows.append(_row("dashboard", "20 regions visible, loopback, app opened before (cache warm)",
                     value, "s", "", None))  # fmt: skip
    slow = _get(browser, "ours", "10 Mbit/s, 40 ms", "median_s")
    rows.append(_row("dashboard", "20 regions visible, 10 Mbit/s 40 ms", slow, "s", "", None))
    value = _get(browser, "ours, enterprise layer on", "loopback", "median_s")
    rows.append(_row("dashboard", "20 regions visible with the enterprise layer, loopback",
                     value, "s", "", None))  # fmt: skip
    ratio = _get(dashboard, "ratio_ours_to_plain_stand_in_10mbit")
    rows.append(_row("dashboard", "ours / plain approach at 10 Mbit/s (CDN stand-in)", ratio,
                     "x", "<= 0.7", _ok(ratio, lambda v: v <= 0.7)))  # fmt: skip
    ew = out.get("early_warning_sim")
    value = _get(ew, "timing", "median_s")
    rows.append(_row("early warning", "whole country (20 regions, ~2 000 enterprises)", value,
                     "s", "< 5", _ok(value, lambda v: v < 5)))  # fmt: skip
    found = _get(ew, "regions", "x1.5", "found_rate")
    rows.append(_row("early warning", "planted x1.5 rises found", found, "share", ">= 0.9",
                     _ok(found, lambda v: v >= 0.9)))  # fmt: skip
    alarms = _get(ew, "regions", "noise", "false_alarm_rate")
    rows.append(_row("early warning", "false alarms on noise", alarms, "share", "<= 0.05",
                     _ok(alarms, lambda v: v <= 0.05)))  # fmt: skip
    value = _get(out.get("backtest"), "median_s")
    rows.append(_row("backtest", "early warning replayed over the demo history", value, "s",
                     "< 60", _ok(value, lambda v: v < 60)))  # fmt: skip
    geometry = out.get("geometry")
    value = _get(geometry, "browser_bytes")
    rows.append(_row("map payload", "region boundaries sent to the browser",
                     None if value is None else round(value / 1024, 1), "KB", "<= 150",
                     _ok(value, lambda v: v <= 150 * 1024)))  # fmt: skip
    payload = out.get("map_payload")
    ours = next((r for r in _get(payload, "results") or [] if r.get("name") == "ours"), None)
    value = _get(ours, "component_bytes")
    rows.append(_row("map payload", "whole map component (script, boundaries, styles)",
                     None if value is None else round(value / 1024, 1), "KB", "<= 150",
                     _ok(value, lambda v: v <= 150 * 1024)))  # fmt: skip
    value = _get(payload, "ratio_ours_to_plain", "component_gzip_bytes")
    rows.append(_row("map payload", "ours / plain folium, gzip bytes", value, "x", "", None))
    demo = out.get("demo")
    value = _get(demo, "generation", "median_s")
    scale = _get(demo, "scale")
    rows.append(_row("demo", f"generate the demo data set (scale {scale})", value, "s", "",
                     None))  # fmt: skip
    for backend in ("sqlite", "postgresql"):
        value = _get(demo, f"load_{backend}", "seconds_with_generation")
        rows.append(_row("demo", f"generate and load, {backend}", value, "s", "", None))
    for key, label in (("health_s", "app cold start to /_stcore/health"),
                       ("map_html_s", "app cold start to the map page's HTML"),
                       ("cold_start_to_map_visible_s", "app cold start to the first visible map")):
        rows.append(_row("app", label, app.get(key), "s", "", None))  # fmt: skip
    peak = app.get("server_peak_rss_mb") if app.get("regions_visible") else (
        app.get("apptest_peak_rss_mb")
    )  # fmt: skip
    rows.append(_row("app", "peak memory of the app at this scale", peak, "MB", "< 1 500",
                     _ok(peak, lambda v: v < 1500)))  # fmt: skip
    return rows


#: Which script measured the rows of each area (the app rows are measured here).
AREA_SOURCES = {"ingest": "ingest", "queries": "queries", "dashboard": "dashboard",
                "early warning": "early_warning_sim", "map payload": "geometry",
                "demo": "demo", "backtest": "backtest"}  # fmt: skip


def mark_sources(rows: list[dict[str, Any]], scripts: dict[str, dict], quick: bool) -> None:
    """Say beside each row where its value came from: this run, or an earlier output."""
    for row in rows:
        name = AREA_SOURCES.get(row["area"])
        if row["area"] == "map payload" and not row["measure"].startswith("region boundaries"):
            name = "map_payload"
        run = scripts.get(name) if name else None
        if name is None:
            row["source"] = "this run" + (" (reduced scale)" if quick else "")
        elif run is None:
            row["source"] = "not run"
        elif run.get("reused_from"):
            row["source"] = f"earlier output of {name}.py, {run['reused_from']}"
        else:
            row["source"] = f"{name}.py, this run" + (" (reduced scale)" if quick else "")


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float) and value >= 1000:
        return f"{value:,.0f}"
    if isinstance(value, int) and value >= 1000:
        return f"{value:,}"
    return str(value)


def _met(met: bool | None, target: str) -> str:
    if not target:
        return ""
    return {True: "met", False: "NOT MET", None: "not measured"}[met]


def print_table(rows: list[dict[str, Any]]) -> None:
    """Print the rows as a plain-text table."""
    print()
    print(f"{'area':14s} {'measure':62s} {'value':>12s} {'unit':6s} {'target':>9s}  "
          f"{'result':13s} source")
    for row in rows:
        print(f"{row['area']:14s} {row['measure'][:62]:62s} {_cell(row['value']):>12s} "
              f"{row['unit']:6s} {row['target']:>9s}  {_met(row['met'], row['target']):13s} "
              f"{row.get('source', '')}")


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """Return the rows as a Markdown table (for the README)."""
    lines = ["| area | measure | value | target | result | source |",
             "|---|---|---:|---|---|---|"]
    for row in rows:
        value = f"{_cell(row['value'])} {row['unit']}".strip()
        target = f"{row['target']} {row['unit']}".strip() if row["target"] else ""
        lines.append(f"| {row['area']} | {row['measure']} | {value} | {target} | "
                     f"{_met(row['met'], row['target'])} | {row.get('source', '')} |")  # fmt: skip
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table, write ``benchmarks/results.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="reduced scale (about a tenth), for a check on a busy machine")
    parser.add_argument("--only", nargs="+", choices=list(SCRIPTS), metavar="NAME",
                        help=f"run only these scripts ({', '.join(SCRIPTS)})")
    parser.add_argument("--skip", nargs="+", default=[], choices=list(SCRIPTS), metavar="NAME")
    parser.add_argument("--reuse", nargs="+", default=[], choices=list(SCRIPTS), metavar="NAME",
                        help="take these scripts' last output in benchmarks/out/ instead of "
                             "running them (marked as reused, with the file's date)")
    parser.add_argument("--no-browser", action="store_true", help="no Chromium measurements")
    parser.add_argument("--no-app", action="store_true", help="skip the app cold start")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds to wait for the app or the map before giving up")
    args = parser.parse_args(argv)  # fmt: skip

    OUT.mkdir(parents=True, exist_ok=True)
    facts = machine_facts()
    print(f"Labor Tension Map benchmarks — {facts['date']}, {facts['cpus']} CPUs, "
          f"{facts['memory_gb']} GB, Python {facts['python']}, PostgreSQL {facts['postgresql']}")
    chosen = [n for n in (args.only or list(SCRIPTS)) if n not in args.skip]
    workdir = tempfile.mkdtemp(prefix="ltm-bench-")
    db_path = Path(workdir) / "national.db"
    scripts: dict[str, dict] = {}
    missing = []
    try:
        for name in chosen:
            script = SCRIPTS[name]
            if not script.path.exists():
                missing.append(name)
                print(f"\n=== {name}: {script.path.name} is not in benchmarks/ yet; skipped")
                continue
            if name in args.reuse:
                scripts[name] = reuse_output(script)
                continue
            scripts[name] = run_script(script, args.quick, db_path, args.no_browser)

        app: dict[str, Any] = {}
        if not args.no_app:
            if db_path.exists() and scripts.get("dashboard", {}).get("returncode") == 0:
                url = f"sqlite:///{db_path}"
                dash = scripts["dashboard"]["output"] or {}
                scale = dash.get("scale", {})
                note = (f"the database dashboard.py built: {scale.get('appeals')} appeals, "
                        f"{scale.get('arrears')} arrears rows")  # fmt: skip
            else:
                scale = 0.2 if args.quick else 1.0
                print(f"\n=== app: building a demo database (scale {scale})", flush=True)
                url = _demo_database(Path(workdir) / "demo.db", scale)
                note = f"the synthetic demo data set at scale {scale} (dashboard.py did not run)"
            print(f"\n=== app cold start and peak memory on {note}", flush=True)
            app = measure_app(url, note, args.no_browser, args.timeout)
            print("  " + json.dumps(app, ensure_ascii=False))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    rows = build_table(scripts, app)
    mark_sources(rows, scripts, args.quick)
    print_table(rows)
    failed = [name for name, run in scripts.items() if run["returncode"] not in (0, None)]
    if failed:
        print(f"\nscripts that failed (see their logs in benchmarks/out/): {', '.join(failed)}")
    results = {
        "scale": "reduced (--quick)" if args.quick else NATIONAL,
        "machine": facts,
        "scripts": scripts,
        "scripts_missing": missing,
        "app": app,
        "table": rows,
        "markdown": markdown_table(rows),
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n",
                       encoding="utf-8")  # fmt: skip
    print(f"\nwritten {RESULTS.relative_to(ROOT)}\n\n{results['markdown']}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
