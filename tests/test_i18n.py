"""Message catalogs: same keys and params in ru/kk/en, real Kazakh, labels for each vocabulary."""

import json
import re

import pytest

from geo.reference import load_regions
from utils import i18n

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$")
PREFIXES = {
    "common",
    "districts",
    "ingest",
    "lang",
    "sidebar",
    "normalisation",
    "classify",
    "map",
    "playback",
    "trends",
    "region",
    "enterprise",
    "hotspots",
    "data",
    "briefing",
    "cases",
    "indicator",
    "stats",
    "stats_indicator",
    "kpi",
    "category",
    "incident_type",
    "status",
    "kind",
    "oked",
    "level",
    "ehsa",
    "moran",
    "role",
    "permission",
    "auth",
    "audit",
    "error",
    "empty",
    "filters",
    "unit",
    "ew",
    "alerts",
}


@pytest.fixture
def strict():
    i18n.set_strict(True)
    yield
    i18n.set_strict(None)


@pytest.fixture
def lenient():
    i18n.set_strict(False)
    yield
    i18n.set_strict(None)


@pytest.fixture
def fake_catalogs(tmp_path, monkeypatch):
    """Point the catalogs at a folder of hand-written ones (returns a writer)."""

    def write(**catalogs):
        for lang, data in catalogs.items():
            (tmp_path / f"{lang}.json").write_text(json.dumps(data), encoding="utf-8")
        monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
        i18n.reload_catalogs()

    yield write
    i18n.reload_catalogs()


# --- the real catalogs --------------------------------------------------------------------


def test_every_catalog_has_the_keys_of_every_other():
    assert i18n.missing_keys() == {"ru": [], "kk": [], "en": []}
    assert len(i18n.catalog_keys("ru")) >= 200


def test_every_key_has_the_same_params_in_every_language():
    assert i18n.mismatched_params() == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_keys_are_dotted_with_a_known_prefix_and_values_are_not_blank(lang):
    for key, value in i18n.catalog(lang).items():
        assert KEY.match(key), key
        assert key.split(".")[0] in PREFIXES, key
        assert value.strip(), f"{lang}: {key} is blank"
        assert value == value.strip(), f"{lang}: {key} has surrounding spaces"


def test_kazakh_catalog_is_kazakh_not_russian():
    ru, kk = i18n.catalog("ru"), i18n.catalog("kk")
    worded = [k for k, v in kk.items() if CYRILLIC.search(v) or set(v) & KAZAKH_LETTERS]
    with_letters = [k for k in worded if set(kk[k]) & KAZAKH_LETTERS]
    assert len(with_letters) / len(worded) > 0.85
    # The few values identical to Russian are loanwords, names of languages or pure templates.
    same = {k for k in kk if kk[k] == ru[k]}
    assert len(same) / len(kk) < 0.05, sorted(same)
    assert {"map.title", "briefing.title"} <= same  # «Карта», «Брифинг»: the same word
    assert kk["category.wage_arrears"] == "Жалақы бойынша берешек"
    assert kk["common.synthetic_banner"].startswith("Синтетикалық деректер")


def test_russian_has_no_kazakh_letters_and_english_no_cyrillic():
    for key, value in i18n.catalog("ru").items():
        if not key.startswith("lang."):
            assert not set(value) & KAZAKH_LETTERS, key
    for key, value in i18n.catalog("en").items():
        if not key.startswith("lang."):
            assert not CYRILLIC.search(value), key


# --- the checks fail when catalogs drift ------------------------------------------------------


def test_missing_keys_names_the_key_a_catalog_lacks(fake_catalogs):
    fake_catalogs(
        ru={"map.title": "Карта", "map.extra": "Ещё"},
        kk={"map.title": "Карта"},
        en={"map.title": "Map", "map.extra": "More"},
    )
    assert i18n.missing_keys() == {"ru": [], "kk": ["map.extra"], "en": []}


