import codecs
import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from tests import files
from utils.ingest import RefusedFile, detect_delimiter, detect_encoding, read_table


def test_cp1251_semicolon_csv(tmp_path):
    appeals = files.sample_appeals(12)
    path = files.appeals_cp1251_semicolon(tmp_path / "обращения.csv", appeals)
    table = read_table(path, kind="appeals")
    assert (table.encoding, table.delimiter, table.file_format) == ("cp1251", ";", "csv")
    assert list(table.frame.columns) == files.APPEALS_RU_HEADER
    assert table.header_row == 1
    assert table.row_numbers.tolist() == list(range(2, 14))
    assert table.frame["Область"].tolist() == [a.region_text for a in appeals]
    assert table.frame["Дата регистрации"].iloc[0] == appeals[0].date.strftime("%d.%m.%Y")


def test_utf8_bom_comma_csv(tmp_path):
    records = files.sample_arrears(5)
    table = read_table(files.arrears_utf8_bom_comma(tmp_path / "a.csv", records))
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert table.frame.columns[0] == "Report date"  # no byte-order mark left in the header
    assert table.frame["Arrears, KZT"].iloc[0] == files._grouped(records[0].amount_kzt, ",", ".")


def test_tab_csv(tmp_path):
    records = files.sample_arrears(5)
    table = read_table(files.arrears_tab(tmp_path / "a.txt", records), kind="arrears")
    assert table.delimiter == "\t"
    assert table.frame["Облыс"].tolist() == [r.region_text for r in records]


def test_xlsx_with_two_merged_title_rows(tmp_path):
    records = files.sample_arrears(6)
    table = read_table(files.arrears_xlsx_with_titles(tmp_path / "a.xlsx", records),
                       kind="arrears")
    assert table.file_format == "xlsx"
    assert table.header_row == 3
    assert table.row_numbers.tolist() == list(range(4, 10))
    assert table.preamble == list(files.ARREARS_XLSX_TITLES)
    assert list(table.frame.columns) == files.ARREARS_XLSX_HEADER
    assert table.frame["Отчетная дата"].iloc[0] == records[0].report_date.isoformat()
    assert table.frame["БИН"].iloc[0] == str(int(records[0].enterprise_bin))


def test_title_lines_above_a_csv_header(tmp_path):
    appeals = files.sample_appeals(3)
    path = files.write_csv(tmp_path / "t.csv", files.APPEALS_RU_HEADER,
                           files.appeals_ru_rows(appeals), delimiter=";",
                           preamble=["Выгрузка из ЕРАП", "за 2025 год"])
    table = read_table(path, kind="appeals")
    assert table.header_row == 3
    assert table.row_numbers.tolist() == [4, 5, 6]
    assert table.preamble == ["Выгрузка из ЕРАП", "за 2025 год"]


def test_blank_lines_keep_row_numbers(tmp_path):
    appeals = files.sample_appeals(4)
    rows = files.appeals_ru_rows(appeals)
    text = ";".join(files.APPEALS_RU_HEADER) + "\n" + ";".join(rows[0]) + "\n\n" + \
        ";".join(rows[1]) + "\n;;;;;;;;;\n" + "\n".join(";".join(r) for r in rows[2:]) + "\n"
    path = tmp_path / "blank.csv"
    path.write_bytes(text.encode("utf-8"))
    table = read_table(path, kind="appeals")
    assert table.row_numbers.tolist() == [2, 4, 6, 7]
    assert table.frame["Номер обращения"].tolist() == [a.appeal_id for a in appeals]


def test_fast_and_careful_csv_readers_agree(tmp_path):
    appeals = files.sample_appeals(40)
    plain = files.appeals_cp1251_semicolon(tmp_path / "plain.csv", appeals)
    blank = tmp_path / "blank.csv"
    blank.write_bytes(plain.read_bytes() + b"\r\n\r\n")  # trailing blank lines: careful path
    fast, careful = read_table(plain), read_table(blank)
    assert fast.frame.dtypes.iloc[0] != careful.frame.dtypes.iloc[0]  # two different readers
    pd.testing.assert_frame_equal(fast.frame.astype(object), careful.frame.astype(object))
    assert np.array_equal(fast.row_numbers, careful.row_numbers)


