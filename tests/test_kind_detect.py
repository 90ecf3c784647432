import csv

import pytest

from tests import files
from utils import templates
from utils.kind_detect import detect_kind, kind_scores


@pytest.mark.parametrize(
    ("writer", "records", "expected"),
    [
        (files.appeals_cp1251_semicolon, lambda: files.sample_appeals(30), "appeals"),
        (files.arrears_utf8_bom_comma, lambda: files.sample_arrears(20), "arrears"),
        (files.arrears_tab, lambda: files.sample_arrears(20), "arrears"),
        (files.arrears_xlsx_with_titles, lambda: files.sample_arrears(20), "arrears"),
    ],
)
def test_real_files_are_recognised(tmp_path, writer, records, expected):
    name = writer.__name__
    suffix = ".xlsx" if "xlsx" in name else (".tsv" if "tab" in name else ".csv")
    path = writer(tmp_path / f"upload{suffix}", records())
    assert detect_kind(path.read_bytes(), path.name) == expected


@pytest.mark.parametrize("kind", ["appeals", "arrears", "layoffs", "incidents", "enterprises"])
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_template_is_recognised_as_its_kind(kind, lang):
    header = templates.template_csv(kind, lang).decode("utf-8-sig").splitlines()[0]
    delimiter = ";" if ";" in header else ","
    cells = next(csv.reader([header], delimiter=delimiter))
    row = delimiter.join("x" for _ in cells)
    content = f"{header}\n{row}\n".encode()
    assert detect_kind(content, f"{kind}.csv") == kind


def test_headers_without_required_columns_propose_nothing():
    content = "Область;Примечание\nАлматы;x\n".encode("cp1251")
    assert detect_kind(content, "unknown.csv") is None


def test_scores_name_required_columns():
    ok, count = kind_scores(["Дата регистрации", "Область", "Категория", "БИН"])["appeals"]
    assert ok and count == 4
    assert kind_scores(["Дата регистрации", "Область"])["appeals"][0] is False
