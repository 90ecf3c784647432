"""A briefing as a PowerPoint deck (python-pptx), one slide per entry of ``SLIDES``.

16:9 slides with a title, the content and a footer (app, period, "synthetic data" while it
is). No text is smaller than :data:`SMALLEST` (14 pt), readable from the back of a room; so
that the tables still fit a slide, a table cell shows its first line only (the first reason
of a region or an enterprise; the PDF and the spreadsheets hold them all). Text uses
Arial, which PowerPoint and LibreOffice have with the Kazakh letters; the map
and the charts are PNG pictures made offline (:mod:`utils.briefing.images`).
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from utils import i18n
from utils.briefing.images import BriefingImages, render_images
from utils.briefing.model import SLIDES, Briefing, Table

FONT = "Arial"
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.9)
BODY_TOP = Inches(1.3)
BODY_WIDTH = SLIDE_WIDTH - 2 * MARGIN
FOOTER_TOP = Inches(7.0)
DARK = RGBColor(0x25, 0x25, 0x25)
MUTED = RGBColor(0x59, 0x59, 0x59)
WARNING = RGBColor(0x8A, 0x4B, 0x00)
#: The smallest text on a slide, in points.
SMALLEST = 14
#: Layouts of the default template: 0 title slide, 5 title only.
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


def _style_runs(frame, size: int, *, bold: bool = False, color: RGBColor = DARK) -> None:
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.name = FONT
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = color


def _text(slide, text_lines: list[str], left, top, width, height, size: int = 16,
          color: RGBColor = DARK, bold: bool = False) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text_lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.space_after = Pt(6)
    _style_runs(frame, size, bold=bold, color=color)


def _headed_text(slide, heading: str, lines: list[str], left, top, width, height,
                 size: int = SMALLEST) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = heading
    _style_runs(frame, size + 4, bold=True)
    for line in lines:
        paragraph = frame.add_paragraph()
        paragraph.text = line
        paragraph.space_before = Pt(4)
        for run in paragraph.runs:
            run.font.name, run.font.size, run.font.color.rgb = FONT, Pt(size), DARK


def _titled_slide(deck, content: Briefing, key: str, number: int):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, TITLE_TOP, BODY_WIDTH, TITLE_HEIGHT
    title.text = content.titles[key]
    title.text_frame.paragraphs[0].alignment = 1  # left
    _style_runs(title.text_frame, 30, bold=True)
    footer = f"{content.footer} · {number}/{len(SLIDES)}"
    _text(slide, [footer], MARGIN, FOOTER_TOP, BODY_WIDTH, Inches(0.4), size=SMALLEST,
          color=WARNING if content.synthetic else MUTED)
    return slide


def _table(slide, table: Table, top, *, size: int = SMALLEST, max_height=None) -> None:
    rows = len(table.rows) + 1
    height = max_height or Inches(0.4) * rows
    shape = slide.shapes.add_table(rows, len(table.columns), MARGIN, top, BODY_WIDTH, height)
    grid = shape.table
    total = sum(table.widths)
    for index, weight in enumerate(table.widths):
        grid.columns[index].width = Emu(int(BODY_WIDTH * weight / total))
    for column, header in enumerate(table.columns):
        cell = grid.cell(0, column)
        cell.text = header
        _style_runs(cell.text_frame, size, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF))
    for row_index, row in enumerate(table.rows, start=1):
        for column, text in enumerate(row):
            cell = grid.cell(row_index, column)
            cell.text = text.split("\n", 1)[0]
            cell.text_frame.word_wrap = True
            cell.margin_top = cell.margin_bottom = Pt(2)
            _style_runs(cell.text_frame, size)


def _picture(slide, png: bytes, top, max_width, max_height, left=None, size=None) -> None:
    width_px, height_px = size or (1, 1)
    ratio = height_px / width_px if size else None
    width = max_width
    if ratio is not None and width * ratio > max_height:
        width = int(max_height / ratio)
    if left is None:
        left = int((SLIDE_WIDTH - width) / 2)
    slide.shapes.add_picture(io.BytesIO(png), left, top, width=width)


def _png_size(png: bytes) -> tuple[int, int]:
    # The PNG header holds the size at bytes 16..24 (IHDR), big-endian.
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def briefing_pptx(content: Briefing, images: BriefingImages | None = None) -> bytes:
    """Return the briefing as a PPTX file, in the briefing's language."""
    images = images or render_images(content)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    number = 1

    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (MARGIN, Inches(1.2), BODY_WIDTH,
                                                        Inches(1.4))
    title.text = content.titles["title"]
    _style_runs(title.text_frame, 40, bold=True)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        MARGIN, Inches(2.9), BODY_WIDTH, Inches(3.0))
    subtitle.text = "\n".join(content.title_lines)
    _style_runs(subtitle.text_frame, 18, color=MUTED)
    if content.synthetic_note:
        _text(slide, [content.synthetic_note], MARGIN, Inches(6.2), BODY_WIDTH, Inches(0.6),
              size=16, bold=True, color=WARNING)

    number += 1
    slide = _titled_slide(deck, content, "map", number)
    _text(slide, [content.map_caption], MARGIN, Inches(1.1), BODY_WIDTH, Inches(0.4), size=16,
          color=MUTED)
    # An official statistic's note takes two lines under a slightly smaller map.
    below = Inches(0.5) if content.official_note else 0
    _picture(slide, images.map.png, Inches(1.6), BODY_WIDTH, Inches(4.9) - below,
             size=images.map.size)
    notes = [note for note in (content.official_note, content.map_note) if note]
    if notes:
        _text(slide, notes, MARGIN, Inches(6.55) - below, BODY_WIDTH, Inches(0.4) + below,
              size=SMALLEST, color=MUTED)

    number += 1
    slide = _titled_slide(deck, content, "kpis", number)
    _table(slide, content.kpis, BODY_TOP, size=16)
    _text(slide, [content.kpi_note], MARGIN, Inches(6.2), BODY_WIDTH, Inches(0.7),
          size=SMALLEST, color=MUTED)

    number += 1
    slide = _titled_slide(deck, content, "rising", number)
    if content.rising.rows:
        _table(slide, content.rising, BODY_TOP)
    if content.rising_note:
        _text(slide, [content.rising_note], MARGIN, Inches(6.5), BODY_WIDTH, Inches(0.4),
              size=SMALLEST, color=MUTED)

    number += 1
    slide = _titled_slide(deck, content, "watchlist", number)
    if content.watchlist.rows:
        _table(slide, content.watchlist, BODY_TOP)
    if content.watchlist_note:
        _text(slide, [content.watchlist_note], MARGIN, Inches(6.5), BODY_WIDTH, Inches(0.4),
              size=SMALLEST, color=MUTED)

    number += 1
    slide = _titled_slide(deck, content, "results", number)
    _text(slide, content.results_lines, MARGIN, BODY_TOP, BODY_WIDTH, Inches(1.2), size=16)
    if content.results.rows:
        _table(slide, content.results, Inches(2.6), size=14)

    number += 1
    slide = _titled_slide(deck, content, "trends", number)
    half = int(BODY_WIDTH / 2) - Inches(0.1)
    for index, (chart, png) in enumerate(zip(content.charts, images.charts, strict=True)):
        left = MARGIN + index * (half + Inches(0.2))
        _text(slide, [chart.title], left, BODY_TOP, half, Inches(0.5), size=14, bold=True)
        _picture(slide, png, Inches(1.9), half, Inches(4.8), left=left, size=_png_size(png))

    number += 1
    slide = _titled_slide(deck, content, "notes", number)
    half = int(BODY_WIDTH / 2) - Inches(0.1)
    _headed_text(slide, i18n.t("briefing.methodology", content.lang), content.methodology,
                 MARGIN, BODY_TOP, half, Inches(5.5))
    _headed_text(slide, i18n.t("briefing.data_sources", content.lang), content.sources,
                 MARGIN + half + Inches(0.2), BODY_TOP, half, Inches(5.5))

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
