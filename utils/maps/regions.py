"""The choropleth: the 20 units coloured by class, with tooltips and a code in every click.

The region layer is one small script: the compact boundary GeoJSON (only the property
``code``), a style per colour class and one tooltip per unit, written once, not per feature
as ``folium.Choropleth`` does. The legend is drawn outside the map
(:func:`utils.maps.legend.legend_html`).

A click on a unit opens it (``streamlit_folium`` reports the feature). On a phone or a
tablet (a screen that cannot hover) a tap shows the unit's tooltip first, with its value,
and a second tap on the same unit opens it: a finger has no hover to read a value before
committing to a page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import numpy as np
import pandas as pd
from folium.utilities import get_bounds
from jinja2 import Template

from utils.maps import assets
from utils.maps.classify import NO_DATA, Classification
from utils.maps.local_map import _local_map
from utils.maps.palettes import NO_DATA_COLOR, NO_DATA_HATCH_COLOR, MapStyle, map_style, palette_for
from utils.maps.rendering import TooltipRows, _cells_html, _DataScript, _js_json


def _rows_html(title: str | None, rows: Sequence[tuple[str, str]]) -> str:
    """Return tooltip/popup HTML with every piece of text escaped."""
    parts = []
    if title:
        parts.append(f"<strong>{html.escape(str(title))}</strong>")
    if rows:
        parts.append(f"<table>{_cells_html(rows)}</table>")
    return "".join(parts)


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
    tap_hint : str, optional
        Line added to the tooltips on a touch screen ("tap again to open"). Escaped here.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_classes = {{ this.classes_json }};
        var {{ this.get_name() }}_styles = {{ this.styles_json }};
        var {{ this.get_name() }}_tips = {{ this.tips_json }};
        var {{ this.get_name() }}_touch = !!(window.matchMedia &&
            window.matchMedia("(hover: none)").matches);
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
                if (tip && {{ this.get_name() }}_touch) {
                    tip += {{ this.tap_hint_json }};
                }
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
        (function (group, map) {
            /* A touch screen: the first tap on a unit shows its tooltip, a second tap on the
               same unit opens it. The units stop passing clicks to the layer, whose click is
               what opens a unit; the second tap hands it on. */
            if (!{{ this.get_name() }}_touch) { return; }
            var armed = null;
            group.eachLayer(function (layer) {
                layer.removeEventParent(group);
                layer.on("click", function (e) {
                    if (armed === layer) {
                        armed = null;
                        group.fire("click", {latlng: e.latlng, layer: layer,
                                             sourceTarget: layer, propagatedFrom: layer});
                    } else {
                        armed = layer;
                        layer.openTooltip(e.latlng);
                    }
                });
            });
            map.on("click", function (e) {
                if (!e.originalEvent || !e.originalEvent.target ||
                        !e.originalEvent.target.classList ||
                        !e.originalEvent.target.classList.contains("ltm-region")) {
                    armed = null;
                }
            });
        })({{ this.get_name() }}, {{ this._parent.get_name() }});
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
        tap_hint: str | None = None,
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
        hint = f'<div class="ltm-tap-hint">{html.escape(tap_hint)}</div>' if tap_hint else ""
        self.tap_hint_json = _js_json(hint)

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
    tap_hint: str | None = None,
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
    tap_hint : str, optional
        On a touch screen, where the first tap shows the tooltip and the second opens the
        unit, a line saying so under each tooltip (in the interface language). Escaped here.

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
        tap_hint=tap_hint,
    )
    layer.add_to(m)
    if fit:
        m.fit_bounds(layer._get_self_bounds(), padding=(8, 8))
    return m
