"""Data: upload extracts, check them before loading, batch history with undo, data quality.

Everyone may see the history, the data quality and the templates; uploading and undoing
need an analyst's log-in; administrators also see the audit log and manage accounts.
"""

import streamlit as st

from utils import auth, i18n
from utils.ui import auth as auth_ui
from utils.ui import batches, components, data, quality_panel, upload
from utils.ui.frame import ensure_frame
from utils.ui.state import current_view

ensure_frame()

lang = current_view().lang

with components.page_guard(lang):
    st.title(i18n.t("data.title", lang))
    user = auth_ui.refresh_account()  # the frame checks too; this page must not rely on it
    role = user["role"] if user else None
    if not auth.has_accounts(data.engine()):
        st.info(i18n.t("data.first_run_hint", lang), icon=":material/person_add:")

    sections = ["upload", "batches", "quality", "templates"]
    if auth.has_permission(role, "manage_users"):
        sections += ["audit", "accounts"]
    tabs = dict(zip(sections, st.tabs([i18n.t(f"data.tab_{name}", lang) for name in sections]),
                    strict=True))

    with tabs["upload"]:
        if auth_ui.permission_gate(lang, "upload", key="data_login"):
            upload.upload_flow(lang, user)
    with tabs["batches"]:
        batches.batch_history(lang, user)
    with tabs["quality"]:
        quality_panel.quality_panel(lang, user)
    with tabs["templates"]:
        quality_panel.templates_panel(lang)
    if "audit" in tabs:
        with tabs["audit"]:
            auth_ui.audit_panel(lang)
        with tabs["accounts"]:
            auth_ui.accounts_panel(lang)
