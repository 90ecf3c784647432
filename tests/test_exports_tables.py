import io

import openpyxl
import pandas as pd
import pytest

from utils.screens import exports

HOSTILE = '=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+7 701 000", "'+7 701 000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("ТОО «Степь»", "ТОО «Степь»"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    assert exports.neutralise_cell(value) == expected


def test_xlsx_export_holds_no_formula():
    frame = pd.DataFrame({"name": [HOSTILE, "plain"], "amount": [-1200.5, 3.0]})
    workbook = openpyxl.load_workbook(io.BytesIO(exports.table_xlsx(frame)))
    sheet = workbook.active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + HOSTILE
    assert sheet["B2"].value == -1200.5
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_csv_export_is_utf8_with_bom_and_neutralised():
    frame = pd.DataFrame({"name": [HOSTILE, "Қарағанды"]})
    raw = exports.table_csv(frame, "ru")
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", sep=";")
    assert back["name"].tolist() == ["'" + HOSTILE, "Қарағанды"]
