"""Indicators and the numbers the dashboards, briefings and early warning show.

All SQL lives in ``utils.store``; this module picks indicators, normalises by population or
employment, compares periods and ranks regions with pandas.

Definitions
-----------
* Periods are inclusive month ranges ``start``..``end`` (``YYYY-MM``). The *previous* period
  is the period of the same length immediately before ``start``.
* Flow indicators (appeals, people, repayments, layoffs, incidents) are sums over the months.
* Stock indicators (``arrears_outstanding_kzt``, ``workers_owed``): the value at month ``M`` is
  the sum of ``amount_kzt`` (``workers``) over arrears rows dated in ``M``; for a period it is
  the value at the last month of the period that has any arrears row in the country (the same
  month for every region, so regions add up to the national figure).
* Official statistics (``region_stats``, keys ``stat:<indicator>``) are never mixed with the
  row-level indicators: the value for a period is the latest published value whose period ends
  inside it.
* A region with no row of the indicator's kind in the period has NaN ("no data"), not 0.
* Filters: ``categories`` narrows appeals indicators, ``industries`` (OKED sections) narrows
  arrears indicators; other indicators ignore them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz import utils as fuzz_utils

from utils import store

Filters = Mapping[str, Sequence[str]] | None


@dataclass(frozen=True)
class Indicator:
    """One indicator computed from row-level extracts.

    Attributes
    ----------
    key : registry key, also the column name in the store's frames.
    label_key : message key of its label in ``utils.i18n``.
    unit : unit of the absolute value.
    aggregation : ``sum`` over the months of a period, or ``stock`` at its last month.
    source : extract kind it comes from.
    filter : filter key that narrows it (``categories``/``industries``) or None.
    """

    key: str
    label_key: str
    unit: str
    aggregation: str
    source: str
    filter: str | None


def _indicator(key: str, unit: str, aggregation: str, source: str, filter_: str | None):
    return Indicator(key, f"indicator.{key}", unit, aggregation, source, filter_)


#: The row-level indicators, in the order the dashboards list them.
INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        _indicator("appeals", "appeals", "sum", "appeals", "categories"),
        _indicator("collective_appeals", "appeals", "sum", "appeals", "categories"),
        _indicator("people", "people", "sum", "appeals", "categories"),
        _indicator("arrears_outstanding_kzt", "KZT", "stock", "arrears", "industries"),
        _indicator("workers_owed", "workers", "stock", "arrears", "industries"),
        _indicator("arrears_repaid_kzt", "KZT", "sum", "arrears", "industries"),
        _indicator("workers_repaid", "workers", "sum", "arrears", "industries"),
        _indicator("layoffs", "workers", "sum", "layoffs", None),
        _indicator("unlawful_layoffs", "workers", "sum", "layoffs", None),
        _indicator("incidents", "incidents", "sum", "incidents", None),
        _indicator("incident_participants", "people", "sum", "incidents", None),
    )
}

#: Indicators shown as KPI cards above the map.
KPI_KEYS = (
    "appeals",
    "collective_appeals",
    "people",
    "arrears_outstanding_kzt",
    "workers_owed",
    "arrears_repaid_kzt",
    "workers_repaid",
    "layoffs",
    "incidents",
)

#: Normalisation -> (denominator column of the regions reference, multiplier).
NORMALISATIONS: dict[str, tuple[str | None, float]] = {
    "absolute": (None, 1.0),
    "per_100k": ("population", 100_000.0),
    "per_1k_employed": ("employed", 1_000.0),
}

OFFICIAL_PREFIX = "stat:"
FILTER_KEYS = ("categories", "industries")
TOP_BY = ("arrears", "appeals")

VALUE_COLUMNS = ["code", "value", "previous", "change_pct", "rank"]


# --- periods and validation ----------------------------------------------------------------


def month_range(start: str, end: str) -> list[str]:
    """Return the months ``start``..``end`` inclusive as ``YYYY-MM`` strings."""
    if start > end:
        return []
    return [str(p) for p in pd.period_range(start, end, freq="M")]


def previous_period(start: str, end: str) -> tuple[str, str]:
    """Return the period of the same length that ends the month before ``start``."""
    first, last = pd.Period(start, "M"), pd.Period(end, "M")
    length = last.ordinal - first.ordinal + 1
    return str(first - length), str(first - 1)


def _check_period(start: str, end: str) -> None:
    for value in (start, end):
        try:
            pd.Period(value, "M")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"Invalid month: {value!r}. Months are written YYYY-MM") from exc
    if start > end:
        raise ValueError(f"Invalid period: start {start} is after end {end}")


def get_indicator(key: str) -> Indicator:
    """Return the row-level indicator ``key``; unknown keys raise a ``KeyError`` listing them."""
    try:
        return INDICATORS[key]
    except KeyError:
        valid = ", ".join(INDICATORS)
        raise KeyError(
            f"Invalid indicator: {key!r}. Indicator must be in the set: {valid}, "
            f"or {OFFICIAL_PREFIX}<name> of an official statistic"
        ) from None


def _normalisation(name: str) -> tuple[str | None, float]:
    try:
        return NORMALISATIONS[name]
    except KeyError:
        valid = ", ".join(NORMALISATIONS)
        raise KeyError(
            f"Invalid normalisation: {name!r}. Normalisation must be in the set: {valid}"
        ) from None


def _filters(filters: Filters) -> dict[str, list[str] | None]:
    filters = dict(filters or {})
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        raise KeyError(
            f"Invalid filter: {unknown[0]!r}. Filter must be in the set: {', '.join(FILTER_KEYS)}"
        )
    return {key: (list(filters[key]) if filters.get(key) else None) for key in FILTER_KEYS}


def _reference(engine) -> pd.DataFrame:
    reference = store.region_reference(engine)
    if reference.empty:  # a database whose regions were never loaded
        from geo import load_regions

        reference = load_regions()
    return reference.set_index("code")


def _totals(engine, start: str, end: str, filters: Filters):
    chosen = _filters(filters)
    return store.region_period_totals(
        engine, start, end, categories=chosen["categories"], industries=chosen["industries"]
    )


@dataclass(frozen=True)
class PeriodTotals:
    """Every row-level indicator by region for a period and for the period before it.

    What both the KPI cards and the map read: a page computes it once per period and filters
    and hands it to :func:`national_kpis` and :func:`region_values`, so changing the
    indicator, the normalisation or the map's mode does not read the totals again.
    ``current`` and ``previous`` are :func:`utils.store.region_period_totals` frames;
    ``month`` and ``previous_month`` the months stock indicators are read at.
    """

    current: pd.DataFrame
    month: str | None
    previous: pd.DataFrame
    previous_month: str | None


def period_totals(engine, start: str, end: str, filters: Filters = None) -> PeriodTotals:
    """Return :class:`PeriodTotals` of ``start``..``end`` and the same-length period before."""
    _check_period(start, end)
    current, month = _totals(engine, start, end, filters)
    previous, previous_month = _totals(engine, *previous_period(start, end), filters)
    return PeriodTotals(current, month, previous, previous_month)


def _change_pct(value: pd.Series, previous: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (value - previous) / previous * 100.0
    return change.where(previous > 0)


def _ranked(value: pd.Series) -> pd.Series:
    return value.rank(ascending=False, method="min").astype("Int64")


# --- official statistics --------------------------------------------------------------------


def official_indicators(engine) -> pd.DataFrame:
    """Return the official indicators loaded, one row per indicator, unit, source, granularity.

    Columns: ``key`` (``stat:<indicator>``), ``indicator, unit, source, granularity,
    first_period, last_period, regions``.
    """
    rows = store.official_indicator_rows(engine)
    rows.insert(0, "key", OFFICIAL_PREFIX + rows["indicator"].astype(str))
    return rows


def _official_by_region(engine, indicator: str, start: str, end: str) -> pd.Series:
    first_day = pd.Period(start, "M").start_time.date().isoformat()
    last_day = pd.Period(end, "M").end_time.date().isoformat()
    rows = store.official_values(engine, indicator, first_day, last_day)
    if rows.empty:
        return pd.Series(dtype=float)
    latest = rows.drop_duplicates("region", keep="last").set_index("region")
    return latest["value"].astype(float)


# --- region values and KPIs -----------------------------------------------------------------


def region_values(
    engine,
    indicator: str,
    start: str,
    end: str,
    normalisation: str = "absolute",
    filters: Filters = None,
    *,
    totals: PeriodTotals | None = None,
) -> pd.DataFrame:
    """Return the indicator for all 20 regions: ``code, value, previous, change_pct, rank``.

    ``value`` and ``previous`` (the same-length period just before) are normalised as asked;
    ``change_pct`` is NaN where the previous value is missing or 0; ``rank`` is 1 for the
    highest value (ties share the best rank), missing where the value is NaN. ``totals``,
    when given, must be :func:`period_totals` of the same period and filters.
    """
    _check_period(start, end)
    denominator, factor = _normalisation(normalisation)
    reference = _reference(engine)
    codes = reference.index
    previous_start, previous_end = previous_period(start, end)
    if indicator.startswith(OFFICIAL_PREFIX):
        name = indicator[len(OFFICIAL_PREFIX) :]
        value = _official_by_region(engine, name, start, end)
        previous = _official_by_region(engine, name, previous_start, previous_end)
    else:
        get_indicator(indicator)
        totals = totals if totals is not None else period_totals(engine, start, end, filters)
        value, previous = totals.current[indicator], totals.previous[indicator]
    value = value.reindex(codes).astype(float)
    previous = previous.reindex(codes).astype(float)
    if denominator is not None:
        scale = factor / reference[denominator].astype(float)
        value, previous = value * scale, previous * scale
    frame = pd.DataFrame(
        {
            "code": codes,
            "value": value.to_numpy(),
            "previous": previous.to_numpy(),
        }
    )
    frame["change_pct"] = _change_pct(frame["value"], frame["previous"])
    frame["rank"] = _ranked(frame["value"])
    return frame[VALUE_COLUMNS]


def _national(totals: pd.DataFrame, key: str) -> float | None:
    if key not in totals or totals[key].isna().all():
        return None
    return float(totals[key].sum())


def national_kpis(
    engine, start: str, end: str, filters: Filters = None, *, totals: PeriodTotals | None = None
) -> dict[str, dict]:
    """Return the KPI cards for the period, one per key of :data:`KPI_KEYS`.

    Each card is ``{value, previous, change_pct, unit, label_key, as_of, previous_as_of}``;

    ``value``/``previous`` are None when no row of the kind exists in that period;
    ``as_of`` is the month stock indicators were read at (None for flows). ``totals``, when
    given, must be :func:`period_totals` of the same period and filters.
    """
    totals = totals if totals is not None else period_totals(engine, start, end, filters)
    current, month = totals.current, totals.month
    previous, previous_month = totals.previous, totals.previous_month
    cards = {}
    for key in KPI_KEYS:
        indicator = INDICATORS[key]
        value, before = _national(current, key), _national(previous, key)
        change = (value - before) / before * 100.0 if value is not None and before else None
        cards[key] = {
            "value": value,
            "previous": before,
            "change_pct": change,
            "unit": indicator.unit,
            "label_key": indicator.label_key,
            "as_of": month if indicator.aggregation == "stock" else None,
            "previous_as_of": previous_month if indicator.aggregation == "stock" else None,
        }
    return cards


def monthly_series(
    engine,
    indicator: str,
    start: str,
    end: str,
    region: str | None = None,
    filters: Filters = None,
) -> pd.DataFrame:
    """Return ``month, code, value``: one row per month and region (or only ``region``).

    Months run from the first to the last month in the period where the indicator has any
    data in the country; inside that span a region without rows counts 0. Summing over codes
    gives the national series (stocks included: each month is a month-end value).
    """
    _check_period(start, end)
    columns = ["month", "code", "value"]
    codes = [region] if region is not None else list(_reference(engine).index)
    if indicator.startswith(OFFICIAL_PREFIX):
        first_day = pd.Period(start, "M").start_time.date().isoformat()
        last_day = pd.Period(end, "M").end_time.date().isoformat()
        rows = store.official_values(engine, indicator[len(OFFICIAL_PREFIX) :], first_day, last_day)
        if region is not None:
            rows = rows[rows["region"] == region]
        rows = rows.drop_duplicates(["region", "period_end"], keep="last")
        months = pd.to_datetime(rows["period_end"]).dt.strftime("%Y-%m")
        frame = pd.DataFrame({"month": months, "code": rows["region"], "value": rows["value"]})
        return frame.sort_values(["month", "code"], ignore_index=True)[columns]
    get_indicator(indicator)
    chosen = _filters(filters)
    totals = store.region_month_totals(
        engine,
        start,
        end,
        region=region,
        categories=chosen["categories"],
        industries=chosen["industries"],
    )
    totals = totals[totals[indicator].notna()]
    if totals.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c == "value" else object) for c in columns}
        )
    months = month_range(totals["month"].min(), totals["month"].max())
    grid = pd.MultiIndex.from_product([months, codes], names=["month", "code"])
    values = totals.set_index(["month", "region"])[indicator].astype(float)
    values.index.names = ["month", "code"]
    frame = values.reindex(grid).fillna(0.0).rename("value").reset_index()
    return frame[columns]


def category_mix(engine, start: str, end: str, region: str | None = None) -> pd.DataFrame:
    """Return the appeals of each month by category.

    Columns: ``month, category, appeals, people, collective_appeals, share`` (share of the
    month's appeals, 0..1).
    """
    _check_period(start, end)
    frame = store.category_months(engine, start, end, region)
    totals = frame.groupby("month")["appeals"].transform("sum")
    frame["share"] = (frame["appeals"] / totals).astype(float)
    return frame


def region_profile(
    engine, code: str, start: str, end: str, filters: Filters = None
) -> dict[str, Any]:
    """Return a region's reference facts and, per indicator, its value, change and rank.

    Keys: ``code``, ``name_ru``, ``name_kk``, ``name_en``, ``admin_center``, ``population``,
    ``employed``, ``area_km2``, ``arrears_month`` and ``indicators`` (DataFrame
    ``indicator, value, previous, change_pct, rank, per_100k``).
    """
    _check_period(start, end)
    reference = _reference(engine)
    if code not in reference.index:
        raise KeyError(
            f"Invalid region: {code!r}. Region must be in the set: {', '.join(reference.index)}"
        )
    current, month = _totals(engine, start, end, filters)
    previous = _totals(engine, *previous_period(start, end), filters)[0]
    current = current.reindex(reference.index)
    previous = previous.reindex(reference.index)
    rows = []
    for key in INDICATORS:
        value = current[key]
        rows.append(
            {
                "indicator": key,
                "value": value[code],
                "previous": previous[key][code],
                "change_pct": _change_pct(value, previous[key])[code],
                "rank": _ranked(value)[code],
                "per_100k": value[code] / reference.at[code, "population"] * 100_000.0,
            }
        )
    facts = reference.loc[code]
    return {
        "code": code,
        "name_ru": facts["name_ru"],
        "name_kk": facts["name_kk"],
        "name_en": facts["name_en"],
        "admin_center": facts["admin_center"],
        "population": float(facts["population"]),
        "employed": float(facts["employed"]) if pd.notna(facts["employed"]) else None,
        "area_km2": float(facts["area_km2"]) if pd.notna(facts["area_km2"]) else None,
        "arrears_month": month,
        "indicators": pd.DataFrame(rows),
    }


# --- enterprises ----------------------------------------------------------------------------

TOP_COLUMNS = [
    "bin",
    "name",
    "region",
    "industry",
    "arrears_kzt",
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
        top = arrears.sort_values(["arrears_kzt", "bin"], ascending=[False, True]).head(limit)
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
            arrears = arrears.groupby("bin")[["arrears_kzt", "workers_owed"]].sum().reset_index()
            merged = merged.merge(arrears, on="bin", how="left")
    merged = merged.reindex(columns=TOP_COLUMNS)
    for column in ("appeals", "collective_appeals", "people"):
        merged[column] = merged[column].astype("float64").fillna(0).astype("int64")
    for column in ("arrears_kzt", "workers_owed"):
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


POINT_COLUMNS = ["bin", "name", "region", "lat", "lon", "arrears_kzt", "workers_owed"]


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
    points = points.sort_values("arrears_kzt", ascending=False, ignore_index=True)
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
    ``latest_arrears_kzt``, ``latest_workers_owed``, ``latest_arrears_month``.
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
            "latest_arrears_kzt": float(arrears["arrears_kzt"].iloc[-1]) if len(arrears) else None,
            "latest_workers_owed": float(arrears["workers_owed"].iloc[-1])
            if len(arrears)
            else None,
        }
    )
    return record


TIMELINE_COLUMNS = [
    "month",
    "arrears_kzt",
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
    stocks = ["arrears_kzt", "workers_owed", "overdue_months"]
    counts = [c for c in joined.columns if c not in stocks]
    joined[counts] = joined[counts].fillna(0)
    return joined.astype(float).reset_index()


# --- data quality and the early-warning panels ----------------------------------------------


def month_bounds(engine) -> tuple[str | None, str | None]:
    """Return the first and last month with any row-level data, or ``(None, None)``."""
    return store.month_bounds(engine)


def coverage(engine) -> pd.DataFrame:
    """Return ``month, region, kind, rows`` for the data-quality panel."""
    return store.coverage(engine)


PANEL_COLUMNS = [
    "code",
    "month",
    "appeals",
    "collective_appeals",
    "people",
    "arrears_kzt",
    "workers_owed",
    "repaid_kzt",
    "workers_repaid",
    "layoffs",
    "incidents",
    "population",
    "employed",
]

_PANEL_SOURCES = {
    "appeals": "appeals",
    "collective_appeals": "collective_appeals",
    "people": "people",
    "arrears_kzt": "arrears_outstanding_kzt",
    "workers_owed": "workers_owed",
    "repaid_kzt": "arrears_repaid_kzt",
    "workers_repaid": "workers_repaid",
    "layoffs": "layoffs",
    "incidents": "incidents",
}


def region_month_panel(engine, as_of: str | None = None) -> pd.DataFrame:
    """Return the region-month panel of the early warning, one row per (code, month).

    All 20 codes and every month from the first month with data up to ``as_of`` (default:
    the last month with data); zeros where no data.

    Nothing dated after ``as_of`` is read. Columns: :data:`PANEL_COLUMNS`.
    """
    first, last = store.month_bounds(engine)
    end = as_of or last
    if first is None or end is None or end < first:
        return pd.DataFrame(columns=PANEL_COLUMNS)
    reference = _reference(engine)
    totals = store.region_month_totals(engine, None, end).set_index(["month", "region"])
    grid = pd.MultiIndex.from_product(
        [list(reference.index), month_range(first, end)], names=["code", "month"]
    )
    totals.index = totals.index.swaplevel()
    totals.index.names = ["code", "month"]
    panel = pd.DataFrame(index=grid)
    for column, source in _PANEL_SOURCES.items():
        panel[column] = totals[source].reindex(grid).fillna(0.0).to_numpy()
    panel = panel.reset_index()
    panel["population"] = panel["code"].map(reference["population"]).astype(float)
    panel["employed"] = panel["code"].map(reference["employed"]).astype(float)
    return panel[PANEL_COLUMNS]


ENTERPRISE_PANEL_COLUMNS = [
    "bin",
    "name",
    "region",
    "industry",
    "month",
    "arrears_kzt",
    "workers_owed",
    "overdue_months",
    "appeals",
    "collective_appeals",
    "people",
    "layoffs",
    "incidents",
]


def enterprise_month_panel(engine, as_of: str | None = None) -> pd.DataFrame:
    """Return one row per (bin, month up to ``as_of``) where the enterprise has any record.

    Columns: :data:`ENTERPRISE_PANEL_COLUMNS`; zeros where a kind has no row that month;
    name, region and industry from the enterprise's current record.
    """
    months = store.enterprise_months(engine, as_of=as_of, by_category=False)
    appeals = months["appeals"]
    pieces = [
        months["arrears"].drop(columns=["repaid_kzt", "workers_repaid"]),
        appeals,
        months["layoffs"].drop(columns=["unlawful_layoffs"]),
        months["incidents"].drop(columns=["incident_participants"]),
    ]
    pieces = [p.set_index(["bin", "month"]) for p in pieces if not p.empty]
    if not pieces:
        return pd.DataFrame(columns=ENTERPRISE_PANEL_COLUMNS)
    panel = pd.concat(pieces, axis=1)
    numeric = [c for c in ENTERPRISE_PANEL_COLUMNS[5:]]
    panel = panel.reindex(columns=numeric).fillna(0.0).astype(float).reset_index()
    records = store.enterprise_records(engine).set_index("bin")
    for column in ("name", "region", "industry"):
        panel[column] = panel["bin"].map(records[column])
    return panel[ENTERPRISE_PANEL_COLUMNS].sort_values(["bin", "month"], ignore_index=True)


def enterprise_score_records(
    engine,
    as_of: str,
    *,
    active_since: str | None,
    arrears_months: Sequence[str],
    flows_since: Mapping[str, str],
) -> dict[str, pd.DataFrame]:
    """Return the records the watchlist's risk score reads at ``as_of``, and no others.

    See ``utils.store.queries.enterprise_score_records``: the BINs with any record since
    ``active_since`` (not read when it is None), the arrears of ``arrears_months`` and the
    appeals, layoffs and incidents per month since ``flows_since[kind]``. Numbers come back
    as floats.
    """
    records = store.enterprise_score_records(
        engine,
        as_of,
        active_since=active_since,
        arrears_months=arrears_months,
        flows_since=flows_since,
    )
    for name, frame in records.items():
        if name != "bins":
            numbers = [c for c in frame.columns if c not in ("bin", "month")]
            records[name] = frame.astype({c: float for c in numbers})
    return records
