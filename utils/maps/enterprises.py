"""The enterprise layer: circles sized by arrears, coloured by risk, grouped when close.

The layer sends its points as compact columns of raw values (tens of bytes an enterprise)
and the labels once; the browser writes each tooltip when it opens, in the interface
language's number format (:class:`utils.maps.number_format.NumberFormat`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import folium.plugins
import numpy as np
import pandas as pd
from jinja2 import Template

from utils.maps import assets
from utils.maps.number_format import NumberFormat
from utils.maps.palettes import POINT_COLOR, RISK_COLORS, ink_on
from utils.maps.rendering import TooltipRows, _cells_html, _DataScript, _js_json

#: How a tooltip line writes its value: as given, a whole number, an amount in tenge in full
#: or short (``2,7 млн ₸``), or the label of a category.
FIELD_KINDS = ("text", "number", "money", "money_short", "category")


@dataclass(frozen=True)
class PointField:
    """One line of an enterprise's tooltip: a label and the column its value comes from.

    Parameters
    ----------
    label : str
        In the interface language; escaped here.
    column : str
        Column of the points frame.
    kind : str
        One of :data:`FIELD_KINDS`. Numbers travel raw and the browser writes them with a
        :class:`NumberFormat`; texts and category labels are escaped on the server.
    categories : mapping, optional
        For ``kind="category"``: the label of each value, in the order they are listed.
        A value without a label, or a missing text, leaves its line out.
    """

    label: str
    column: str
    kind: str = "text"
    categories: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(
                f"Invalid field kind: {self.kind!r}. Kind must be in the set: "
                f"{', '.join(FIELD_KINDS)}"
            )
        if (self.kind == "category") != (self.categories is not None):
            raise ValueError("categories go with kind='category', and only with it")


class EnterprisePoints(_DataScript):
    """Enterprise circles added in bulk to their parent (a marker cluster or a feature group).

    The points travel as one compact JSON object of columns (``data``: positions and radii
    as scaled whole numbers, colour index, BIN, name, the values of each field, the extra
    rows), every text HTML-escaped on the server. The tooltip is written in the browser when
    it opens, from the labels and the number format sent once (``spec``). The BIN is also
    the feature property ``bin`` of the circle, unescaped, so that ``st_folium`` reports a
    click as ``last_active_drawing.properties.bin`` (:func:`clicked_enterprise`).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) {
            var spec = {{ this.spec_json }};
            var data = {{ this.data_json }};
            var fmt = spec.format, fields = spec.fields;
            var RAW = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\\"", "&#x27;": "'"};
            function unescape(text) {
                return text.replace(/&(amp|lt|gt|quot|#x27);/g, function (m) { return RAW[m]; });
            }
            /* |v| = 0.<d> x 10^p, with the digits JavaScript writes (those of Python's repr). */
            function decimal(v) {
                var s = String(Math.abs(v)), p = 0, e = s.indexOf("e");
                if (e >= 0) { p = parseInt(s.slice(e + 1), 10); s = s.slice(0, e); }
                var dot = s.indexOf("."), whole = dot < 0 ? s : s.slice(0, dot);
                var d = whole + (dot < 0 ? "" : s.slice(dot + 1)), lead = d.search(/[1-9]/);
                if (lead < 0) { return {d: "", p: 0}; }
                return {d: d.slice(lead).replace(/0+$/, ""), p: p + whole.length - lead};
            }
            function increment(s) {
                var i = s.length - 1;
                while (i >= 0 && s.charAt(i) === "9") { i--; }
                if (i < 0) { return "1" + "0".repeat(s.length); }
                return s.slice(0, i) + String(+s.charAt(i) + 1) + "0".repeat(s.length - i - 1);
            }
            /* Digits of |v| x 10^places rounded half to even, as Babel rounds. */
            function rounded(x, places) {
                var keep = x.p + places;
                if (keep < 0 || !x.d) { return "0"; }
                var head = x.d.slice(0, keep), tail = x.d.slice(keep);
                while (head.length < keep) { head += "0"; }
                head = head || "0";
                var up = tail > "5" || (tail === "5" && /[13579]$/.test(head));
                return up ? increment(head) : head;
            }
            function grouped(digits) {
                return digits.replace(/\\B(?=(\\d{3})+(?!\\d))/g, fmt.group);
            }
            function whole(v) {
                return (v < 0 ? fmt.minus : "") + grouped(rounded(decimal(v), 0));
            }
            function short(v) {
                if (Math.abs(v) < 999.5) { return whole(v); }
                var x = decimal(v), steps = fmt.compact, i = 0;
                while (i + 1 < steps.length && x.p - 1 >= steps[i + 1][0]) { i++; }
                for (;;) {
                    var n = rounded(x, 1 - steps[i][1]);
                    var units = n.slice(0, -1) || "0", tenth = n.slice(-1);
                    if (i + 1 < steps.length && units.length + steps[i][1] > steps[i + 1][0]) {
                        i++;
                        x = {d: "1", p: steps[i][0] + 1};
                        continue;
                    }
                    return (v < 0 ? fmt.minus : "") + units
                        + (tenth === "0" ? "" : fmt.decimal + tenth) + steps[i][2];
                }
            }
            function written(field, value) {
                if (field.kind === "text") { return typeof value === "string" ? value : null; }
                if (field.kind === "category") {
                    return typeof value === "number" ? field.categories[value] || null : null;
                }
                if (typeof value !== "number" || !isFinite(value)) { return fmt.missing; }
                if (field.kind === "number") { return whole(value); }
                if (field.kind === "money") { return whole(value) + fmt.currency; }
                return short(value) + fmt.currency;
            }
            function tooltip(layer) {
                var i = layer.ltmIndex, cells = "";
                for (var j = 0; j < fields.length; j++) {
                    var column = data.fields[j], value = fields[j].key ? data.bin[i] : null;
                    if (column) {
                        value = column.values[i];
                        if (typeof value === "number" && column.scale !== 1) {
                            value = value / column.scale;
                        }
                    }
                    var text = written(fields[j], value);
                    if (text !== null) {
                        cells += "<tr><th>" + fields[j].label + "</th><td>" + text + "</td></tr>";
                    }
                }
                if (data.extra) { cells += data.extra[i]; }
                var title = data.name[i] ? "<strong>" + data.name[i] + "</strong>" : "";
                return title + (cells ? "<table>" + cells + "</table>" : "");
            }
            var layers = new Array(data.lat.length);
            for (var i = 0; i < layers.length; i++) {
                var marker = L.circleMarker(
                    [data.lat[i] / data.position_scale, data.lon[i] / data.position_scale], {
                    radius: data.radius[i] / data.radius_scale,
                    color: spec.outline,
                    weight: 1,
                    fillColor: spec.colors[data.color[i]],
                    fillOpacity: 0.9
                });
                marker.feature = {
                    type: "Feature",
                    properties: {bin: data.bin[i] === null ? null : unescape(data.bin[i])},
                    geometry: null
                };
                marker.ltmIndex = i;
                marker.ltmColor = data.color[i];
                layers[i] = marker;
            }
            parent.bindTooltip(tooltip, {className: "ltm-tip ltm-point-tip", direction: "top"});
            if (typeof parent.addLayers === "function") {
                parent.addLayers(layers);
            } else {
                layers.forEach(function (layer) { parent.addLayer(layer); });
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, data: Mapping[str, Any], spec: Mapping[str, Any], bounds: list[list[float | None]]
    ) -> None:
        super().__init__()
        self._name = "EnterprisePoints"
        self.data_json = _js_json(data)
        self.spec_json = _js_json(spec)
        self._bounds = bounds

    def _get_self_bounds(self) -> list[list[float | None]]:
        return self._bounds


def _cluster_icon_js(palette: Sequence[str]) -> str:
    """Return markercluster's ``iconCreateFunction``: a group in its gravest member's colour.

    The palette runs from no level (index 0) up to the highest risk, so the largest colour
    index among a group's enterprises is its gravest; the count is written in the ink that
    reads on that fill. Leaflet.markercluster's own green-yellow-orange groups would read as
    the choropleth's classes.
    """
    fills = json.dumps(list(palette))
    inks = json.dumps([ink_on(color) for color in palette])
    return (
        "function (cluster) {"
        f" var fills = {fills}, inks = {inks}, gravest = 0;"
        " var markers = cluster.getAllChildMarkers();"
        " for (var k = 0; k < markers.length; k++) {"
        " if (markers[k].ltmColor > gravest) { gravest = markers[k].ltmColor; } }"
        " var count = cluster.getChildCount();"
        " return L.divIcon({"
        " html: '<div style=\"background:' + fills[gravest] + ';color:' + inks[gravest]"
        " + '\"><span>' + count + '</span></div>',"
        " className: 'marker-cluster ltm-cluster', iconSize: L.point(40, 40)}); }"
    )


def _radii(sizes: pd.Series, r_min: float, r_max: float) -> np.ndarray:
    """Return circle radii whose areas are proportional to ``sizes`` (NaN -> smallest)."""
    sizes = pd.to_numeric(sizes, errors="coerce").astype(float)
    sizes = sizes.where(np.isfinite(sizes)).clip(lower=0)
    top = sizes.max()
    if not (pd.notna(top) and top > 0):
        return np.full(len(sizes), r_min)
    scaled = np.sqrt(sizes.fillna(0).to_numpy(dtype=float) / float(top))
    return np.round(r_min + (r_max - r_min) * scaled, 1)


def _numbers(values: pd.Series) -> dict[str, Any]:
    """Return the values as a column of JSON numbers: ``{"values": [...], "scale": k}``.

    Whole numbers travel without ``.0``; amounts with at most two decimals as whole
    hundredths (``scale`` 100), which the browser divides back into exactly the same
    number; other values as they are. Missing values are None.
    """
    array = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    finite = np.isfinite(array)
    present = array[finite]
    for scale in (1, 100):
        scaled = np.round(present * scale)
        if np.all(np.abs(scaled) < 2**53) and np.array_equal(scaled / scale, present):
            out = np.zeros(len(array), dtype=np.int64)
            out[finite] = scaled.astype(np.int64)
            break
    else:
        scale, out = 1, array
    listed = out.tolist()
    if not finite.all():
        listed = [v if f else None for v, f in zip(listed, finite.tolist(), strict=True)]
    return {"values": listed, "scale": scale}


def _texts(values: pd.Series) -> list[str | None]:
    """Return the values as HTML-escaped text, None when missing."""
    present = values.notna().to_numpy()
    texts = [str(v) for v in values[present].tolist()]
    joined = "\x00".join(texts)
    if joined.count("\x00") == max(len(texts) - 1, 0):  # escape all in one go
        escaped = html.escape(joined).split("\x00") if texts else []
    else:
        escaped = [html.escape(text) for text in texts]
    out: list[str | None] = [None] * len(values)
    for position, text in zip(np.flatnonzero(present).tolist(), escaped, strict=True):
        out[position] = text
    return out


def _field_values(frame: pd.DataFrame, field: PointField) -> list | dict[str, Any]:
    column = frame[field.column]
    if field.kind == "text":
        return {"values": _texts(column), "scale": 1}
    if field.kind == "category":
        index = {str(value): i for i, value in enumerate(field.categories or {})}
        return _numbers(column.astype(str).where(column.notna()).map(index))
    return _numbers(column)


#: Positions travel as whole numbers of 1/10 000 degree (about 11 m), radii of 1/10 pixel.
POSITION_SCALE = 10_000
RADIUS_SCALE = 10


def add_enterprise_points(
    m: folium.Map,
    points: pd.DataFrame,
    color_by: str | None = None,
    *,
    size_by: str | None = "arrears_outstanding_kzt",
    fields: Sequence[PointField] = (),
    number_format: NumberFormat | None = None,
    popup_rows: TooltipRows | None = None,
    colors: Mapping[str, str] | None = None,
    layer_name: str | None = None,
    cluster: bool = True,
    asset_base: str = assets.DEFAULT_BASE_URL,
    radius: tuple[float, float] = (4.0, 16.0),
) -> folium.Map:
    """Add enterprises as circles sized by arrears, clustered, with escaped tooltips.

    Parameters
    ----------
    m : folium.Map
        Map made by :func:`choropleth_map` (or any map using local assets).
    points : pandas.DataFrame
        One row per enterprise with ``lat``, ``lon``, ``name`` and optionally ``bin``, the
        ``size_by`` column, the ``color_by`` column and the columns of ``fields``. Rows
        without coordinates are skipped.
    color_by : str, optional
        Column holding a risk level; its colour comes from ``colors`` (default
        :data:`utils.maps.palettes.RISK_COLORS`); without it all points share one colour.
    size_by : str, optional
        Column whose value sets the circle area (wage arrears outstanding by default).
    fields : sequence of PointField
        The tooltip's lines under the enterprise name, written by the browser from the raw
        values (see :class:`PointField`).
    number_format : NumberFormat, optional
        How the browser writes numbers (:func:`browser_number_format`); needed when a field
        is a number.
    popup_rows : mapping, optional
        For each BIN (or row index when there is no ``bin`` column), ``(label, text)`` pairs
        already formatted, shown after ``fields``. Escaped here.
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
    for column in (color_by, size_by, *(f.column for f in fields)):
        if column not in (None, "arrears_outstanding_kzt") and column not in points.columns:
            raise ValueError(f"points has no column {column!r}")
    if number_format is None and any(f.kind not in ("text", "category") for f in fields):
        raise ValueError("fields with numbers need a number_format (browser_number_format)")
    lat = pd.to_numeric(points["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(points["lon"], errors="coerce").to_numpy(dtype=float)
    located = np.isfinite(lat) & np.isfinite(lon)
    frame = points.loc[located]
    lat, lon = lat[located], lon[located]

    palette: list[str] = [POINT_COLOR]
    color_index = np.zeros(len(frame), dtype=int)
    if color_by is not None:
        level_colors = dict(colors or RISK_COLORS)
        palette = [POINT_COLOR, *level_colors.values()]
        lookup = {level: i + 1 for i, level in enumerate(level_colors)}
        color_index = frame[color_by].astype(str).map(lookup).fillna(0).to_numpy(dtype=int)
    if size_by is not None and size_by in frame.columns:
        radii = _radii(frame[size_by], *radius)
    else:
        radii = np.full(len(frame), radius[0])

    if "bin" in frame.columns:
        bins = _texts(frame["bin"])
        has_bin = frame["bin"].notna().to_numpy()
        keys = np.where(has_bin, frame["bin"].astype(str), frame.index.astype(str)).tolist()
    else:
        bins = [None] * len(frame)
        keys = frame.index.astype(str).tolist()
    field_specs = []
    field_columns = []
    for field in fields:
        uses_key = field.kind == "text" and field.column == "bin"
        field_columns.append(None if uses_key else _field_values(frame, field))
        spec_field: dict[str, Any] = {"label": html.escape(field.label), "kind": field.kind}
        if uses_key:
            spec_field["key"] = True
        if field.categories is not None:
            spec_field["categories"] = [html.escape(str(v)) for v in field.categories.values()]
        field_specs.append(spec_field)
    data = {
        "position_scale": POSITION_SCALE,
        "radius_scale": RADIUS_SCALE,
        "lat": np.round(lat * POSITION_SCALE).astype(np.int64).tolist(),
        "lon": np.round(lon * POSITION_SCALE).astype(np.int64).tolist(),
        "radius": np.round(np.asarray(radii, dtype=float) * RADIUS_SCALE).astype(np.int64).tolist(),
        "color": color_index.tolist(),
        "bin": bins,
        "name": [name or "" for name in _texts(frame["name"])],
        "fields": field_columns,
        "extra": [_cells_html(popup_rows.get(key, ())) for key in keys] if popup_rows else None,
    }
    spec = {
        "outline": POINT_COLOR,
        "colors": palette,
        "fields": field_specs,
        "format": None if number_format is None else number_format.as_json(),
    }
    bounds: list[list[float | None]] = [[None, None], [None, None]]
    if len(frame):
        bounds = [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]

    urls = assets.asset_urls(asset_base)
    if cluster:
        parent: folium.map.FeatureGroup | folium.plugins.MarkerCluster = (
            folium.plugins.MarkerCluster(
                name=layer_name,
                control=layer_name is not None,
                options={"disableClusteringAtZoom": 9, "showCoverageOnHover": False},
                icon_create_function=_cluster_icon_js(palette),
            )
        )
        parent.default_js = urls["markercluster_js"]
        parent.default_css = urls["markercluster_css"]
    else:
        parent = folium.FeatureGroup(name=layer_name, control=layer_name is not None)
    EnterprisePoints(data, spec, bounds).add_to(parent)
    parent.add_to(m)
    if layer_name is not None and not any(
        isinstance(child, folium.LayerControl) for child in m._children.values()
    ):
        folium.LayerControl(collapsed=False).add_to(m)
    return m