def test_windows_1251_cells_of_one_to_three_utf8_bytes_read_alike(tmp_path):
    # The fast reader splits a Windows-1251 body as bytes and decodes only distinct cells:
    # «№» and «–» take three bytes in UTF-8, Cyrillic letters two, ASCII one.
    appeals = files.sample_appeals(400)
    rows = files.appeals_ru_rows(appeals)
    for i, row in enumerate(rows):
        row[3] = f"ЖТ-№{i:05d} – «{i % 3}»"  # mostly distinct: Arrow-backed strings
        row[5] = f"ТОО «Завод № {i % 4}» – филиал"  # few distinct: a categorical too
    plain = files.write_csv(tmp_path / "plain.csv", files.APPEALS_RU_HEADER, rows,
                            encoding="cp1251", delimiter=";")
    blank = tmp_path / "blank.csv"
    blank.write_bytes(plain.read_bytes() + b"\r\n\r\n")  # trailing blank lines: careful path
    fast, careful = read_table(plain), read_table(blank)
    assert fast.frame["Номер обращения"].dtype != careful.frame["Номер обращения"].dtype
    pd.testing.assert_frame_equal(fast.frame.astype(object), careful.frame.astype(object))
    assert fast.frame["Номер обращения"].iloc[7] == "ЖТ-№00007 – «1»"
    names = fast.categorical["Наименование предприятия"]
    assert list(names) == fast.frame["Наименование предприятия"].tolist()
    assert careful.categorical == {}


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [(["a;b;c", "1,5;2;3"], ";"), (["a,b,c", "1;2,3,4"], ","), (["a\tb", "1\t2"], "\t"),
     (['"a;x",b,c', "1,2,3"], ",")],
)
def test_detect_delimiter(lines, delimiter):
    assert detect_delimiter(lines) == delimiter


@pytest.mark.parametrize(
    ("data", "encoding"),
    [("Дата;Область\n".encode(), "utf-8"), (b"\xef\xbb\xbf" + "Дата".encode(), "utf-8-sig"),
     ("Дата;Область\n".encode("cp1251"), "cp1251"), (b"date,region\n", "utf-8")],
)
def test_detect_encoding(data, encoding):
    assert detect_encoding(data) == encoding


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


def _xlsx_bytes(tmp_path) -> bytes:
    return files.arrears_xlsx_with_titles(tmp_path / "src.xlsx",
                                          files.sample_arrears(3)).read_bytes()


