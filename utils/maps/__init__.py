"""Folium map builders for the home map, the region drill-down and the offline HTML export.

The map must work on a closed network, stay small in the browser and never render a string
from an upload as HTML:

- the only scripts and stylesheets are Leaflet (and Leaflet.markercluster for enterprises),
  served by the app itself (:mod:`utils.maps.assets`); no jQuery, Bootstrap, fonts or d3;
- no tiles unless an internal tile server is configured; a plain background instead;
- the region layer is one small script: the compact boundary GeoJSON (only the property
  ``code``), a style per colour class and one tooltip per unit, written once, not
  per feature as ``folium.Choropleth`` does; the legend is drawn outside the map
  (:func:`legend_html`);
- the enterprise layer sends its points as compact columns of raw values (tens of bytes an
  enterprise) and the labels once; the browser writes each tooltip when it opens, in the
  interface language's number format (:class:`NumberFormat`);
- layers carrying data are rendered once and never compiled as templates (:class:`_DataScript`);
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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import folium.plugins
import numpy as np
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.utilities import get_bounds
from jinja2 import Template

from utils.maps import assets
from utils.maps.classify import NO_DATA, Classification
from utils.maps.palettes import (
    NO_DATA_COLOR,
    NO_DATA_HATCH_COLOR,
    POINT_COLOR,
    RISK_COLORS,
    MapStyle,
    ink_on,
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


def _cells_html(rows: Sequence[tuple[str, str]]) -> str:
    """Return the table rows of ``(label, text)`` pairs, every piece of text escaped."""
    return "".join(
        f"<tr><th>{html.escape(str(label))}</th><td>{html.escape(str(text))}</td></tr>"
        for label, text in rows
    )


def _rows_html(title: str | None, rows: Sequence[tuple[str, str]]) -> str:
    """Return tooltip/popup HTML with every piece of text escaped."""
    parts = []
    if title:
        parts.append(f"<strong>{html.escape(str(title))}</strong>")
    if rows:
        parts.append(f"<table>{_cells_html(rows)}</table>")
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
        ".ltm-cluster{background:rgba(255,255,255,0.7);border-radius:50%;}"
        ".ltm-cluster div{font-weight:600;box-shadow:0 0 0 1px rgba(63,0,125,0.35);}"
        ".leaflet-popup-content table{border-collapse:collapse;}"
        ".leaflet-popup-content th{font-weight:normal;text-align:left;padding:0 8px 0 0;"
        "color:#555;}"
        "</style>"
    )


class _Script(Element):
    """Script text already rendered, written out as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _DataScript(MacroElement):
    """A layer whose script carries data: rendered once, never compiled as a template.

    branca's ``MacroElement.render`` wraps the rendered script in ``Element(text)``, which
    compiles the text as a Jinja template: seconds for a script holding thousands of points,
    and any ``{{ }}`` or ``{% %}`` in a name from an upload would be evaluated (or break the
    page). Here the rendered text is added to the page as it is.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("You cannot render this Element if it is not in a Figure.")
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Script(script(self, kwargs)), name=self.get_name())


class RegionLayer(_DataScript):
    """The 20 units coloured by class, with tooltips, as one compact Leaflet GeoJSON layer.

    Parameters
    ----------
    geojson : str or dict
        FeatureCollection whose features carry the property ``code`` (other properties are
        dropped before the data reaches the browser); a text is read once and remembered.
    classes : mapping
        Class number of each code (:data:`utils.maps.classify.NO_DATA` for no data).
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
        geojson: str | dict,
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
        self.boundaries = _boundaries(geojson)
        features = ",".join(
            '{"type":"Feature","properties":'
            + _js_json({"code": code, "value": values.get(code)})
            + ',"geometry":' + geometry + "}"
            for code, geometry in zip(
                self.boundaries.codes, self.boundaries.geometries, strict=True
            )
        )
        self.geojson_json = '{"type":"FeatureCollection","features":[' + features + "]}"
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
        return [list(corner) for corner in self.boundaries.bounds]


@dataclass(frozen=True)
class _Boundaries:
    """What the region layer takes from a boundary file: the same for every map drawn."""

    codes: tuple[str, ...]
    #: Geometry of each feature as script-safe JSON.
    geometries: tuple[str, ...]
    bounds: tuple[tuple[float, float], tuple[float, float]]


def _boundaries(geojson: str | dict) -> _Boundaries:
    """Return the parts of a boundary FeatureCollection, read once per file text."""
    if isinstance(geojson, str):
        return _boundaries_of_text(geojson)
    return _read_boundaries(geojson)


@lru_cache(maxsize=4)
def _boundaries_of_text(text: str) -> _Boundaries:
    return _read_boundaries(json.loads(text))


