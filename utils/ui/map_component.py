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

import os
import re
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


def _dedent(text: str) -> str:
    """Return ``textwrap.dedent(text)`` in one pass over the lines.

    ``textwrap.dedent`` runs two regular expressions over every character; the map script
    carries its enterprise points on one line of several hundred kilobytes, which took it
    19 ms. Same rules: lines of only spaces and tabs become empty, and the longest run of
    leading spaces and tabs common to the other lines is removed from each.
    """
    lines = ["" if not line.strip(" \t") else line for line in text.split("\n")]
    indents = [line[: len(line) - len(line.lstrip(" \t"))] for line in lines if line]
    margin = os.path.commonprefix(indents) if indents else ""
    if margin:
        lines = [line[len(margin) :] if line else line for line in lines]
    return "\n".join(lines)


def _script(m: folium.Map) -> str:
    """Return the map's script as ``streamlit_folium._get_map_string`` makes it.

    The same steps with :func:`_dedent`; our maps are never a ``DualMap``, the one case
    skipped here.
    """
    script = streamlit_folium.generate_leaflet_string(m)
    script = script.replace("alert(coords);", "")
    script = re.sub(r"drawnItems_draw_control_div_\d+", "drawnItems", script)
    script = _dedent(script)
    if "drawnItems" not in script:
        script += "\nvar drawnItems = [];"
    return script


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
    script = _script(m)
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
