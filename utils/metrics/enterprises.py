"""Enterprises: the leaders of a period, the map's points, search, profile and timeline.

An enterprise is known by its BIN; its name, region, industry and coordinates come from its
current record in the store. The incidents of a period are listed here too, for a region or
for one enterprise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz import utils as fuzz_utils

from utils import store
from utils.metrics.periods import _check_period
from utils.months import month_range

#: What :func:`top_enterprises` ranks by.
TOP_BY = ("arrears", "appeals")

TOP_COLUMNS = [
    "bin",
    "name",
    "region",
    "industry",
    "arrears_outstanding_kzt",
    "workers_owed",
    "appeals",
    "collective_appeals",
    "people",
]


def top_enterprises(
    engine,
    code: str | None,
    start: str,
    end: str,
    by: str = "arrears",
    limit: int = 10,
) -> pd.DataFrame:
    """Return the enterprises of region ``code`` (None: the country) that lead ``by``.

    ``arrears``: most arrears outstanding at the period's arrears month; ``appeals``: most
    appeals in the period. At most ``limit`` rows.

    Columns: :data:`TOP_COLUMNS`; enterprises without an appeal have 0 appeals, those without
    arrears at that month have NaN arrears.
    """
    _check_period(start, end)
    if by not in TOP_BY:
        raise KeyError(f"Invalid ranking: {by!r}. Ranking must be in the set: {', '.join(TOP_BY)}")
    month = store.arrears_month(engine, start, end)
    if by == "arrears":
        if month is None:
            return pd.DataFrame(columns=TOP_COLUMNS)
        arrears = store.enterprise_arrears_at(engine, month, region=code)
        top = arrears.sort_values(["arrears_outstanding_kzt", "bin"], ascending=[False, True])
        top = top.head(limit)
        bins = [b for b in top["bin"] if b is not None]
        appeals = store.enterprise_appeals_in(engine, start, end, bins=bins)
        merged = top.merge(appeals.drop(columns="region"), on="bin", how="left")
    else:
        appeals = store.enterprise_appeals_in(engine, start, end, region=code, limit=limit)
        bins = list(appeals["bin"])
        records = store.enterprise_records(engine, bins)[["bin", "name", "region", "industry"]]
        merged = appeals.merge(records, on="bin", how="left", suffixes=("_appeals", ""))
        merged["region"] = merged["region"].fillna(merged.pop("region_appeals"))
        if month is not None and bins:
            arrears = store.enterprise_arrears_at(engine, month, bins=bins)
            arrears = arrears.groupby("bin")[["arrears_outstanding_kzt", "workers_owed"]].sum()
            arrears = arrears.reset_index()
            merged = merged.merge(arrears, on="bin", how="left")
    merged = merged.reindex(columns=TOP_COLUMNS)
    for column in ("appeals", "collective_appeals", "people"):
        merged[column] = merged[column].astype("float64").fillna(0).astype("int64")
    for column in ("arrears_outstanding_kzt", "workers_owed"):
        merged[column] = merged[column].astype(float)
    return merged.reset_index(drop=True)


def incidents_list(
    engine,
    start: str,
    end: str,
    region: str | None = None,
    enterprise_bin: str | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """Return incidents of the period, newest first (see ``store.INCIDENT_COLUMNS``)."""
    _check_period(start, end)
    return store.incident_rows(
        engine, start, end, region=region, enterprise_bin=enterprise_bin, limit=limit
    )


POINT_COLUMNS = ["bin", "name", "region", "lat", "lon", "arrears_outstanding_kzt", "workers_owed"]


def enterprise_points(engine, start: str, end: str, region: str | None = None) -> pd.DataFrame:
    """Return enterprises with arrears at the period's arrears month, with coordinates.

    Coordinates come from the arrears rows, else from the enterprise's current record; an
    enterprise with neither is left out. Columns: :data:`POINT_COLUMNS`.
    """
    _check_period(start, end)
    month = store.arrears_month(engine, start, end)
    if month is None:
        return pd.DataFrame(columns=POINT_COLUMNS)
    points = store.enterprise_arrears_at(engine, month, region=region)
    missing = points["lat"].isna() | points["lon"].isna()
    if missing.any():
        bins = [b for b in points.loc[missing, "bin"] if b is not None]
        records = store.enterprise_records(engine, bins).set_index("bin")
        points.loc[missing, "lat"] = points.loc[missing, "bin"].map(records["lat"])
        points.loc[missing, "lon"] = points.loc[missing, "bin"].map(records["lon"])
    points = points.dropna(subset=["lat", "lon"])
    points = points.sort_values("arrears_outstanding_kzt", ascending=False, ignore_index=True)
    return points[POINT_COLUMNS].astype({"lat": float, "lon": float})


SEARCH_COLUMNS = ["bin", "name", "region", "score"]


def search_enterprises(engine, text: str, limit: int = 20) -> pd.DataFrame:
    """Find enterprises by BIN prefix (digits) or by name, tolerating typos.

    Returns ``bin, name, region, score`` (100 for a BIN match), best first, one row per
    enterprise.
    """
    text = (text or "").strip()
    if not text:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    if text.isdigit():
        found = store.enterprise_bins_with_prefix(engine, text, limit)
        return found.assign(score=100.0)[SEARCH_COLUMNS]
    names = store.enterprise_name_rows(engine)
    if names.empty:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    distinct = names["name"].drop_duplicates().tolist()
    matches = process.extract(
        text,
        distinct,
        scorer=fuzz.WRatio,
        processor=fuzz_utils.default_process,
        limit=limit * 3,
        score_cutoff=60,
    )
    if not matches:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    scores = pd.DataFrame([(name, score) for name, score, _ in matches], columns=["name", "score"])
    found = names.merge(scores, on="name").sort_values(
        ["score", "name"], ascending=[False, True], kind="stable"
    )
    with_bin = found[found["bin"].notna()].drop_duplicates("bin")
    found = pd.concat([with_bin, found[found["bin"].isna()]]).sort_values(
        ["score", "name"], ascending=[False, True], kind="stable"
    )
    return found.head(limit).reset_index(drop=True)[SEARCH_COLUMNS]


def enterprise_profile(engine, bin: str) -> dict[str, Any] | None:
    """Return an enterprise's current record and totals, or None when the BIN is unknown.

    Keys: ``bin, name, region, industry, settlement, lat, lon, headcount, source`` (registry
    or extracts), ``first_month``, ``last_month``, ``appeals``, ``layoffs``, ``incidents``,
    ``latest_arrears_outstanding_kzt``, ``latest_workers_owed``, ``latest_arrears_month``.
    """
    records = store.enterprise_records(engine, [bin])
    if records.empty:
        return None
    record = {
        k: (None if isinstance(v, float) and np.isnan(v) else v)
        for k, v in records.iloc[0].to_dict().items()
    }
    months = store.enterprise_months(engine, bin=bin)
    all_months = sorted(set().union(*(set(f["month"]) for f in months.values())))
    arrears = months["arrears"].sort_values("month")
    record.update(
        {
            "first_month": all_months[0] if all_months else None,
            "last_month": all_months[-1] if all_months else None,
            "appeals": int(months["appeals"]["appeals"].sum()),
            "layoffs": int(months["layoffs"]["layoffs"].sum()),
            "incidents": int(months["incidents"]["incidents"].sum()),
            "latest_arrears_month": arrears["month"].iloc[-1] if len(arrears) else None,
            "latest_arrears_outstanding_kzt": float(arrears["arrears_outstanding_kzt"].iloc[-1])
            if len(arrears)
            else None,
            "latest_workers_owed": float(arrears["workers_owed"].iloc[-1])
            if len(arrears)
            else None,
        }
    )
    return record


TIMELINE_COLUMNS = [
    "month",
    "arrears_outstanding_kzt",
    "workers_owed",
    "repaid_kzt",
    "workers_repaid",
    "overdue_months",
    "appeals",
    "collective_appeals",
    "people",
    "layoffs",
    "unlawful_layoffs",
    "incidents",
    "incident_participants",
]


def enterprise_timeline(engine, bin: str) -> pd.DataFrame:
    """Return one row per month from the enterprise's first to last record.

    Columns: :data:`TIMELINE_COLUMNS` plus ``appeals_<category>`` for each category seen.
    Arrears columns are NaN in months without an arrears report; counts are 0.
    """
    months = store.enterprise_months(engine, bin=bin)
    frames = []
    arrears = months["arrears"].drop(columns="bin").set_index("month")
    frames.append(arrears)
    appeals = months["appeals"]
    if not appeals.empty:
        frames.append(appeals.groupby("month")[["appeals", "collective_appeals", "people"]].sum())
        by_category = appeals.pivot_table(
            index="month", columns="category", values="appeals", aggfunc="sum"
        )
        frames.append(by_category.add_prefix("appeals_"))
    for key in ("layoffs", "incidents"):
        frames.append(months[key].drop(columns="bin").set_index("month"))
    present = [f for f in frames if not f.empty]
    if not present:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    joined = pd.concat(present, axis=1)
    span = month_range(joined.index.min(), joined.index.max())
    joined = joined.reindex(span)
    joined.index.name = "month"
    extra = sorted(c for c in joined.columns if c.startswith("appeals_"))
    joined = joined.reindex(columns=TIMELINE_COLUMNS[1:] + extra)
    stocks = ["arrears_outstanding_kzt", "workers_owed", "overdue_months"]
    counts = [c for c in joined.columns if c not in stocks]
    joined[counts] = joined[counts].fillna(0)
    return joined.astype(float).reset_index()
