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
        st.warning(i18n.t("common.synthetic_banner", lang), icon=":material/science:")


def kpi_cards(cards: dict[str, dict[str, Any]], lang: str, per_row: int = 5,
              notes: Mapping[str, str] | None = None) -> None:
    """Render the national KPI cards, each with its change against the previous period.

    ``notes`` holds, by card key, a few words shown under a card (e.g. that an active filter
    does not narrow its value).
    """
    keys = list(cards)
    for offset in range(0, len(keys), per_row):
        columns = st.columns(per_row)
        for column, key in zip(columns, keys[offset : offset + per_row], strict=False):
            card = cards[key]
            change = card.get("change_pct")
            delta = None
            if change is not None:
                delta = formatting.format_percent_change(change, lang)
            column.metric(
                i18n.kpi_label(key, lang),
                formatting.format_indicator_value(card.get("value"), card.get("unit", ""), lang),
                delta=delta,
                delta_color="inverse",
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
    """Hide the app's chrome and enlarge the type for a shared screen."""
    st.html(
        """<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
        [data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
        .stMainBlockContainer, [data-testid="stMainBlockContainer"] {
            padding-top: 1rem; max-width: 100%; font-size: 1.25rem; }
        [data-testid="stMetricValue"] { font-size: 2.6rem; }
        [data-testid="stMetricLabel"] p { font-size: 1.2rem; }
        h1 { font-size: 2.6rem !important; }
        </style>"""
    )


def base_style() -> None:
    """Keep KPI values and labels whole in narrow cards (long money values, long labels)."""
    st.html(
        """<style>
        [data-testid="stMetricValue"] > div { font-size: 1.7rem; white-space: nowrap;
            overflow: visible; }
        [data-testid="stMetricLabel"] p { white-space: normal; overflow: visible;
            line-height: 1.25; }
        </style>"""
    )