def test_mismatched_params_names_the_key_and_its_params(fake_catalogs):
    fake_catalogs(
        ru={"common.rank": "{rank}-е место из {total}"},
        kk={"common.rank": "{total} ішінде {rank}-орын"},
        en={"common.rank": "rank {rank} of {count}"},
    )
    assert i18n.mismatched_params() == [
        ("common.rank", {"ru": ["rank", "total"], "kk": ["rank", "total"], "en": ["count", "rank"]})
    ]


def test_a_catalog_with_a_non_string_value_is_refused(fake_catalogs):
    fake_catalogs(ru={"map.title": ["Карта"]})
    with pytest.raises(ValueError, match=r"ru.json: the value of 'map.title' must be a string"):
        i18n.t("map.title", "ru")


# --- t() ------------------------------------------------------------------------------------


def test_t_fills_params_per_language():
    assert i18n.t("common.rank", "ru", rank=3, total=20) == "3-е место из 20"
    assert i18n.t("common.rank", "kk", rank=3, total=20) == "20 ішінде 3-орын"
    assert i18n.t("common.rank", "en", rank=3, total=20) == "rank 3 of 20"
    assert i18n.t("map.title", "kk") == "Карта"


def test_missing_key_raises_in_strict_mode_with_neighbouring_keys(strict):
    with pytest.raises(KeyError, match=r"Missing message 'map.titel' in the en catalog.*map.title"):
        i18n.t("map.titel", "en")


def test_missing_key_is_shown_marked_outside_strict_mode(lenient):
    assert i18n.t("map.titel", "ru") == "⟦map.titel⟧"


def test_missing_param_raises_in_strict_mode(strict):
    with pytest.raises(KeyError, match=r"'common.rank' \(ru\) needs the parameter 'total'"):
        i18n.t("common.rank", "ru", rank=3)


def test_missing_param_is_shown_marked_outside_strict_mode(lenient):
    assert i18n.t("common.rank", "en", rank=3) == "rank 3 of ⟦total⟧"


def test_strict_mode_follows_the_environment(monkeypatch):
    i18n.set_strict(None)
    monkeypatch.setenv(i18n.STRICT_ENV, "1")
    assert i18n.is_strict()
    monkeypatch.setenv(i18n.STRICT_ENV, "0")
    assert not i18n.is_strict()


def test_unknown_language_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"Invalid language: 'de'\. .*en, kk, ru|ru, kk, en"):
        i18n.t("map.title", "de")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kk", "kk"),
        ("KK", "kk"),
        ("kk-KZ", "kk"),
        ("kz", "kk"),
        ("en_US", "en"),
        ("ru", "ru"),
        ("de", "ru"),
        ("", "ru"),
        (None, "ru"),
        ("<script>", "ru"),
    ],
)
def test_resolve_lang_understands_links_and_falls_back_to_russian(value, expected):
    assert i18n.resolve_lang(value) == expected


# --- labels agree with the vocabularies of the other modules ---------------------------------


def test_every_contract_vocabulary_value_has_a_label_in_every_language():
    from utils.ingest import VOCABULARIES

    groups = {
        "appeal_category": "category",
        "appeal_status": "status",
        "incident_type": "incident_type",
        "industry": "oked",
        "indicator": "stats_indicator",
    }
    for vocabulary, group in groups.items():
        assert set(i18n.group_values(group)) == set(VOCABULARIES[vocabulary]), vocabulary
        for value in VOCABULARIES[vocabulary]:
            labels = {lang: i18n.label(group, value, lang) for lang in i18n.LANGUAGES}
            assert len(set(labels.values())) >= 2 or value == "rally", (group, value, labels)


def test_extract_kinds_have_labels():
    from utils.ingest import KINDS

    assert set(i18n.group_values("kind")) == set(KINDS)


