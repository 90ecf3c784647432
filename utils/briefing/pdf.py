"""A briefing as a PDF: one matplotlib figure per page, the same pages as the PPTX slides.

Pages are 16:9 (13.33 × 7.5 in), so a PDF can be shown full screen like the deck. Text is
DejaVu Sans embedded as TrueType (``pdf.fonttype`` 42), so the PDF shows Cyrillic and the
Kazakh letters everywhere and its text can be searched and copied; the map and the charts
are embedded as images. No network, no system fonts.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from PIL import Image

from utils import i18n
from utils.briefing import static_map
from utils.briefing.images import BriefingImages, render_images
from utils.briefing.model import SLIDES, Briefing, Table

PAGE = (13.333, 7.5)
LEFT, RIGHT = 0.04, 0.96
DARK, MUTED, WARNING, HEADER = "#252525", "#595959", "#8a4b00", "#1f4e79"
RC = {"font.family": static_map.FONT, "pdf.fonttype": 42, "pdf.compression": 6}
#: Average glyph width of DejaVu Sans (regular, bold) in ems, to wrap text to its column.
GLYPH_EM, BOLD_GLYPH_EM = 0.6, 0.68
#: Padding of table cells (fraction of the page) and the smallest type a table shrinks to.
CELL_PAD = 0.006
MIN_TABLE_SIZE = 8.0


def _page(content: Briefing, key: str, number: int) -> Figure:
    fig = Figure(figsize=PAGE, facecolor="white")
    FigureCanvasAgg(fig)
    fig.text(LEFT, 0.93, content.titles[key], fontsize=26, fontweight="bold", color=DARK,
             va="top")
    fig.text(LEFT, 0.03, f"{content.footer} · {number}/{len(SLIDES)}", fontsize=9,
             color=WARNING if content.synthetic else MUTED)
    return fig


def _wrap(text: str, width_in: float, size: float, bold: bool = False) -> str:
    chars = max(8, int(width_in * 72 / (size * (BOLD_GLYPH_EM if bold else GLYPH_EM))))
    return "\n".join(
        textwrap.fill(line, chars, break_on_hyphens=False, break_long_words=False)
        for line in text.split("\n")
    )


def _lines(fig: Figure, lines: list[str], x: float, top: float, width: float,
           size: float = 12, color: str = DARK, gap: float = 0.5, bold: bool = False) -> float:
    """Write paragraphs from ``top`` down; return the y below the last one."""
    y = top
    line_height = size * 1.35 / 72 / PAGE[1]
    for line in lines:
        wrapped = _wrap(line, width * PAGE[0], size, bold)
        fig.text(x, y, wrapped, fontsize=size, color=color, va="top", linespacing=1.35,
                 fontweight="bold" if bold else "normal")
        y -= line_height * (wrapped.count("\n") + 1 + gap)
    return y


def _table_layout(table: Table, size: float) -> tuple[list[list[str]], list[float]]:
    """Return the wrapped cells of every row (header first) and each row's height."""
    total = sum(table.widths)
    width = RIGHT - LEFT
    line_height = size * 1.3 / 72 / PAGE[1]
    rows, heights = [], []
    for index, cells in enumerate([table.columns, *table.rows]):
        wrapped = [
            _wrap(text, (width * w / total - 2 * CELL_PAD) * PAGE[0], size, index == 0)
            for text, w in zip(cells, table.widths, strict=True)
        ]
        rows.append(wrapped)
        heights.append(max(t.count("\n") + 1 for t in wrapped) * line_height + 2 * CELL_PAD)
    return rows, heights


def _table(fig: Figure, table: Table, top: float, size: float = 11,
           bottom: float = 0.1) -> float:
    """Draw ``table`` from ``top`` down with wrapped cells; return the y below it.

    The type shrinks (down to :data:`MIN_TABLE_SIZE`) until the table fits above
    ``bottom``; rows that still do not fit are left out (the spreadsheets hold them all).
    """
    while True:
        rows, heights = _table_layout(table, size)
        if top - sum(heights) >= bottom or size <= MIN_TABLE_SIZE:
            break
        size -= 0.5
    total = sum(table.widths)
    width = RIGHT - LEFT
    xs, x = [], LEFT
    for weight in table.widths:
        xs.append(x)
        x += width * weight / total
    y = top
    for index, (wrapped, height) in enumerate(zip(rows, heights, strict=True)):
        if y - height < bottom:
            break
        header = index == 0
        if header:
            fig.patches.append(Rectangle(
                (LEFT, y - height), width, height, transform=fig.transFigure,
                facecolor=HEADER, edgecolor="none"))
        for text, left in zip(wrapped, xs, strict=True):
            fig.text(left + CELL_PAD, y - CELL_PAD, text, fontsize=size, va="top",
                     linespacing=1.3, color="white" if header else DARK,
                     fontweight="bold" if header else "normal")
        y -= height
        fig.lines.append(Line2D([LEFT, RIGHT], [y, y], transform=fig.transFigure,
                                color="#bfbfbf", linewidth=0.6))
    return y


