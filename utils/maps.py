"""Folium map builders for the home map, the region drill-down and the offline HTML export.

The map must work on a closed network, stay small in the browser and never render a string
from an upload as HTML:

- the only scripts and stylesheets are Leaflet (and Leaflet.markercluster for enterprises),
  served by the app itself (:mod:`utils.assets`); no jQuery, Bootstrap, fonts or d3;
- no tiles unless an internal tile server is configured; a plain background instead;
- the region layer is one small script: the compact boundary GeoJSON (only the property
  ``code``), a style per colour class and one tooltip per unit, written once, not
  per feature as ``folium.Choropleth`` does; the legend is drawn outside the map
  (:func:`legend_html`);
- every label, value, region and enterprise name is passed through :func:`html.escape`
  before it becomes part of a tooltip or a popup.

Clicks, as ``streamlit_folium.st_folium`` reports them: pass
``returned_objects=RETURNED_OBJECTS`` (``["last_active_drawing"]``) so that panning and
zooming do not rerun the page, and read the clicked unit with :func:`clicked_region` (the
feature's ``properties.code``) or the clicked enterprise with :func:`clicked_enterprise`
(``properties.bin``). ``last_object_clicked`` holds only the coordinates of the click, and
``last_object_clicked_tooltip`` the tooltip text; neither carries the code.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import folium.plugins
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.utilities import get_bounds
from jinja2 import Template

from utils import assets
from utils.classify import NO_DATA, Classification
from utils.palettes import (
    NO_DATA_COLOR,
    NO_DATA_HATCH_COLOR,
    POINT_COLOR,
    RISK_COLORS,
    MapStyle,
    map_style,
    no_data_css_background,
    palette_for,
)

#: What the page passes to ``st_folium(returned_objects=...)``: clicks only, no pan/zoom.
RETURNED_OBJECTS = ["last_active_drawing"]

#: Centre of Kazakhstan, used before the map fits the boundaries.
KZ_CENTER = (48.0, 67.0)

TooltipRows = Mapping[str, Sequence[tuple[str, str]]]


def _js_json(value: Any) -> str:
    r"""Return compact JSON safe to place inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e`` and ``\u0026`` so no string can
    close the script element; JavaScript reads the same characters back.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _rows_html(title: str | None, rows: Sequence[tuple[str, str]]) -> str:
    """Return tooltip/popup HTML with every piece of text escaped."""
    parts = []
    if title:
        parts.append(f"<strong>{html.escape(str(title))}</strong>")
    if rows:
        cells = "".join(
            f"<tr><th>{html.escape(str(label))}</th><td>{html.escape(str(text))}</td></tr>"
            for label, text in rows
        )
        parts.append(f"<table>{cells}</table>")
    return "".join(parts)


def _local_map(
    *,
    tile_url: str | None,
    tile_attribution: str | None,
    asset_base: str,
    style: MapStyle,
    height: str | int = "100%",
) -> folium.Map:
    """Return an empty map that loads only Leaflet from ``asset_base``."""
    urls = assets.asset_urls(asset_base)
    m = folium.Map(
        location=list(KZ_CENTER),
        zoom_start=4,
        tiles=None,
        height=height,
        zoom_snap=0.25,
        zoom_delta=0.5,
        attribution_control=bool(tile_url),
    )
    # Without a tile layer Leaflet knows no zoom range, and markercluster refuses to work
    # ("Map has no maxZoom specified"); folium passes min/max zoom only to tile layers.
    m.options["min_zoom"] = 3
    m.options["max_zoom"] = 14
    # Instance attributes: other folium maps in the process keep their own defaults.
    m.default_js = urls["map_js"]
    m.default_css = urls["map_css"]
    if tile_url:
        folium.TileLayer(
            tiles=tile_url,
            attr=tile_attribution or " ",
            name="tiles",
            control=False,
        ).add_to(m)
    m.get_root().header.add_child(Element(_map_css(style)), name="ltm_map_css")
    return m


