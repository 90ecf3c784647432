"""The map's months for a briefing: a strip of small maps and an animated GIF, on fixed classes.

A slide or a printed page cannot play, so the sequence the dashboard plays becomes small
multiples: one small map per month in the same colours (the classes fixed for the whole
period, :func:`utils.maps.fixed_classes`), each titled with its month, and one legend. The
same frames make an animated GIF for a slide that can show one. Drawn with geopandas and
matplotlib, as the static national map is (:mod:`utils.briefing.static_map`); the GIF is
written by Pillow. Nothing is fetched.
"""

from __future__ import annotations

import io
import math
import textwrap

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from utils import maps
from utils.briefing.static_map import KZ_PROJECTION, RC, _legend_handles
from utils.maps import NO_DATA, Playback
from utils.screens import playback_screen

#: Width of one small map in inches, and the resolution of the strip and of the GIF.
PANEL_IN = 2.6
DPI = 110
#: Milliseconds each month stays in the GIF (the last one three times as long).
GIF_FRAME_MS = 900


def _shapes(boundaries: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if boundaries is None:
        import geo

        boundaries = geo.browser_boundaries()
    return boundaries[["code", "geometry"]].to_crs(KZ_PROJECTION)


def _draw_month(ax, shapes: gpd.GeoDataFrame, played: Playback, month: str,
                palette: list[str], edge: str, line: float) -> None:
    classes = played.frames.loc[month].reindex(shapes["code"]).fillna(NO_DATA).astype(int)
    missing = (classes == NO_DATA).to_numpy()
    colors = [palette[c] if c != NO_DATA else maps.NO_DATA_COLOR for c in classes]
    present = shapes.loc[~missing]
    if not present.empty:
        present.plot(ax=ax, color=[c for c, m in zip(colors, missing, strict=True) if not m],
                     edgecolor=edge, linewidth=line)
    if missing.any():
        shapes.loc[missing].plot(ax=ax, color=maps.NO_DATA_COLOR, hatch="////", edgecolor=edge,
                                 linewidth=line)
    ax.set_axis_off()
    ax.set_aspect("equal")


def _legend(fig: Figure, played: Playback, *, lang: str, indicator_title: str, unit: str,
            normalisation: str, mode: str, period: tuple[str, str], high_contrast: bool,
            anchor: tuple[float, float], loc: str, columns: int = 1, width: int = 48) -> None:
    title, shown_unit = playback_screen.legend_title(
        indicator_title, unit=unit, normalisation=normalisation, mode=mode, lang=lang)
    if shown_unit:
        title = f"{title} ({shown_unit})"
    title = "\n".join([*textwrap.wrap(title, width),
                       *textwrap.wrap(playback_screen.legend_note(period, lang), width)])
    fig.legend(handles=_legend_handles(played.classes, high_contrast), title=title, loc=loc,
               bbox_to_anchor=anchor, frameon=False, fontsize=9, title_fontsize=9,
               alignment="left", ncols=columns)


def month_strip_png(
    played: Playback,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    mode: str = "value",
    high_contrast: bool = False,
    boundaries: gpd.GeoDataFrame | None = None,
    columns: int = 4,
) -> bytes:
    """Return one small map per month, in rows of ``columns``, with the legend below, as PNG.

    Parameters
    ----------
    played : Playback
        The months and their classes (``utils.screens.playback.period_playback``).
    lang, indicator_title, unit, period, normalisation, mode
        As for :func:`utils.screens.playback.playback_map`: the legend's title and note.
    high_contrast : bool
        Presentation palettes and black borders.
    boundaries : geopandas.GeoDataFrame, optional
        ``code`` and ``geometry`` in EPSG:4326; ``geo.browser_boundaries()`` by default.
    """
    shapes = _shapes(boundaries)
    palette = maps.palette_for(played.classes, high_contrast=high_contrast)
    style = maps.map_style(high_contrast)
    edge = style.line_color if high_contrast else "#ffffff"
    months = played.months
    rows = math.ceil(len(months) / columns)
    xmin, ymin, xmax, ymax = shapes.total_bounds
    panel_h = PANEL_IN * (ymax - ymin) / (xmax - xmin) + 0.3
    legend_h = 0.2 * (math.ceil(len(played.classes.legend) / 2) + 3) + 0.2
    labels = playback_screen.month_labels(months, lang)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(PANEL_IN * columns, panel_h * rows + legend_h), dpi=DPI,
                     facecolor="white")
        FigureCanvasAgg(fig)
        height = panel_h * rows + legend_h
        for index, (month, label) in enumerate(zip(months, labels, strict=True)):
            row, column = divmod(index, columns)
            bottom = (height - (row + 1) * panel_h) / height
            ax = fig.add_axes((column / columns, bottom, 1 / columns, (panel_h - 0.3) / height))
            _draw_month(ax, shapes, played, month, palette, edge, style.line_weight * 0.3)
            ax.set_title(label, fontsize=11, fontweight="bold", pad=2)
        _legend(fig, played, lang=lang, indicator_title=indicator_title, unit=unit,
                normalisation=normalisation, mode=mode, period=period,
                high_contrast=high_contrast, anchor=(0.02, legend_h / height), loc="upper left",
                columns=2)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def month_gif(
    played: Playback,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    mode: str = "value",
    high_contrast: bool = False,
    boundaries: gpd.GeoDataFrame | None = None,
    frame_ms: int = GIF_FRAME_MS,
) -> bytes:
    """Return the months as an animated GIF that loops: one map per frame, month written large.

    The parameters are those of :func:`month_strip_png`; ``frame_ms`` is how long each month
    stays (the last month three times as long, so the loop's end is seen).
    """
    from PIL import Image

    shapes = _shapes(boundaries)
    palette = maps.palette_for(played.classes, high_contrast=high_contrast)
    style = maps.map_style(high_contrast)
    edge = style.line_color if high_contrast else "#ffffff"
    xmin, ymin, xmax, ymax = shapes.total_bounds
    width = 9.0
    height = width * 0.68 * (ymax - ymin) / (xmax - xmin) + 0.6
    frames = []
    with matplotlib.rc_context(RC):
        for month, label in zip(played.months,
                                playback_screen.month_labels(played.months, lang), strict=True):
            fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
            FigureCanvasAgg(fig)
            ax = fig.add_axes((0.0, 0.0, 0.68, 0.88))
            _draw_month(ax, shapes, played, month, palette, edge, style.line_weight * 0.5)
            fig.text(0.02, 0.97, label, fontsize=22, fontweight="bold", va="top")
            _legend(fig, played, lang=lang, indicator_title=indicator_title, unit=unit,
                    normalisation=normalisation, mode=mode, period=period,
                    high_contrast=high_contrast, anchor=(0.69, 0.5), loc="center left",
                    width=34)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
            frames.append(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    durations = [frame_ms] * len(frames)
    durations[-1] = frame_ms * 3
    output = io.BytesIO()
    frames[0].save(output, format="GIF", save_all=True, append_images=frames[1:],
                   duration=durations, loop=0, optimize=False)
    return output.getvalue()
