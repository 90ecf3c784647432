import ast
import copy
import datetime as dt
import json
import pickle
import re
from pathlib import Path

import pandas as pd
import pytest

import geo
from tests import files
from tests.test_readers import REFUSALS
from utils import i18n, ingest
from utils.ingest import (
    REASON_KEYS,
    Note,
    commit_progress,
    localized_note,
    localized_reason,
    localized_reasons,
)


@pytest.mark.parametrize("reason", sorted(REASON_KEYS))
def test_every_exact_reason_reads_the_same_in_english(reason):
    assert localized_reason(reason, "en") == reason


def test_reasons_of_a_real_file_are_shown_in_russian():
    content = (
        "Дата регистрации;Область;Категория;БИН\n"
        "31.02.2025;Нарния;зарплата;040340008429\n"
        "01.01.2025;г. Алматы;чепуха;123\n"
    ).encode("cp1251")
    errors = ingest.prepare("appeals", content, "жалобы.csv").errors
    shown = localized_reasons(errors["reason"], "ru").tolist()
    assert i18n.t("ingest.reason.date_does_not_exist", "ru") in shown
    assert i18n.t("ingest.reason.unknown_region", "ru") in shown
    assert i18n.t("ingest.reason.bin_not_12_digits", "ru") in shown
    unknown = [text for text in shown if text.startswith("неизвестное значение")]
    assert unknown and "wage_arrears" in unknown[0]
    assert not any(text.isascii() for text in shown)


def test_a_reason_it_does_not_know_is_kept():
    assert localized_reason("something new", "kk") == "something new"
    assert localized_reasons(pd.Series(["must be at least 1"]), "kk").tolist() == [
        i18n.t("ingest.reason.at_least", "kk", minimum="1")
    ]


# --- refusals and warnings: catalog keys with their parameters ------------------------------

ROOT = Path(__file__).resolve().parent.parent
#: Modules whose refusals and warnings reach the data page, with the call that writes them:
#: a note, or a placement of pre-2022 rows (geo imports nothing from utils; ingest turns
#: each placement into a note with the same key and parameters).
INGEST_MODULES = ("utils/ingest/readers.py", "utils/ingest/mapping.py",
                  "utils/ingest/official_tables.py", "utils/ingest/validate.py",
                  "utils/ingest/load.py", "utils/ingest/table_structure.py")
#: The modules that turn geo's placements into notes.
PLACING_MODULES = ("utils/ingest/validate.py", "utils/ingest/official_tables.py")
NOTE_SOURCES = (*((path, "Note") for path in INGEST_MODULES),
                ("utils/ui/upload.py", "Note"), ("geo/reform.py", "Placement"),
                ("geo/region_history.py", "Placement"))
SENTENCE_NODES = (ast.JoinedStr, ast.Constant, ast.BinOp)


def _calls(path: str):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            yield name, node


def _passes_a_placement_on(call: ast.Call) -> bool:
    """``Note(p.key, p.text, **p.params)``: a placement of geo.reform made a note."""
    key, text = call.args[:2]
    return (isinstance(key, ast.Attribute) and key.attr == "key"
            and isinstance(text, ast.Attribute) and text.attr == "text"
            and [(k.arg, getattr(k.value, "attr", None)) for k in call.keywords]
            == [(None, "params")])


def _parameters(where: str, constructor: str, call: ast.Call) -> frozenset[str]:
    if constructor == "Placement":
        (params,) = [k.value for k in call.keywords if k.arg == "params"]
        assert isinstance(params, ast.Dict) and all(
            isinstance(k, ast.Constant) for k in params.keys), (
            f"{where}: a placement's parameters must be a dict written out")
        return frozenset(k.value for k in params.keys)
    assert all(k.arg for k in call.keywords), (
        f"{where}: a note's parameters must be named one by one")
    return frozenset(k.arg for k in call.keywords)


def _notes() -> list[tuple[str, str, frozenset[str]]]:
    found = []
    for path, constructor in NOTE_SOURCES:
        for name, call in _calls(path):
            where = f"{path}:{call.lineno}"
            if name != constructor or (path in PLACING_MODULES
                                       and _passes_a_placement_on(call)):
                continue
            key = call.args[0]
            assert isinstance(key, ast.Constant) and isinstance(key.value, str), (
                f"{where}: a note's key must be written out")
            found.append((where, key.value, _parameters(where, constructor, call)))
    return found