def _map_css(style: MapStyle) -> str:
    return (
        "<style>"
        f".leaflet-container{{background:{style.background};}}"
        ".ltm-tip table{border-collapse:collapse;margin-top:2px;}"
        ".ltm-tip th{font-weight:normal;text-align:left;padding:0 8px 0 0;color:#555;}"
        ".ltm-tip td{text-align:right;padding:0;font-variant-numeric:tabular-nums;}"
        ".ltm-tip strong{font-size:1.05em;}"
        ".leaflet-popup-content table{border-collapse:collapse;}"
        ".leaflet-popup-content th{font-weight:normal;text-align:left;padding:0 8px 0 0;"
        "color:#555;}"
        "</style>"
    )


class RegionLayer(MacroElement):
    """The 20 units coloured by class, with tooltips, as one compact Leaflet GeoJSON layer.

    Parameters
    ----------
    geojson : dict
        FeatureCollection whose features carry the property ``code`` (other properties are
        dropped before the data reaches the browser).
    classes : mapping
        Class number of each code (:data:`utils.classify.NO_DATA` for no data).
    colors : sequence of str
        Fill colour of each class.
    tooltips : mapping
        Tooltip HTML of each code, already escaped.
    values : mapping
        Value of each code, returned with a click (None for no data).
    selected : str, optional
        Code of a unit drawn with a heavy outline.
    style : MapStyle
        Outline widths, opacity and highlight.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_classes = {{ this.classes_json }};
        var {{ this.get_name() }}_styles = {{ this.styles_json }};
        var {{ this.get_name() }}_tips = {{ this.tips_json }};
        var {{ this.get_name() }} = L.geoJson({{ this.geojson_json }}, {
            style: function (feature) {
                var code = feature.properties.code;
                var cls = {{ this.get_name() }}_classes[code];
                var s = Object.assign({}, {{ this.get_name() }}_styles[
                    cls === undefined ? "nodata" : cls] || {{ this.get_name() }}_styles.nodata);
                if (code === {{ this.selected_json }}) {
                    s.weight = {{ this.style.selected_weight }};
                    s.color = {{ this.style.highlight_color|tojson }};
                }
                return s;
            },
            className: "ltm-region",
            onEachFeature: function (feature, layer) {
                var tip = {{ this.get_name() }}_tips[feature.properties.code];
                if (tip) {
                    layer.bindTooltip(tip, {sticky: true, className: "ltm-tip"});
                }
                layer.on({
                    mouseover: function (e) {
                        e.target.setStyle({
                            weight: {{ this.style.highlight_weight }},
                            color: {{ this.style.highlight_color|tojson }}
                        });
                        e.target.bringToFront();
                    },
                    mouseout: function (e) {
                        {{ this.get_name() }}.resetStyle(e.target);
                    }
                });
            }
        }).addTo({{ this._parent.get_name() }});
        (function (map) {
            /* "No data" units: grey with diagonal hatching, as in the legend. */
            var svg = map.getPanes().overlayPane.querySelector("svg");
            if (!svg || svg.querySelector("#{{ this.pattern_id }}")) { return; }
            var ns = svg.namespaceURI;
            var defs = document.createElementNS(ns, "defs");
            var pattern = document.createElementNS(ns, "pattern");
            pattern.setAttribute("id", "{{ this.pattern_id }}");
            pattern.setAttribute("patternUnits", "userSpaceOnUse");
            pattern.setAttribute("width", "6");
            pattern.setAttribute("height", "6");
            pattern.setAttribute("patternTransform", "rotate(45)");
            var rect = document.createElementNS(ns, "rect");
            rect.setAttribute("width", "6");
            rect.setAttribute("height", "6");
            rect.setAttribute("fill", {{ this.no_data_color|tojson }});
            var line = document.createElementNS(ns, "line");
            line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
            line.setAttribute("x2", "0"); line.setAttribute("y2", "6");
            line.setAttribute("stroke", {{ this.hatch_color|tojson }});
            line.setAttribute("stroke-width", "2");
            pattern.appendChild(rect);
            pattern.appendChild(line);
            defs.appendChild(pattern);
            svg.insertBefore(defs, svg.firstChild);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        geojson: dict,
        classes: Mapping[str, int],
        colors: Sequence[str],
        tooltips: Mapping[str, str],
        values: Mapping[str, float | None],
        *,
        selected: str | None = None,
        style: MapStyle,
    ) -> None:
        super().__init__()
        self._name = "RegionLayer"
        self.style = style
        self.pattern_id = "ltm-no-data"
        self.no_data_color = NO_DATA_COLOR
        self.hatch_color = NO_DATA_HATCH_COLOR
        features = []
        for feature in geojson["features"]:
            code = feature["properties"]["code"]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "value": values.get(code)},
                    "geometry": feature["geometry"],
                }
            )
        self.data = {"type": "FeatureCollection", "features": features}
        self.geojson_json = _js_json(self.data)
        self.classes_json = _js_json({code: int(c) for code, c in classes.items() if c != NO_DATA})
        base = {
            "color": style.line_color,
            "weight": style.line_weight,
            "fillOpacity": style.fill_opacity,
            "opacity": 1,
        }
        styles: dict[str, dict] = {str(i): {**base, "fillColor": c} for i, c in enumerate(colors)}
        styles["nodata"] = {**base, "fillColor": f"url(#{self.pattern_id})", "fillOpacity": 1}
        self.styles_json = _js_json(styles)
        self.tips_json = _js_json(dict(tooltips))
        self.selected_json = _js_json(selected)

    def _get_self_bounds(self) -> list[list[float | None]]:
        return get_bounds(self.data, lonlat=True)


def _load_geojson(geojson: str | dict) -> dict:
    data = json.loads(geojson) if isinstance(geojson, str) else geojson
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("geojson must be a GeoJSON FeatureCollection")
    for index, feature in enumerate(data["features"]):
        properties = feature.get("properties") or {}
        if "code" not in properties:
            raise ValueError(
                f"GeoJSON feature {index} has no property 'code' (it has: "
                f"{', '.join(sorted(properties)) or 'no properties'}); use geo.browser_geojson()"
            )
    return data


def _values_by_code(values: pd.DataFrame) -> dict[str, float | None]:
    missing = {"code", "value"} - set(values.columns)
    if missing:
        raise ValueError(
            f"values needs the columns code and value; missing: {', '.join(sorted(missing))}"
        )
    out: dict[str, float | None] = {}
    for code, value in zip(values["code"], values["value"], strict=True):
        number = pd.to_numeric(value, errors="coerce")
        out[str(code)] = float(number) if pd.notna(number) and np.isfinite(number) else None
    return out


def choropleth_map(
    geojson: str | dict,
    values: pd.DataFrame,
    classes: Classification,
    *,
    tooltip_rows: TooltipRows | None = None,
    region_names: Mapping[str, str] | None = None,
    palette: Sequence[str] | None = None,
    high_contrast: bool = False,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    asset_base: str = assets.DEFAULT_BASE_URL,
    m: folium.Map | None = None,
    selected: str | None = None,
    fit: bool = True,
) -> folium.Map:
    """Return a map of the units coloured by class, with tooltips and click-able codes.

    Parameters
    ----------
    geojson : str or dict
        Boundary FeatureCollection whose features carry the property ``code``, e.g.
        ``geo.browser_geojson()``.
    values : pandas.DataFrame
        Columns ``code`` and ``value`` (e.g. ``utils.metrics.region_values``); the value
        travels with a click in ``properties.value``.
    classes : Classification
        Class breaks from :func:`utils.classify.classify`.
    tooltip_rows : mapping, optional
        For each code, ``(label, text)`` pairs already formatted in the interface language,
        e.g. value with units, rank of 20, change. Escaped here.
    region_names : mapping, optional
        Tooltip heading of each code (region name in the interface language). Escaped here.
        Defaults to the Russian names of the reference.
    palette : sequence of str, optional
        One colour per class; defaults to :func:`utils.palettes.palette_for`.
    high_contrast : bool
        Presentation mode: high-contrast palette and heavier outlines.
    tile_url, tile_attribution : str, optional
        An internal tile server (``https://tiles.example/{z}/{x}/{y}.png``) and its credit;
        by default the map has no tiles.
    asset_base : str
        URL of the vendor folder (:func:`utils.assets.static_base_url`).
    m : folium.Map, optional
        Map to add the layer to; a new one is made when None.
    selected : str, optional
        Code of the unit to outline (the one whose drill-down is open).
    fit : bool
        Fit the view to the boundaries.

    Returns
    -------
    folium.Map
    """
    if not isinstance(classes, Classification):
        raise TypeError(f"classes must be a Classification, got {type(classes).__name__}")
    data = _load_geojson(geojson)
    by_code = _values_by_code(values)
    style = map_style(high_contrast)
    if palette is None:
        palette = palette_for(classes, high_contrast=high_contrast)
    colors = list(palette)
    if len(colors) < classes.k:
        raise ValueError(f"palette has {len(colors)} colours for {classes.k} classes")
    codes = [f["properties"]["code"] for f in data["features"]]
    if region_names is None:
        from geo.reference import load_regions

        reference = load_regions().set_index("code")["name_ru"]
        region_names = {c: str(reference.get(c, c)) for c in codes}
    rows = tooltip_rows or {}
    tooltips = {
        code: _rows_html(region_names.get(code, code), rows.get(code, ())) for code in codes
    }
    class_of = {str(code): int(c) for code, c in classes.classes.items()}
    if m is None:
        m = _local_map(
            tile_url=tile_url,
            tile_attribution=tile_attribution,
            asset_base=asset_base,
            style=style,
        )
    layer = RegionLayer(
        data,
        class_of,
        colors,
        tooltips,
        by_code,
        selected=selected,
        style=style,
    )
    layer.add_to(m)
    if fit:
        m.fit_bounds(layer._get_self_bounds(), padding=(8, 8))
    return m


class EnterprisePoints(MacroElement):
    """Enterprise circles added in bulk to their parent (a marker cluster or a feature group)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) {
            var colors = {{ this.colors_json }};
            var rows = {{ this.rows_json }};
            var layers = rows.map(function (r) {
                var marker = L.circleMarker([r[0], r[1]], {
                    radius: r[2],
                    color: {{ this.outline|tojson }},
                    weight: 1,
                    fillColor: colors[r[3]],
                    fillOpacity: 0.9
                });
                marker.feature = {type: "Feature", properties: {bin: r[5]}, geometry: null};
                if (r[4]) { marker.bindPopup(r[4], {maxWidth: 320}); }
                return marker;
            });
            if (typeof parent.addLayers === "function") {
                parent.addLayers(layers);
            } else {
                layers.forEach(function (layer) { parent.addLayer(layer); });
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list], colors: Sequence[str]) -> None:
        super().__init__()
        self._name = "EnterprisePoints"
        self.outline = POINT_COLOR
        self.rows = rows
        self.rows_json = _js_json(rows)
        self.colors_json = _js_json(list(colors))

    def _get_self_bounds(self) -> list[list[float | None]]:
        if not self.rows:
            return [[None, None], [None, None]]
        lats = [r[0] for r in self.rows]
        lons = [r[1] for r in self.rows]
        return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _radii(sizes: pd.Series, r_min: float, r_max: float) -> np.ndarray:
    """Return circle radii whose areas are proportional to ``sizes`` (NaN -> smallest)."""
    sizes = pd.to_numeric(sizes, errors="coerce").clip(lower=0)
    top = sizes.max()
    if not (pd.notna(top) and top > 0):
        return np.full(len(sizes), r_min)
    scaled = np.sqrt(sizes.fillna(0).to_numpy(dtype=float) / float(top))
    return np.round(r_min + (r_max - r_min) * scaled, 1)


