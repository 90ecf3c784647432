"""The data page's batch history, with undo behind a confirmation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from utils import auth, formatting, i18n, store
from utils.ui import data
from utils.ui.components import escape_markdown
from utils.ui.upload import format_stamp

# --- batches and undo -----------------------------------------------------------------------


def batch_table(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the batch history as shown: who, when, file, kind, counts, status."""
    return pd.DataFrame(
        {
            "id": batches["id"].astype("int64"),
            "kind": batches["kind"].map(lambda kind: i18n.kind_label(kind, lang)),
            "file_name": batches["file_name"],
            "user_name": batches["user_name"],
            "created_at": batches["created_at"].map(lambda at: format_stamp(at, lang)),
            "rows_read": batches["rows_read"],
            "rows_loaded": batches["rows_loaded"],
            "rows_rejected": batches["rows_rejected"],
            "rows_duplicate": batches["rows_duplicate"],
            "status": [
                i18n.t("data.status_demo" if demo and status == "loaded"
                       else f"data.status_{status}", lang)
                for status, demo in zip(batches["status"], batches["is_demo"], strict=True)
            ],
        }
    )


def _batch_columns(lang: str) -> dict[str, str]:
    return {
        "id": i18n.t("data.batch", lang),
        "kind": i18n.t("data.kind", lang),
        "file_name": i18n.t("data.batch_file", lang),
        "user_name": i18n.t("data.batch_user", lang),
        "created_at": i18n.t("data.batch_time", lang),
        "rows_read": i18n.t("data.rows_read", lang),
        "rows_loaded": i18n.t("data.rows_loaded", lang),
        "rows_rejected": i18n.t("data.rows_rejected", lang),
        "rows_duplicate": i18n.t("data.rows_duplicate", lang),
        "status": i18n.t("data.status", lang),
    }


def _undo_dialog(batch: dict, lang: str, user: dict) -> None:
    def cancel() -> None:
        st.session_state.pop("data_undo_pending", None)

    @st.dialog(i18n.t("data.undo", lang), on_dismiss=cancel)
    def confirm() -> None:
        st.markdown(i18n.t("data.undo_confirm", lang, batch_id=batch["id"],
                           file=escape_markdown(batch["file_name"] or "—"),
                           rows=formatting.format_number(batch["rows_loaded"], lang)))
        left, right = st.columns(2)
        if left.button(i18n.t("data.undo_yes", lang), type="primary", key="data_undo_yes"):
            auth.require_permission(user["role"], "undo")
            try:
                store.undo_batch(data.engine(), int(batch["id"]), user["name"])
            except (KeyError, ValueError) as exc:
                st.session_state["data_undo_message"] = ("error", escape_markdown(exc))
            else:
                st.session_state["data_undo_message"] = (
                    "success", i18n.t("data.undone", lang, batch_id=batch["id"]))
            cancel()
            st.rerun()
        if right.button(i18n.t("data.undo_no", lang), key="data_undo_no"):
            cancel()
            st.rerun()

    confirm()


def batch_history(lang: str, user: dict | None) -> None:
    """Show every batch, newest first; a user who may undo can undo a loaded one after
    confirming.
    """  # noqa: D205
    message = st.session_state.pop("data_undo_message", None)
    if message:
        level, text = message
        (st.success if level == "success" else st.error)(text)
    batches = store.list_batches(data.engine())
    if batches.empty:
        st.info(i18n.t("empty.no_batches", lang))
        return
    st.dataframe(batch_table(batches, lang), hide_index=True, placeholder=formatting.MISSING,
                 column_config=_batch_columns(lang), key="data_batches_table")
    if user is None or not auth.has_permission(user["role"], "undo"):
        return
    loaded = batches[batches["status"] == "loaded"]
    if loaded.empty:
        return
    records = {int(row["id"]): row for row in loaded.to_dict("records")}
    choice = st.selectbox(
        i18n.t("data.undo_pick", lang),
        list(records),
        format_func=lambda batch_id: (
            f"#{batch_id} · {i18n.kind_label(records[batch_id]['kind'], lang)} · "
            f"{records[batch_id]['file_name'] or '—'}"
        ),
        index=None,
        placeholder=i18n.t("data.undo_pick_placeholder", lang),
        key="data_undo_choice",
    )
    if st.button(i18n.t("data.undo", lang), key="data_undo", icon=":material/undo:",
                 disabled=choice is None):
        st.session_state["data_undo_pending"] = choice
    pending = st.session_state.get("data_undo_pending")
    if pending in records:
        _undo_dialog(records[pending], lang, user)
