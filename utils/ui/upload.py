"""The data page's upload flow: the file, its kind, the column mapping, the validation
report, the commit with its progress bar.

The bytes of an upload enter through one function, :func:`prepare_upload`, which reads and
validates them with :func:`utils.ingest.prepare` (nothing is stored) and keeps the result
in the session until the analyst commits or picks another file. Refusals and warnings are
kept as ingest wrote them and said in the session's language when shown
(:func:`utils.ingest.localized_note`). Every string that came from a file (file
names, column headers, values, region texts) is shown through
:func:`utils.ui.components.escape_markdown` or inside a data table, never as HTML or live
Markdown.
"""  # noqa: D205

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st

from geo.reference import region_name
from utils import auth, formatting, i18n, ingest, settings
from utils.ingest import KINDS, get_kind, input_columns
from utils.screens import exports, upload_preview
from utils.store import progress
from utils.ui import data, tables
from utils.ui.components import escape_markdown

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls"]
PREVIEW_ROWS = 20
#: Mapping choices shown side by side (a file has some 5 to 20 columns).
MAPPING_COLUMNS = 3
#: The mapping choice that leaves a column out.
NOT_LOADED = ""
#: The mapping choice of a column of a wide official table: its cells are loaded as values
#: (of the period or the indicator its header names).
AS_VALUES = "*values"
def format_stamp(moment: datetime | None, lang: str) -> str:
    """Return a day and time (``12 мар. 2026 14:05``); empty for a missing moment."""
    if moment is None or pd.isna(moment):
        return ""
    return f"{formatting.format_date(moment, lang)} {pd.Timestamp(moment).strftime('%H:%M')}"


# --- preparing an upload --------------------------------------------------------------------


@dataclass
class Upload:
    """One file as the analyst sent it, validated for one kind (nothing stored yet).

    ``refused`` keeps the refusal as ingest wrote it (a note), so it is said in whichever
    language the page is shown in (:func:`refusal_text`).
    """

    file_name: str
    sha256: str
    kind: str
    prepared: ingest.PreparedLoad | None = None
    refused: str | None = None


def refusal_text(note: str, kind: str, lang: str) -> str:
    """Return the sentence a file was refused with, in ``lang`` and Markdown-safe."""
    reason = ingest.localized_note(note, lang, kind)
    return i18n.t("error.refused", lang, reason=escape_markdown(reason))


@contextmanager
def queued(lang: str) -> Iterator[None]:
    """Hold a place of the server's upload queue while a file is read.

    When other analysts' files take every place, the page says so (how many are ahead)
    until this one's turn comes; the message goes once reading starts.
    """
    notice = st.empty()

    def waiting(ahead: int) -> None:
        notice.info(i18n.t("ingest.queue.waiting", lang,
                           ahead=formatting.format_number(ahead, lang)),
                    icon=":material/hourglass_top:")

    with ingest.read_slot(on_wait=waiting):
        notice.empty()
        yield


def detect_kind(content: bytes, file_name: str, lang: str = "ru") -> str | None:
    """Return the kind the file's headers name, when ingest can tell; else None."""
    try:
        with queued(lang):
            return ingest.detect_kind(content, file_name)
    except ingest.RefusedFile:
        return None


def prepare_upload(
    content: bytes, file_name: str, kind: str, column_map: dict | None = None,
    answers: dict[str, str | None] | None = None,
    lang: str = "ru",
) -> Upload:
    """Validate ``content`` as ``kind`` against the store; keep the answer for this session.

    The same bytes, kind, mapping corrections and answers (the ``period`` and ``indicator``
    an official table does not say) are prepared once per session; a refusal is kept as its
    note, so it reads in whichever language the analyst switches to.
    """
    digest = hashlib.sha256(content).hexdigest()
    cache = st.session_state.setdefault("data_prepared", {})
    answers = {name: value for name, value in (answers or {}).items() if value}
    key = (digest, kind, data.version(), tuple(sorted((column_map or {}).items())),
           tuple(sorted(answers.items())))
    if key not in cache:
        cache.clear()
        upload = Upload(file_name=file_name, sha256=digest, kind=get_kind(kind).name)
        limit_mb = settings.get("app")["max_upload_mb"]
        if len(content) > limit_mb * 1024 * 1024:
            upload.refused = ingest.Note(
                "error.too_large", i18n.t("error.too_large", "en", file=file_name,
                                          limit=limit_mb),
                file=file_name, limit=limit_mb,
            )
        else:
            try:
                with queued(lang):
                    upload.prepared = ingest.prepare(
                        kind, content, file_name, engine=data.engine(), column_map=column_map,
                        **answers,
                    )
            except ingest.RefusedFile as exc:
                upload.refused = exc.note
        cache[key] = upload
    return cache[key]