def add_enterprise_points(
    m: folium.Map,
    points: pd.DataFrame,
    color_by: str | None = None,
    *,
    size_by: str | None = "arrears_kzt",
    popup_rows: TooltipRows | None = None,
    colors: Mapping[str, str] | None = None,
    layer_name: str | None = None,
    cluster: bool = True,
    asset_base: str = assets.DEFAULT_BASE_URL,
    radius: tuple[float, float] = (4.0, 16.0),
) -> folium.Map:
    """Add enterprises as circles sized by arrears, clustered, with escaped popups.

    Parameters
    ----------
    m : folium.Map
        Map made by :func:`choropleth_map` (or any map using local assets).
    points : pandas.DataFrame
        One row per enterprise with ``lat``, ``lon``, ``name`` and optionally ``bin``, the
        ``size_by`` column and the ``color_by`` column. Rows without coordinates are
        skipped.
    color_by : str, optional
        Column holding a risk level; its colour comes from ``colors`` (default
        :data:`utils.palettes.RISK_COLORS`); without it all points share one colour.
    size_by : str, optional
        Column whose value sets the circle area (wage arrears outstanding by default).
    popup_rows : mapping, optional
        For each BIN (or row index when there is no ``bin`` column), ``(label, text)`` pairs
        already formatted; the popup shows the enterprise name above them. Escaped here.
    colors : mapping, optional
        Colour of each risk level.
    layer_name : str, optional
        Name of the layer in the map's layer switch (translated by the caller); when given,
        a layer control lets the user hide the enterprises.
    cluster : bool
        Group nearby points with Leaflet.markercluster (served locally).
    asset_base : str
        URL of the vendor folder.
    radius : tuple of float
        Smallest and largest circle radius in pixels.

    Returns
    -------
    folium.Map
        ``m``, for chaining.
    """
    missing = {"lat", "lon", "name"} - set(points.columns)
    if missing:
        raise ValueError(
            f"points needs the columns lat, lon and name; missing: {', '.join(sorted(missing))}"
        )
    for column in (color_by, size_by):
        if column is not None and column not in points.columns and column != "arrears_kzt":
            raise ValueError(f"points has no column {column!r}")
    frame = points.copy()
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    frame = frame[frame["lat"].notna() & frame["lon"].notna()]

    palette: list[str] = [POINT_COLOR]
    color_index = np.zeros(len(frame), dtype=int)
    if color_by is not None:
        level_colors = dict(colors or RISK_COLORS)
        palette = [POINT_COLOR, *level_colors.values()]
        lookup = {level: i + 1 for i, level in enumerate(level_colors)}
        color_index = np.array([lookup.get(str(v), 0) for v in frame[color_by]], dtype=int)
    if size_by is not None and size_by in frame.columns:
        radii = _radii(frame[size_by], *radius)
    else:
        radii = np.full(len(frame), radius[0])

    has_bin = "bin" in frame.columns
    popups = popup_rows or {}
    rows: list[list] = []
    for i, (index, record) in enumerate(frame.iterrows()):
        key = str(record["bin"]) if has_bin and pd.notna(record["bin"]) else str(index)
        name = record["name"] if pd.notna(record["name"]) else ""
        rows.append(
            [
                round(float(record["lat"]), 5),
                round(float(record["lon"]), 5),
                float(radii[i]),
                int(color_index[i]),
                _rows_html(str(name), popups.get(key, ())),
                key if has_bin else None,
            ]
        )

    urls = assets.asset_urls(asset_base)
    if cluster:
        parent: folium.map.FeatureGroup | folium.plugins.MarkerCluster = (
            folium.plugins.MarkerCluster(
                name=layer_name,
                control=layer_name is not None,
                options={"disableClusteringAtZoom": 9, "showCoverageOnHover": False},
            )
        )
        parent.default_js = urls["markercluster_js"]
        parent.default_css = urls["markercluster_css"]
    else:
        parent = folium.FeatureGroup(name=layer_name, control=layer_name is not None)
    EnterprisePoints(rows, palette).add_to(parent)
    parent.add_to(m)
    if layer_name is not None and not any(
        isinstance(child, folium.LayerControl) for child in m._children.values()
    ):
        folium.LayerControl(collapsed=False).add_to(m)
    return m


