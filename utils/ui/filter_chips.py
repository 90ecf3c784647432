"""The row of active filters under a page's title: one removable chip per chosen value.

«Фильтры: [Категория: Задолженность по зарплате ✕] [Отрасль: B — … ✕] Сбросить все». A click
on a chip writes the view without that value to the URL (so the sidebar, the link and the back
button agree); the notes under the row say what the filters leave as it is on this page. In
presentation mode the row is plain text: a slide has no controls to click.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from utils import i18n
from utils.screens import ViewState, filters_screen
from utils.ui.components import escape_markdown
from utils.ui.state import set_view

#: The key of the row's container (``st-key-filter_chips`` in the page, for styling and tests).
ROW_KEY = "filter_chips"
#: Chips lower and smaller than a button, so the row stays one line above the figures.
ROW_CSS = f"""<style>
.st-key-{ROW_KEY} {{ row-gap: 0.35rem; }}
.st-key-{ROW_KEY} button {{ min-height: 1.9rem; padding: 0.1rem 0.6rem; }}
.st-key-{ROW_KEY} p {{ font-size: 0.875rem; }}
</style>"""


def chip_key(chip: filters_screen.FilterChip) -> str:
    """Return the widget key of a chip's button."""
    return f"filter_chip_{chip.key}_{chip.value}"


def render(view: ViewState, notes: Sequence[str] = ()) -> None:
    """Draw the active filters of ``view`` and, when there are any, the page's ``notes``."""
    lang = view.lang
    chips = filters_screen.filter_chips(view.filters(), lang)
    if not chips:
        return
    label = i18n.t("filters.label", lang)
    if view.present:
        words = filters_screen.filters_in_words(view.filters(), lang)
        st.caption(f"**{escape_markdown(label)}** {escape_markdown(words)}")
    else:
        st.html(ROW_CSS)
        with st.container(horizontal=True, vertical_alignment="center", gap="small",
                          key=ROW_KEY):
            st.markdown(f"**{escape_markdown(label)}**", width="content")
            for chip in chips:
                st.button(escape_markdown(chip.text), key=chip_key(chip),
                          icon=":material/close:", icon_position="right",
                          help=i18n.t("filters.remove_help", lang), on_click=set_view,
                          args=(filters_screen.without_chip(view, chip),))
            st.button(i18n.t("filters.reset_all", lang), key="filter_chips_reset",
                      type="tertiary", icon=":material/filter_alt_off:", on_click=set_view,
                      args=(filters_screen.without_filters(view),))
    for note in notes:
        st.caption(escape_markdown(note))