def forget_upload() -> None:
    """Drop the prepared file and empty the uploader (after a commit)."""
    st.session_state.pop("data_prepared", None)
    st.session_state["data_uploader_round"] = st.session_state.get("data_uploader_round", 0) + 1


def file_input(lang: str):
    """Draw the uploader and return the chosen file (an ``UploadedFile``) or None."""
    limit = int(settings.get("app")["max_upload_mb"])
    return st.file_uploader(
        i18n.t("data.upload", lang),
        type=UPLOAD_TYPES,
        help=i18n.t("data.upload_help", lang, limit=limit),
        max_upload_size=limit,
        key=f"data_uploader_{st.session_state.get('data_uploader_round', 0)}",
    )


def kind_input(lang: str, detected: str | None, digest: str) -> str | None:
    """Let the analyst confirm or change the kind; the detected one is preselected."""
    kinds = list(KINDS)
    if detected:
        st.caption(i18n.t("data.detected_kind", lang, kind=i18n.kind_label(detected, lang)))
    return st.selectbox(
        i18n.t("data.kind", lang),
        kinds,
        index=kinds.index(detected) if detected in kinds else None,
        format_func=lambda kind: i18n.kind_label(kind, lang),
        placeholder=i18n.t("data.choose_kind", lang),
        key=f"data_kind_{digest[:16]}",
    )


# --- the report before commit ---------------------------------------------------------------


def _labels(kind: str, lang: str) -> dict[str, str]:
    return {column.name: column.labels[lang] for column in get_kind(kind).columns}


def _required_without_column(kind: str, chosen: dict[str, str]) -> list[str]:
    """Return the required fields (or one-of groups, by their first field) no column names.

    Official tables are left to ingest: a wide one holds its periods or indicators in its
    headers, so it names no period, indicator or value column and is still complete.
    """
    if kind == "region_stats":
        return []
    spec = get_kind(kind)
    named = set(chosen.values())
    missing = [name for name in spec.required if name not in named]
    missing += [group[0] for group in spec.one_of if not named & set(group)]
    return missing


def _value_columns(content: bytes, file_name: str, kind: str, proposal: dict,
                   keys: dict[str, str], lang: str = "ru") -> dict[str, tuple[str, str]]:
    """Return the columns of a wide official table loaded as values, given the choices.

    The choices are the mapping step's, as the analyst last left them (the step draws its
    choices after asking). A column the analyst left out still counts here, so its choice
    can be set back to its values.
    """
    if kind != "region_stats":
        return {}
    fields: dict[str, str | None] = {}
    for header, field in proposal.items():
        choice = st.session_state.get(keys[header], field or NOT_LOADED)
        if choice == AS_VALUES or (choice == NOT_LOADED and field is None):
            continue
        fields[header] = choice or None
    try:
        with queued(lang):
            return ingest.value_columns(content, file_name, kind, fields)
    except ingest.RefusedFile:
        return {}


def _choice_label(name: str, held: tuple[str, str] | None, labels: dict[str, str],
                  lang: str) -> str:
    """Return how one mapping choice reads: a field, "not loaded", or the values a column holds.

    Streamlit keeps a choice while its label is among the column's choices, so a column that
    no longer holds values gives its former choice a label of none of them (it is reset).
    """
    if name == AS_VALUES:
        if held is None:
            return AS_VALUES
        what, label = held
        if what == "period":
            return i18n.t("data.mapping_period", lang,
                          period=formatting.format_stat_period(label, lang))
        key = f"stats_indicator.{label}"
        shown = i18n.t(key, lang) if i18n.has_key(key, lang) else label
        return i18n.t("data.mapping_indicator", lang, indicator=shown)
    return labels[name] if name else i18n.t("data.not_used", lang)


