"""Headers as analysts write them: made keys, matched to the contract's columns, units read.

:func:`normalise_header` turns a header into a key (case, ё, units and punctuation do not
matter); :func:`match_header` finds the column of a kind it names; :func:`header_unit` reads
the unit a header states and its factor to base units; :func:`header_score` finds the header
row below title rows. Applicant personal data (full name, IIN, phone, e-mail, home address)
has its own list of header synonyms (:func:`is_personal_data_header`): such columns are
dropped at the door.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from utils.ingest.kinds import KINDS, Kind, get_kind, input_columns
from utils.ingest.vocabularies import NON_WORD

# --------------------------------------------------------------------------------------
# Personal data of applicants: dropped before anything is stored.
# --------------------------------------------------------------------------------------

PERSONAL_DATA_HEADERS: tuple[str, ...] = (
    "ФИО", "Ф.И.О.", "ФИО заявителя", "Ф.И.О. заявителя", "Фамилия, имя, отчество",
    "Фамилия", "Имя", "Отчество", "Фамилия имя", "Заявитель", "ФИО работника",
    "ФИО обратившегося", "Ф.И.О. работника", "Данные заявителя",
    "ИИН", "ИИН заявителя", "ИИН работника", "Индивидуальный идентификационный номер",
    "Телефон", "Тел.", "Тел", "Контактный телефон", "Номер телефона", "Мобильный телефон",
    "Телефон заявителя", "Сотовый", "Контакты",
    "E-mail", "Email", "Эл. почта", "Электронная почта", "Электронный адрес", "Почта",
    "Адрес", "Адрес заявителя", "Адрес проживания", "Домашний адрес", "Место жительства",
    "Адрес места жительства", "Почтовый адрес", "Адрес регистрации",
    "Дата рождения", "Удостоверение личности", "Номер удостоверения", "Паспорт",
    "Аты-жөні", "Аты жөні", "Тегі", "Аты", "Әкесінің аты", "Өтініш берушінің аты-жөні",
    "ЖСН", "Өтініш берушінің ЖСН", "Телефон нөмірі", "Байланыс телефоны",
    "Электрондық пошта", "Мекенжайы", "Мекенжай", "Тұрғылықты мекенжайы", "Туған күні",
    "Full name", "Name of applicant", "Applicant name", "Applicant", "Surname", "First name",
    "Last name", "Middle name", "Patronymic", "IIN", "Applicant IIN", "Phone", "Phone number",
    "Telephone", "Mobile", "E-mail address", "Email address", "Address", "Home address",
    "Residential address", "Date of birth", "Birth date", "Passport", "ID card",
)

#: First words that mark a header as personal data even when it is not listed exactly.
PERSONAL_DATA_MARKERS: tuple[str, ...] = (
    "фио", "иин", "жсн", "телефон", "тел", "email", "e mail", "аты жөні", "мекенжай",
    "phone", "iin", "full name", "адрес", "address", "дата рождения",
)


# --------------------------------------------------------------------------------------
# Header normalisation and matching.
# --------------------------------------------------------------------------------------

_UNIT_WORDS = (
    r"тенге|теңге|тг|kzt|₸|тыс|тысяч|млн|миллион|млрд|чел|человек|адам|ед|единиц|%|процент|"
    r"persons|people|thousand|mln|million|bn|billion|мес|ай|months?"
)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_UNIT_TAIL = re.compile(rf",\s*(?:в\s+)?(?:{_UNIT_WORDS})[^,]*$", re.IGNORECASE)


def normalise_header(text: object) -> str:
    """Return ``text`` as a header key: lower case, ё→е, no units, no punctuation.

    Units in parentheses or after a final comma are removed (``Сумма задолженности, тенге``
    and ``Сумма задолженности (тыс. тенге)`` both give ``сумма задолженности``); so are
    ``№``, quotes and repeated spaces. Non-text input gives an empty string.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    value = str(text).replace("№", " ")
    value = unicodedata.normalize("NFKC", value).replace("\u00a0", " ")
    value = value.strip().lower().replace("ё", "е")
    stripped = _PARENS.sub(" ", value)
    stripped = _UNIT_TAIL.sub("", stripped)
    if NON_WORD.sub("", stripped):
        value = stripped
    value = value.replace("_", " ")
    return " ".join(NON_WORD.sub(" ", value).split())


