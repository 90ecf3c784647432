"""The data page's batch history, with undo behind a confirmation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from utils import auth, formatting, i18n, store
from utils.ui import data, tables
from utils.ui.components import escape_markdown
from utils.ui.upload import format_stamp

# --- batches and undo -----------------------------------------------------------------------


#: Columns that name the people who loaded or undid a batch: for signed-in users only, so an
#: anonymous visitor (``require_login = false``) learns no account name.
PEOPLE_COLUMNS = ("undone", "user_name")


def batch_table(batches: pd.DataFrame, lang: str, *, people: bool = True) -> pd.DataFrame:
    """Return the batch history as shown: the state first (who undid a load, and when), then
    kind, file, who loaded it and when, and the row counts; without ``people``, no account
    names.
    """  # noqa: D205
    undone = batches["status"] == "undone"
    table = pd.DataFrame(
        {
            "id": batches["id"].astype("int64"),
            "status": [
                i18n.t("data.status_demo" if demo and status == "loaded"
                       else f"data.status_{status}", lang)
                for status, demo in zip(batches["status"], batches["is_demo"], strict=True)
            ],
            "undone": [
                f"{who} · {format_stamp(at, lang)}" if gone else None
                for gone, who, at in zip(
                    undone, batches["undone_by"], batches["undone_at"], strict=True
                )
            ],
            "kind": batches["kind"].map(lambda kind: i18n.kind_label(kind, lang)),
            "file_name": batches["file_name"],
            "user_name": batches["user_name"],
            "created_at": batches["created_at"].map(lambda at: format_stamp(at, lang)),
            "rows_read": batches["rows_read"],
            "rows_loaded": batches["rows_loaded"],
            "rows_rejected": batches["rows_rejected"],
            "rows_duplicate": batches["rows_duplicate"],
        }
    )
    return table if people else table.drop(columns=list(PEOPLE_COLUMNS))


#: Ink of an undone load's row: it no longer counts anywhere, and reads so.
UNDONE_INK = "color: #6b6b6b"


def _grey_undone(table: pd.DataFrame, undone: pd.Series) -> pd.io.formats.style.Styler:
    return table.style.apply(
        lambda row: [UNDONE_INK if undone[row.name] else ""] * len(row), axis=1
    )


def _batch_columns(lang: str) -> dict[str, object]:
    return {
        "id": i18n.t("data.batch", lang),
        "status": i18n.t("data.status", lang),
        "undone": i18n.t("data.batch_undone", lang),
        "kind": i18n.t("data.kind", lang),
        "file_name": i18n.t("data.batch_file", lang),
        "user_name": i18n.t("data.batch_user", lang),
        "created_at": i18n.t("data.batch_time", lang),
        "rows_read": i18n.t("data.rows_read", lang),
        "rows_loaded": i18n.t("data.rows_loaded", lang),
        "rows_rejected": i18n.t("data.rows_rejected", lang),
        "rows_duplicate": i18n.t("data.rows_duplicate", lang),
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
    shown = batch_table(batches, lang, people=user is not None)
    table = _grey_undone(shown, batches["status"] == "undone")
    tables.dataframe(table, lang, column_config=_batch_columns(lang), key="data_batches_table")
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
