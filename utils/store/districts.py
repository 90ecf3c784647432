"""Named reads by district (the 9-digit KATO a row got at load) within one region.

The rules of the numbers are those of :mod:`utils.store.queries`: flows are summed over the
months, arrears outstanding and workers owed are read at the period's arrears month (the same
month as for the regions, so districts add up to their region's figure where every row has a
district). Appeals come from ``appeals_district_month``; arrears and incidents from their
fact tables through their (month, region) indexes. Layoffs name no place and have no district.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlalchemy as sa

from utils.store import schema
from utils.store.engine import Bind, reading
from utils.store.queries import REGION_INDICATORS, _filtered, _frame, arrears_month

#: District flows: indicator -> (table, summed column or None to count rows, filter column).
DISTRICT_FLOWS: dict[str, tuple[sa.Table, str | None, str | None]] = {
    "appeals": (schema.appeals_district_month, "appeals", "category"),
    "collective_appeals": (schema.appeals_district_month, "collective_appeals", "category"),
    "people": (schema.appeals_district_month, "people", "category"),
    "arrears_repaid_kzt": (schema.arrears, "repaid_kzt", "industry"),
    "workers_repaid": (schema.arrears, "workers_repaid", "industry"),
    "incidents": (schema.incidents, None, None),
    "incident_participants": (schema.incidents, "participants", None),
}
#: District stocks: indicator -> column of ``arrears`` summed at the arrears month.
DISTRICT_STOCKS: dict[str, str] = {
    "arrears_outstanding_kzt": "amount_kzt",
    "workers_owed": "workers",
}
DISTRICT_INDICATORS = [*DISTRICT_FLOWS, *DISTRICT_STOCKS]


def _measure(table: sa.Table, column: str | None, name: str):
    if column is None:
        return sa.func.count().label(name)
    return sa.func.coalesce(sa.func.sum(table.c[column]), 0).label(name)


def district_period_totals(
    bind: Bind,
    region: str,
    start: str,
    end: str,
    *,
    categories: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return the district indicators of ``region`` for the months ``start``..``end``.

    Indexed by ``district_kato`` (only districts with some row), one column per name of
    :data:`utils.store.queries.REGION_INDICATORS`; NaN where the district has no row of
    that kind, and for layoffs, which have no district. ``indicators`` limits the reads to
    the tables those indicators come from (the others stay NaN).
    """
    wanted = set(DISTRICT_INDICATORS if indicators is None else indicators)
    groups: dict[sa.Table, list[str]] = {}
    for name, (table, _column, _filter) in DISTRICT_FLOWS.items():
        if name in wanted:
            groups.setdefault(table, []).append(name)
    filters = {"category": categories, "industry": industries}
    pieces = []
    with reading(bind) as connection:
        for table, names in groups.items():
            filter_column = DISTRICT_FLOWS[names[0]][2]
            query = sa.select(
                table.c.district_kato,
                *[_measure(table, DISTRICT_FLOWS[n][1], n) for n in names],
            ).where(
                table.c.region == region,
                table.c.month.between(start, end),
                table.c.district_kato.is_not(None),
            )
            query = _filtered(query, table, filter_column, filters.get(filter_column or ""))
            pieces.append(_frame(connection, query.group_by(table.c.district_kato)))
        month = (arrears_month(connection, start, end, industries)
                 if wanted & set(DISTRICT_STOCKS) else None)
        if month is not None:
            table = schema.arrears
            query = sa.select(
                table.c.district_kato,
                *[_measure(table, c, n) for n, c in DISTRICT_STOCKS.items()],
            ).where(
                table.c.region == region, table.c.month == month,
                table.c.district_kato.is_not(None),
            )
            query = _filtered(query, table, "industry", industries)
            pieces.append(_frame(connection, query.group_by(table.c.district_kato)))
    found = [piece.set_index("district_kato").astype(float) for piece in pieces
             if not piece.empty]
    merged = pd.concat(found, axis=1, sort=True) if found else pd.DataFrame(dtype=float)
    merged.index.name = "district_kato"
    return merged.reindex(columns=REGION_INDICATORS).astype(float)


def district_enterprise_counts(bind: Bind, region: str) -> pd.Series:
    """Return the number of enterprises of the registry in each district of ``region``.

    An enterprise counts once (by BIN, else by name) in the district its registry row places
    it in; indexed by ``district_kato``.
    """
    table = schema.enterprises
    key = sa.func.coalesce(table.c.bin, table.c.name)
    query = (
        sa.select(table.c.district_kato, sa.func.count(sa.distinct(key)).label("enterprises"))
        .where(table.c.region == region, table.c.district_kato.is_not(None))
        .group_by(table.c.district_kato)
    )
    with reading(bind) as connection:
        frame = _frame(connection, query)
    if frame.empty:
        return pd.Series(dtype=float, name="enterprises")
    return frame.set_index("district_kato")["enterprises"].astype(float)


def district_population(bind: Bind, region: str) -> pd.Series:
    """Return the latest loaded population of each district of ``region``, by KATO.

    Read from ``region_stats`` rows whose indicator is ``population`` and that carry a
    district; empty when no district population is loaded.
    """
    table = schema.region_stats
    query = (
        sa.select(table.c.district_kato, table.c.value, table.c.period_end)
        .where(table.c.region == region, table.c.district_kato.is_not(None),
               table.c.indicator == "population", table.c.value.is_not(None))
        .order_by(table.c.period_end)
    )
    with reading(bind) as connection:
        frame = _frame(connection, query)
    if frame.empty:
        return pd.Series(dtype=float, name="population")
    return frame.groupby("district_kato")["value"].last().astype(float).rename("population")
