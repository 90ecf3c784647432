"""Place rows dated before the 2022 reform in the regions as they stand now.

On 8 June 2022 three regions were formed from parts of others: Abai (``KZ-10``) from East
Kazakhstan (``KZ-63``), Jetisu (``KZ-33``) from Almaty Region (``KZ-19``) and Ulytau
(``KZ-62``) from Karaganda (``KZ-35``). A row dated before that day that names one of the
three parents may lie in the new region. :func:`place_pre_reform` moves it when its
``district`` or ``settlement`` says where it lies, looking the name up only among the former
territories of that parent (an «Абайский район» exists in Abai Region, in Karaganda Region and
in Shymkent), and otherwise keeps it in the parent, the legal successor, with a warning.

Each warning is a :class:`Placement`: the English sentence of the load report with the
catalog key and raw parameters from which the data page says the same in Russian or Kazakh
(:mod:`utils.ingest` turns placements into its notes; ``geo`` imports nothing from ``utils``).

The district table is ``data/reform_districts_2022.csv`` (sources in
``data/reform_sources_2022.md``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geo.reference import DATA_DIR, region_name
from geo.text import name_tokens

REFORM_DATE = pd.Timestamp("2022-06-08")
REFORM_DISTRICTS_CSV = DATA_DIR / "reform_districts_2022.csv"

# Parent region -> the regions its pre-reform territory belongs to now.
SUCCESSORS: dict[str, tuple[str, ...]] = {
    "KZ-63": ("KZ-63", "KZ-10"),
    "KZ-19": ("KZ-19", "KZ-33"),
    "KZ-35": ("KZ-35", "KZ-62"),
}
NEW_REGION = {"KZ-63": "KZ-10", "KZ-19": "KZ-33", "KZ-35": "KZ-62"}

# Districts whose pre-reform territory now lies in two regions (data/reform_sources_2022.md:
# the Aksuat part of Tarbagatay went to Abai, the Samar part of Kokpekty stayed in East
# Kazakhstan). The district name alone places them where the district itself is now.
SPLIT_DISTRICTS = frozenset({"Тарбагатайский район", "Кокпектинский район"})

#: Names of unknown districts or settlements listed in one warning.
UNKNOWN_PLACES_SHOWN = 10


@dataclass(frozen=True)
class Placement:
    """How rows of one parent region dated before the reform were placed.

    Attributes
    ----------
    key
        Catalog key of the sentence (``ingest.warning.reform_*``).
    text
        The English sentence, as the command line and the batch's warnings show it.
    params
        Raw values for the catalog template: ``count`` (rows), ``day`` (the reform's date),
        ``from_region``, ``to_region`` and ``new_region`` (ISO codes), ``place`` (a district
        as written) and ``places`` (district or settlement names as written).
    """

    key: str
    text: str
    params: dict[str, object]

    def __str__(self) -> str:
        return self.text


_SETTLEMENT_WORDS = frozenset(
    {"s", "p", "g", "pgt", "selo", "poselok", "pos", "aul", "auil", "kent", "stantsia", "st",
     "gorod", "k", "a", "ga", "raion", "audani", "district", "city", "town", "village"}
)
_ADJECTIVE_SUFFIX = re.compile(r"(?:ski|skogo|skom|skomu)$")
_BRACKETS = re.compile(r"\(([^)]*)\)")
_FORMER_CENTRE = re.compile(r"^\s*до\b[^:]*:")  # "до 2024: с. Улкен Нарын" = another place


def place_key(text: object) -> str:
    """Return the comparison key of a district or settlement name.

    Kind words («район», «ауданы», «District», «с.», «п.», «г.» …) are dropped and Russian
    adjective endings removed, so «Абайский район», «Абай ауданы» and «Abai District» meet.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    tokens = [t for t in name_tokens(str(text)) if t not in _SETTLEMENT_WORDS]
    return _ADJECTIVE_SUFFIX.sub("", "".join(tokens))


def _names_of_centre(text: str) -> list[str]:
    """Return the names a district centre is written with (current and renamed forms)."""
    if not isinstance(text, str) or text.startswith("на территории"):
        return []
    names = [_BRACKETS.sub(" ", text)]
    for inner in _BRACKETS.findall(text):
        if _FORMER_CENTRE.match(inner) or re.search(r"[A-Za-z]{3}|центр", inner):
            continue  # a former centre is a different place; notes are not names
        names.append(inner.replace("бывш.", " "))
    return names


@lru_cache(maxsize=1)
def _former_territories() -> dict[str, dict[str, dict[str, set[str]]]]:
    """Return parent -> {"district": key -> regions, "settlement": key -> regions}."""
    table = pd.read_csv(REFORM_DISTRICTS_CSV, dtype=str)
    index: dict[str, dict[str, dict[str, set[str]]]] = {
        parent: {"district": defaultdict(set), "settlement": defaultdict(set)}
        for parent in SUCCESSORS
    }
    for row in table.itertuples():
        parent = row.former_region_iso
        if parent not in index:
            continue
        names = [row.name_ru, row.name_kk, row.name_en, *str(row.aliases).split(";")]
        for name in names:
            key = place_key(name)
            if key:
                index[parent]["district"][key].add(row.current_region_iso)
                if row.kind == "city":
                    index[parent]["settlement"][key].add(row.current_region_iso)
        for name in _names_of_centre(row.admin_center_ru):
            key = place_key(name)
            if key:
                index[parent]["settlement"][key].add(row.current_region_iso)
    return index


@lru_cache(maxsize=1)
def _split_district_keys() -> frozenset[str]:
    return frozenset(place_key(name) for name in SPLIT_DISTRICTS)


def _settlement_regions(parent: str) -> dict[str, set[str]]:
    """Settlement names of the parent's territory: reform table plus the gazetteer."""
    index = {k: set(v) for k, v in _former_territories()[parent]["settlement"].items()}
    from geo.settlements import settlements

    places = settlements()
    places = places[places["region"].isin(SUCCESSORS[parent])]
    for row in places.itertuples():
        for name in (row.name, row.name_ru):
            key = place_key(name)
            if key:
                index.setdefault(key, set()).add(row.region)
    return index


def _lookup(index: dict[str, set[str]], value: object) -> tuple[str | None, bool]:
    """Return (region, value was given) for one district or settlement value."""
    key = place_key(value)
    if not key:
        return None, False
    regions = index.get(key, set())
    return (next(iter(regions)) if len(regions) == 1 else None), True


def place_pre_reform(
    frame: pd.DataFrame, date_column: str, region_column: str = "region"
) -> tuple[pd.DataFrame, list[Placement]]:
    """Move rows dated before 2022-06-08 into the region their district or settlement is in.

    Parameters
    ----------
    frame
        Rows with ISO codes in ``region_column``; optional ``district`` and ``settlement``
        columns are used to place them.
    date_column
        Column with the row's date (datetime or text pandas can parse); rows without a date
        are left alone.
    region_column
        Column holding the ISO code, ``region`` by default.

    Returns
    -------
    frame, warnings
        A copy of ``frame`` with ``region_column`` updated, and one :class:`Placement` per
        kind of placement (how many rows, from where, to where, and why), for the load
        report.
    """
    for column in (date_column, region_column):
        if column not in frame.columns:
            raise KeyError(
                f"Column {column!r} not in frame; columns are: {', '.join(map(str, frame))}"
            )
    result = frame.copy()
    dates = pd.to_datetime(result[date_column], errors="coerce")
    before = (dates < REFORM_DATE).to_numpy()
    warnings: list[Placement] = []
    for parent in SUCCESSORS:
        mask = before & (result[region_column] == parent).to_numpy()
        if not mask.any():
            continue
        warnings.extend(_place_parent(result, mask, parent, region_column))
    return result, warnings


def _place_parent(
    result: pd.DataFrame, mask, parent: str, region_column: str
) -> list[Placement]:
    territories = _former_territories()[parent]
    has_settlement = "settlement" in result.columns
    has_district = "district" in result.columns
    settlement_index = _settlement_regions(parent) if has_settlement else {}
    rows = result.loc[mask]
    columns = [c for c in ("district", "settlement") if c in result.columns]
    pairs = rows[columns].astype(object).where(rows[columns].notna(), None)
    pair_values = list(pairs.itertuples(index=False, name=None)) if columns else [()] * len(rows)

    placed: dict[str, int] = defaultdict(int)
    no_place = 0
    unknown: dict[str, int] = defaultdict(int)
    split: dict[str, int] = defaultdict(int)
    new_regions = []
    cache: dict[tuple, tuple[str, str]] = {}
    for values in pair_values:
        if values not in cache:
            cache[values] = _place_one(
                dict(zip(columns, values, strict=True)), parent, territories,
                settlement_index, has_district, has_settlement,
            )
        region, outcome = cache[values]
        new_regions.append(region)
        if outcome == "placed":
            placed[region] += 1
        elif outcome == "none":
            no_place += 1
        elif outcome.startswith("split:"):
            split[outcome[6:]] += 1
        else:
            unknown[outcome[8:]] += 1
    result.loc[mask, region_column] = new_regions
    return _placements(parent, placed, no_place, unknown, split)


def _placements(
    parent: str, placed: dict[str, int], no_place: int, unknown: dict[str, int],
    split: dict[str, int],
) -> list[Placement]:
    """Return the warnings of one parent region: rows moved, kept, unknown places, split."""
    new_region = NEW_REGION[parent]
    parent_name = region_name(parent, "en")
    new_name = region_name(new_region, "en")
    day = REFORM_DATE.date()
    when = day.isoformat()
    before = f"dated before {when} in {parent_name}"
    messages = []
    for region, count in sorted(placed.items()):
        if region != parent:
            messages.append(Placement(
                "ingest.warning.reform_moved",
                f"{count} row(s) {before} were moved to {region_name(region, 'en')} by their "
                "district or settlement.",
                params={"count": count, "day": day, "from_region": parent,
                        "to_region": region},
            ))
    if no_place:
        messages.append(Placement(
            "ingest.warning.reform_stayed",
            f"{no_place} row(s) {before} give no district or settlement; they stay in "
            f"{parent_name}, the legal successor, although {new_name} was formed from part of "
            f"it on {when}.",
            params={"count": no_place, "day": day, "from_region": parent,
                    "new_region": new_region},
        ))
    if unknown:
        places = tuple(sorted(unknown)[:UNKNOWN_PLACES_SHOWN])
        messages.append(Placement(
            "ingest.warning.reform_unknown_place",
            f"{sum(unknown.values())} row(s) {before} name a district or settlement not found "
            "(or not unique) among its former territories ("
            + ", ".join(f"'{name}'" for name in places) + f"); they stay in {parent_name}.",
            params={"count": sum(unknown.values()), "day": day, "from_region": parent,
                    "places": places},
        ))
    for name, count in sorted(split.items()):
        now = _split_district_region(parent, name)
        messages.append(Placement(
            "ingest.warning.reform_split_district",
            f"{count} row(s) {before} name '{name}', which was split between {parent_name} "
            f"and {new_name} in 2022; they are placed where the district is now "
            f"({region_name(now, 'en')}); give the settlement to place them exactly.",
            params={"count": count, "day": day, "from_region": parent, "place": name,
                    "new_region": new_region, "to_region": now},
        ))
    return messages


@lru_cache(maxsize=16)
def _split_district_region(parent: str, name: str) -> str:
    regions = _former_territories()[parent]["district"].get(place_key(name), {parent})
    return next(iter(regions)) if len(regions) == 1 else parent


def _place_one(
    values: dict[str, object],
    parent: str,
    territories: dict[str, dict[str, set[str]]],
    settlement_index: dict[str, set[str]],
    has_district: bool,
    has_settlement: bool,
) -> tuple[str, str]:
    """Return (region, outcome) where outcome is placed/none/split:NAME/unknown:NAME."""
    given = []
    if has_settlement:
        region, was_given = _lookup(settlement_index, values.get("settlement"))
        if region:
            return region, "placed"
        if was_given:
            given.append(str(values["settlement"]))
    if has_district:
        district = values.get("district")
        region, was_given = _lookup(territories["district"], district)
        if region:
            if place_key(district) in _split_district_keys():
                return region, f"split:{district}"
            return region, "placed"
        if was_given:
            given.append(str(district))
    if given:
        return parent, "unknown:" + " / ".join(given)
    return parent, "none"
