"""Upload templates: for each extract kind an empty table with the headers ingest expects.

The headers come from :mod:`utils.ingest.kinds` (one label per language), so a template always
loads as its kind. Templates exist in Russian, Kazakh and English, as CSV (UTF-8 with a BOM
so Excel reads the Cyrillic; semicolon-separated in Russian and Kazakh, as Excel expects in
those locales, comma-separated in English) and as XLSX. The workbook says more than the CSV
can: required headers are highlighted, each header carries a note (what to write, allowed
values), BIN columns are formatted as text so Excel keeps their leading zeros, and date
columns as dates.

The data page offers the bytes (:func:`template_csv`, :func:`template_xlsx`); the CLI command
``python cli.py templates --out DIR`` writes every file (:func:`write_templates`);
:func:`template_frame` is a template as an empty DataFrame.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import xlsxwriter

from utils import i18n
from utils.i18n import LANGUAGES
from utils.ingest.kinds import KINDS, Column, Kind, get_kind, input_columns
from utils.ingest.vocabularies import VOCABULARIES, normalise_label, vocabulary_index

FORMATS: tuple[str, ...] = ("csv", "xlsx")
CSV_DELIMITERS: dict[str, str] = {"ru": ";", "kk": ";", "en": ","}

# Vocabulary -> label group of the catalogs whose labels ingest accepts for its values.
_LABEL_GROUPS = {
    "appeal_category": "category",
    "appeal_status": "status",
    "incident_type": "incident_type",
}


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(
            f"Invalid language: {lang!r}. Language must be in the set: {', '.join(LANGUAGES)}"
        )
    return lang


def template_headers(kind: str, lang: str = "ru") -> list[str]:
    """Return the headers of the ``kind`` template in ``lang``, in contract order."""
    _check_lang(lang)
    return [column.labels[lang] for column in input_columns(get_kind(kind))]


def template_frame(kind: Kind | str, lang: str = "ru") -> pd.DataFrame:
    """Return an empty upload template for ``kind`` with headers in ``lang`` (ru, kk, en)."""
    if lang not in LANGUAGES:
        raise ValueError(f"Invalid language: {lang!r}. Language must be in the set: "
                         + ", ".join(LANGUAGES))
    kind = get_kind(kind) if isinstance(kind, str) else kind
    return pd.DataFrame(columns=[column.labels[lang] for column in input_columns(kind)])


def template_name(kind: str, lang: str, file_format: str) -> str:
    """Return the file name of a template, e.g. ``ltm_appeals_ru.xlsx``."""
    get_kind(kind)
    _check_lang(lang)
    if file_format not in FORMATS:
        raise ValueError(
            f"Invalid format: {file_format!r}. Format must be in the set: {', '.join(FORMATS)}"
        )
    return f"ltm_{kind}_{lang}.{file_format}"


def template_csv(kind: str, lang: str = "ru") -> bytes:
    """Return the CSV template of ``kind``: one header line, UTF-8 with a BOM."""
    delimiter = CSV_DELIMITERS[_check_lang(lang)]
    cells = []
    for header in template_headers(kind, lang):
        needs_quotes = any(ch in header for ch in (delimiter, '"', "\n"))
        cells.append('"' + header.replace('"', '""') + '"' if needs_quotes else header)
    return (delimiter.join(cells) + "\r\n").encode("utf-8-sig")


def allowed_values(column: Column, lang: str) -> list[str]:
    """Return the values a column accepts, as an analyst would write them in ``lang``.

    For a vocabulary with labels in the catalogs, the label of each value when ingest
    accepts it, else the canonical value; empty for columns without a closed list.
    """
    if column.vocabulary not in _LABEL_GROUPS:
        return []
    index = vocabulary_index(column.vocabulary)
    group = _LABEL_GROUPS[column.vocabulary]
    values = []
    for value in VOCABULARIES[column.vocabulary]:
        label = i18n.label(group, value, lang)
        values.append(label if index.get(normalise_label(label)) == value else value)
    return values


def column_note(kind: str, column: Column, lang: str) -> str:
    """Return the note a template header carries: required or not, what to write, values."""
    spec = get_kind(kind)
    lines = [
        i18n.t("data.template_required" if column.required else "data.template_optional", lang),
        i18n.t(f"data.template_type.{column.type}", lang),
    ]
    values = allowed_values(column, lang)
    if values:
        lines.append(i18n.t("data.template_values", lang, values="; ".join(values)))
    if column.minimum is not None:
        lines.append(i18n.t("data.template_minimum", lang, minimum=f"{column.minimum:g}"))
    if column.default is not None:
        lines.append(i18n.t("data.template_default", lang, default=str(column.default)))
    for group in spec.one_of:
        if column.name in group:
            others = [spec.column(name).labels[lang] for name in group]
            lines.append(i18n.t("data.template_one_of", lang, columns=", ".join(others)))
    return "\n".join(lines)


def template_xlsx(kind: str, lang: str = "ru") -> bytes:
    """Return the XLSX template of ``kind``: a header row with notes and column formats."""
    _check_lang(lang)
    spec = get_kind(kind)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(kind[:31])
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                  "bottom": 1})
    required = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                    "bottom": 1, "bg_color": "#FFE8A3"})
    text = workbook.add_format({"num_format": "@"})
    date = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for position, column in enumerate(input_columns(spec)):
        label = column.labels[lang]
        sheet.write_string(0, position, label, required if column.required else header)
        width = max(14, min(40, len(label) + 4))
        if column.type in ("bin", "text", "category", "region", "period"):
            sheet.set_column(position, position, width, text)
        elif column.type == "date":
            sheet.set_column(position, position, width, date)
        else:
            sheet.set_column(position, position, width)
        sheet.write_comment(0, position, column_note(kind, column, lang),
                            {"x_scale": 2.2, "y_scale": 2.0})
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 32)
    workbook.close()
    return buffer.getvalue()


def template_bytes(kind: str, lang: str, file_format: str) -> bytes:
    """Return the template of ``kind`` in ``lang`` as ``csv`` or ``xlsx`` bytes."""
    template_name(kind, lang, file_format)  # validates the three arguments
    if file_format == "csv":
        return template_csv(kind, lang)
    return template_xlsx(kind, lang)


def write_templates(out_dir: Path, langs: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write every template (each kind, language and format) into ``out_dir``.

    The folder is created when missing; existing templates are overwritten. Returns the
    paths written, in kind, language, format order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind in KINDS:
        for lang in langs:
            for file_format in FORMATS:
                path = out_dir / template_name(kind, lang, file_format)
                path.write_bytes(template_bytes(kind, lang, file_format))
                written.append(path)
    return written
