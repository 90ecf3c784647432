"""The national map as a static image for briefings: geopandas and matplotlib, no browser.

A slide or a PDF page cannot hold the Leaflet map, so the briefing draws the 20 units with
matplotlib. The image must tell the same story as the dashboard: the colour classes and the
legend's title come from :func:`utils.screens.map.region_classes` and
:func:`utils.screens.map.legend_heading`, as the web map's do, and the colours from
:func:`utils.maps.palettes.palette_for` (viridis/PuOr in high contrast, as presentation mode
uses). Units without data are grey
with a hatch, as on the web map.

The boundaries are the coverage-simplified ones of the web map (``geo.browser_boundaries``),
projected with a Lambert conformal conic centred on Kazakhstan so the country keeps its
shape. Nothing is fetched: no tiles, no fonts (DejaVu Sans ships with matplotlib and covers
the Kazakh letters).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from utils import maps
from utils.maps import NO_DATA, Classification
from utils.screens import map_screen

#: Lambert conformal conic for Kazakhstan (standard parallels 45° and 51° N).
KZ_PROJECTION = "+proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=67 +datum=WGS84 +units=m"
#: Font of every text in the image; matplotlib ships it, with Cyrillic and Kazakh letters.
FONT = "DejaVu Sans"
#: Width of the image in inches, the share of it the map takes (the legend has the rest)
#: and the resolution; the height follows the shape of the country.
WIDTH_IN = 11.0
MAP_SHARE = 0.72
DPI = 150
#: Characters per line of the legend's title and of its labels (beside a colour swatch): a
#: change's title names the period compared with and would otherwise run off the image.
LEGEND_TITLE_WIDTH = 32
LEGEND_LABEL_WIDTH = 24
#: Matplotlib settings of every drawing (fonts, hatch of units without data).
RC = {"font.family": FONT, "hatch.color": maps.NO_DATA_HATCH_COLOR, "hatch.linewidth": 0.8}


@dataclass(frozen=True)
class StaticMap:
    """A rendered national map.

    Attributes
    ----------
    png : bytes
        The image.
    classes : Classification
        The colour classes of the units (the web map's classification).
    colors : dict
        Fill colour of each unit (hex), by region code; no-data units have
        :data:`utils.maps.maps.NO_DATA_COLOR`.
    pixel_points : dict
        A point inside each unit in image pixels ``(x, y)``, origin at the top left: where
        the unit's fill colour can be read back from the image.
    size : tuple of int
        Width and height of the image in pixels.
    """

    png: bytes
    classes: Classification
    colors: dict[str, str]
    pixel_points: dict[str, tuple[float, float]]
    size: tuple[int, int]


def class_colors(classes: Classification, *, high_contrast: bool = False) -> dict[str, str]:
    """Return the fill colour of each unit: its class colour, or the no-data grey."""
    palette = maps.palette_for(classes, high_contrast=high_contrast)
    return {
        str(code): maps.NO_DATA_COLOR if index == NO_DATA else palette[int(index)]
        for code, index in classes.classes.items()
    }


def _wrapped(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LEGEND_LABEL_WIDTH, break_on_hyphens=False))


def _legend_handles(classes: Classification, high_contrast: bool) -> list[Patch]:
    palette = maps.palette_for(classes, high_contrast=high_contrast)
    edge = maps.map_style(high_contrast).line_color
    handles = []
    # Highest class first, as people read a legend from the top; "no data" last.
    for entry in sorted(classes.legend, key=lambda e: (e.is_no_data, -e.class_index)):
        if entry.is_no_data:
            handles.append(Patch(facecolor=maps.NO_DATA_COLOR, hatch="////",
                                 edgecolor=maps.NO_DATA_HATCH_COLOR, label=_wrapped(entry.label)))
        else:
            handles.append(Patch(facecolor=palette[entry.class_index], edgecolor=edge,
                                 label=_wrapped(entry.label)))
    return handles


def national_map_figure(
    values: pd.DataFrame,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    mode: str = "value",
    scheme: str = "quantiles",
    high_contrast: bool = False,
    boundaries: gpd.GeoDataFrame | None = None,
    labels: Mapping[str, str] | None = None,
) -> tuple[Figure, Classification, dict[str, str], dict[str, tuple[float, float]]]:
    """Return the map as a matplotlib figure with its legend.

    Parameters
    ----------
    values : pandas.DataFrame
        ``utils.metrics.region_values`` of the 20 units.
    lang : str
        Language of the legend.
    indicator_title, unit, period, normalisation, mode, scheme
        As for :func:`utils.screens.map.region_map`.
    high_contrast : bool
        Presentation palettes and black borders.
    boundaries : geopandas.GeoDataFrame, optional
        ``code`` and ``geometry`` in EPSG:4326; ``geo.browser_boundaries()`` by default.
    labels : mapping, optional
        Short text to print on some units (e.g. the rank of rising regions), by code.

    Returns
    -------
    tuple
        The figure, the classes, the fill colour by code and, by code, a point inside the
        unit in data coordinates of the map's axes (projected metres).
    """
    if boundaries is None:
        import geo

        boundaries = geo.browser_boundaries()
    classes = map_screen.region_classes(values, lang=lang, unit=unit, normalisation=normalisation,
                             mode=mode, scheme=scheme)
    colors = class_colors(classes, high_contrast=high_contrast)
    style = maps.map_style(high_contrast)
    shapes = boundaries[["code", "geometry"]].to_crs(KZ_PROJECTION)
    shapes = shapes.assign(color=shapes["code"].map(colors).fillna(maps.NO_DATA_COLOR))
    missing = shapes["code"].map(classes.classes).fillna(NO_DATA).eq(NO_DATA)

    xmin, ymin, xmax, ymax = shapes.total_bounds
    height_in = WIDTH_IN * MAP_SHARE * (ymax - ymin) / (xmax - xmin) * 1.04
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, facecolor="white")
        FigureCanvasAgg(fig)  # an image renderer: no window, no display needed
        ax = fig.add_axes((0.005, 0.02, MAP_SHARE - 0.01, 0.96))
        edge = style.line_color if high_contrast else "#ffffff"
        shapes.loc[~missing].plot(ax=ax, color=shapes.loc[~missing, "color"], edgecolor=edge,
                                  linewidth=style.line_weight * 0.6)
        if missing.any():
            shapes.loc[missing].plot(ax=ax, color=maps.NO_DATA_COLOR, hatch="////",
                                     edgecolor=edge, linewidth=style.line_weight * 0.6)
        # The outline of the country in a darker line, so the map reads on any background.
        shapes.dissolve().boundary.plot(ax=ax, color="#4d4d4d", linewidth=0.8)
        ax.set_axis_off()
        ax.set_aspect("equal")
        points = {
            str(code): (float(point.x), float(point.y))
            for code, point in zip(shapes["code"], shapes.representative_point(), strict=True)
        }
        for code, text in (labels or {}).items():
            if code in points:
                x, y = points[code]
                ax.annotate(text, (x, y), ha="center", va="center", fontsize=9,
                            fontweight="bold", color="black",
                            bbox={"boxstyle": "circle,pad=0.25", "fc": "white", "ec": "black",
                                  "lw": 0.8})
        title, shown_unit = map_screen.legend_heading(
            indicator_title, unit=unit, normalisation=normalisation, mode=mode, period=period,
            lang=lang,
        )
        title = "\n".join(textwrap.wrap(title, LEGEND_TITLE_WIDTH))
        if shown_unit:
            title = f"{title}\n({shown_unit})"
        fig.legend(handles=_legend_handles(classes, high_contrast), title=title,
                   loc="center left", bbox_to_anchor=(MAP_SHARE + 0.01, 0.5), frameon=False,
                   fontsize=12 if high_contrast else 11,
                   title_fontsize=12 if high_contrast else 11, alignment="left",
                   handleheight=1.4, handlelength=2.2)
    return fig, classes, colors, points


def national_map_png(
    values: pd.DataFrame,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    mode: str = "value",
    scheme: str = "quantiles",
    high_contrast: bool = False,
    boundaries: gpd.GeoDataFrame | None = None,
    labels: Mapping[str, str] | None = None,
    dpi: int = DPI,
) -> StaticMap:
    """Return the national map as a PNG, with its classes, colours and unit positions.

    The parameters are those of :func:`national_map_figure`; ``dpi`` sets the resolution.
    """
    fig, classes, colors, points = national_map_figure(
        values, lang=lang, indicator_title=indicator_title, unit=unit, period=period,
        normalisation=normalisation, mode=mode, scheme=scheme, high_contrast=high_contrast,
        boundaries=boundaries, labels=labels,
    )
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.set_dpi(dpi)
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
        png = buffer.getvalue()
        # The size Agg gave the image (IHDR of the PNG); rows count from the top.
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        ax = fig.axes[0]
        pixels = {}
        for code, (x, y) in points.items():
            px, py = ax.transData.transform((x, y))
            pixels[code] = (float(px), float(height - py))
    return StaticMap(png, classes, colors, pixels, (width, height))