def _read_boundaries(data: Any) -> _Boundaries:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("geojson must be a GeoJSON FeatureCollection")
    for index, feature in enumerate(data["features"]):
        properties = feature.get("properties") or {}
        if "code" not in properties:
            raise ValueError(
                f"GeoJSON feature {index} has no property 'code' (it has: "
                f"{', '.join(sorted(properties)) or 'no properties'}); use geo.browser_geojson()"
            )
    (south, west), (north, east) = get_bounds(data, lonlat=True)
    return _Boundaries(
        codes=tuple(f["properties"]["code"] for f in data["features"]),
        geometries=tuple(_js_json(f["geometry"]) for f in data["features"]),
        bounds=((south, west), (north, east)),
    )


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
        Class breaks from :func:`utils.maps.classify.classify`.
    tooltip_rows : mapping, optional
        For each code, ``(label, text)`` pairs already formatted in the interface language,
        e.g. value with units, rank of 20, change. Escaped here.
    region_names : mapping, optional
        Tooltip heading of each code (region name in the interface language). Escaped here.
        Defaults to the Russian names of the reference.
    palette : sequence of str, optional
        One colour per class; defaults to :func:`utils.maps.palettes.palette_for`.
    high_contrast : bool
        Presentation mode: high-contrast palette and heavier outlines.
    tile_url, tile_attribution : str, optional
        An internal tile server (``https://tiles.example/{z}/{x}/{y}.png``) and its credit;
        by default the map has no tiles.
    asset_base : str
        URL of the vendor folder (:func:`utils.maps.assets.static_base_url`).
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
    boundaries = _boundaries(geojson)
    by_code = _values_by_code(values)
    style = map_style(high_contrast)
    if palette is None:
        palette = palette_for(classes, high_contrast=high_contrast)
    colors = list(palette)
    if len(colors) < classes.k:
        raise ValueError(f"palette has {len(colors)} colours for {classes.k} classes")
    codes = boundaries.codes
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
        geojson,
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


@dataclass(frozen=True)
class NumberFormat:
    """How the interface language writes numbers, for the browser to write them the same way.

    The enterprise tooltips carry raw numbers and are written in the browser, so the server
    formats nothing per point; :func:`browser_number_format` takes every symbol and word from
    :mod:`utils.formatting`, and ``tests/test_browser_map.py`` checks that the browser writes
    what :func:`utils.formatting.format_money_short` and ``format_number`` write.

    Attributes
    ----------
    group, decimal, minus : str
        Digit group separator, decimal sign and minus sign.
    missing : str
        Text for a missing value.
    currency : str
        Text after an amount in tenge, with the space before it (``" ₸"``).
    compact : tuple of (int, int, str)
        Short amounts (``2,7 млн``), smallest magnitude first: the power of ten from which a
        magnitude applies, the power of ten the amount is divided by, and the word after the
        number with the space before it: ``(5, 3, " тыс.")`` writes ``250 000`` as
        ``250 тыс.`` (the spaces are non-breaking).
    """

    group: str
    decimal: str
    minus: str
    missing: str
    currency: str
    compact: tuple[tuple[int, int, str], ...]

    def as_json(self) -> dict[str, Any]:
        """Return the format for the browser, every text HTML-escaped."""
        return {
            "group": html.escape(self.group),
            "decimal": html.escape(self.decimal),
            "minus": html.escape(self.minus),
            "missing": html.escape(self.missing),
            "currency": html.escape(self.currency),
            "compact": [[low, divisor, html.escape(word)] for low, divisor, word in self.compact],
        }


_LEADING_DIGITS = re.compile(r"^\d+")


@lru_cache(maxsize=8)
def browser_number_format(lang: str) -> NumberFormat:
    """Return how ``lang`` writes numbers, read from :mod:`utils.formatting`'s own output.

    Raises
    ------
    ValueError
        When a short amount is not a power of ten followed by a word (the formatter changed
        in a way the browser cannot follow).
    """
    from utils import formatting

    thousand = formatting.format_number(1000, lang)  # "1 000", "1,000"
    half = formatting.format_number(0.5, lang, decimals=1)  # "0,5", "0.5"
    one = formatting.format_money(1, lang)  # "1 ₸"
    compact = []
    for power in range(3, 15):
        text = formatting.format_compact(10**power, lang)  # "1 тыс.", "10 тыс.", "100 тыс."
        lead = _LEADING_DIGITS.match(text)
        if lead is None or lead.group().lstrip("1") not in ("", "0", "00"):
            raise ValueError(f"Unexpected short form of 10**{power} in {lang!r}: {text!r}")
        digits = lead.group()
        compact.append((power, power - (len(digits) - 1), text[len(digits):]))
    return NumberFormat(
        group=thousand[1:-3],
        decimal=half[1:-1],
        minus=formatting.format_number(-1, lang)[:-1],
        missing=formatting.MISSING,
        currency=one[1:],
        compact=tuple(compact),
    )


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
    size_by: str | None = "arrears_kzt",
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
        if column is not None and column not in points.columns and column != "arrears_kzt":
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
        The colours used on the map; defaults to :func:`utils.maps.palettes.palette_for`.
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