REFUSALS = [
    ("empty.csv", lambda tmp: b"", "«empty.csv» is empty (0 bytes)."),
    ("blank.csv", lambda tmp: b"\r\n  \r\n", "«blank.csv» contains no table (only blank lines)."),
    ("header.csv", lambda tmp: ";".join(files.APPEALS_RU_HEADER).encode("cp1251") + b"\r\n",
     "«header.csv» has a header but no data rows."),
    ("fake.xlsx", lambda tmp: b"date,region\n1,2\n",
     "«fake.xlsx» is not an Excel workbook: its content is not XLSX."),
    ("book.csv", _xlsx_bytes,
     "«book.csv» is named as a CSV but is an Excel workbook: save it as .xlsx or export it "
     "as CSV."),
    ("doc.xlsx", lambda tmp: _zip_without_workbook(),
     "«doc.xlsx» is a ZIP archive but not an Excel workbook."),
    ("cut.xlsx", lambda tmp: _xlsx_bytes(tmp)[:3000],
     "«cut.xlsx» is damaged: it is not a readable XLSX (ZIP) file."),
    ("report.pdf", lambda tmp: b"%PDF-1.4",
     "«report.pdf» is not a CSV or Excel file: upload .csv, .tsv, .txt, .xlsx or .xls."),
    ("binary.csv", lambda tmp: b"\x00\x01\x02date", "«binary.csv» is not a text file (it "
     "contains binary data)."),
    ("mixed.csv", lambda tmp: "Дата;Область\n31.01.2025;Абай\n".encode()
     + "01.02.2025;Абай\n".encode("cp1251"),
     "«mixed.csv» mixes text encodings: it reads as UTF-8 up to line 3 and breaks there; "
     "save the whole file again as UTF-8 or Windows-1251."),
    ("nohead.csv", lambda tmp: b"a;b;c\n1;2;3\n",
     "«nohead.csv» has no header row naming a column of appeals in its first 30 rows "
     "(expected headers such as «Дата регистрации», «Область», «Категория»)."),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_files(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(RefusedFile) as refused:
        read_table(path, kind="appeals")
    assert str(refused.value) == message


def test_truncated_member_of_a_workbook_is_refused(tmp_path):
    data = _xlsx_bytes(tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]  # the sheet's XML stops half-way
            out.writestr(info, content)
    path = tmp_path / "half.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(RefusedFile, match=r"^«half\.xlsx» (is damaged|has no header)"):
        read_table(path, kind="arrears")


def test_workbook_size_guards(tmp_path):
    data = _xlsx_bytes(tmp_path)
    with pytest.raises(RefusedFile, match=r"unpacks to \d+ MB, more than the limit of 0 MB"):
        read_table(data, "big.xlsx", max_unpacked_bytes=1000)
    with pytest.raises(RefusedFile, match=r"declares 6 rows, more than the limit of 2 for one"):
        read_table(data, "long.xlsx", max_rows=2)


def test_row_limit_for_csv(tmp_path):
    path = files.appeals_cp1251_semicolon(tmp_path / "a.csv", files.sample_appeals(5))
    with pytest.raises(RefusedFile, match="has more than 3 rows, the limit for one upload"):
        read_table(path, max_rows=3)


def test_uploaded_file_objects_and_bytes(tmp_path):
    path = files.appeals_cp1251_semicolon(tmp_path / "a.csv", files.sample_appeals(3))
    from_bytes = read_table(path.read_bytes(), "a.csv")
    handle = io.BytesIO(path.read_bytes())
    handle.name = "a.csv"
    from_handle = read_table(handle)
    assert from_bytes.sha256 == from_handle.sha256 == read_table(path).sha256
    assert from_handle.file_name == "a.csv"


UNICODE_TEXT = "Дата\tОбласть\tКатегория\r\n05.03.2025\tВКО\tЗадолженность по зарплате\r\n"


@pytest.mark.parametrize(
    ("encoded", "how"),
    [
        (codecs.BOM_UTF16_LE + UNICODE_TEXT.encode("utf-16-le"), "Excel's «Unicode text»"),
        (codecs.BOM_UTF16_BE + UNICODE_TEXT.encode("utf-16-be"), "big-endian with a mark"),
        (UNICODE_TEXT.encode("utf-16-le"), "little-endian without a mark"),
        (UNICODE_TEXT.encode("utf-16-be"), "big-endian without a mark"),
    ],
)
def test_utf16_text_is_read(tmp_path, encoded, how):
    path = tmp_path / "unicode.txt"
    path.write_bytes(encoded)
    table = read_table(path, kind="appeals")
    assert table.delimiter == "\t", how
    assert list(table.frame.columns) == ["Дата", "Область", "Категория"]
    assert table.frame.iloc[0].tolist() == ["05.03.2025", "ВКО", "Задолженность по зарплате"]


def test_broken_utf16_is_refused_naming_the_byte(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + UNICODE_TEXT.encode("utf-16-le") + b"\x00\xd8A\x00")
    with pytest.raises(RefusedFile) as refused:
        read_table(path, kind="appeals")
    assert refused.value.note.key == "ingest.refused.bad_utf16"
    assert str(refused.value).startswith("«broken.txt» is UTF-16 text with a broken character")


def test_short_ascii_is_not_taken_for_utf16(tmp_path):
    """A short file with no zero byte is plain text, not UTF-16 without a mark."""
    path = tmp_path / "tiny.csv"
    path.write_bytes(b"date;region\n1;2\n")
    table = read_table(path, kind="appeals")
    assert table.encoding == "utf-8" and list(table.frame.columns) == ["date", "region"]
