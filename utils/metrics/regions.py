"""One indicator region by region: the map's values, monthly series, category mix, profiles.

Values are normalised by the regions reference (population, employment), compared with the
previous period and ranked among the 20 regions; a region with no row of the indicator's kind
in the period has NaN ("no data"), not 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from utils import store
from utils.metrics.cases import case_values
from utils.metrics.indicators import (
    INDICATORS,
    OFFICIAL_PREFIX,
    Filters,
    _filters,
    _normalisation,
    get_indicator,
    is_case_indicator,
)
from utils.metrics.official import _official_by_region, series_granularity
from utils.metrics.periods import _check_period
from utils.metrics.totals import PeriodTotals, period_totals
from utils.months import month_range, previous_period

VALUE_COLUMNS = ["code", "value", "previous", "change_pct", "rank"]


def _reference(engine) -> pd.DataFrame:
    return store.region_reference(engine).set_index("code")


def _change_pct(value: pd.Series, previous: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (value - previous) / previous * 100.0
    return change.where(previous > 0)


def _ranked(value: pd.Series) -> pd.Series:
    return value.rank(ascending=False, method="min").astype("Int64")


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
    when given, must be :func:`period_totals` of the same period and filters; a case
    indicator (``case:<name>``) is read from the cases, and filters leave it as it is.
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
    elif is_case_indicator(indicator):
        value = case_values(engine, indicator, start, end, codes)
        previous = case_values(engine, indicator, previous_start, previous_end, codes)
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
        rows = rows[rows["granularity"] == series_granularity(rows)]
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


def monthly_region_values(
    engine,
    indicator: str,
    start: str,
    end: str,
    normalisation: str = "absolute",
    filters: Filters = None,
) -> pd.DataFrame:
    """Return ``month, code, value``: the indicator of every region in every month of the period.

    What the map's playback steps through: all 20 regions times every month from ``start``
    to ``end``, each value normalised as asked (per 100 000 residents, per 1 000 employed).
    As in :func:`monthly_series`, a region without rows in a month that has data elsewhere
    counts 0; a month where the indicator has no data anywhere is NaN ("no data").
    """
    denominator, factor = _normalisation(normalisation)
    series = monthly_series(engine, indicator, start, end, None, filters)
    reference = _reference(engine)
    grid = pd.MultiIndex.from_product([month_range(start, end), list(reference.index)],
                                      names=["month", "code"])
    values = series.set_index(["month", "code"])["value"].astype(float).reindex(grid)
    if denominator is not None:
        scale = factor / reference[denominator].astype(float)
        values = values * scale.reindex(grid.get_level_values("code")).to_numpy()
    return values.rename("value").reset_index()[["month", "code", "value"]]


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
    engine, code: str, start: str, end: str, filters: Filters = None, *,
    totals: PeriodTotals | None = None,
) -> dict[str, Any]:
    """Return a region's reference facts and, per indicator, its value, change and rank.

    Keys: ``code``, ``name_ru``, ``name_kk``, ``name_en``, ``admin_center``, ``population``,
    ``employed``, ``area_km2``, ``arrears_month`` and ``indicators`` (DataFrame
    ``indicator, value, previous, change_pct, rank, per_100k``). ``totals``, when given, must
    be :func:`utils.metrics.totals.period_totals` of the same period and filters: the page
    reads them once for its profile, its map and the home map's cards.
    """
    _check_period(start, end)
    reference = _reference(engine)
    if code not in reference.index:
        raise KeyError(
            f"Invalid region: {code!r}. Region must be in the set: {', '.join(reference.index)}"
        )
    if totals is None:
        totals = period_totals(engine, start, end, filters)
    current, month = totals.current, totals.month
    previous = totals.previous
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
