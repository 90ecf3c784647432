"""Upload templates: every template names its kind's columns and loads back as that kind."""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests import files
from utils import ingest
from utils.i18n import LANGUAGES as LANGS
from utils.ingest import KINDS, input_columns, match_header, templates

CASES = [(kind, lang) for kind in KINDS for lang in LANGS]


def column_format(sheet, index: int) -> str:
    """Return the number format of column ``index`` (1-based); ranges are stored once."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= index <= dimension.max:
            return dimension.number_format
    return "General"


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_csv_template_headers_map_to_every_input_column_of_the_kind(kind, lang):
    text = templates.template_csv(kind, lang).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Cyrillic only with the BOM
    delimiter = templates.CSV_DELIMITERS[lang]
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    assert [match_header(kind, cell) for cell in header] == [
        column.name for column in input_columns(kind)
    ]


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_xlsx_template_has_the_headers_notes_and_formats(kind, lang):
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(kind, lang)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == templates.template_headers(kind, lang)
    columns = input_columns(kind)
    for cell, column in zip(sheet[1], columns, strict=True):
        assert cell.comment is not None, column.name
        first_line = cell.comment.text.splitlines()[0]
        assert first_line == templates.i18n.t(
            "data.template_required" if column.required else "data.template_optional", lang
        )
        if column.type == "bin":  # leading zeros survive in Excel
            assert column_format(sheet, cell.column) == "@"
        if column.type == "date":
            assert column_format(sheet, cell.column) == "dd.mm.yyyy"
    assert sheet.freeze_panes == "A2"


def test_a_filled_xlsx_template_loads_as_its_kind(tmp_path):
    """An analyst fills the Russian appeals template in Excel and uploads it."""
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("appeals", "ru")))
    sheet = book.worksheets[0]
    appeals = files.sample_appeals(3, seed=11)
    by_name = {c.name: i for i, c in enumerate(input_columns("appeals"), start=1)}
    for row, appeal in enumerate(appeals, start=2):
        sheet.cell(row, by_name["date"], appeal.date.strftime("%d.%m.%Y"))
        sheet.cell(row, by_name["region"], appeal.region_text)
        sheet.cell(row, by_name["category"], files.APPEAL_CATEGORY_RU[appeal.category])
        sheet.cell(row, by_name["appeal_id"], appeal.appeal_id)
        sheet.cell(row, by_name["enterprise_bin"], appeal.enterprise_bin)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    prepared = ingest.prepare("appeals", path)
    assert prepared.rows_valid == 3 and prepared.errors.empty
    assert prepared.frame["region"].tolist() == [a.region for a in appeals]
    assert prepared.frame["enterprise_bin"].tolist() == [a.enterprise_bin for a in appeals]


def test_a_filled_csv_template_loads_as_its_kind():
    appeals = files.sample_appeals(2, seed=12)
    head = templates.template_csv("appeals", "en").decode("utf-8-sig").rstrip("\r\n")
    width = len(head.split(","))
    lines = [head]
    for appeal in appeals:
        cells = [""] * width
        cells[0] = appeal.date.isoformat()
        cells[1] = appeal.region_text
        cells[2] = appeal.category
        lines.append(",".join(cells))
    prepared = ingest.prepare("appeals", ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"),
                              "filled.csv")
    assert prepared.rows_valid == 2, prepared.errors
    assert prepared.frame["category"].tolist() == [a.category for a in appeals]


def test_an_empty_template_is_refused_as_having_no_rows():
    with pytest.raises(ingest.RefusedFile, match="no data rows|empty"):
        ingest.prepare("arrears", templates.template_xlsx("arrears", "ru"), "ltm_arrears_ru.xlsx")


@pytest.mark.parametrize("lang", LANGS)
def test_the_values_a_note_lists_are_accepted_by_ingest(lang):
    """Every incident type written as the Excel note suggests loads as that type."""
    column = KINDS["incidents"].column("type")
    values = templates.allowed_values(column, lang)
    assert len(values) == len(templates.VOCABULARIES["incident_type"])
    header = templates.template_headers("incidents", lang)
    names = [c.name for c in input_columns("incidents")]
    rows = []
    for i, value in enumerate(values):
        cells = dict.fromkeys(names, "")
        cells.update(date="01.02.2025", region="Астана", enterprise_bin=files.valid_bin(i),
                     type=value, participants="3")
        rows.append([cells[name] for name in names])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    prepared = ingest.prepare("incidents", buffer.getvalue().encode("utf-8"), "incidents.csv")
    assert prepared.errors.empty, prepared.errors
    assert prepared.frame["type"].tolist() == list(templates.VOCABULARIES["incident_type"])


def test_write_templates_writes_every_kind_language_and_format(tmp_path):
    written = templates.write_templates(tmp_path / "out")
    assert len(written) == len(KINDS) * len(LANGS) * len(templates.FORMATS)
    assert {p.name for p in written} >= {"ltm_appeals_ru.csv", "ltm_region_stats_en.xlsx"}
    for path in written:
        assert path.is_file() and path.stat().st_size > 0
        if path.suffix == ".xlsx":
            assert zipfile.is_zipfile(path)


def test_cli_templates_command_writes_the_files(tmp_path):
    import subprocess

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "cli.py", "templates", "--out", str(tmp_path / "t")],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t" / "ltm_arrears_kk.xlsx").is_file()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: templates.template_csv("wages", "ru"), "Invalid kind: 'wages'"),
        (lambda: templates.template_csv("appeals", "de"), "Invalid language: 'de'"),
        (lambda: templates.template_bytes("appeals", "ru", "ods"), "Invalid format: 'ods'"),
    ],
)
def test_unknown_choices_list_the_valid_ones(call, message):
    with pytest.raises((KeyError, ValueError), match=message):
        call()
