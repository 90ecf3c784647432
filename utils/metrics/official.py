"""Official statistics (``region_stats``): which are loaded, and their value by region.

They are never mixed with the row-level indicators: their keys are ``stat:<indicator>``
(:data:`utils.metrics.indicators.OFFICIAL_PREFIX`), and the value for a period is the latest
published value whose period ends inside it, among the values of the granularity that
matches the period (:func:`matching_granularity`).
"""

from __future__ import annotations

import pandas as pd

from utils import store
from utils.metrics.indicators import OFFICIAL_PREFIX


def official_indicators(engine) -> pd.DataFrame:
    """Return the official indicators loaded, one row per indicator, unit, source, granularity.

    Columns: ``key`` (``stat:<indicator>``), ``indicator, unit, source, granularity,
    first_period, last_period, regions``.
    """
    rows = store.official_indicator_rows(engine)
    rows.insert(0, "key", OFFICIAL_PREFIX + rows["indicator"].astype(str))
    return rows


#: Granularities in the order one is chosen when none matches the months exactly.
GRANULARITY_PREFERENCE = ("year", "quarter", "month", "cumulative")


def matching_granularity(rows: pd.DataFrame, first_day: str, last_day: str) -> str | None:
    """Return the granularity of official values that matches the chosen days.

    Values whose period is exactly the chosen months come first (a quarter for a quarter,
    a year for a year, «январь–март» for January to March); else those whose period lies
    inside the months, else any that end in them, the coarsest first. An annual figure
    never stands for a quarter beside quarterly ones, nor the reverse.
    """
    if rows.empty:
        return None
    starts = pd.to_datetime(rows["period_start"])
    ends = pd.to_datetime(rows["period_end"])
    exact = rows["granularity"][(starts == pd.Timestamp(first_day))
                                & (ends == pd.Timestamp(last_day))]
    inside = rows["granularity"][starts >= pd.Timestamp(first_day)]
    pool = set(exact) or set(inside) or set(rows["granularity"])
    return next((g for g in GRANULARITY_PREFERENCE if g in pool), min(pool))


#: Granularities in the order a time series takes one: the most points first.
SERIES_PREFERENCE = ("month", "quarter", "year", "cumulative")


def series_granularity(rows: pd.DataFrame) -> str | None:
    """Return the one granularity a time series of official values is drawn in.

    A series never mixes granularities: a year and its fourth quarter end on the same day,
    and «январь–март» with March; the finest published one is drawn.
    """
    if rows.empty:
        return None
    pool = set(rows["granularity"])
    return next((g for g in SERIES_PREFERENCE if g in pool), min(pool))


def period_ending(month: str, granularity: str) -> str:
    """Return the label of the published period of ``granularity`` that ends in ``month``.

    A series of official values is keyed by the last month of each period
    (:func:`utils.metrics.monthly_series`); ``2025-06`` is ``2025-Q2`` for quarters,
    ``2025-01..06`` from January, ``2025`` for a year ending in December, and itself for
    months, so a card can name the period as published («II квартал 2025»).
    """
    year, number = month[:4], int(month[5:7])
    if granularity == "quarter" and number % 3 == 0:
        return f"{year}-Q{number // 3}"
    if granularity == "year" and number == 12:
        return year
    if granularity == "cumulative" and number > 1:
        return f"{year}-01..{number:02d}"
    return month


def _official_rows(engine, indicator: str, start: str, end: str) -> tuple[pd.DataFrame, str]:
    first_day = pd.Period(start, "M").start_time.date().isoformat()
    last_day = pd.Period(end, "M").end_time.date().isoformat()
    rows = store.official_values(engine, indicator, first_day, last_day)
    granularity = matching_granularity(rows, first_day, last_day)
    return rows[rows["granularity"] == granularity], granularity


def official_granularity(engine, indicator: str, start: str, end: str,
                         series: bool = False) -> str | None:
    """Return the granularity of the official values shown for months ``start``…``end``.

    With ``series`` that of the time series over the months (:func:`series_granularity`),
    else that of the values by region (:func:`matching_granularity`).
    """
    if series:
        first_day = pd.Period(start, "M").start_time.date().isoformat()
        last_day = pd.Period(end, "M").end_time.date().isoformat()
        return series_granularity(store.official_values(engine, indicator, first_day, last_day))
    return _official_rows(engine, indicator, start, end)[1]


def official_periods(engine, indicator: str, start: str, end: str) -> list[str]:
    """Return the labels of the periods whose values the regions show for ``start``…``end``.

    Each region shows its latest value of the matching granularity; usually that is one
    period for all (``["2025-Q2"]``), else the periods from the earliest to the latest, in
    calendar order, so a caption can say which.
    """
    rows, _ = _official_rows(engine, indicator, start, end)
    latest = rows.drop_duplicates("region", keep="last")
    return list(dict.fromkeys(latest.sort_values("period_end", kind="stable")["period"]))


def _official_by_region(engine, indicator: str, start: str, end: str) -> pd.Series:
    rows, _ = _official_rows(engine, indicator, start, end)
    if rows.empty:
        return pd.Series(dtype=float)
    latest = rows.drop_duplicates("region", keep="last").set_index("region")
    return latest["value"].astype(float)