def legend_html(
    classes: Classification,
    palette: Sequence[str] | None,
    title: str,
    unit: str | None = None,
    *,
    high_contrast: bool = False,
) -> str:
    """Return the legend as self-contained HTML, to be drawn outside the map.

    Parameters
    ----------
    classes : Classification
        The classes the map is coloured by; labels come from its legend entries.
    palette : sequence of str, optional
        The colours used on the map; defaults to :func:`utils.palettes.palette_for`.
    title : str
        Indicator name in the interface language. Escaped.
    unit : str, optional
        Unit shown after the title (``KZT``, ``per 100 000``). Escaped.
    high_contrast : bool
        Match the presentation-mode palette when ``palette`` is None.
    """
    if palette is None:
        palette = palette_for(classes, high_contrast=high_contrast)
    colors = list(palette)
    heading = html.escape(title)
    if unit:
        heading += f' <span style="font-weight:normal;color:#555">({html.escape(unit)})</span>'
    lines = [
        '<div class="ltm-legend" style="font-size:0.9rem;line-height:1.5">',
        f'<div class="ltm-legend-title" style="font-weight:600;margin-bottom:4px">{heading}</div>',
    ]
    for entry in classes.legend:
        if entry.is_no_data:
            swatch = no_data_css_background()
        else:
            swatch = colors[entry.class_index]
        lines.append(
            '<div class="ltm-legend-row" style="display:flex;align-items:center;gap:6px">'
            f'<span class="ltm-swatch" style="display:inline-block;width:18px;height:12px;'
            f'border:1px solid #999;background:{swatch}"></span>'
            f'<span class="ltm-legend-label">{html.escape(entry.label)}</span>'
            f'<span class="ltm-legend-count" style="color:#777">({entry.count})</span>'
            "</div>"
        )
    lines.append("</div>")
    return "".join(lines)


