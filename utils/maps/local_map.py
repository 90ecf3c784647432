"""The empty map every layer is drawn on: Leaflet from the app's own assets, no tiles.

The map must work on a closed network: its only script and stylesheet are Leaflet, served by
the app itself (:mod:`utils.maps.assets`), with no jQuery, Bootstrap, fonts or d3; it has no
tiles unless an internal tile server is configured, and a plain background instead.
"""

from __future__ import annotations

import folium
from branca.element import Element

from utils.maps import assets
from utils.maps.palettes import MapStyle

#: Centre of Kazakhstan, used before the map fits the boundaries.
KZ_CENTER = (48.0, 67.0)


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


def fill_frame(m: folium.Map) -> folium.Map:
    """Return ``m`` drawn at the full height of the frame it is shown in.

    ``st_folium`` gives a map a height in pixels; a page that sizes the map's frame itself
    (presentation mode: what the screen has left under the slide's heading) needs the map
    to follow the frame, or it is cut off at the bottom.
    """
    style = "<style>.leaflet-container{height:100vh !important;}</style>"
    m.get_root().header.add_child(Element(style), name="ltm_fill_frame")
    return m


def _map_css(style: MapStyle) -> str:
    return (
        "<style>"
        f".leaflet-container{{background:{style.background};}}"
        ".ltm-tip table{border-collapse:collapse;margin-top:2px;}"
        ".ltm-tip th{font-weight:normal;text-align:left;padding:0 8px 0 0;color:#555;}"
        ".ltm-tip td{text-align:right;padding:0;font-variant-numeric:tabular-nums;}"
        ".ltm-tip strong{font-size:1.05em;}"
        ".ltm-tap-hint{margin-top:4px;color:#555;font-style:italic;}"
        ".ltm-cluster{background:rgba(255,255,255,0.7);border-radius:50%;}"
        ".ltm-cluster div{font-weight:600;box-shadow:0 0 0 1px rgba(63,0,125,0.35);}"
        ".leaflet-popup-content table{border-collapse:collapse;}"
        ".leaflet-popup-content th{font-weight:normal;text-align:left;padding:0 8px 0 0;"
        "color:#555;}"
        "</style>"
    )
