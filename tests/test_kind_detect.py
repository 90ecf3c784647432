import csv

import pytest

from tests import files, stats_files
from utils.ingest import (
    detect_kind,
    kind_scores,
    proposed_mapping,
    template_csv,
    value_columns,
)


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


@pytest.mark.parametrize("builder", [
    stats_files.two_row_quarters_xlsx, stats_files.two_row_months_kk_xlsx,
    stats_files.english_years_csv, stats_files.power_query_csv, stats_files.footnotes_csv,
    stats_files.pandas_two_rows_kk_csv,
])
def test_official_tables_as_published_are_recognised(tmp_path, builder):
    """A title above, two header rows, periods as headers: the first row names no field."""
    suffix = ".xlsx" if builder.__name__.endswith("xlsx") else ".csv"
    path = builder(tmp_path / f"stats{suffix}").path
    assert detect_kind(path.read_bytes(), path.name) == "region_stats"


def test_a_table_of_regions_with_one_period_is_not_taken_for_official_statistics(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Регион;2024\nАкмолинская область;5\nг. Алматы;7\n", encoding="utf-8")
    assert detect_kind(path.read_bytes(), path.name) is None


@pytest.mark.parametrize("kind", ["appeals", "arrears", "layoffs", "incidents", "enterprises"])
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_template_is_recognised_as_its_kind(kind, lang):
    header = template_csv(kind, lang).decode("utf-8-sig").splitlines()[0]
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


def test_the_period_columns_of_a_wide_official_table_are_value_columns(tmp_path):
    stats = files.stats_office_arrears(tmp_path / "stat.xlsx")
    content = stats.path.read_bytes()
    assert proposed_mapping(content, "stat.xlsx", "region_stats") == {
        "Регион": "region", "III квартал 2024": None, "IV квартал 2024": None,
        "I квартал 2025": None, "II квартал 2025": None,
    }
    assert value_columns(content, "stat.xlsx", "region_stats") == {
        "III квартал 2024": ("period", "2024-Q3"), "IV квартал 2024": ("period", "2024-Q4"),
        "I квартал 2025": ("period", "2025-Q1"), "II квартал 2025": ("period", "2025-Q2"),
    }
    assert "I квартал 2025" not in value_columns(content, "stat.xlsx", "region_stats",
                                                 {"I квартал 2025": None})
    assert value_columns(content, "stat.xlsx", "appeals") == {}


def test_an_unnamed_region_column_of_an_official_table_is_proposed_as_region():
    content = "Задолженность по заработной плате\n;2024;2025\nВКО;1;2\n".encode()
    assert proposed_mapping(content, "unnamed.csv", "region_stats") == {
        "Column 1": "region", "2024": None, "2025": None,
    }