def test_every_note_key_is_in_the_catalogs_with_exactly_its_parameters():
    notes = _notes()
    assert len(notes) > 50
    assert len([where for where, _, _ in notes if where.startswith("geo/")]) == 5
    for where, key, params in notes:
        for lang in i18n.LANGUAGES:
            assert i18n.has_key(key, lang), f"{where}: {key} missing in {lang}"
            assert i18n.placeholders(i18n.catalog(lang)[key]) == params, (where, key, lang)


@pytest.mark.parametrize("path", INGEST_MODULES)
def test_refusals_and_warnings_are_never_bare_sentences(path):
    for name, call in _calls(path):
        if name == "RefusedFile" or (name == "append" and isinstance(call.func, ast.Attribute)
                                     and getattr(call.func.value, "id", "") == "warnings"):
            assert not isinstance(call.args[0], SENTENCE_NODES), f"{path}:{call.lineno}"


@pytest.mark.parametrize(("name", "make", "english"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_of_the_reader_read_in_russian_and_kazakh(tmp_path, name, make, english):
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(ingest.RefusedFile) as refused:
        ingest.prepare("appeals", path)
    assert str(refused.value) == english  # the command line keeps its sentence
    note = refused.value.note
    assert isinstance(note, Note) and note.params["file"] == name
    for lang in ("ru", "kk"):
        shown = localized_note(note, lang, "appeals")
        assert f"«{name}»" in shown and shown != english
        assert not re.search(r"\b(is|the|and|has|not)\b", shown), shown


def test_a_missing_column_names_the_field_and_the_kind_in_the_language(tmp_path):
    header = ["Дата регистрации", "Область", "Категория обращения"]
    path = files.write_csv(tmp_path / "f.csv", header, [["x", "y", "z"]])
    with pytest.raises(ingest.RefusedFile) as refused:
        ingest.prepare("layoffs", path)
    assert localized_note(refused.value.note, "ru") == (
        "В «f.csv» нет обязательных столбцов: «Дата», «Количество работников»; его нельзя "
        "загрузить "
        "как «Высвобождение работников» — похоже, это «Обращения граждан»."
    )
    assert localized_note(refused.value.note, "en") == (
        "«f.csv» has no column for «Date», «Workers»; it cannot be loaded as «Layoffs» — it "
        "looks like «Citizens' appeals»."
    )


def test_warnings_with_rows_regions_and_fields_are_written_for_the_language(tmp_path):
    almaty = geo.load_regions().set_index("code").loc["KZ-75"]
    header = ["Отчетная дата", "Область", "БИН", "Сумма задолженности, тыс. тенге",
              "Количество работников", "Широта", "Долгота"]
    records = files.sample_arrears(7)
    rows = [[r.report_date.isoformat(), "Акмолинская область", r.enterprise_bin, "1,5", "3",
             str(almaty.lat), str(almaty.lon)] for r in records]
    prepared = ingest.prepare("arrears", files.write_csv(tmp_path / "p.csv", header, rows))
    shown = {w.key: localized_note(w, "ru", "arrears") for w in prepared.warnings}
    assert shown["ingest.warning.amounts_in_thousands"] == (
        "Столбец «Сумма задолженности, тыс. тенге» — в тысячах тенге; суммы умножены на "
        "1\u00a0000."
    )
    assert shown["ingest.warning.points_outside"] == (
        "Точки лежат в регионе город Алматы (KZ-75), а не в указанном регионе Акмолинская область "
        "(KZ-11): 7 (строки: 2, 3, 4, 5, 6 …)."
    )


def test_duplicates_name_the_key_field_by_its_label(tmp_path):
    appeals = files.sample_appeals(4)
    rows = files.appeals_ru_rows(appeals)
    rows.append(list(rows[1]))
    prepared = ingest.prepare("appeals", files.write_csv(
        tmp_path / "d.csv", files.APPEALS_RU_HEADER, rows, delimiter=";"))
    (duplicates,) = [w for w in prepared.warnings if w.key == "ingest.warning.duplicates"]
    assert localized_note(duplicates, "ru", "appeals") == (
        "Пропущены как дубликаты строки, повторяющие «Номер обращения» более ранней строки "
        "этого файла: 1 (строки: 6)."
    )


def test_placements_of_pre_2022_rows_are_notes_said_in_every_language(tmp_path):
    header = ["Дата регистрации", "Область", "Категория", "Район"]
    rows = [["10.05.2021", "Восточно-Казахстанская область", "Прочие", "Абайский район"],
            ["10.05.2021", "ВКО", "Прочие", ""],
            ["10.05.2021", "Восточно-Казахстанская область", "Прочие", "Тарбагатайский район"],
            ["10.05.2021", "Алматинская область", "Прочие", "Несуществующий район"]]
    prepared = ingest.prepare("appeals", files.write_csv(tmp_path / "old.csv", header, rows))
    notes = [w for w in prepared.warnings if w.key.startswith("ingest.warning.reform_")]
    assert all(isinstance(note, Note) for note in notes)
    assert [note.key for note in notes] == [
        "ingest.warning.reform_moved", "ingest.warning.reform_stayed",
        "ingest.warning.reform_split_district", "ingest.warning.reform_unknown_place",
    ]
    assert notes[2].params == {
        "count": 1, "day": dt.date(2022, 6, 8), "from_region": "KZ-63",
        "place": "Тарбагатайский район", "new_region": "KZ-10", "to_region": "KZ-63",
    }
    assert notes[0] == ("1 row(s) dated before 2022-06-08 in East Kazakhstan Region were "
                        "moved to Abai Region by their district or settlement.")
    for note in notes:
        for lang in i18n.LANGUAGES:
            assert i18n.placeholders(i18n.catalog(lang)[note.key]) == set(note.params)
            assert "KZ-" in localized_note(note, lang)
    assert localized_note(notes[0], "ru") == (
        "Строки с датой до 8 июн. 2022 перенесены из региона Восточно-Казахстанская область "
        "(KZ-63) в область Абай (KZ-10) по району или населённому пункту: 1."
    )
    assert localized_note(notes[3], "ru") == (
        "В строках с датой до 8 июн. 2022 из региона Алматинская область (KZ-19) указан район "
        "или населённый пункт, не найденный (или не единственный) среди его прежних "
        "территорий («Несуществующий район»); эти строки оставлены в этом регионе: 1."
    )
    assert localized_note("Something else entirely.", "kk") == "Something else entirely."


def test_a_note_is_its_english_sentence_everywhere_it_travels():
    note = Note("ingest.refused.empty", "«a.csv» is empty (0 bytes).", file="a.csv")
    assert note == "«a.csv» is empty (0 bytes)." and json.dumps([note]) == json.dumps([str(note)])
    for copied in (pickle.loads(pickle.dumps(note)), copy.deepcopy(note)):
        assert (copied, copied.key, copied.params) == (note, note.key, note.params)
    error = pickle.loads(pickle.dumps(ingest.RefusedFile(note)))
    assert str(error) == note and error.note.key == "ingest.refused.empty"


# --- the progress of a commit -----------------------------------------------------------------


def test_commit_progress_follows_the_fact_table_only():
    assert commit_progress("appeals", "appeals_region_month", 10, 10, "ru") is None
    assert commit_progress("appeals", "appeals", 0, 400_000, "ru") == (
        0.0, "Записано строк: 0 из 400\u00a0000")
    assert commit_progress("arrears", "arrears", 200_000, 400_000, "kk") == (
        0.5, "Жазылған жолдар: 400\u00a0000 ішінен 200\u00a0000")
    assert commit_progress("layoffs", "layoffs", 0, 0, "en") == (1.0, "Rows written: 0 of 0")


def test_a_period_of_official_statistics_is_written_for_the_language():
    given = Note("stats.structure.period_given", "Period given: 2025-Q2.", period="2025-Q2")
    assert localized_note(given, "ru") == "Период указан вами: II квартал 2025."
    assert "2025 жылғы II тоқсан" in localized_note(given, "kk")
    assert "Q2 2025" in localized_note(given, "en")
    wrong = Note("stats.refused.bad_period", "The period given, «весна», is not a period.",
                 period="весна")
    assert "«весна»" in localized_note(wrong, "ru")
