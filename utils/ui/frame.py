"""Make every page run inside the app's frame, even from the first deep link.

Streamlit keeps a legacy mode for projects with a ``pages/`` folder: until ``st.navigation``
has run once in the process, a direct link such as ``/hotspots?…`` runs the page file on its
own, without ``app.py`` — no log-in gate, no banner, no sidebar. A page calls
:func:`ensure_frame` first; in that legacy run it switches the mode off and reruns, so
``app.py`` runs and opens the same page from the same URL.

``AppTest`` resets the legacy mode before every run, so there the guard stands aside
(a rerun would drop the clicks a test sends); the browser tests cover the real server.
"""

from __future__ import annotations

import streamlit as st
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager


def ensure_frame() -> None:
    """Rerun through ``app.py`` when this page was started without it."""
    if PagesManager.uses_pages_directory and not config.get_option("global.appTest"):
        PagesManager.uses_pages_directory = False
        st.rerun()