def mapping_editor(content: bytes, file_name: str, kind: str, lang: str) -> dict:
    """Let the analyst correct the proposed column mapping; return the corrections.

    One choice per column of the file (``data_map_…`` keys), preselected from the header
    synonyms: a field of the kind or "not loaded". A column of a wide official table whose
    cells are loaded as values (one column per period or per indicator) shows that as its
    choice, and "not loaded" then leaves it out. The step opens by itself when a column
    was not recognised or a required field has no column. Personal-data columns are not
    offered: they are always dropped.
    """
    try:
        with queued(lang):
            proposal = ingest.proposed_mapping(content, file_name, kind)
    except ingest.RefusedFile:
        return {}
    if not proposal:
        return {}
    labels = _labels(kind, lang)
    options = [NOT_LOADED] + [column.name for column in input_columns(get_kind(kind))]
    digest = hashlib.sha256(content).hexdigest()[:16]
    keys = {header: f"data_map_{digest}_{kind}_{position}"
            for position, header in enumerate(proposal)}
    values = _value_columns(content, file_name, kind, proposal, keys, lang)
    recognised = sum(1 for header, field in proposal.items() if field or header in values)
    unclear = recognised < len(proposal) or bool(
        _required_without_column(kind, {h: f for h, f in proposal.items() if f})
    )
    title = i18n.t("data.mapping_summary", lang,
                   matched=formatting.format_number(recognised, lang),
                   total=formatting.format_number(len(proposal), lang))
    chosen: dict[str, str] = {}
    corrections: dict[str, str | None] = {}
    with st.expander(title, expanded=unclear, icon=":material/table_convert:"):
        st.caption(i18n.t("data.mapping_help", lang))
        if values:
            st.caption(i18n.t("data.mapping_wide", lang))
        grid = st.columns(MAPPING_COLUMNS)
        for position, (header, field) in enumerate(proposal.items()):
            held = values.get(header)
            choices = [AS_VALUES, *options] if held else options
            choice = grid[position % MAPPING_COLUMNS].selectbox(
                escape_markdown(header),
                choices,
                index=0 if held else choices.index(field or NOT_LOADED),
                format_func=lambda name, held=held: _choice_label(name, held, labels, lang),
                key=keys[header],
            )
            if choice == AS_VALUES:
                continue  # ingest reads the column as values by itself
            if choice:
                chosen[header] = choice
            if (choice or None) != field or (not choice and held):
                corrections[header] = choice or None
        missing = _required_without_column(kind, chosen)
        if missing:
            st.warning(i18n.t("data.mapping_missing", lang,
                              fields=", ".join(f"«{labels[name]}»" for name in missing)),
                       icon=":material/rule:")
    return corrections


def stats_answers(content: bytes, file_name: str, corrections: dict,
                  lang: str) -> dict[str, str | None]:
    """Show what was understood of an official table; ask what it does not say.

    The facts (header rows, title, indicator, unit, period, rows skipped) are said in
    ``lang``; a period field appears when the table gives no period, an indicator field when
    neither its title nor its headers name one. Returns the answers given so far.
    """
    try:
        bare = ingest.stats_reading(content, file_name, corrections)
    except ingest.RefusedFile:
        return {}
    digest = hashlib.sha256(content).hexdigest()[:16]
    facts = st.container()
    answers: dict[str, str | None] = {}
    if bare.needs_period:
        answers["period"] = st.text_input(
            i18n.t("stats.period_field", lang), key=f"data_stats_period_{digest}",
            help=i18n.t("stats.period_help", lang), placeholder="2025-Q2",
        ).strip() or None
    if bare.needs_indicator:
        answers["indicator"] = st.text_input(
            i18n.t("stats.indicator_field", lang), key=f"data_stats_indicator_{digest}",
            help=i18n.t("stats.indicator_help", lang),
        ).strip() or None
    reading = bare
    if any(answers.values()):
        try:
            reading = ingest.stats_reading(content, file_name, corrections, **answers)
        except ingest.RefusedFile:
            reading = bare
    with facts:
        st.markdown(f"**{i18n.t('stats.understood', lang)}**")
        st.markdown("\n".join(
            f"- {escape_markdown(ingest.localized_note(fact, lang, 'region_stats'))}"
            for fact in reading.facts
        ))
    return answers


