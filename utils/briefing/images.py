"""Images of a briefing, made offline: the national map and the trend charts.

Charts are Altair specifications rendered by ``vl-convert`` (Vega in-process, no browser,
no network); the font is DejaVu Sans from matplotlib's own font folder, registered with
``vl-convert`` once, so Cyrillic and the Kazakh letters render the same on any machine.
The map comes from :mod:`utils.maps.static_map` with the web map's classes and palette.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import matplotlib
import vl_convert

from utils.briefing import static_map
from utils.briefing.model import CHART_SIZE, Briefing

#: Font of the rendered charts (the same as the map and the PDF).
CHART_FONT = static_map.FONT
#: Pixel density of chart PNGs (2: sharp on a projector and in print).
CHART_SCALE = 2


@dataclass(frozen=True)
class BriefingImages:
    """The rendered images of a briefing: the map and one PNG per trend chart."""

    map: static_map.StaticMap
    charts: list[bytes]


@lru_cache(maxsize=1)
def _register_fonts() -> None:
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    vl_convert.register_font_directory(str(fonts))


def _vl_version() -> str:
    # Altair writes specifications of one Vega-Lite version; vl-convert is told which.
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


def chart_spec(chart: alt.TopLevelMixin, width: int | None = None) -> dict[str, Any]:
    """Return the Vega-Lite specification of ``chart`` with a numeric width and our font.

    Charts of the screens are ``width='container'``, which has no meaning outside a page;
    such a width becomes ``width`` (the briefing's chart width by default).
    """
    spec = chart.to_dict()
    if width is not None or spec.get("width") == "container":
        spec["width"] = width or CHART_SIZE[0]
    config = spec.setdefault("config", {})
    config.setdefault("font", CHART_FONT)
    return spec


def chart_png(chart: alt.TopLevelMixin, width: int | None = None,
              scale: int = CHART_SCALE) -> bytes:
    """Return ``chart`` as a PNG rendered offline."""
    _register_fonts()
    return vl_convert.vegalite_to_png(chart_spec(chart, width), scale=scale,
                                      vl_version=_vl_version())


def chart_svg(chart: alt.TopLevelMixin, width: int | None = None) -> str:
    """Return ``chart`` as SVG rendered offline (text kept as text)."""
    _register_fonts()
    return vl_convert.vegalite_to_svg(chart_spec(chart, width), vl_version=_vl_version())


def briefing_map(content: Briefing, *, high_contrast: bool | None = None,
                 dpi: int = static_map.DPI) -> static_map.StaticMap:
    """Return the national map of a briefing, rising regions numbered as on their slide."""
    view = content.view
    return static_map.national_map_png(
        content.map_values, lang=content.lang, indicator_title=content.indicator_title,
        unit=content.unit, period=(view.start, view.end), normalisation=view.normalisation,
        mode=view.mode,
        scheme=view.scheme,
        high_contrast=view.high_contrast if high_contrast is None else high_contrast,
        labels=content.map_labels, dpi=dpi,
    )


def render_images(content: Briefing) -> BriefingImages:
    """Return the map and the trend charts of ``content`` as PNG images."""
    return BriefingImages(
        map=briefing_map(content),
        charts=[chart_png(item.chart) for item in content.charts],
    )
