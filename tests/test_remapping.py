"""Every value the load re-mapped is listed with its rows before the commit: a category
synonym, a short or former region name; a nonsense region name gets no suggestion.
"""  # noqa: D205

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import cli
import geo
from tests.test_page_data import (  # noqa: F401
    LANG,
    accounts,
    engine,
    open_data_page,
    session_of,
    table,
    upload,
)
from utils import i18n, ingest
from utils.screens import upload_preview

CSV = (
    "Дата;Регион;Категория;Количество заявителей\n"
    "05.11.2026;ВКО;Зарплата;3\n"
    "06.11.2026;ВКО;Задолженность по зарплате;1\n"
    "07.11.2026;Южно-Казахстанская область;увольнение;1\n"
    "08.11.2026;Восточно-Казахстанская область;Зарплата;1\n"
    "09.11.2026;Марсианская область;Зарплата;1\n"
)


def _prepared() -> ingest.PreparedLoad:
    return ingest.prepare("appeals", io.BytesIO(CSV.encode("utf-8")), "обращения.csv",
                          today="2026-12-01")


def test_synonyms_and_former_names_are_listed_with_their_rows():
    prepared = _prepared()
    assert [(e["field"], e["input"], e["value"], e["rows"]) for e in prepared.remapped] == [
        ("region", "ВКО", "KZ-63", 2),
        ("region", "Южно-Казахстанская область", "KZ-61", 1),
        ("category", "Зарплата", "wage_arrears", 2),  # the Mars row is rejected: not counted
    ]
    # the official names and labels are read as written: not listed
    listed = {e["input"] for e in prepared.remapped}
    assert "Восточно-Казахстанская область" not in listed
    assert "Задолженность по зарплате" not in listed and "увольнение" not in listed


def test_a_nonsense_region_gets_no_suggestion():
    prepared = _prepared()
    assert prepared.unresolved_regions == [
        {"input": "Марсианская область", "rows": 1, "suggestions": []}
    ]
    assert geo.suggest_regions("Марсианская область") == []
    assert geo.suggest_regions("Акмолинскя облсть")[:1] == ["KZ-11"]  # a typo keeps its own


def test_the_list_reads_in_the_analysts_words():
    frame = upload_preview.remapped_frame(_prepared().remapped, "appeals", "ru")
    assert frame.to_dict("records")[0] == {
        "Поле": ingest.get_kind("appeals").column("region").labels["ru"],
        "Как написано": "ВКО",
        "Как понято": "Восточно-Казахстанская область",
        "Строк": 2,
    }
    assert frame.iloc[2]["Как понято"] == i18n.label("category", "wage_arrears", "ru")
    assert "KZ-63" not in frame.to_string() and "wage_arrears" not in frame.to_string()


def test_the_cli_load_report_lists_them(tmp_path, capsys):
    path = tmp_path / "обращения.csv"
    path.write_text(CSV.replace("2026", "2025"), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ltm.db'}"
    assert cli.main(["ingest", "appeals", str(path), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "values read as something other than written:" in out
    assert "Регион: «ВКО» -> KZ-63 (2 rows)" in out
    assert "Категория: «Зарплата» -> wage_arrears (2 rows)" in out
    path.write_text(CSV.replace("2026", "2024"), encoding="utf-8")
    assert cli.main(["ingest", "appeals", str(path), "--db", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["remapped"][0] == {"field": "region", "header": "Регион", "input": "ВКО",
                                     "value": "KZ-63", "rows": 2}


@pytest.mark.usefixtures("accounts")
def test_the_data_page_lists_them_before_the_commit(tmp_path: Path):
    path = tmp_path / "обращения.csv"
    path.write_text(CSV, encoding="utf-8")
    at: AppTest = open_data_page(session_of("anna", "analyst"))
    upload(at, path)
    assert i18n.t("ingest.remapped.title", LANG) in [str(m.value).strip("*") for m in at.markdown]
    shown = table(at, "Как написано", "Как понято")
    assert shown.iloc[:, 1].tolist() == ["ВКО", "Южно-Казахстанская область", "Зарплата"]
    assert shown.iloc[:, 3].tolist() == [2, 1, 2]
    unresolved = table(at, i18n.t("data.suggested_regions", LANG))
    assert unresolved.iloc[0, 0] == "Марсианская область"
    assert unresolved.iloc[0, 2] == ""  # no suggestion for a nonsense name
