"""Names written on the map: the places a reader must find without hovering.

A projected map of 20 units shows colours but no names; a minister looking for "where is it
rising" should not have to hover. :func:`add_labels` writes short names at given points as
Leaflet markers that take no clicks or hovers (the region under them still does), with a
white halo so they read on any fill.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import folium
from jinja2 import Template

from utils.maps.rendering import _DataScript, _js_json

#: The label's look, added to the map's page once.
LABEL_CSS = (
    "<style>.ltm-label{pointer-events:none;white-space:nowrap;font:600 12px/1.2 sans-serif;"
    "color:#1a1a1a;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;"
    "transform:translate(-50%,-50%);}"
    ".ltm-label.ltm-label-strong{font-size:13px;font-weight:700;color:#000;}</style>"
)


class Labels(_DataScript):
    """Names at points, as non-interactive Leaflet markers (``.ltm-label``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.labels_json }}.forEach(function (label) {
            L.marker([label.lat, label.lon], {
                icon: L.divIcon({className: "ltm-label" + (label.strong ? " ltm-label-strong" : ""),
                                 html: label.text, iconSize: null}),
                interactive: false, keyboard: false
            }).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[dict]) -> None:
        super().__init__()
        self._name = "Labels"
        self.labels_json = _js_json(labels)


def add_labels(m: folium.Map, names: Mapping[str, str], points: Mapping[str, tuple[float, float]],
               strong: frozenset[str] = frozenset()) -> folium.Map:
    """Write ``names`` (by code, escaped here) at ``points`` (``(lat, lon)`` by code) on ``m``.

    Codes in ``strong`` are drawn darker and larger (e.g. the regions where tension rises);
    codes without a point are skipped.
    """
    labels = [
        {"lat": float(points[code][0]), "lon": float(points[code][1]),
         "text": html.escape(str(text)), "strong": code in strong}
        for code, text in names.items() if code in points
    ]
    if labels:
        m.get_root().header.add_child(folium.Element(LABEL_CSS), name="ltm_label_css")
        Labels(labels).add_to(m)
    return m
