"""Resolve what people write for a district or a city of regional significance to its KATO.

Accepted forms, in Russian, Kazakh and English (folded by :mod:`geo.text`): the adjective
form with «район» («Жанасемейский район», «Есильского района»), the Kazakh form with
«ауданы» («Жаңасемей ауданы»), «район X», English «X District», cities with or without «г.»,
«қ.ә.», «Г.А.», «city» («г. Кентау», «Кентау қ.ә.»), the aliases and former names of
``data/reform_districts_2022.csv`` (Зыряновский район, Капшагай …) and 9-digit KATO codes,
current or from before the 2022 reform (``data/kato_old_new_2022.csv``: 633200000 was
Abai district of East Kazakhstan, now 103200000). A settlement's 9-digit KATO gives the
unit it lies in.

The same name exists in several regions (Есильский район in Akmola, North Kazakhstan and
Astana; Абайский район in Abai, Karaganda and Shymkent). Such a name resolves only with
the region: :func:`resolve_district` returns ``kato`` None and the candidates otherwise. The
region may be the one the district belongs to now or the one it belonged to before the 2022
reform («Абайский район» of East Kazakhstan is now in Abai Region).

The three units the map lacks (Sauran, Markakol, Ulken Naryn, see
:mod:`geo.district_reference`) resolve to the unit that contains them on the map, with a
warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from geo.district_reference import (
    containing_unit,
    district_label,
    load_districts,
    load_missing_units,
)
from geo.reference import DATA_DIR
from geo.resolve import resolve_region
from geo.text import CITY_MARKERS, DISTRICT_MARKERS, name_tokens

REFORM_DISTRICTS_CSV = DATA_DIR / "reform_districts_2022.csv"
KATO_OLD_NEW_CSV = DATA_DIR / "kato_old_new_2022.csv"

_ADJECTIVE = re.compile(r"(?<=\w{3})sk(?:ii|ogo|om|omu|im|oi|i)$")
_KATO = re.compile(r"^\d{9}$")
_NOISE = frozenset({"po", "the", "of", "v", "na"})
#: «city» folds to ``citi``; «г.а.» (город областного значения) to ``g a``.
_CITY_WORDS = (CITY_MARKERS | {"citi", "oblastnogo"}) - {"respublikanskogo", "respublikalik",
                                                         "stolitsa"}
_KINDS_OF_MARKER = {
    "district": frozenset({"district", "city_district"}),
    "city": frozenset({"city"}),
}


@dataclass(frozen=True)
class DistrictMatch:
    """What one text resolved to.

    ``kato`` is the mapped unit the rows go to (None when unknown or ambiguous), ``named``
    the unit the text names (differs for a unit the map lacks), ``candidates`` the KATO codes
    a name could mean, ``warning`` an English sentence when the text named a unit the map
    lacks.
    """

    kato: str | None
    region: str | None
    named: str | None = None
    candidates: tuple[str, ...] = field(default_factory=tuple)
    warning: str | None = None


def district_key(text: str) -> tuple[str, str]:
    """Return the folded core of a district name and what its kind words say.

    The kind is ``district`` («район», «ауданы», «District», or a Russian adjective),
    ``city`` («г.», «қ.ә.», «Г.А.», «city») or ``bare``. Russian adjective endings are
    dropped, so «Жанасемейский», «Жаңасемей» and «Zhanasemey» meet.
    """
    kinds, core = set(), []
    for token in name_tokens(text):
        if token in DISTRICT_MARKERS:
            kinds.add("district")
        elif token in _CITY_WORDS:
            kinds.add("city")
        elif token not in _NOISE:
            stem = _ADJECTIVE.sub("", _ADJECTIVE.sub("", token))
            if stem != token:  # «Жанасемейский»: a Russian adjective names a district
                kinds.add("district")
            core.append(stem)
    kind = "district" if "district" in kinds else ("city" if kinds else "bare")
    return "".join(core), kind


@dataclass(frozen=True)
class _Unit:
    kato: str
    region: str
    kind: str
    former_region: str | None


@lru_cache(maxsize=1)
def _units() -> dict[str, _Unit]:
    reform = pd.read_csv(REFORM_DISTRICTS_CSV, dtype=str).set_index("kato")
    units = {}
    for frame in (load_districts(), load_missing_units()):
        for row in frame.itertuples():
            kind = getattr(row, "kind", None) or "district"
            former = reform.at[row.kato, "former_region_iso"] if row.kato in reform.index else None
            if former == row.region:
                former = None
            units[row.kato] = _Unit(row.kato, row.region, kind, former)
    return units


def _spellings() -> list[tuple[str, str]]:
    """Return (KATO, spelling) pairs: source names, full labels, aliases, former names."""
    pairs = []
    for frame in (load_districts(), load_missing_units()):
        for row in frame.itertuples():
            for lang in ("ru", "kk", "en"):
                pairs.append((row.kato, str(getattr(row, f"name_{lang}"))))
                pairs.append((row.kato, district_label(row.kato, lang)))
    reform = pd.read_csv(REFORM_DISTRICTS_CSV, dtype=str)
    known = _units()
    for row in reform.itertuples():
        if row.kato not in known:
            continue
        for text in (row.name_ru, row.name_kk, row.name_en, *str(row.aliases).split(";")):
            if isinstance(text, str) and text and text != "nan":
                pairs.append((row.kato, re.sub(r"\([^)]*\)", " ", text)))
    return pairs


@lru_cache(maxsize=1)
def _name_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for kato, text in _spellings():
        core, _kind = district_key(text)
        if core:
            index[core].add(kato)
    return {core: frozenset(katos) for core, katos in index.items()}


@lru_cache(maxsize=1)
def _old_kato_prefixes() -> dict[str, str | None]:
    """Map a 4-digit KATO prefix in use before 2022 to the unit it is now (None: reused)."""
    old_new = pd.read_csv(KATO_OLD_NEW_CSV, dtype=str)
    current = {kato[:4] for kato in _units()}
    result: dict[str, str | None] = {}
    for row in old_new.itertuples():
        old, new = row.old_kato4, row.new_kato4
        if not isinstance(old, str) or not isinstance(new, str) or old == new:
            continue
        result[old] = None if old in current else f"{new}00000"
    return result


def _resolve_kato(code: str) -> str | None:
    """Return the unit a 9-digit KATO lies in: its own, by its 4-digit prefix, or moved."""
    units = _units()
    if code in units:
        return code
    same_prefix = [kato for kato in units if kato[:4] == code[:4]]
    if len(same_prefix) == 1:
        return same_prefix[0]
    moved = _old_kato_prefixes().get(code[:4])
    return moved if moved in units else None


def _region_of(region: object) -> str | None:
    if region is None or (isinstance(region, float) and region != region):
        return None
    return resolve_region(region)


def _pick(katos: frozenset[str], kind: str, region: str | None) -> tuple[str | None, tuple]:
    """Choose among the units a name may mean: by region (now or before 2022), then kind.

    A bare name («Аксу», «Костанай») is how a city is written: among a city and districts
    of the same name it means the city.
    """
    units = _units()
    pool = sorted(katos)
    if region is not None:
        pool = ([k for k in pool if units[k].region == region]
                or [k for k in pool if units[k].former_region == region])
        if not pool:
            return None, ()
    wanted = _KINDS_OF_MARKER.get(kind, _KINDS_OF_MARKER["city"])
    of_kind = [k for k in pool if units[k].kind in wanted]
    if of_kind and (kind != "bare" or len(of_kind) == 1):
        pool = of_kind
    return (pool[0] if len(pool) == 1 else None), tuple(pool)


def _match(named: str | None, candidates: tuple[str, ...]) -> DistrictMatch:
    if named is None:
        return DistrictMatch(None, None, None, candidates if len(candidates) > 1 else ())
    mapped = containing_unit(named)
    warning = None
    if mapped != named:
        warning = (
            f"{district_label(named, 'en')} is not on the district map; "
            f"its rows are placed in {district_label(mapped, 'en')}, which contains it"
        )
    return DistrictMatch(mapped, _units()[named].region, named, (), warning)


@lru_cache(maxsize=16384)
def _resolve(text: str, region: str | None) -> DistrictMatch:
    compact = re.sub(r"\s+", "", text)
    if _KATO.match(compact):
        named = _resolve_kato(compact)
        if named is not None and region is not None:
            unit = _units()[named]
            if region not in (unit.region, unit.former_region):
                return DistrictMatch(None, None)
        return _match(named, ())
    core, kind = district_key(text)
    katos = _name_index().get(core)
    if not katos:
        return DistrictMatch(None, None)
    named, candidates = _pick(katos, kind, region)
    return _match(named, candidates)


def resolve_district(text: object, region: object = None) -> DistrictMatch:
    """Return what ``text`` names among the districts and cities of regional significance.

    ``region`` (an ISO code or any region name :func:`geo.resolve_region` accepts) decides
    between homonyms; it may be the district's region now or before the 2022 reform.
    """
    if text is None or (isinstance(text, float) and text != text):
        return DistrictMatch(None, None)
    as_text = str(text).strip()
    if not as_text or len(as_text) > 200:
        return DistrictMatch(None, None)
    return _resolve(as_text, _region_of(region))


def resolve_districts(texts: pd.Series, regions: pd.Series | None = None) -> pd.Series:
    """Return the mapped KATO for each text (None where unknown or ambiguous); index kept.

    Each distinct (text, region) pair is resolved once.
    """
    frame = pd.DataFrame({"text": texts.to_numpy(dtype=object)})
    frame["region"] = None if regions is None else regions.to_numpy(dtype=object)
    pairs = frame.drop_duplicates()
    lookup = {
        (t, r): resolve_district(t, r).kato
        for t, r in zip(pairs["text"], pairs["region"], strict=True)
    }
    values = [lookup[(t, r)] for t, r in zip(frame["text"], frame["region"], strict=True)]
    return pd.Series(values, index=texts.index, name=texts.name, dtype=object)


def district_report(texts, region: object = None, lang: str = "ru") -> list[dict]:
    """Return, for each text, ``{input, kato, name, region, candidates, warning}``.

    ``candidates`` lists ``{kato, name, region}`` when the text is ambiguous; this is what
    ``cli.py districts resolve`` prints.
    """
    report = []
    for text in texts:
        match = resolve_district(text, region)
        report.append(
            {
                "input": text,
                "kato": match.kato,
                "name": district_label(match.kato, lang) if match.kato else None,
                "region": match.region,
                "candidates": [
                    {"kato": k, "name": district_label(k, lang), "region": _units()[k].region}
                    for k in match.candidates
                ],
                "warning": match.warning,
            }
        )
    return report
