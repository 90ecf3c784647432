"""The briefing's national map as one HTML page: the web map, saying on its own what it shows."""

from __future__ import annotations

import folium

from utils import i18n, maps
from utils.briefing.model import Briefing


def map_page_html(content: Briefing, m: folium.Map, legend_html: str) -> str:
    """Return the map ``m`` of ``content`` as one HTML file that works offline.

    A map file is passed on by e-mail and opened without the app: its title names the
    indicator and the period, then the source (and, for an official statistic, which of its
    granularities is shown); the legend of the classes is in a corner;
    while the data are synthetic, it says so.
    """
    lang = content.lang
    return maps.standalone_map_html(
        m,
        title=content.map_caption,
        lines=[i18n.t("common.source", lang, source=content.source_label),
               *([content.official_note] if content.official_note else [])],
        warning=content.synthetic_note,
        legend_html=legend_html,
        lang=lang,
    )
