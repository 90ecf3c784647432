"""Resolve what people write for a region to its ISO 3166-2 code.

Accepted forms: Russian, Kazakh and English names and Latin transliterations (folded by
:mod:`geo.text`), abbreviations (ВКО, ЗКО, СКО, ЮКО, ШҚО …), the generic words «г.»,
«город», «обл.», «область», «облысы», «қаласы», «Region», «Oblast», KATO codes (2 or 9
digits), ISO codes (``KZ-75``, ``kz75`` and the pre-2020 letter codes such as ``KZ-ALA``) and
former names (Нур-Султан, Целиноград, Южно-Казахстанская, Алма-Ата, Чимкент, Гурьев …).

Decisions worth knowing:

* The name of a region's administrative centre resolves to that region («Караганда»,
  «Усть-Каменогорск», «Кокшетау» …): registries often write the centre for the region, and
  the centre lies in the region, so both readings give the same code. Other towns do not
  resolve (a region column is not a settlement gazetteer).
* The three cities of republican significance are their own units: «Алматы», «г. Алматы»,
  «Алматы қаласы» give ``KZ-75``; «Алматы облысы», «Алматинская область» give ``KZ-19``.
  «Чимкент» is Shymkent (``KZ-79``); «Чимкентская область» is Turkistan Region (``KZ-61``).
* Ambiguous text returns None: «Акмола» alone was the capital's name in 1992-1998 and is also
  the Kazakh short name of Akmola Region (``г. Акмола`` gives ``KZ-71``, ``Акмола облысы``
  ``KZ-11``); any district («Абайский район» exists in three regions) returns None.
* National totals («Республика Казахстан», «Всего», «Итого», «Total» …) return None and are
  recognised by :func:`is_national_total`.
* A 9-digit KATO code resolves by its first two digits, except in the three regions split in
  2022 (East Kazakhstan 63, Almaty Region 19, Karaganda 35), where the district part decides
  and codes whose meaning changed with the reform (1910…: Taldykorgan before, Konaev after;
  the split Tarbagatay and Kokpekty districts) return None.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from geo.reference import DATA_DIR, load_regions
from geo.text import fold, split_markers

ALIASES_CSV = DATA_DIR / "region_aliases.csv"
REFORM_DISTRICTS_CSV = DATA_DIR / "reform_districts_2022.csv"
KATO_OLD_NEW_CSV = DATA_DIR / "kato_old_new_2022.csv"

CITY_UNITS = frozenset({"KZ-71", "KZ-75", "KZ-79"})
SPLIT_PARENTS = frozenset({"KZ-63", "KZ-19", "KZ-35"})

# ISO 3166-2:KZ letter codes in use until the numeric codes replaced them.
_ISO_LETTER_CODES = {
    "AKM": "KZ-11", "AKT": "KZ-15", "ALA": "KZ-75", "ALM": "KZ-19", "AST": "KZ-71",
    "ATY": "KZ-23", "KAR": "KZ-35", "KUS": "KZ-39", "KZY": "KZ-43", "MAN": "KZ-47",
    "PAV": "KZ-55", "SEV": "KZ-59", "SHY": "KZ-79", "VOS": "KZ-63", "YUZ": "KZ-61",
    "ZAP": "KZ-27", "ZHA": "KZ-31", "ABY": "KZ-10", "ULY": "KZ-62", "ZHT": "KZ-33",
}
# KATO region prefixes retired before 2022 that still appear in older extracts.
_OLD_KATO_PREFIXES = {"51": "KZ-61"}  # South Kazakhstan Region until 2018

_ISO_NUMERIC = re.compile(r"^kz[\s\-_.]*(\d{2})$")
_ISO_LETTERS = re.compile(r"^kz[\s\-_.]*([a-z]{3})$")
_DIGITS = re.compile(r"^\d[\d\s]*$")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PART_MOVED = re.compile(r"->\s*(\d{4})")
#: Footnote markers written after a name in statistics tables: «Шымкент 3)», «Абай*».
_FOOTNOTE_MARKS = re.compile(
    r"(?:\s*(?:\(\d{1,2}\)|(?<![\d(])\d{1,2}\)|\*+|[\u00b9\u00b2\u00b3\u2070-\u2079]+))+\s*$"
)
#: Latin forms of English statistics republications that differ from the Russian word:
#: «Akmolinsk» heads Akmola Region's row there, while «Акмолинск» is the capital's name
#: until 1961 (no data the app accepts is that old).
_ENGLISH_REGION_FORMS = {"akmolinsk": "KZ-11"}
#: Russian adjective endings in transliteration: «Павлодарская» and «Марсианская» share
#: «-ская», which says nothing about which region is meant.
_ADJECTIVE_ENDING = re.compile(r"sk(aia|aya|ii|iy|oi|oe|ogo|oj)$")
#: Closest a suggestion must be (rapidfuzz WRatio, 0..100, on the names' stems).
SUGGESTION_SCORE = 80
#: Names shorter than this (ВКО, СКО, ЗКО …) are matched exactly or not at all: as parts of a
#: longer word they match anything («Московская» holds «ско»).
_SHORTEST_SUGGESTED = 5

# National-total labels: a text is a national total when all its words are in this set and
# one of them is an anchor.
_TOTAL_WORDS = frozenset(
    fold(word)
    for word in (
        "республика республике республики казахстан казахстану рк всего итого по total grand "
        "kazakhstan republic of the all regions country қазақстан республикасы барлығы жиыны "
        "бойынша областям областей регионам сумма sum overall national"
    ).split()
)
_TOTAL_ANCHORS = frozenset(
    fold(word)
    for word in (
        "республика республике казахстан рк всего итого total kazakhstan republic "
        "қазақстан республикасы барлығы жиыны overall national"
    ).split()
)


@dataclass(frozen=True)
class _Entry:
    code: str
    denotes: str  # "region" or "city"
    marked: bool  # the source spelling carried a kind word («область», «г.», «Region» …)


def _clean_alias(text: str) -> str:
    return _PARENTHESES.sub(" ", str(text)).strip()


@lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[_Entry, ...]]:
    """Map each folded name core to the units it can denote (built once per process)."""
    index: dict[str, set[_Entry]] = defaultdict(set)

    def add(code: str, text: str, denotes: str) -> None:
        text = _clean_alias(text)
        if not text:
            return
        marked = split_markers(text)
        if not marked.core or marked.kind in ("district", "mixed"):
            return
        index[marked.core].add(_Entry(code, denotes, marked.kind != "bare"))

    for row in load_regions().itertuples():
        denotes = "city" if row.code in CITY_UNITS else "region"
        for text in (row.name_en, row.name_ru, row.name_kk, *str(row.aliases).split(";")):
            add(row.code, text, denotes)
    aliases = pd.read_csv(ALIASES_CSV, dtype=str)
    for row in aliases.itertuples():
        add(row.code, row.name, row.denotes)
    return {core: tuple(sorted(entries, key=lambda e: e.code)) for core, entries in index.items()}


def _unique(codes: set[str]) -> str | None:
    return next(iter(codes)) if len(codes) == 1 else None


def _resolve_name(text: str) -> str | None:
    marked = split_markers(text)
    entries = _name_index().get(marked.core, ())
    if not entries:
        return None
    if marked.kind in ("region", "city"):
        return _unique({e.code for e in entries if e.denotes == marked.kind})
    if marked.kind != "bare":
        return None
    unmarked = {e.code for e in entries if not e.marked}
    return _unique(unmarked) if unmarked else _unique({e.code for e in entries})


@lru_cache(maxsize=1)
def _split_region_kato() -> dict[str, str | None]:
    """Map 4-digit KATO prefixes in the three split regions to a region, None if ambiguous."""
    meanings: dict[str, set[str]] = defaultdict(set)
    districts = pd.read_csv(REFORM_DISTRICTS_CSV, dtype=str)
    for row in districts.itertuples():
        if isinstance(row.kato, str) and len(row.kato) == 9:
            meanings[row.kato[:4]].add(row.current_region_iso)
    old_new = pd.read_csv(KATO_OLD_NEW_CSV, dtype=str)
    for row in old_new.itertuples():
        if isinstance(row.old_kato4, str):
            meanings[row.old_kato4].add(row.current_region_iso)
            # "Samar part -> 6356": a part of the old district went to another region.
            for part in _PART_MOVED.findall(str(row.relation)):
                meanings[row.old_kato4].add(f"KZ-{part[:2]}")
        if isinstance(row.new_kato4, str):
            meanings[row.new_kato4].add(row.current_region_iso)
    return {
        prefix: (next(iter(codes)) if len(codes) == 1 else None)
        for prefix, codes in meanings.items()
    }


def _resolve_kato(digits: str) -> str | None:
    codes = set(load_regions()["code"])
    if len(digits) == 2:
        code = f"KZ-{digits}"
        return code if code in codes else _OLD_KATO_PREFIXES.get(digits)
    if len(digits) != 9:
        return None
    prefix = digits[:2]
    if prefix == "51":
        return "KZ-79" if digits.startswith("5110") else "KZ-61"
    code = f"KZ-{prefix}"
    if code not in codes:
        return None
    if digits[2:] == "0000000" or code not in SPLIT_PARENTS:
        return code
    return _split_region_kato().get(digits[:4])


def _resolve_code(text: str) -> tuple[bool, str | None]:
    """Return (looked like a code, region) for KATO and ISO codes."""
    compact = text.strip().lower()
    if _DIGITS.match(compact):
        return True, _resolve_kato(re.sub(r"\s+", "", compact))
    match = _ISO_NUMERIC.match(compact)
    if match:
        code = f"KZ-{match.group(1)}"
        return True, code if code in set(load_regions()["code"]) else None
    match = _ISO_LETTERS.match(compact)
    if match and match.group(1).upper() in _ISO_LETTER_CODES:
        return True, _ISO_LETTER_CODES[match.group(1).upper()]
    return False, None


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
    text = str(value).strip()
    return text or None


def strip_footnote_marks(text: str) -> str:
    """Return ``text`` without the footnote markers written after it («Шымкент 3)» → «Шымкент»)."""
    return _FOOTNOTE_MARKS.sub("", text).strip() or text


@lru_cache(maxsize=8192)
def _resolve_text(text: str) -> str | None:
    text = strip_footnote_marks(text)
    if text.isascii() and text.strip().lower() in _ENGLISH_REGION_FORMS:
        return _ENGLISH_REGION_FORMS[text.strip().lower()]
    is_code, code = _resolve_code(text)
    if is_code:
        return code
    code = _resolve_name(text)
    if code is None and _PARENTHESES.search(text):
        outside = _PARENTHESES.sub(" ", text).strip()
        if outside:
            code = _resolve_name(outside)
    return code


def resolve_region(text: object) -> str | None:
    """Return the ISO 3166-2 code of the region ``text`` names, or None.

    None means unknown or ambiguous (never a guess) and is also returned for national
    totals; see the module docstring for the accepted forms.

    Examples
    --------
    >>> resolve_region("Алматы облысы"), resolve_region("г. Алматы"), resolve_region("ЮКО")
    ('KZ-19', 'KZ-75', 'KZ-61')
    """
    as_text = _as_text(text)
    if as_text is None or len(as_text) > 200:
        return None
    return _resolve_text(as_text)


def resolve_regions(values: pd.Series) -> pd.Series:
    """Return the ISO code for each value of ``values`` (None where unresolved).

    Each distinct value is resolved once, so a million rows with a few dozen spellings cost
    a few dozen resolutions plus one vectorised mapping. The index is kept.
    """
    if not isinstance(values, pd.Series):
        raise TypeError(f"resolve_regions expects a pandas Series, got {type(values).__name__}")
    if isinstance(values.dtype, pd.CategoricalDtype):
        positions = values.cat.codes.to_numpy()
        distinct = values.cat.categories.to_numpy(dtype=object)
    else:
        positions, distinct = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    resolved = np.array([resolve_region(value) for value in distinct] + [None], dtype=object)
    # position -1 (missing value) picks the trailing None
    return pd.Series(resolved[positions], index=values.index, name=values.name, dtype=object)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def is_national_total(text: object) -> bool:
    """Return True when ``text`` labels the national total row of a table.

    Recognises «Республика Казахстан», «Казахстан», «РК», «Всего», «Итого», «Всего по
    республике», «Қазақстан Республикасы», «Барлығы», «Total», «Kazakhstan» and the like,
    so ingest can drop such rows with a warning instead of reporting an unknown region.
    """
    as_text = _as_text(text)
    if as_text is None:
        return False
    words = fold(_PARENTHESES.sub(" ", strip_footnote_marks(as_text))).split()
    return bool(words) and set(words) <= _TOTAL_WORDS and bool(set(words) & _TOTAL_ANCHORS)


def _stem(core: str) -> str:
    return _ADJECTIVE_ENDING.sub("", core)


@lru_cache(maxsize=1)
def _suggestion_choices() -> tuple[list[str], list[str]]:
    cores, codes = [], []
    for core, entries in _name_index().items():
        if len(core) < _SHORTEST_SUGGESTED:
            continue
        for code in sorted({e.code for e in entries}):
            cores.append(core)
            codes.append(code)
    return cores, codes


def suggest_regions(text: object, limit: int = 3) -> list[str]:
    """Return up to ``limit`` ISO codes whose names are closest to ``text``, best first.

    Used for the "did you mean …" hint of a load report; an ambiguous text such as «Акмола»
    suggests every unit it may mean. Only names at least :data:`SUGGESTION_SCORE` close
    are suggested, compared without their adjective endings, so a name of no region
    («Марсианская область») gets no suggestion rather than a wrong one.
    """
    from rapidfuzz import fuzz, process

    as_text = _as_text(text)
    if as_text is None or limit < 1 or is_national_total(as_text):
        return []
    resolved = resolve_region(as_text)
    query = split_markers(as_text).core or fold(as_text).replace(" ", "")
    if not query:
        return [resolved] if resolved else []
    cores, codes = _suggestion_choices()
    matches = process.extract(
        query, cores, scorer=fuzz.WRatio, processor=_stem, limit=limit * 12,
        score_cutoff=SUGGESTION_SCORE,
    )
    ranked: list[str] = [resolved] if resolved else []
    for _core, _score, position in matches:
        code = codes[position]
        if code not in ranked:
            ranked.append(code)
        if len(ranked) >= limit:
            break
    return ranked


def resolve_report(texts: list[str] | tuple[str, ...]) -> list[dict]:
    """Return, for each input, ``{input, code, name_ru, name_en, suggestions}``.

    ``code``, ``name_ru`` and ``name_en`` are None when the text does not resolve; this is
    what ``cli.py regions resolve`` prints.
    """
    regions = load_regions().set_index("code")
    report = []
    for text in texts:
        code = resolve_region(text)
        report.append(
            {
                "input": text,
                "code": code,
                "name_ru": str(regions.at[code, "name_ru"]) if code else None,
                "name_en": str(regions.at[code, "name_en"]) if code else None,
                "suggestions": [] if code else suggest_regions(text),
            }
        )
    return report


__all__ = [
    "is_national_total",
    "resolve_region",
    "resolve_regions",
    "resolve_report",
    "suggest_regions",
]