_UNIT_FACTORS: tuple[tuple[re.Pattern[str], str, float], ...] = (
    (re.compile(r"млрд|миллиард|billion|\bbn\b"), "KZT", 1e9),
    (re.compile(r"млн|миллион|million|\bmln\b"), "KZT", 1e6),
    (re.compile(r"тыс|мың|thousand|\bth\b"), "KZT", 1e3),
)
_MONEY = re.compile(r"тенге|теңге|\bтг\b|kzt|₸|tenge")
_PERSONS = re.compile(r"\bчел|человек|\bадам|persons|people")
_UNITS = re.compile(r"\bед\b|единиц|\bunits?\b|бірлік")
#: A percent sign counts only standing as a unit («, %», «(%)», «в %»), not inside other text
#: such as a template tag («{% raw %}»), which is stored as written.
_PERCENT = re.compile(r"(?:^|[\s,;(])%(?=$|[\s,;).])|процент|percent|пайыз")


def header_unit(text: object) -> tuple[str | None, float]:
    """Return the unit a header (or a units line) states and the factor to base units.

    ``Сумма задолженности, тыс. тенге`` gives ``("KZT", 1000.0)``; ``Численность, чел.``
    gives ``("persons", 1.0)``; a header without a unit gives ``(None, 1.0)``.
    """
    if text is None:
        return None, 1.0
    value = unicodedata.normalize("NFKC", str(text)).lower().replace("\u00a0", " ")
    if _MONEY.search(value):
        for pattern, unit, factor in _UNIT_FACTORS:
            if pattern.search(value):
                return unit, factor
        return "KZT", 1.0
    if _PERCENT.search(value):
        return "%", 1.0
    if _PERSONS.search(value):
        if re.search(r"тыс|мың|thousand", value):
            return "persons", 1e3
        return "persons", 1.0
    if _UNITS.search(value):
        return "units", 1.0
    return None, 1.0


@cache
def header_index(kind_name: str) -> dict[str, str]:
    """Return ``{normalised header: canonical column}`` for the input columns of a kind."""
    index: dict[str, str] = {}
    for column in input_columns(kind_name):
        for header in column.headers():
            index.setdefault(normalise_header(header), column.name)
    return index


@lru_cache(maxsize=1)
def _personal_headers() -> frozenset[str]:
    return frozenset(normalise_header(header) for header in PERSONAL_DATA_HEADERS)


def is_personal_data_header(text: object) -> bool:
    """Return True when a header names applicant personal data (name, IIN, phone, …)."""
    key = normalise_header(text)
    if not key:
        return False
    if key in _personal_headers():
        return True
    return any(key == marker or key.startswith(marker + " ") for marker in PERSONAL_DATA_MARKERS)


def match_header(kind: Kind | str, text: object) -> str | None:
    """Return the canonical column a header names in ``kind``, or None.

    A header that is a contract synonym wins over the personal-data list, so «БИН/ИИН»
    (the employer's identifier) is kept while «ИИН» (the applicant's) is dropped.
    """
    kind_name = kind if isinstance(kind, str) else kind.name
    get_kind(kind_name)
    return header_index(kind_name).get(normalise_header(text))


@lru_cache(maxsize=1)
def _all_header_keys() -> frozenset[str]:
    keys: set[str] = set()
    for name in KINDS:
        keys.update(header_index(name))
    return frozenset(keys)


def header_score(cells: list[object], kind: Kind | str | None = None) -> int:
    """Return how many cells of a row look like headers (of ``kind``, or of any kind).

    Used to find the header row below title rows: the row naming most contract columns
    (or personal-data columns) is the header.
    """
    if kind is None:
        keys = _all_header_keys()
    else:
        keys = frozenset(header_index(kind if isinstance(kind, str) else kind.name))
    score = 0
    for cell in cells:
        key = normalise_header(cell)
        if key and (key in keys or is_personal_data_header(cell)):
            score += 1
    return score
