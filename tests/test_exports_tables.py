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


def _figures() -> pd.DataFrame:
    return pd.DataFrame({
        "Регион": ["Карагандинская область", "Абайская область"],
        "Задолженность, ₸": [3_710_154.33, 30_553_900.0],
        "Обращения": [1234, 56],
        "На 100 000 жителей": [4.7123, 61.89],
        "Индекс": [-0.4512, None],
    })


def test_russian_csv_uses_semicolons_and_the_decimal_comma_rounded_as_tables_are():
    raw = exports.table_csv(_figures(), "ru")
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[1] == "Карагандинская область;3710154;1234;4,7;-0,45"
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", sep=";", decimal=",")
    assert back.columns.tolist() == _figures().columns.tolist()
    assert back["Задолженность, ₸"].tolist() == [3_710_154, 30_553_900]
    assert back["Обращения"].tolist() == [1234, 56]
    assert back["На 100 000 жителей"].tolist() == [4.7, 61.9]
    assert back["Индекс"].iloc[0] == -0.45 and pd.isna(back["Индекс"].iloc[1])


def test_english_csv_keeps_commas_between_fields_and_the_decimal_point():
    back = pd.read_csv(io.BytesIO(exports.table_csv(_figures(), "en")), encoding="utf-8-sig")
    assert back["На 100 000 жителей"].tolist() == [4.7, 61.9]
    assert back["Задолженность, ₸"].tolist() == [3_710_154, 30_553_900]


def test_xlsx_keeps_real_numbers_with_formats_that_group_thousands():
    sheet = openpyxl.load_workbook(io.BytesIO(exports.table_xlsx(_figures()))).active
    money, count, rate, index = sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"]
    assert money.value == pytest.approx(3_710_154.33) and money.data_type == "n"
    assert money.number_format == "#,##0"
    assert count.value == 1234 and count.number_format == "#,##0"
    assert rate.value == pytest.approx(4.7123) and rate.number_format == "#,##0.0"
    assert index.value == pytest.approx(-0.4512) and index.number_format == "#,##0.00"
    assert sheet["E3"].value is None
    assert sheet["A1"].value == "Регион" and sheet["A2"].data_type == "s"
