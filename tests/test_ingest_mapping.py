"""The analyst's corrections of the column mapping: what the data page's mapping step sends."""

import pytest

from utils import ingest
from utils.ingest import proposed_mapping

HEADER = "Когда поступило;Область;Категория;Населенный пункт;ФИО заявителя"
ROWS = [
    "15.01.2025;Карагандинская область;задолженность по заработной плате;Темиртау;Иванов И.И.",
    "16.01.2025;г. Алматы;увольнение;Алматы;Петров П.П.",
]


def _file() -> bytes:
    return ("\n".join([HEADER, *ROWS]) + "\n").encode("cp1251")


def test_an_unrecognised_required_column_is_refused_until_mapped():
    with pytest.raises(ingest.RefusedFile, match="date"):
        ingest.prepare("appeals", _file(), "жалобы.csv")
    prepared = ingest.prepare(
        "appeals", _file(), "жалобы.csv", column_map={"Когда поступило": "date"}
    )
    assert prepared.rows_valid == 2
    assert prepared.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-15", "2025-01-16"]
    assert prepared.frame["region"].tolist() == ["KZ-35", "KZ-75"]


def test_a_recognised_column_can_be_left_out():
    prepared = ingest.prepare(
        "appeals", _file(), "жалобы.csv",
        column_map={"Когда поступило": "date", "Населенный пункт": None},
    )
    assert prepared.frame["settlement"].isna().all()
    assert "Населенный пункт" not in prepared.column_map


def test_personal_data_cannot_be_mapped_into_the_store():
    prepared = ingest.prepare(
        "appeals", _file(), "жалобы.csv",
        column_map={"Когда поступило": "date", "ФИО заявителя": "enterprise_name"},
    )
    assert "ФИО заявителя" in prepared.dropped_columns
    assert prepared.frame["enterprise_name"].isna().all()
    assert not prepared.frame.astype(str).apply(lambda c: c.str.contains("Иванов")).any().any()


def test_an_unknown_field_lists_the_valid_ones():
    with pytest.raises(KeyError, match="Field must be in the set: date, region, category"):
        ingest.prepare("appeals", _file(), "жалобы.csv", column_map={"Когда поступило": "when"})


def test_proposed_mapping_leaves_personal_data_out():
    proposal = proposed_mapping(_file(), "жалобы.csv", "appeals")
    assert proposal == {
        "Когда поступило": None,
        "Область": "region",
        "Категория": "category",
        "Населенный пункт": "settlement",
    }