def clicked_region(result: Mapping[str, Any] | None) -> str | None:
    """Return the code of the unit clicked on the map, from ``st_folium``'s return value."""
    properties = _clicked_properties(result)
    code = properties.get("code")
    return str(code) if code else None


def clicked_enterprise(result: Mapping[str, Any] | None) -> str | None:
    """Return the BIN of the enterprise clicked on the map, from ``st_folium``'s return value."""
    properties = _clicked_properties(result)
    value = properties.get("bin")
    return str(value) if value else None


def _clicked_properties(result: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if not result:
        return {}
    drawing = result.get("last_active_drawing") or {}
    properties = drawing.get("properties") if isinstance(drawing, Mapping) else None
    return properties if isinstance(properties, Mapping) else {}


_SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
_CSS_TAG = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>')


def standalone_map_html(m: folium.Map) -> str:
    """Return the map as one HTML file that works offline, with Leaflet inlined.

    The local asset links of the map are replaced by the scripts and stylesheets
    themselves (read from the installed packages), so the file opens in a browser without
    the app and without internet.

    Raises
    ------
    ValueError
        When the map links a script or stylesheet that is not one of the local assets.
    """
    page = m.get_root().render()
    scripts, styles = assets.inline_sources(with_markercluster=True)
    by_name = {
        "leaflet.js": scripts[0],
        "leaflet.markercluster.js": scripts[1],
        "leaflet.css": styles[0],
        "MarkerCluster.css": styles[1],
        "MarkerCluster.Default.css": styles[2],
    }

    def inline(match: re.Match, kind: str) -> str:
        url = match.group(1)
        name = url.rsplit("/", 1)[-1]
        if name not in by_name or url.startswith(("http:", "https:", "//")):
            raise ValueError(f"Cannot inline {url!r}: it is not one of the map's local assets")
        text = by_name[name]
        if kind == "js":
            return "<script>" + text.replace("</script", "<\\/script") + "</script>"
        return "<style>" + text.replace("</style", "<\\/style") + "</style>"

    page = _SCRIPT_TAG.sub(lambda match: inline(match, "js"), page)
    page = _CSS_TAG.sub(lambda match: inline(match, "css"), page)
    return page


def map_payload_bytes(m: folium.Map) -> int:
    """Return the size in bytes of the map's rendered HTML (UTF-8)."""
    return len(m.get_root().render().encode("utf-8"))
