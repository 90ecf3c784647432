"""The briefing: what a presenter shows leadership, as slides, a PDF and a screen.

Modules, from the data up:

- ``model``: the plain types (:class:`BriefingView`, :class:`Briefing`, ``Table``,
  ``TrendChart``) and the slides; it imports nothing from this package.
- ``tables``: the key figures, rising regions and enterprise watchlist as slide tables.
- ``content``: what a briefing says, from the store and the early warning
  (:func:`briefing_content`, :func:`briefing_period`).
- ``images``: the national map and the trend charts rendered offline.
- ``map_page``: the national map as one offline HTML page, titled, with its legend
  (:func:`map_page_html`);
- ``month_maps``: the months the map plays, as a strip of small maps and an animated GIF
  on classes fixed for the period (:func:`month_strip_png`, :func:`month_gif`);
- ``pptx`` and ``pdf``: the writers; ``files``: the format by name or suffix
  (:func:`briefing_bytes`, :func:`write_briefing`).
"""

from utils.briefing.content import briefing_content, briefing_period, configured_report
from utils.briefing.files import briefing_bytes, write_briefing
from utils.briefing.images import briefing_map, chart_png, chart_svg
from utils.briefing.map_page import map_page_html
from utils.briefing.model import (
    PRESENTATION_STEPS,
    SLIDES,
    Briefing,
    BriefingView,
    NothingToBrief,
)
from utils.briefing.month_maps import month_gif, month_strip_png
from utils.briefing.static_map import StaticMap, national_map_png
from utils.briefing.tables import MAX_RISING, MAX_WATCHLIST

__all__ = [
    "StaticMap",
    "national_map_png",
    "MAX_RISING",
    "MAX_WATCHLIST",
    "PRESENTATION_STEPS",
    "SLIDES",
    "Briefing",
    "BriefingView",
    "NothingToBrief",
    "briefing_bytes",
    "briefing_content",
    "briefing_map",
    "briefing_period",
    "chart_png",
    "chart_svg",
    "configured_report",
    "map_page_html",
    "month_gif",
    "month_strip_png",
    "write_briefing",
]