def preview_table(prepared: ingest.PreparedLoad, lang: str) -> None:
    """Show the first rows as they were understood, in the analyst's words (region names,
    category labels, dates), so «ВКО» can be checked against «Восточно-Казахстанская область».
    """  # noqa: D205
    official = prepared.kind == "region_stats"
    st.markdown(f"**{i18n.t('stats.preview_title' if official else 'data.preview', lang)}**")
    if official:
        common = upload_preview.stats_common(prepared.frame, lang)
        shared = ("  \n" + i18n.t("stats.preview_common", lang, columns="; ".join(
            f"{label}: {escape_markdown(value)}" for label, value in common.items()))
                  if common else "")
        st.caption(i18n.t("stats.preview_caption", lang) + shared)
    tables.dataframe(
        upload_preview.preview_frame(prepared.frame, prepared.kind, lang, rows=PREVIEW_ROWS),
        lang,
        key="data_preview_table",
    )


def error_table(errors: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the rejected values with headers and reasons in ``lang`` (page and files)."""
    shown = errors[ingest.ERROR_COLUMNS].assign(
        reason=ingest.localized_reasons(errors["reason"], lang)
    )
    return shown.rename(
        columns={name: i18n.t(f"data.col_{name}", lang) for name in ingest.ERROR_COLUMNS}
    )


def unresolved_table(unresolved: list[dict], lang: str) -> pd.DataFrame:
    """Return one row per unrecognised region text: value, rows, suggested regions."""
    return pd.DataFrame(
        [
            {
                i18n.t("data.col_value", lang): entry["input"],
                i18n.t("data.rows", lang): int(entry["rows"]),
                i18n.t("data.suggested_regions", lang): "; ".join(
                    f"{region_name(code, lang)} ({code})" for code in entry["suggestions"]
                ),
            }
            for entry in unresolved
        ]
    )


#: Notes the report states apart from the warnings: facts of the load, not problems.
SAID_APART = frozenset({"ingest.warning.personal_data", "districts.load_report"})


def shown_warnings(prepared: ingest.PreparedLoad, lang: str) -> list[str]:
    """Return the warnings in ``lang``, except the notes :data:`SAID_APART`."""
    return [
        ingest.localized_note(warning, lang, prepared.kind)
        for warning in prepared.warnings
        if getattr(warning, "key", None) not in SAID_APART
    ]


def district_report(prepared: ingest.PreparedLoad, lang: str) -> str | None:
    """Return how many rows got a district and how, in ``lang`` (None for other kinds)."""
    found = [w for w in prepared.warnings if getattr(w, "key", None) == "districts.load_report"]
    return ingest.localized_note(found[0], lang, prepared.kind) if found else None


def validation_report(prepared: ingest.PreparedLoad, lang: str) -> None:
    """Show the counts, warnings, dropped columns, rejected rows and unknown regions."""
    st.subheader(i18n.t("data.report", lang))
    cards = st.columns(4)
    cards[0].metric(i18n.t("data.rows_read", lang),
                    formatting.format_number(prepared.rows_read, lang))
    cards[1].metric(i18n.t("data.rows_to_load", lang),
                    formatting.format_number(prepared.rows_valid, lang))
    cards[2].metric(i18n.t("data.rows_rejected", lang),
                    formatting.format_number(prepared.rows_rejected, lang))
    cards[3].metric(i18n.t("data.rows_duplicate", lang),
                    formatting.format_number(prepared.rows_duplicate, lang))
    personal = prepared.personal_columns
    warnings = shown_warnings(prepared, lang)
    if warnings:
        with st.expander(f"{i18n.t('data.warnings', lang)} ({len(warnings)})", expanded=True):
            for warning in warnings:
                st.warning(escape_markdown(warning), icon=":material/warning:")
    districts = district_report(prepared, lang)
    if districts:
        st.info(escape_markdown(districts), icon=":material/map:")
    if personal:
        st.info(i18n.t("data.dropped_columns", lang,
                       columns=", ".join(escape_markdown(h) for h in personal)),
                icon=":material/shield_person:")
    if prepared.remapped:
        st.markdown(f"**{i18n.t('ingest.remapped.title', lang)}**")
        st.caption(i18n.t("ingest.remapped.help", lang))
        tables.dataframe(upload_preview.remapped_frame(prepared.remapped, prepared.kind, lang),
                         lang, key="data_remapped_table")
    if prepared.unresolved_regions:
        st.markdown(f"**{i18n.t('data.unresolved_regions', lang)}**")
        tables.dataframe(unresolved_table(prepared.unresolved_regions, lang), lang,
                         key="data_unresolved_table")
    if len(prepared.errors):
        st.markdown(f"**{i18n.t('data.rejected_rows', lang)}** ({len(prepared.errors)})")
        table = error_table(prepared.errors, lang)
        tables.dataframe(table, lang, key="data_errors_table")
        stem = prepared.file_name.rsplit(".", 1)[0]
        left, right = st.columns(2)
        left.download_button(i18n.t("common.download_csv", lang), exports.table_csv(table, lang),
                             file_name=f"{stem}_rejected.csv", mime="text/csv",
                             key="data_errors_csv")
        right.download_button(
            i18n.t("common.download_xlsx", lang), exports.table_xlsx(table, "rejected"),
            file_name=f"{stem}_rejected.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="data_errors_xlsx",
        )


def commit_button(upload: Upload, lang: str, user: dict) -> None:
    """Offer to store the prepared file as one batch, with a progress bar of the rows
    written; remember its report and start over.
    """  # noqa: D205
    prepared = upload.prepared
    assert prepared is not None
    if not st.button(i18n.t("data.commit", lang), type="primary", key="data_commit",
                     disabled=prepared.rows_valid == 0, icon=":material/database_upload:"):
        return
    auth.require_permission(user["role"], "upload")
    bar = st.progress(0.0, text=i18n.t("data.committing", lang))
    written: list[int] = []

    def show(table: str, done: int, total: int) -> None:
        step = ingest.commit_progress(prepared.kind, table, done, total, lang)
        if step is not None:
            bar.progress(*step)
            written[:] = [done, total]

    try:
        with progress.reporting(show):
            report = ingest.commit(data.engine(), prepared, user["name"])
    except ingest.RefusedFile as exc:
        bar.empty()
        st.error(refusal_text(exc.note, prepared.kind, lang), icon=":material/block:")
        return
    st.session_state["data_last_report"] = {**report.to_dict(), "written": written}
    forget_upload()
    st.rerun()


def last_commit(lang: str) -> None:
    """Show the batch the analyst just loaded, with the completed progress bar."""
    last = st.session_state.get("data_last_report")
    if not last:
        return
    st.success(i18n.t("data.committed", lang, batch_id=last["batch_id"],
                      rows=formatting.format_number(last["rows_loaded"], lang)),
               icon=":material/check_circle:")
    if last.get("written"):
        st.progress(*ingest.progress_step(*last["written"], lang))


def upload_flow(lang: str, user: dict) -> None:
    """The whole upload for ``user`` (``name``, ``role``): file, kind, mapping, preview,
    report, commit.
    """  # noqa: D205
    last_commit(lang)
    uploaded = file_input(lang)
    if uploaded is None:
        return
    st.session_state.pop("data_last_report", None)
    content = uploaded.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    detected = st.session_state.setdefault("data_detected", {})
    if digest not in detected:
        detected.clear()
        detected[digest] = detect_kind(content, uploaded.name, lang)
    kind = kind_input(lang, detected[digest], digest)
    if kind is None:
        return
    corrections = mapping_editor(content, uploaded.name, kind, lang)
    answers = (stats_answers(content, uploaded.name, corrections, lang)
               if kind == "region_stats" else {})
    upload = prepare_upload(content, uploaded.name, kind, corrections, answers, lang)
    if upload.refused is not None:
        st.error(refusal_text(upload.refused, upload.kind, lang), icon=":material/block:")
        return
    preview_table(upload.prepared, lang)
    validation_report(upload.prepared, lang)
    commit_button(upload, lang, user)
