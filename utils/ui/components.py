"""Reusable pieces of the pages: banner, KPI cards, legend, empty states, error guard."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import streamlit as st

from utils import formatting, i18n
from utils.store import StoreUnavailable

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def escape_markdown(text: object) -> str:
    """Return ``text`` so that Streamlit's Markdown shows it literally.

    Uploaded names, titles and values go through here before they reach ``st.markdown``,
    headers or captions: no link, image, emphasis, HTML entity or formula is made of them, and
    a line break inside a value becomes a space.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def synthetic_banner(lang: str, synthetic: bool) -> None:
    """Say plainly that the figures are synthetic while the demo data is loaded."""
    if synthetic:
        with st.container(key="synthetic_banner"):
            st.warning(i18n.t("common.synthetic_banner", lang), icon=":material/science:")


def kpi_cards(cards: dict[str, dict[str, Any]], lang: str, per_row: int = 5,
              changes: Mapping[str, Any] | None = None,
              notes: Mapping[str, str] | None = None) -> None:
    """Render the national KPI cards, each with its change against the previous period.

    ``changes`` (``utils.screens.home_screen.kpi_change`` per key) colours each change by
    meaning: a rise is red unless it is good news (arrears repaid), then green. What the
    changes are measured against is said once under the row
    (``home_screen.comparison_caption``). ``notes`` holds, by card key, a few words shown
    under a card (e.g. that an active filter does not narrow its value).
    """
    keys = list(cards)
    for offset in range(0, len(keys), per_row):
        columns = st.columns(per_row, gap="small")
        for column, key in zip(columns, keys[offset : offset + per_row], strict=False):
            card = cards[key]
            change = card.get("change_pct")
            delta, colour = None, "inverse"
            if changes is not None and key in changes:
                delta = changes[key].text
                colour = "normal" if changes[key].rise_is_good else "inverse"
            elif change is not None:
                delta = formatting.format_percent_change(change, lang)
            column.metric(
                i18n.kpi_label(key, lang),
                formatting.format_indicator_value(card.get("value"), card.get("unit", ""), lang),
                delta=delta,
                delta_color=colour,
                border=True,
            )
            if notes and key in notes:
                column.caption(escape_markdown(notes[key]))


def empty_state(message: str) -> None:
    """Show a plain sentence where there is nothing to draw."""
    st.info(message, icon=":material/info:")


@contextmanager
def page_guard(lang: str) -> Iterator[None]:
    """Show a sentence instead of a traceback when the database or the input fails."""
    try:
        yield
    except StoreUnavailable:
        st.error(i18n.t("error.database", lang))
        st.stop()


def presentation_style() -> None:
    """Hide the app's chrome and set the type for a shared 16:9 screen.

    A slide fits 1280×720 with its controls on top: the banner and the headings are compact,
    the presentation map takes the height the screen has left (its frame is
    ``calc(100vh - …)``, the map inside fills it), and the script frame of the clicker's
    keys takes no room.
    """
    st.html(
        """<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
        [data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
        .stMainBlockContainer, [data-testid="stMainBlockContainer"] {
            padding: 0.75rem 2rem 0.5rem; max-width: 100%; font-size: 1.25rem; }
        [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.6rem; }
        [data-testid="stAlert"] [data-testid="stAlertContainer"] { padding: 0.4rem 1rem; }
        [data-testid="stMetricValue"] > div { font-size: 2.2rem; }
        [data-testid="stMetricLabel"] p { font-size: 1.2rem; }
        h1 { font-size: 1.5rem !important; padding: 0 0 0.25rem !important;
            font-weight: 600 !important; }
        h2 { font-size: 1.75rem !important; padding: 0 !important; }
        h3 { font-size: 1.35rem !important; padding: 0 0 0.25rem !important; }
        [data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.05rem; }
        .ltm-legend { font-size: 1.1rem !important; }
        .ltm-legend .ltm-swatch { width: 24px !important; height: 16px !important; }
        .st-key-presenter_keys { display: none; }
        .st-key-presentation_map iframe { height: calc(100vh - 350px) !important;
            min-height: 260px; }
        </style>"""
    )


def base_style() -> None:
    """Keep KPI values, labels and changes whole in narrow cards, and the page compact, so
    that the answer and the top of the map fit a 1280×720 projector without scrolling.
    """  # noqa: D205
    st.html(
        """<style>
        .stMainBlockContainer, [data-testid="stMainBlockContainer"] { padding-top: 3.2rem; }
        [data-testid="stMetricValue"] > div { font-size: 1.25rem; white-space: nowrap;
            overflow: visible; }
        [data-testid="stMetricLabel"] div { white-space: normal !important;
            overflow: visible !important; }
        [data-testid="stMetricLabel"] p { white-space: normal; overflow: visible;
            line-height: 1.2; }
        [data-testid="stMetricDelta"] div { white-space: normal !important;
            overflow: visible !important; text-overflow: clip !important; line-height: 1.2; }
        div[data-testid="stMetric"] { padding: 0.45rem 0.6rem !important; }
        [data-testid="stMetricLabel"] p { font-size: 0.82rem; word-break: normal;
            overflow-wrap: normal; hyphens: auto; }
        [data-testid="stMetricDelta"] { font-size: 0.78rem; }
        .st-key-synthetic_banner [data-testid="stAlertContainer"] {
            padding: 0.15rem 0.6rem; }
        .st-key-synthetic_banner p { font-size: 0.85rem; }
        .st-key-rising_strip p { font-size: 0.95rem; line-height: 1.4; }
        [data-testid="stMarkdownContainer"] h4 { font-size: 1.15rem; padding: 0; }
        </style>"""
    )
