"""Cached access to the briefing for its screen: content, files, the map page and charts.

Every loader takes the data version first (as ``utils.ui.data`` does), so a new upload is
briefed on the next interaction and identical requests are answered from the cache. The
files are built only when a download button is pressed (Streamlit calls the ``*_file``
functions lazily), never on every run of the page.
"""

from __future__ import annotations

import streamlit as st

from utils import briefing, settings, store
from utils.briefing import Briefing, BriefingView, chart_png, chart_svg
from utils.screens import ViewState, backtest_screen, map_screen, playback_screen
from utils.ui import data, hotspots_data, playback


def briefing_view(view: ViewState) -> BriefingView:
    """Return what the briefing of the dashboard's ``view`` shows.

    The briefing's map shows the indicator's values when the dashboard's map shows the
    verdicts: the verdicts have their own slide.
    """
    mode = "value" if view.mode == "verdict" else view.mode
    return BriefingView(
        start=view.start, end=view.end, indicator=view.indicator,
        normalisation=view.normalisation, mode=mode, scheme=view.scheme,
        categories=view.categories, industries=view.industries, high_contrast=view.present,
    )


def cases_stamp() -> str:
    """Return what changes with every case (the results slide is cached on it too)."""
    return store.cases_stamp(data.engine())


@st.cache_data(show_spinner=False, max_entries=32)
def content(version: str, shown: BriefingView, lang: str, cases: str = "") -> Briefing:
    """Return the briefing of ``shown`` in ``lang`` (the early warning comes from its cache).

    ``cases`` is :func:`cases_stamp`: a case opened or stepped makes a new results slide.
    """
    report = data.hotspots_report(version, shown.end)
    record = hotspots_data.warning_record(version, *backtest_screen.record_months(shown.end))
    return briefing.briefing_content(data.engine(), shown, lang, report=report, record=record)


@st.cache_data(show_spinner=False, max_entries=16)
def briefing_file(version: str, shown: BriefingView, lang: str, fmt: str,
                  cases: str = "") -> bytes:
    """Return the briefing as a PPTX or PDF file."""
    return briefing.briefing_bytes(content(version, shown, lang, cases), fmt)


@st.cache_data(show_spinner=False, max_entries=16)
def map_html(version: str, shown: BriefingView, lang: str, title: str) -> str:
    """Return the national map as one HTML file that works offline, titled, with its legend."""
    built = data.home_map(
        version, shown.indicator, shown.start, shown.end, shown.normalisation,
        data.filters_key(shown.filters()), mode=shown.mode, scheme=shown.scheme, lang=lang,
        title=title, high_contrast=shown.high_contrast,
        tile_url=settings.get("app")["tile_url"], enterprises=False,
    )
    return briefing.map_page_html(content(version, shown, lang), built.map, built.legend_html)


@st.cache_data(show_spinner=False, max_entries=32)
def chart_file(version: str, shown: BriefingView, lang: str, index: int, fmt: str) -> bytes:
    """Return trend chart ``index`` of the briefing as PNG or SVG."""
    chart = content(version, shown, lang).charts[index].chart
    if fmt == "svg":
        return chart_svg(chart).encode("utf-8")
    return chart_png(chart)


@st.cache_data(show_spinner=False, max_entries=16)
def month_maps_file(version: str, shown: BriefingView, lang: str, title: str, fmt: str) -> bytes:
    """Return the months of the period as a strip of small maps (``png``) or a GIF (``gif``),
    on the colour classes fixed for the whole period, as the map plays them.
    """  # noqa: D205
    filters = data.filters_key(shown.filters())
    monthly = playback.monthly_region_values(
        version, shown.indicator, playback_screen.first_month_read(shown.start, shown.mode),
        shown.end, shown.normalisation, filters)
    unit = map_screen.indicator_unit(shown.indicator, data.official_indicators(version))
    played = playback_screen.period_playback(
        monthly, start=shown.start, end=shown.end, lang=lang, unit=unit,
        normalisation=shown.normalisation, mode=shown.mode, scheme=shown.scheme)
    draw = briefing.month_gif if fmt == "gif" else briefing.month_strip_png
    return draw(played, lang=lang, indicator_title=title, unit=unit,
                period=(shown.start, shown.end), normalisation=shown.normalisation,
                mode=shown.mode, high_contrast=shown.high_contrast)
