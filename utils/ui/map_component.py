"""The folium map as a Streamlit component, with its arguments computed once per view.

``st_folium`` turns a folium map into the arguments of its component on every run: it
renders the map, walks every coordinate for the bounds and hashes the script (tens of
milliseconds for the national map, even when nothing changed). The arguments depend only
on what the map shows, so :func:`component_args` computes them once -- the same way
``st_folium`` 0.25-0.27 does, with its own helper functions -- and the cached loaders keep
them; :func:`show` hands them to the component on each run.

The component key is ``st_folium``'s hash of the script, so the browser keeps the map it
already drew while the script is unchanged, and a changed map replaces it.
``tests/test_page_map.py`` checks that the arguments equal what ``st_folium`` sends.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import branca
import folium
import streamlit_folium


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    """Return the map's script and stylesheet URLs (deduplicated, in document order)."""
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        if isinstance(element, branca.colormap.ColorMap):
            raise ValueError("a branca colour map needs d3 from a CDN; draw the legend outside")
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(m):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def component_args(
    m: folium.Map,
    *,
    key: str,
    height: int,
    returned_objects: Iterable[str],
) -> dict[str, Any]:
    """Return the arguments ``st_folium(m, key=key, height=height, use_container_width=True,
    returned_objects=returned_objects)`` passes to its component.
    """  # noqa: D205
    returned = list(returned_objects)
    # st_folium renders the whole page and then the map again; rendering the map once adds
    # the same links and styles to the page's header, which is all the arguments read
    # (the script comes from each element's own template).
    m.render()
    html = streamlit_folium._get_html(m)
    header = streamlit_folium._get_header(m)
    script = streamlit_folium._get_map_string(m)
    css_links, js_links = _links(m)
    defaults: dict[str, Any] = {name: None for name in returned}
    if "zoom" in defaults:
        defaults["zoom"] = m.options.get("zoom")
    if "bounds" in defaults:
        (south, west), (north, east) = m.get_bounds()
        defaults["bounds"] = {"_southWest": {"lat": south, "lng": west},
                              "_northEast": {"lat": north, "lng": east}}
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": streamlit_folium.get_full_id(m),
        "key": streamlit_folium.generate_js_hash(script, key, False),
        "height": height,
        "width": None,
        "returned_objects": returned,
        "default": defaults,
        "zoom": None,
        "center": None,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": css_links,
        "js_links": js_links,
        "wrap_longitude": False,
    }


def show(args: dict[str, Any]) -> dict[str, Any] | None:
    """Draw the map from :func:`component_args` and return what the user did (clicks)."""
    return streamlit_folium._component_func(**args)
