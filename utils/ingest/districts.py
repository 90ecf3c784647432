"""Give each loaded row the district it lies in: its 9-digit KATO in ``district_kato``.

In order of trust, for the kinds whose rows carry a place (appeals, arrears, incidents,
enterprises, and official statistics by district such as district population):

1. the file's ``district`` column, resolved with the row's region
   (:func:`geo.resolve_districts`: «Жанасемейский район», «Кентау қ.ә.», a KATO code; a name
   shared by several regions counts only in the row's region);
2. else the ``settlement``, placed by its coordinates (:func:`geo.settlement_coords`);
3. else the row's own ``lat``/``lon`` (point in polygon, :func:`geo.point_districts`).

A district found by place must lie in the row's region, or it is not taken. A row that names a
unit the district map lacks (Sauran, Markakol, Ulken Naryn) goes to the unit that contains it,
with a warning. The load report says how many rows got a district and how
(``districts.load_report``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from utils.ingest.readers import Note

#: Kinds whose rows name a place a district can be read from.
DISTRICT_KINDS = frozenset({"appeals", "arrears", "incidents", "enterprises", "region_stats"})
METHODS = ("column", "settlement", "coordinates")


def _pairs(texts: pd.Series, regions: pd.Series) -> tuple[np.ndarray, pd.DataFrame]:
    """Return each row's position among the distinct (text, region) pairs, and the pairs."""
    text_codes, text_values = pd.factorize(texts.to_numpy(dtype=object), use_na_sentinel=True)
    region_codes, region_values = pd.factorize(regions.to_numpy(dtype=object),
                                               use_na_sentinel=True)
    combined = (text_codes.astype(np.int64) + 1) * (len(region_values) + 1) + region_codes + 1
    distinct, inverse = np.unique(combined, return_inverse=True)
    texts_of = np.append(np.asarray(text_values, dtype=object), None)
    regions_of = np.append(np.asarray(region_values, dtype=object), None)
    pairs = pd.DataFrame({
        "text": texts_of[distinct // (len(region_values) + 1) - 1],
        "region": regions_of[distinct % (len(region_values) + 1) - 1],
    })
    return inverse, pairs


def _from_column(texts: pd.Series, regions: pd.Series) -> tuple[np.ndarray, dict[str, int]]:
    """Return the KATO each row's district text resolves to, and rows per unit not mapped."""
    import geo

    inverse, pairs = _pairs(texts, regions)
    matches = [geo.resolve_district(t, r) if t is not None else geo.DistrictMatch(None, None)
               for t, r in zip(pairs["text"], pairs["region"], strict=True)]
    katos = np.array([m.kato for m in matches], dtype=object)[inverse]
    named = np.array([m.named if m.warning else None for m in matches], dtype=object)[inverse]
    unmapped = pd.Series(named).dropna().value_counts()
    return katos, {str(k): int(v) for k, v in unmapped.items()}


def _from_points(lat: np.ndarray, lon: np.ndarray, regions: np.ndarray) -> np.ndarray:
    """Return the KATO of each point's district when it lies in the row's region.

    Each distinct point is looked up once: an enterprise's rows repeat its coordinates.
    """
    import geo

    points = pd.DataFrame({"lat": lat, "lon": lon})
    group = points.groupby(["lat", "lon"], dropna=False, sort=False).ngroup().to_numpy()
    distinct = points.drop_duplicates()
    found = geo.point_districts(distinct["lat"].to_numpy(), distinct["lon"].to_numpy())
    found = found.to_numpy(dtype=object)[group]
    region_of = geo.load_districts().set_index("kato")["region"]
    found_regions = pd.Series(found).map(region_of).to_numpy(dtype=object)
    return np.where(found_regions == regions, found, None)


def _from_settlements(settlements: pd.Series, regions: pd.Series) -> np.ndarray:
    import geo

    inverse, pairs = _pairs(settlements, regions)
    known = pairs["text"].notna().to_numpy()
    coords = pd.DataFrame({"lat": np.nan, "lon": np.nan}, index=pairs.index)
    if known.any():
        located = geo.settlement_coords(pairs.loc[known, "text"], pairs.loc[known, "region"])
        coords.loc[known, ["lat", "lon"]] = located[["lat", "lon"]].to_numpy()
    katos = _from_points(coords["lat"].to_numpy(), coords["lon"].to_numpy(),
                         pairs["region"].to_numpy(dtype=object))
    return katos[inverse]


def assign_districts(kind: str, frame: pd.DataFrame) -> list[Note]:
    """Set ``frame["district_kato"]`` for a kind in :data:`DISTRICT_KINDS`; return the notes.

    The notes are the load report's count of rows with a district by method and, when rows
    named a unit the map lacks, where they were placed. Other kinds are left as they are.
    """
    if kind not in DISTRICT_KINDS or frame.empty or "region" not in frame:
        return []
    import geo

    regions = frame["region"].astype(object)
    result = np.full(len(frame), None, dtype=object)
    counts = dict.fromkeys(METHODS, 0)
    notes: list[Note] = []
    if "district" in frame:
        found, unmapped = _from_column(frame["district"].astype(object), regions)
        result = found
        counts["column"] = int(pd.notna(found).sum())
        for named, rows in unmapped.items():
            holder = geo.resolve_district(named).kato
            notes.append(Note(
                "districts.warning.unmapped_unit",
                f"{rows} row{'s' if rows != 1 else ''} name {geo.district_label(named, 'en')}, "
                f"which the district map lacks; they are placed in "
                f"{geo.district_label(holder, 'en')}, which contains it.",
                count=rows, named=geo.district_label(named, "ru"),
                holder=geo.district_label(holder, "ru"),
            ))
    if "settlement" in frame:
        missing = pd.isna(result)
        if missing.any():
            found = _from_settlements(frame["settlement"].astype(object)[missing],
                                      regions[missing])
            result[missing] = found
            counts["settlement"] = int(pd.notna(found).sum())
    if "lat" in frame and "lon" in frame:
        missing = pd.isna(result)
        if missing.any():
            found = _from_points(
                pd.to_numeric(frame["lat"][missing], errors="coerce").to_numpy(dtype=float),
                pd.to_numeric(frame["lon"][missing], errors="coerce").to_numpy(dtype=float),
                regions[missing].to_numpy(dtype=object),
            )
            result[missing] = found
            counts["coordinates"] = int(pd.notna(found).sum())
    frame["district_kato"] = pd.Series(result, index=frame.index, dtype=object)
    assigned = sum(counts.values())
    notes.insert(0, Note(
        "districts.load_report",
        f"{assigned} of {len(frame)} rows got a district: {counts['column']} from the district "
        f"column, {counts['settlement']} from the settlement, {counts['coordinates']} from "
        f"coordinates; {len(frame) - assigned} have none.",
        assigned=assigned, total=len(frame), column=counts["column"],
        settlement=counts["settlement"], coordinates=counts["coordinates"],
        none=len(frame) - assigned,
    ))
    return notes
