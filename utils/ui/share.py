"""'Copy link': the full address of the current view, ready to paste into a message.

Every choice lives in the URL (``utils.screens.viewstate``), so the link is the page's address plus
the view's query string: opening it restores the indicator, period, filters, language,
drill-down and presentation mode. ``st.code`` shows it with a copy button of its own.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from utils import i18n
from utils.screens import ViewState


def view_url(view: ViewState, base: str | None, page: str = "") -> str:
    """Return the link that reopens ``view``.

    Parameters
    ----------
    view : ViewState
        The view to share.
    base : str or None
        The page's address in the browser (``st.context.url``: scheme, host, port and page
        path, without a query); None when unknown (then the link is relative to the app).
    page : str
        URL path of the page, used when ``base`` is None.
    """
    query = urlencode(view.to_query())
    if not base:
        return f"/{page.strip('/')}" + (f"?{query}" if query else "")
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


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
