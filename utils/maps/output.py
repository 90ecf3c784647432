"""The map as one HTML file that works offline, for the export."""

from __future__ import annotations

import re

import folium

from utils.maps import assets

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
