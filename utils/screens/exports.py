"""Tables as files people open in a spreadsheet: CSV and XLSX, safe against formula injection.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is run as a
formula by Excel and LibreOffice. Text that came from an upload (enterprise names, demands,
descriptions) may start that way, so such text cells are prefixed with an apostrophe; numbers
stay numbers.

Both files are written for the reader's spreadsheet. A CSV in Russian or Kazakh separates its
fields with ``;`` and writes ``4,7`` (what Excel expects where the decimal sign is a comma), an
English one uses ``,`` and ``4.7``; figures are rounded as the tables show them (counts and
tenge whole, rates to one or two decimals) and never grouped, so the spreadsheet reads them as
numbers. An XLSX keeps every number as it is, with a number format that groups thousands and
shows the same decimals; Excel writes the group and decimal signs of the reader's system.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from utils import formatting, i18n
from utils.screens.tables import number_columns

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Return ``value`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells and headers cannot run as formulas."""
    safe = frame.copy()
    safe.columns = [neutralise_cell(str(column)) for column in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    return safe


#: Field separator of a CSV file per language: where the decimal sign is a comma, Excel
#: splits a CSV on semicolons.
CSV_SEPARATORS = {"ru": ";", "kk": ";", "en": ","}
#: Excel number format of a figure by its digits after the decimal sign
#: (:func:`utils.formatting.figure_decimals`).
XLSX_NUMBER_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}


def csv_separator(lang: str) -> str:
    """Return the field separator of a CSV file for ``lang``: ``;`` (ru, kk) or ``,`` (en)."""
    return CSV_SEPARATORS[i18n.check_lang(lang)]


def table_csv(frame: pd.DataFrame, lang: str) -> bytes:
    """Return ``frame`` as UTF-8 CSV with a BOM (so Excel detects the encoding), formula-safe.

    Fields are separated by :func:`csv_separator`; figures are written by
    :func:`utils.formatting.format_figure` without grouping (``30553900``, ``4,7`` in
    Russian and Kazakh), a missing figure as an empty field.
    """
    safe = formula_safe(frame)
    for column in number_columns(safe):
        safe[column] = safe[column].map(
            lambda value: formatting.format_figure(value, lang, grouping=False))
    return safe.to_csv(index=False, sep=csv_separator(lang)).encode("utf-8-sig")


def table_xlsx(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """Return ``frame`` as an XLSX workbook, formula-safe, with text cells written as text.

    Numbers stay numbers, each with a format that groups thousands and shows the decimals of
    :func:`utils.formatting.figure_decimals` (``#,##0``, ``#,##0.0``, ``#,##0.00``).
    """
    safe = formula_safe(frame)
    sheet_name = sheet_name[:31]
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet_name)
        formats = {decimals: writer.book.add_format({"num_format": pattern})
                   for decimals, pattern in XLSX_NUMBER_FORMATS.items()}
        sheet = writer.sheets[sheet_name]
        numbers = set(number_columns(safe))
        for index, column in enumerate(safe.columns):
            if column not in numbers:
                continue
            for row, value in enumerate(safe[column], start=1):
                if not pd.isna(value) and not math.isinf(value):
                    sheet.write_number(row, index, float(value),
                                       formats[formatting.figure_decimals(value)])
    return buffer.getvalue()