def _image(fig: Figure, png: bytes, rect: tuple[float, float, float, float]) -> None:
    ax = fig.add_axes(rect)
    ax.imshow(Image.open(io.BytesIO(png)).convert("RGB"), interpolation="none")
    ax.set_axis_off()


def page_figures(content: Briefing, images: BriefingImages | None = None) -> Iterator[Figure]:
    """Yield the pages of the briefing as matplotlib figures, in the order of ``SLIDES``."""
    images = images or render_images(content)
    with matplotlib.rc_context(RC):
        number = 1
        fig = Figure(figsize=PAGE, facecolor="white")
        FigureCanvasAgg(fig)
        y = _lines(fig, [content.titles["title"]], LEFT, 0.82, RIGHT - LEFT, size=34,
                   bold=True, gap=0.2)
        _lines(fig, content.title_lines, LEFT, min(y - 0.04, 0.62), RIGHT - LEFT, size=16,
               color=MUTED, gap=0.3)
        if content.synthetic_note:
            _lines(fig, [content.synthetic_note], LEFT, 0.14, RIGHT - LEFT, size=15,
                   color=WARNING, bold=True)
        yield fig

        number += 1
        fig = _page(content, "map", number)
        fig.text(LEFT, 0.84, content.map_caption, fontsize=15, color=MUTED, va="top")
        notes = [note for note in (content.official_note, content.map_note) if note]
        # An official statistic's note takes two lines under a slightly smaller map.
        bottom = 0.13 if content.official_note else 0.09
        _image(fig, images.map.png, (0.02, bottom, 0.96, 0.79 - bottom))
        _lines(fig, notes, LEFT, bottom - 0.005, RIGHT - LEFT, size=11, color=MUTED, gap=0.1)
        yield fig

        number += 1
        fig = _page(content, "kpis", number)
        y = _table(fig, content.kpis, 0.82, size=14, bottom=0.2)
        _lines(fig, [content.kpi_note], LEFT, y - 0.03, RIGHT - LEFT, size=11, color=MUTED)
        yield fig

        number += 1
        fig = _page(content, "rising", number)
        y = _table(fig, content.rising, 0.84, size=12, bottom=0.13) if content.rising.rows else 0.84
        if content.rising_note:
            _lines(fig, [content.rising_note], LEFT, y - 0.02, RIGHT - LEFT, size=11,
                   color=MUTED)
        yield fig

        number += 1
        fig = _page(content, "watchlist", number)
        y = (_table(fig, content.watchlist, 0.84, size=11, bottom=0.13)
             if content.watchlist.rows else 0.84)
        if content.watchlist_note:
            _lines(fig, [content.watchlist_note], LEFT, y - 0.02, RIGHT - LEFT, size=11,
                   color=MUTED)
        yield fig

        number += 1
        fig = _page(content, "results", number)
        y = _lines(fig, content.results_lines, LEFT, 0.84, RIGHT - LEFT, size=14)
        if content.results.rows:
            _table(fig, content.results, y - 0.03, size=12, bottom=0.1)
        yield fig

        number += 1
        fig = _page(content, "trends", number)
        for index, (chart, png) in enumerate(zip(content.charts, images.charts, strict=True)):
            left = LEFT + index * 0.47
            fig.text(left, 0.84, chart.title, fontsize=13, fontweight="bold", color=DARK,
                     va="top")
            _image(fig, png, (left, 0.08, 0.45, 0.72))
        yield fig

        number += 1
        fig = _page(content, "notes", number)
        half = (RIGHT - LEFT) / 2 - 0.015
        _lines(fig, [i18n.t("briefing.methodology", content.lang)], LEFT, 0.84, half,
               size=15, bold=True)
        _lines(fig, content.methodology, LEFT, 0.79, half, size=10.5, gap=0.4)
        right = LEFT + half + 0.03
        _lines(fig, [i18n.t("briefing.data_sources", content.lang)], right, 0.84, half,
               size=15, bold=True)
        _lines(fig, content.sources, right, 0.79, half, size=10.5, gap=0.4)
        yield fig


def briefing_pdf(content: Briefing, images: BriefingImages | None = None) -> bytes:
    """Return the briefing as a PDF file, in the briefing's language."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        with PdfPages(buffer, metadata={"Title": content.titles["title"],
                                        "Creator": i18n.t("common.app_title", content.lang)}
                      ) as pdf:
            for fig in page_figures(content, images):
                pdf.savefig(fig)
    return buffer.getvalue()
