"""Region resolution: what people write for a region -> its ISO 3166-2 code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import geo
from geo.reference import load_regions

# Spellings seen in registry extracts, statistics tables (stat.gov.kz, regional akimats),
# news in Russian, Kazakh and English, and older files from before the renamings.
SPELLINGS = [
    # --- Abai Region
    ("область Абай", "KZ-10"),
    ("Абай облысы", "KZ-10"),
    ("Абайская область", "KZ-10"),
    ("Абай", "KZ-10"),
    ("Abai Region", "KZ-10"),
    ("Abay Region", "KZ-10"),
    ("Abai oblysy", "KZ-10"),
    ("обл. Абай", "KZ-10"),
    ("Семей", "KZ-10"),
    ("Семипалатинск", "KZ-10"),
    # --- Akmola Region and the capital (trap: Астана is the city, Акмолинская the region)
    ("Акмолинская область", "KZ-11"),
    ("Акмолинская обл.", "KZ-11"),
    ("по Акмолинской области", "KZ-11"),
    ("Ақмола облысы", "KZ-11"),
    ("Акмола облысы", "KZ-11"),
    ("Akmola Region", "KZ-11"),
    ("Aqmola oblysy", "KZ-11"),
    ("Akmolinskaya oblast", "KZ-11"),
    ("Кокшетау", "KZ-11"),
    ("Целиноградская область", "KZ-11"),
    ("Tselinograd Oblast", "KZ-11"),
    ("Астана", "KZ-71"),
    ("г. Астана", "KZ-71"),
    ("город Астана", "KZ-71"),
    ("Астана қаласы", "KZ-71"),
    ("Astana", "KZ-71"),
    ("Astana city", "KZ-71"),
    ("Нур-Султан", "KZ-71"),
    ("г. Нур-Султан", "KZ-71"),
    ("Нұр-Сұлтан қаласы", "KZ-71"),
    ("Nur-Sultan", "KZ-71"),
    ("Целиноград", "KZ-71"),
    ("г. Акмола", "KZ-71"),
    ("Акмолинск", "KZ-71"),
    ("АСТАНА", "KZ-71"),
    # --- Aktobe Region
    ("Актюбинская область", "KZ-15"),
    ("Актюбинская обл", "KZ-15"),
    ("Ақтөбе облысы", "KZ-15"),
    ("Актобе", "KZ-15"),
    ("Aktobe Region", "KZ-15"),
    ("Aqtöbe oblysy", "KZ-15"),
    ("Aqtobe", "KZ-15"),
    ("Актюбинск", "KZ-15"),
    # --- Almaty Region vs Almaty city (trap)
    ("Алматинская область", "KZ-19"),
    ("Алматинская обл.", "KZ-19"),
    ("Алматы облысы", "KZ-19"),
    ("Almaty Region", "KZ-19"),
    ("Almaty oblysy", "KZ-19"),
    ("Almaty Oblast", "KZ-19"),
    ("Алма-Атинская область", "KZ-19"),
    ("Конаев", "KZ-19"),
    ("Қонаев", "KZ-19"),
    ("Капчагай", "KZ-19"),
    ("Алматинской области", "KZ-19"),
    ("Алматы", "KZ-75"),
    ("г. Алматы", "KZ-75"),
    ("г.Алматы", "KZ-75"),
    ("город Алматы", "KZ-75"),
    ("Алматы қаласы", "KZ-75"),
    ("Almaty", "KZ-75"),
    ("Almaty city", "KZ-75"),
    ("Алма-Ата", "KZ-75"),
    ("Alma-Ata", "KZ-75"),
    ("  г.   АЛМАТЫ  ", "KZ-75"),
    ("Aлматы", "KZ-75"),  # Latin A typed in a Cyrillic word
    ("город республиканского значения Алматы", "KZ-75"),
    # --- Atyrau Region
    ("Атырауская область", "KZ-23"),
    ("Атырау облысы", "KZ-23"),
    ("Atyrau Region", "KZ-23"),
    ("Atyraū oblysy", "KZ-23"),
    ("Атырау", "KZ-23"),
    ("Гурьев", "KZ-23"),
    ("Гурьевская область", "KZ-23"),
    # --- West Kazakhstan
    ("Западно-Казахстанская область", "KZ-27"),
    ("Западно-Казахстанская обл.", "KZ-27"),
    ("ЗКО", "KZ-27"),
    ("Батыс Қазақстан облысы", "KZ-27"),
    ("БҚО", "KZ-27"),
    ("West Kazakhstan Region", "KZ-27"),
    ("West Kazakhstan", "KZ-27"),
    ("Batys Qazaqstan oblysy", "KZ-27"),
    ("Уральск", "KZ-27"),
    ("Орал", "KZ-27"),
    ("Западно Казахстанская область", "KZ-27"),
    # --- Zhambyl Region
    ("Жамбылская область", "KZ-31"),
    ("Жамбыл облысы", "KZ-31"),
    ("Zhambyl Region", "KZ-31"),
    ("Jambyl Region", "KZ-31"),
    ("Jambyl oblysy", "KZ-31"),
    ("Жамбыл", "KZ-31"),
    ("Джамбулская область", "KZ-31"),
    ("Тараз", "KZ-31"),
    ("Zhambyl", "KZ-31"),
    # --- Jetisu Region
    ("область Жетісу", "KZ-33"),
    ("Жетісу облысы", "KZ-33"),
    ("область Жетысу", "KZ-33"),
    ("Жетысуская область", "KZ-33"),
    ("Jetisu Region", "KZ-33"),
    ("Zhetysu Region", "KZ-33"),
    ("Zhetisū oblysy", "KZ-33"),
    ("Jetisu", "KZ-33"),
    ("Талдыкорган", "KZ-33"),
    # --- Karaganda Region
    ("Карагандинская область", "KZ-35"),
    ("Карагандинская обл.", "KZ-35"),
    ("Қарағанды облысы", "KZ-35"),
    ("Караганды облысы", "KZ-35"),
    ("Karaganda Region", "KZ-35"),
    ("Karagandy Region", "KZ-35"),
    ("Qaraghandy oblysy", "KZ-35"),
    ("Караганда", "KZ-35"),
    ("Qaragandy", "KZ-35"),
    # --- Kostanay Region
    ("Костанайская область", "KZ-39"),
    ("Қостанай облысы", "KZ-39"),
    ("Kostanay Region", "KZ-39"),
    ("Qostanay oblysy", "KZ-39"),
    ("Kostanai", "KZ-39"),
    ("Кустанайская область", "KZ-39"),
    ("Костанай", "KZ-39"),
    # --- Kyzylorda Region
    ("Кызылординская область", "KZ-43"),
    ("Қызылорда облысы", "KZ-43"),
    ("Kyzylorda Region", "KZ-43"),
    ("Qyzylorda oblysy", "KZ-43"),
    ("Кзыл-Ординская область", "KZ-43"),
    ("Кызылорда", "KZ-43"),
    # --- Mangystau Region
    ("Мангистауская область", "KZ-47"),
    ("Маңғыстау облысы", "KZ-47"),
    ("Mangystau Region", "KZ-47"),
    ("Mangghystaū oblysy", "KZ-47"),
    ("Mangistau", "KZ-47"),
    ("Актау", "KZ-47"),
    ("Мангыстауская обл.", "KZ-47"),
    # --- Pavlodar Region
    ("Павлодарская область", "KZ-55"),
    ("Павлодар облысы", "KZ-55"),
    ("Pavlodar Region", "KZ-55"),
    ("Pavlodar oblysy", "KZ-55"),
    ("Павлодар", "KZ-55"),
    ("Pavlodarskaya oblast", "KZ-55"),
    # --- North Kazakhstan
    ("Северо-Казахстанская область", "KZ-59"),
    ("СКО", "KZ-59"),
    ("Солтүстік Қазақстан облысы", "KZ-59"),
    ("СҚО", "KZ-59"),
    ("North Kazakhstan Region", "KZ-59"),
    ("Soltüstik Qazaqstan oblysy", "KZ-59"),
    ("Петропавловск", "KZ-59"),
    ("sko", "KZ-59"),
    # --- Turkistan Region (and the former South Kazakhstan; ЮКО -> KZ-61)
    ("Туркестанская область", "KZ-61"),
    ("Түркістан облысы", "KZ-61"),
    ("Turkistan Region", "KZ-61"),
    ("Turkestan Region", "KZ-61"),
    ("Türkistan oblysy", "KZ-61"),
    ("Южно-Казахстанская область", "KZ-61"),
    ("ЮКО", "KZ-61"),
    ("South Kazakhstan Region", "KZ-61"),
    ("Оңтүстік Қазақстан облысы", "KZ-61"),
    ("Чимкентская область", "KZ-61"),
    ("Туркестан", "KZ-61"),
    # --- Ulytau Region
    ("область Ұлытау", "KZ-62"),
    ("Ұлытау облысы", "KZ-62"),
    ("область Улытау", "KZ-62"),
    ("Улытауская область", "KZ-62"),
    ("Ulytau Region", "KZ-62"),
    ("Ulytaū oblysy", "KZ-62"),
    ("Жезказган", "KZ-62"),
    # --- East Kazakhstan
    ("Восточно-Казахстанская область", "KZ-63"),
    ("ВКО", "KZ-63"),
    ("Шығыс Қазақстан облысы", "KZ-63"),
    ("ШҚО", "KZ-63"),
    ("East Kazakhstan Region", "KZ-63"),
    ("Shyghys Qazaqstan oblysy", "KZ-63"),
    ("Усть-Каменогорск", "KZ-63"),
    ("Өскемен", "KZ-63"),
    ("Восточно-Казахстанской обл.", "KZ-63"),
    ("vko", "KZ-63"),
    # --- Shymkent
    ("Шымкент", "KZ-79"),
    ("г. Шымкент", "KZ-79"),
    ("Шымкент қаласы", "KZ-79"),
    ("Shymkent", "KZ-79"),
    ("Shymkent city", "KZ-79"),
    ("Чимкент", "KZ-79"),
    ("Chimkent", "KZ-79"),
    # --- codes: ISO, KATO (2 and 9 digits), old ISO letter codes, old KATO codes
    ("KZ-75", "KZ-75"),
    ("kz75", "KZ-75"),
    ("KZ 10", "KZ-10"),
    ("75", "KZ-75"),
    ("10", "KZ-10"),
    ("750000000", "KZ-75"),
    ("710000000", "KZ-71"),
    ("330000000", "KZ-33"),
    ("KZ-ALA", "KZ-75"),
    ("KZ-YUZ", "KZ-61"),
    ("KZ-VOS", "KZ-63"),
    ("632810000", "KZ-10"),
    ("352010000", "KZ-62"),
    ("631010000", "KZ-63"),
    ("510000000", "KZ-61"),
    ("551010000", "KZ-55"),
]


def test_the_table_is_large_and_covers_every_unit():
    assert len(SPELLINGS) >= 150
    assert {code for _, code in SPELLINGS} == set(geo.region_codes())


@pytest.mark.parametrize(("text", "code"), SPELLINGS, ids=[t for t, _ in SPELLINGS])
def test_spelling_resolves_to_its_region(text, code):
    assert geo.resolve_region(text) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Акмола", {"KZ-11", "KZ-71"}),  # the capital 1992-1998, or the region's short name
        ("Абайский район", {"KZ-10"}),  # a district in three regions, not a region
        ("Шымкент облысы", {"KZ-79", "KZ-61"}),  # no such region
        ("Алмата", {"KZ-75", "KZ-19"}),
        ("Карагандинская облсть", {"KZ-35"}),  # typo
        ("Павлодрская область", {"KZ-55"}),
        ("Шымкен", {"KZ-79"}),
    ],
)
def test_ambiguous_or_misspelt_is_none_with_sensible_suggestions(text, expected):
    assert geo.resolve_region(text) is None
    suggestions = geo.suggest_regions(text)
    assert expected <= set(suggestions), suggestions
    assert 0 < len(suggestions) <= 3


@pytest.mark.parametrize(
    "text",
    [
        "Марсианская область",
        "Лунная область",
        "Юпитерская обл.",
        "Нарния",
        "Атлантида",
        "Mordor region",
        "Московская область",
        "Новосибирская",
        "Кировская область",
        "Омская",
    ],
)
def test_a_name_of_no_region_gets_no_suggestion(text):
    """«Марсианская» shares «-ская» with «Алматинская»: that is no reason to suggest it."""
    assert geo.resolve_region(text) is None
    assert geo.suggest_regions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Лондон",
        "Бишкек",
        "Алматинский район",
        "Талгарский р-н",
        "Аксу",
        "",
        "   ",
        "-",
        "12",
        "KZ-99",
        "999999999",
        "191000000",
        "635810000",
        "город Абай",
        "Алматы и Алматинская область",
    ],
)
def test_unknown_or_ambiguous_text_is_none(text):
    assert geo.resolve_region(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Республика Казахстан",
        "Казахстан",
        "РК",
        "Всего",
        "Итого",
        "Всего по республике",
        "Итого по РК",
        "Қазақстан Республикасы",
        "Барлығы",
        "Total",
        "TOTAL:",
        "Kazakhstan",
        "Republic of Kazakhstan",
        "Всего по Республике Казахстан",
    ],
)
def test_national_total_is_recognised_and_not_a_region(text):
    assert geo.is_national_total(text)
    assert geo.resolve_region(text) is None
    assert geo.suggest_regions(text) == []


@pytest.mark.parametrize("text", ["Северо-Казахстанская область", "ВКО", "Алматы", None, 75])
def test_region_names_are_not_national_totals(text):
    assert not geo.is_national_total(text)


def test_every_reference_name_resolves_to_its_own_code_except_documented_ambiguities():
    ambiguous = {"Aqmola", "Акмола", "Akmola (city, 1992-1998)"}
    for row in load_regions().itertuples():
        for text in [row.name_en, row.name_ru, row.name_kk, *row.aliases.split(";")]:
            expected = None if text in ambiguous else row.code
            assert geo.resolve_region(text) == expected, text


def test_numbers_and_missing_values():
    assert geo.resolve_region(75) == "KZ-75"
    assert geo.resolve_region(75.0) == "KZ-75"
    assert geo.resolve_region(None) is None
    assert geo.resolve_region(float("nan")) is None


def test_resolve_regions_keeps_index_and_gives_none_where_unresolved():
    values = pd.Series(
        ["Алматы", "ВКО", None, "Лондон", np.nan, "ВКО", 10],
        index=[7, 3, 5, 1, 9, 2, 4],
        name="region",
    )
    result = geo.resolve_regions(values)
    assert list(result.index) == [7, 3, 5, 1, 9, 2, 4]
    assert result.name == "region"
    assert result.tolist() == ["KZ-75", "KZ-63", None, None, None, "KZ-63", "KZ-10"]


def test_resolve_regions_on_many_rows_agrees_with_single_resolution():
    spellings = [text for text, _ in SPELLINGS[:50]]
    rng = np.random.default_rng(7)
    values = pd.Series(rng.choice(np.array(spellings, dtype=object), 20_000))
    result = geo.resolve_regions(values)
    expected = values.map({text: geo.resolve_region(text) for text in spellings})
    assert result.tolist() == expected.tolist()
    categorical = geo.resolve_regions(values.astype("category"))
    assert categorical.tolist() == expected.tolist()


def test_resolve_regions_refuses_a_list():
    with pytest.raises(TypeError, match="pandas Series, got list"):
        geo.resolve_regions(["Алматы"])


def test_resolve_report_for_the_cli():
    report = geo.resolve_report(["Алматы облысы", "Акмола"])
    assert report[0] == {
        "input": "Алматы облысы",
        "code": "KZ-19",
        "name_ru": "Алматинская область",
        "name_en": "Almaty Region",
        "suggestions": [],
    }
    assert report[1]["code"] is None and report[1]["name_ru"] is None
    assert {"KZ-11", "KZ-71"} <= set(report[1]["suggestions"])


def test_suggestions_start_with_the_resolved_code():
    assert geo.suggest_regions("Алматы облысы")[0] == "KZ-19"
    assert geo.suggest_regions("Алматы облысы", limit=1) == ["KZ-19"]


def test_geo_imports_and_resolves_with_streamlit_blocked():
    code = (
        "import sys; sys.modules['streamlit'] = None; import geo; "
        "assert geo.resolve_region('ВКО') == 'KZ-63'; "
        "assert 'geopandas' not in sys.modules, 'import geo should stay light'"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
