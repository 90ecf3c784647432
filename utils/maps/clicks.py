"""What a click on the map reports: the code of a unit or the BIN of an enterprise.

Clicks, as ``streamlit_folium.st_folium`` reports them: pass
``returned_objects=RETURNED_OBJECTS`` (``["last_active_drawing"]``) so that panning and
zooming do not rerun the page, and read the clicked unit with :func:`clicked_region` (the
feature's ``properties.code``) or the clicked enterprise with :func:`clicked_enterprise`
(``properties.bin``). ``last_object_clicked`` holds only the coordinates of the click, and
``last_object_clicked_tooltip`` the tooltip text; neither carries the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: What the page passes to ``st_folium(returned_objects=...)``: clicks only, no pan/zoom.
RETURNED_OBJECTS = ["last_active_drawing"]


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