def test_oked_sections_a_to_u():
    assert i18n.group_values("oked") == tuple("ABCDEFGHIJKLMNOPQRSTU")
    assert i18n.oked_label("c", "ru") == "Обрабатывающая промышленность"
    assert i18n.oked_label("C", "kk", with_letter=True) == "C — Өңдеу өнеркәсібі"
    assert i18n.oked_label("F", "en") == "Construction"


def test_every_early_warning_level_and_emerging_category_has_a_label_and_help():
    from utils.early_warning import CATEGORIES, LEVELS

    assert set(i18n.group_values("level")) == set(LEVELS)
    assert set(i18n.group_values("ehsa")) == set(CATEGORIES)
    for lang in i18n.LANGUAGES:
        for level in LEVELS:
            assert i18n.help_text("level", level, lang)
        for category in CATEGORIES:
            assert i18n.ehsa_help(category, lang)
    assert i18n.ehsa_label("Intensifying Hot Spot", "ru") == "Усиливающаяся горячая точка"
    assert i18n.ehsa_label("new_cold_spot", "kk") == "Жаңа суық нүкте"
    assert i18n.level_label("seasonal_as_usual", "en") == "As usual for the time of year"


def test_every_early_warning_message_is_in_the_catalogs_with_its_params():
    from utils.early_warning import MESSAGES_EN

    for key, template in MESSAGES_EN.items():
        for lang in i18n.LANGUAGES:
            assert i18n.has_key(key, lang), (lang, key)
            assert i18n.placeholders(i18n.catalog(lang)[key]) == i18n.placeholders(template), (
                lang,
                key,
            )


def test_unknown_label_value_lists_the_valid_ones():
    with pytest.raises(
        KeyError, match=r"Invalid appeal category: 'wages'.*wage_arrears, dismissal"
    ):
        i18n.category_label("wages", "en")
    with pytest.raises(KeyError, match=r"Invalid label group: 'colour'"):
        i18n.label("colour", "red", "en")


def test_roles_and_permissions_have_labels():
    from utils.auth import PERMISSIONS, ROLES

    assert i18n.group_values("role") == ROLES
    assert set(i18n.group_values("permission")) == set(PERMISSIONS)
    assert i18n.role_label("analyst", "kk") == "Талдаушы"


def test_region_labels_come_from_the_reference():
    regions = load_regions().set_index("code")
    for lang in i18n.LANGUAGES:
        labels = i18n.region_labels(lang)
        assert len(labels) == 20
        for code, name in labels.items():
            assert name == regions.at[code, f"name_{lang}"]
            assert i18n.region_label(code, lang) == name
    assert i18n.region_label("KZ-75", "kk") == regions.at["KZ-75", "name_kk"]
    with pytest.raises(KeyError, match="KZ-99"):
        i18n.region_label("KZ-99", "ru")


@pytest.mark.parametrize(
    ("count", "ru", "kk", "en"),
    [
        (1, "работник", "қызметкер", "worker"),
        (2, "работника", "қызметкер", "workers"),
        (5, "работников", "қызметкер", "workers"),
        (11, "работников", "қызметкер", "workers"),
        (21, "работник", "қызметкер", "workers"),
        (24, "работника", "қызметкер", "workers"),
        (1.5, "работника", "қызметкер", "workers"),
    ],
)
def test_unit_words_agree_with_the_count(count, ru, kk, en):
    assert i18n.unit_word("workers", count, "ru") == ru
    assert i18n.unit_word("workers", count, "kk") == kk
    assert i18n.unit_word("workers", count, "en") == en


def test_unit_after_a_magnitude_word_takes_the_plural_of_five():
    assert i18n.unit_word("workers", 1, "ru", magnitude=True) == "работников"
    assert i18n.unit_word("people", 1, "en", magnitude=True) == "people"
    with pytest.raises(KeyError, match="Invalid unit: 'cats'.*workers"):
        i18n.unit_word("cats", 2, "en")
