"""Serve Labor Tension Map with its session cookie: ``streamlit run serve.py``.

The app itself is ``app.py``; this launcher puts the session-cookie middleware
(``utils.ui.session_cookie``) in front of it, so a log-in survives a reload and a new tab
for ``app.session_max_age_minutes``, and answers Streamlit's file-upload endpoint only for a
log-in that may load data (``utils.ui.upload_guard``). ``streamlit run app.py`` still works,
with log-ins that last as long as the browser tab.
"""

import streamlit as st
from starlette.middleware import Middleware

from utils.ui.private_logs import redact_session_ids
from utils.ui.session_cookie import SessionCookieMiddleware
from utils.ui.upload_guard import UploadGuardMiddleware

redact_session_ids()
app = st.App("app.py", middleware=[Middleware(SessionCookieMiddleware),
                                   Middleware(UploadGuardMiddleware)])
