"""Serve Labor Tension Map with its session cookie: ``streamlit run serve.py``.

The app itself is ``app.py``; this launcher puts three ASGI middlewares in front of it:
the session cookie (``utils.ui.session_cookie``), so a log-in survives a reload and a new
tab for ``app.session_max_age_minutes``; Streamlit's file-upload endpoint answered only for
a log-in that may load data (``utils.ui.upload_guard``); and «clear caches» messages dropped
unless an administrator sends them (``utils.ui.cache_guard``). ``streamlit run app.py``
still works, with log-ins that last as long as the browser tab and none of these guards.
"""

import streamlit as st
from starlette.middleware import Middleware

from utils.ui.cache_guard import CacheGuardMiddleware
from utils.ui.private_logs import redact_session_ids
from utils.ui.session_cookie import SessionCookieMiddleware
from utils.ui.upload_guard import UploadGuardMiddleware

redact_session_ids()
app = st.App("app.py", middleware=[Middleware(SessionCookieMiddleware),
                                   Middleware(UploadGuardMiddleware),
                                   Middleware(CacheGuardMiddleware)])
