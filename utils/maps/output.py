"""The map as one HTML file that works offline, for the export, labelled as a page of its own."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import folium

from utils.maps import assets

_SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
_CSS_TAG = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>')


#: Panels drawn over the exported map: what it shows (top left, clear of the zoom buttons)
#: and its legend (bottom right).
_PANEL = ("position:fixed;z-index:1000;background:rgba(255,255,255,0.94);padding:8px 12px;"
          "border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,0.3);font-family:Arial,"
          "'DejaVu Sans',sans-serif;color:#252525;")
_HEADING_PANEL = _PANEL + "top:10px;left:56px;max-width:min(60%,640px);font-size:14px;"
_LEGEND_PANEL = _PANEL + "bottom:16px;right:16px;max-width:45%;"
_WARNING_COLOR = "#8a4b00"


def _labels_html(title: str | None, lines: Sequence[str], warning: str | None,
                 legend_html: str | None) -> str:
    """Return the panels with the title, the lines and the warning escaped, and the legend."""
    parts = []
    if title or lines or warning:
        parts.append(f'<div class="ltm-export-heading" style="{_HEADING_PANEL}">')
        if title:
            parts.append(f'<h1 style="font-size:18px;margin:0 0 4px">{html.escape(title)}</h1>')
        parts.extend(f"<div>{html.escape(line)}</div>" for line in lines)
        if warning:
            parts.append(f'<div style="color:{_WARNING_COLOR};font-weight:600;margin-top:4px">'
                         f"{html.escape(warning)}</div>")
        parts.append("</div>")
    if legend_html:
        parts.append(f'<div class="ltm-export-legend" style="{_LEGEND_PANEL}">{legend_html}</div>')
    return "".join(parts)


def standalone_map_html(
    m: folium.Map,
    *,
    title: str | None = None,
    lines: Sequence[str] = (),
    warning: str | None = None,
    legend_html: str | None = None,
    lang: str | None = None,
) -> str:
    """Return the map as one HTML file that works offline, with Leaflet inlined.

    The local asset links of the map are replaced by the scripts and stylesheets
    themselves (read from the installed packages), so the file opens in a browser without
    the app and without internet. A file passed on says on its own what it shows: ``title``
    (also the browser tab's), ``lines`` (period, source) and ``warning`` (synthetic data)
    are drawn over the map, escaped; ``legend_html`` (:func:`utils.maps.legend.legend_html`,
    already escaped) in a corner; ``lang`` is the page's language.

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
    if lang:
        page = page.replace("<html>", f'<html lang="{html.escape(lang)}">', 1)
    if title:
        page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    labels = _labels_html(title, lines, warning, legend_html)
    if labels:
        # The body holds the map's element alone; the panels go right after it.
        end = page.index("</body>", page.index('<div class="folium-map"'))
        page = f"{page[:end]}{labels}\n{page[end:]}"
    return page
