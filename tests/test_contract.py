import pandas as pd
import pytest

from utils.ingest import (
    KINDS,
    VOCABULARIES,
    contract_markdown,
    get_kind,
    header_unit,
    input_columns,
    is_personal_data_header,
    match_header,
    normalise_header,
    template_frame,
    vocabulary_index,
)


def test_six_kinds():
    assert list(KINDS) == ["appeals", "arrears", "layoffs", "incidents", "enterprises",
                           "region_stats"]


def test_unknown_kind_lists_the_valid_ones():
    with pytest.raises(KeyError, match="Invalid kind: 'strikes'. Kind must be in the set: "
                                       "appeals, arrears, layoffs, incidents, enterprises, "
                                       "region_stats"):
        get_kind("strikes")


@pytest.mark.parametrize(
    ("kind", "header", "column"),
    [
        ("appeals", "Дата регистрации", "date"),
        ("appeals", "Дата обращения", "date"),
        ("appeals", "  ДАТА   регистрации ", "date"),
        ("appeals", "Область", "region"),
        ("appeals", "Регион", "region"),
        ("appeals", "Облыс", "region"),
        ("appeals", "БИН", "enterprise_bin"),
        ("appeals", "БИН/ИИН работодателя", "enterprise_bin"),
        ("appeals", "Наименование предприятия", "enterprise_name"),
        ("appeals", "№ обращения", "appeal_id"),
        ("appeals", "category", "category"),
        ("arrears", "Сумма задолженности, тенге", "amount_kzt"),
        ("arrears", "Сумма задолженности (тыс. тенге)", "amount_kzt"),
        ("arrears", "Количество работников", "workers"),
        ("arrears", "Численность работников, чел.", "workers"),
        ("arrears", "Берешек сомасы, теңге", "amount_kzt"),
        ("arrears", "Arrears, KZT", "amount_kzt"),
        ("arrears", "Отчётная дата", "report_date"),
        ("enterprises", "Численность работников, чел.", "headcount"),
        ("incidents", "Вид конфликта", "type"),
        ("region_stats", "Показатель", "indicator"),
    ],
)
def test_headers_analysts_write(kind, header, column):
    assert match_header(kind, header) == column


@pytest.mark.parametrize(
    "header",
    ["ФИО", "Ф.И.О. заявителя", "ИИН", "Телефон", "Контактный телефон", "e-mail", "E-mail",
     "Адрес проживания", "Аты-жөні", "ЖСН", "Full name", "Phone number", "Home address",
     "ФИО заявителя (полностью)", "Дата рождения"],
)
def test_personal_data_headers(header):
    assert is_personal_data_header(header)
    for kind in KINDS:
        assert match_header(kind, header) is None


@pytest.mark.parametrize("header", ["БИН/ИИН", "Область", "Сумма задолженности, тенге",
                                    "Наименование предприятия"])
def test_contract_headers_are_not_personal_data(header):
    assert not is_personal_data_header(header)


def test_no_header_names_two_columns_of_one_kind():
    for kind in KINDS.values():
        seen: dict[str, str] = {}
        for column in input_columns(kind):
            for header in column.headers():
                key = normalise_header(header)
                assert seen.setdefault(key, column.name) == column.name, (kind.name, header)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Сумма задолженности, тенге", ("KZT", 1.0)),
        ("Сумма задолженности, тыс. тенге", ("KZT", 1e3)),
        ("млн тенге", ("KZT", 1e6)),
        ("Численность, чел.", ("persons", 1.0)),
        ("Количество работников", (None, 1.0)),
    ],
)
def test_header_unit(text, unit):
    assert header_unit(text) == unit


@pytest.mark.parametrize(("raw", "key"), [("Сумма задолженности, тенге", "сумма задолженности"),
                                          ("Ёмкость (шт.)", "емкость"),
                                          ("  A_b  ", "a b"), (None, ""), (float("nan"), "")])
def test_normalise_header(raw, key):
    assert normalise_header(raw) == key


def test_every_vocabulary_label_maps_to_its_value():
    for name, values in VOCABULARIES.items():
        index = vocabulary_index(name)
        for canonical in values:
            assert index[canonical.replace("_", " ").lower()] == canonical


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_template_headers_map_back_to_the_contract(lang):
    for kind in KINDS.values():
        template = template_frame(kind.name, lang)
        assert isinstance(template, pd.DataFrame) and template.empty
        mapped = [match_header(kind, header) for header in template.columns]
        assert mapped == [column.name for column in input_columns(kind)]


def test_template_refuses_unknown_language():
    with pytest.raises(ValueError, match="Language must be in the set: ru, kk, en"):
        template_frame("appeals", "de")


def test_contract_markdown_documents_every_column():
    text = contract_markdown()
    for kind in KINDS.values():
        assert f"### {kind.name}" in text
        for column in input_columns(kind):
            assert f"`{column.name}`" in text
            assert column.labels["ru"] in text


def test_an_official_unit_is_stored_as_written_when_it_names_no_known_unit():
    """«{% raw %}» holds a percent sign but is no percent: the unit is kept as written."""
    from utils import ingest

    text = ("Период,Регион,Показатель,Значение,Единица измерения\n"
            "2026-10,Алматы,Индекс X,5,{% raw %}\n2026-10,Астана,Индекс X,6,%\n")
    prepared = ingest.prepare("region_stats", text.encode(), "s.csv", today="2026-12-01")
    assert prepared.frame["unit"].tolist() == ["{% raw %}", "%"]
    assert header_unit("{% raw %}") == (None, 1.0)
    assert header_unit("Уровень безработицы, %") == ("%", 1.0)
