"""'Copy link': the full address of the current view, ready to paste into a message.

Every choice lives in the URL (``utils.screens.viewstate``), so the link is the page's address plus
the view's query string: opening it restores the indicator, period, filters, language,
drill-down and presentation mode. ``st.code`` shows it with a copy button of its own.
"""

from __future__ import annotations

import streamlit as st

from utils import i18n
from utils.screens import ViewState, view_url


def current_url(view: ViewState, page: str = "") -> str:
    """Return the link to ``view`` on the page the browser shows."""
    return view_url(view, st.context.url, page)


def copy_link(view: ViewState, lang: str, *, page: str = "") -> str:
    """Show the link to ``view`` with a copy button and a line on what it restores."""
    url = current_url(view, page)
    st.markdown(f"**{i18n.t('common.copy_link', lang)}**")
    st.code(url, language=None, wrap_lines=True)
    st.caption(i18n.t("briefing.share_hint", lang))
    return url
