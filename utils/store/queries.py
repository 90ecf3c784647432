"""Named read queries for the dashboards and the early warning. Import via ``utils.store``.

Region-level questions are answered from the monthly aggregates kept at load time, so their
cost does not grow with the number of appeals; enterprise-level ones read the indexed fact
tables. Every function returns a DataFrame (possibly empty, never None) with fixed columns.

Rules of the numbers (the dashboards and the briefings say the same):

* flows (appeals, people, repayments, layoffs, incidents) are summed over the months;
* arrears outstanding and workers owed are stocks: the value at month ``M`` is the sum of
  ``amount_kzt`` (``workers``) of the arrears rows dated in ``M``; for a period it is the
  value at the period's last month that has any arrears row (``arrears_month``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import sqlalchemy as sa

from geo.reference import load_regions
from utils.store import schema
from utils.store.engine import Bind, reading

#: Region-level flow indicators: name -> (aggregate table, summed column, filter column).
REGION_FLOWS: dict[str, tuple[sa.Table, str, str | None]] = {
    "appeals": (schema.appeals_region_month, "appeals", "category"),
    "collective_appeals": (schema.appeals_region_month, "collective_appeals", "category"),
    "people": (schema.appeals_region_month, "people", "category"),
    "arrears_repaid_kzt": (schema.arrears_region_month, "repaid_kzt", "industry"),
    "workers_repaid": (schema.arrears_region_month, "workers_repaid", "industry"),
    "layoffs": (schema.layoffs_region_month, "workers", None),
    "unlawful_layoffs": (schema.layoffs_region_month, "unlawful_workers", None),
    "incidents": (schema.incidents_region_month, "incidents", None),
    "incident_participants": (schema.incidents_region_month, "participants", None),
}

#: Region-level stock indicators (value at a month): name -> column of arrears_region_month.
REGION_STOCKS: dict[str, str] = {
    "arrears_outstanding_kzt": "amount_kzt",
    "workers_owed": "workers",
}

REGION_INDICATORS = [*REGION_FLOWS, *REGION_STOCKS]


def _frame(connection: sa.Connection, query: sa.Select) -> pd.DataFrame:
    """Run ``query`` on the driver's cursor and return its rows as a DataFrame.

    Panels of a few hundred thousand rows are read here; SQLAlchemy's per-row result
    processing would cost more than the query. Dates come back as the driver gives them.
    """
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        columns = [column[0] for column in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns, coerce_float=True)
    finally:
        cursor.close()


def _filtered(query, table: sa.Table, column: str | None, values: Sequence[str] | None):
    if column is None or not values:
        return query
    return query.where(table.c[column].in_(list(values)))


def _filter_values(column: str | None, categories, industries):
    return {"category": categories, "industry": industries}.get(column or "", None)


def arrears_month(
    bind: Bind, start: str, end: str, industries: Sequence[str] | None = None
) -> str | None:
    """Return the last month in ``[start, end]`` with any arrears row (None if there is none)."""
    table = schema.arrears_region_month
    query = sa.select(sa.func.max(table.c.month)).where(table.c.month.between(start, end))
    query = _filtered(query, table, "industry", industries)
    with reading(bind) as connection:
        return connection.execute(query).scalar()


def region_period_totals(
    bind: Bind,
    start: str,
    end: str,
    *,
    categories: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, str | None]:
    """Return every region-level indicator for the months ``start``..``end`` and the arrears month.

    The frame is indexed by region code (only regions with some row) with one column per
    name of :data:`REGION_INDICATORS`; NaN means the region has no row of that kind.
    """
    groups: dict[sa.Table, list[str]] = {}
    for name, (table, _column, _filter) in REGION_FLOWS.items():
        groups.setdefault(table, []).append(name)
    pieces = []
    with reading(bind) as connection:
        for table, names in groups.items():
            filter_column = REGION_FLOWS[names[0]][2]
            query = sa.select(
                table.c.region,
                *[sa.func.sum(table.c[REGION_FLOWS[n][1]]).label(n) for n in names],
            ).where(table.c.month.between(start, end))
            query = _filtered(
                query, table, filter_column, _filter_values(filter_column, categories, industries)
            )
            pieces.append(_frame(connection, query.group_by(table.c.region)))
        month = arrears_month(connection, start, end, industries)
        if month is not None:
            table = schema.arrears_region_month
            query = sa.select(
                table.c.region,
                *[sa.func.sum(table.c[c]).label(n) for n, c in REGION_STOCKS.items()],
            ).where(table.c.month == month)
            query = _filtered(query, table, "industry", industries)
            pieces.append(_frame(connection, query.group_by(table.c.region)))
    # Each table gives other columns: one outer join of all of them (not a join per table).
    found = [piece.set_index("region").astype(float) for piece in pieces if not piece.empty]
    if found:
        merged = pd.concat(found, axis=1, sort=True)
    else:
        merged = pd.DataFrame(columns=REGION_INDICATORS, dtype=float)
    merged.index.name = "region"
    return merged.reindex(columns=REGION_INDICATORS).astype(float), month


def region_month_totals(
    bind: Bind,
    start: str | None,
    end: str | None,
    *,
    region: str | None = None,
    categories: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return one row per (month, region) with data: ``month, region`` + every indicator.

    Stocks here are the values at each month. Months are bounded by ``start``/``end`` when
    given. Indicators without rows in a (month, region) are NaN.
    """
    tables: dict[sa.Table, list[tuple[str, str]]] = {}
    for name, (table, column, _filter) in REGION_FLOWS.items():
        tables.setdefault(table, []).append((name, column))
    for name, column in REGION_STOCKS.items():
        tables[schema.arrears_region_month].append((name, column))
    merged = None
    with reading(bind) as connection:
        for table, pairs in tables.items():
            query = sa.select(
                table.c.month,
                table.c.region,
                *[sa.func.sum(table.c[column]).label(name) for name, column in pairs],
            )
            if start is not None:
                query = query.where(table.c.month >= start)
            if end is not None:
                query = query.where(table.c.month <= end)
            if region is not None:
                query = query.where(table.c.region == region)
            filter_column = REGION_FLOWS[pairs[0][0]][2]
            query = _filtered(
                query, table, filter_column, _filter_values(filter_column, categories, industries)
            )
            piece = _frame(connection, query.group_by(table.c.month, table.c.region))
            piece = piece.set_index(["month", "region"]).astype(float)
            merged = piece if merged is None else merged.join(piece, how="outer")
    result = merged.reindex(columns=REGION_INDICATORS).reset_index()
    return result.sort_values(["month", "region"], ignore_index=True)


def region_reference(bind: Bind) -> pd.DataFrame:
    """Return the reference rows of the 20 units, ordered by code.

    The rows stored with the data are read; a database whose reference was never loaded (an
    empty file, a database created by another tool) gets the packaged reference instead, so
    names, population and employment are never missing from a screen.
    """
    with reading(bind) as connection:
        query = sa.select(schema.regions).order_by(schema.regions.c.code)
        stored = _frame(connection, query)
    if stored.empty:
        return load_regions().sort_values("code", ignore_index=True)
    return stored


def category_months(bind: Bind, start: str, end: str, region: str | None = None) -> pd.DataFrame:
    """Return ``month, category, appeals, people, collective_appeals`` for the months given."""
    table = schema.appeals_region_month
    query = sa.select(
        table.c.month,
        table.c.category,
        sa.func.sum(table.c.appeals).label("appeals"),
        sa.func.sum(table.c.people).label("people"),
        sa.func.sum(table.c.collective_appeals).label("collective_appeals"),
    ).where(table.c.month.between(start, end))
    if region is not None:
        query = query.where(table.c.region == region)
    query = query.group_by(table.c.month, table.c.category).order_by(
        table.c.month, table.c.category
    )
    with reading(bind) as connection:
        frame = _frame(connection, query)
    for column in ("appeals", "people", "collective_appeals"):
        frame[column] = frame[column].astype("int64")
    return frame


def enterprise_arrears_at(
    bind: Bind,
    month: str,
    *,
    region: str | None = None,
    bins: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return arrears of each enterprise reported in ``month``.

    Columns: ``bin, name, region, industry, arrears_outstanding_kzt, workers_owed, lat, lon``.
    Rows without a BIN are grouped by name.
    """
    table = schema.arrears
    query = sa.select(
        table.c.enterprise_bin.label("bin"),
        table.c.enterprise_name.label("name"),
        sa.func.max(table.c.region).label("region"),
        sa.func.max(table.c.industry).label("industry"),
        sa.func.sum(table.c.amount_kzt).label("arrears_outstanding_kzt"),
        sa.func.sum(table.c.workers).label("workers_owed"),
        sa.func.avg(table.c.lat).label("lat"),
        sa.func.avg(table.c.lon).label("lon"),
    ).where(table.c.month == month)
    if region is not None:
        query = query.where(table.c.region == region)
    if bins is not None:
        query = query.where(table.c.enterprise_bin.in_(list(bins)))
    query = query.group_by(table.c.enterprise_bin, table.c.enterprise_name)
    with reading(bind) as connection:
        frame = _frame(connection, query)
    frame["arrears_outstanding_kzt"] = frame["arrears_outstanding_kzt"].astype(float)
    frame["workers_owed"] = frame["workers_owed"].astype(float)
    return frame


def enterprise_appeals_in(
    bind: Bind,
    start: str,
    end: str,
    *,
    region: str | None = None,
    bins: Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return ``bin, region, appeals, collective_appeals, people`` per enterprise, most first."""
    table = schema.appeals_enterprise_month
    appeals_sum = sa.func.sum(table.c.appeals)
    query = sa.select(
        table.c.enterprise_bin.label("bin"),
        sa.func.max(table.c.region).label("region"),
        appeals_sum.label("appeals"),
        sa.func.sum(table.c.collective_appeals).label("collective_appeals"),
        sa.func.sum(table.c.people).label("people"),
    ).where(table.c.month.between(start, end))
    if region is not None:
        query = query.where(table.c.region == region)
    if bins is not None:
        query = query.where(table.c.enterprise_bin.in_(list(bins)))
    query = query.group_by(table.c.enterprise_bin).order_by(
        appeals_sum.desc(), table.c.enterprise_bin
    )
    if limit is not None:
        query = query.limit(int(limit))
    with reading(bind) as connection:
        return _frame(connection, query)


INCIDENT_COLUMNS = [
    "date",
    "region",
    "enterprise_bin",
    "enterprise_name",
    "type",
    "participants",
    "settlement",
    "district_kato",
    "lat",
    "lon",
    "demands",
    "source",
    "description",
    "batch_id",
]


def incident_rows(
    bind: Bind,
    start: str,
    end: str,
    *,
    region: str | None = None,
    enterprise_bin: str | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """Return incidents dated in the months ``start``..``end``, newest first."""
    table = schema.incidents
    query = sa.select(*[table.c[name] for name in INCIDENT_COLUMNS]).where(
        table.c.month.between(start, end)
    )
    if region is not None:
        query = query.where(table.c.region == region)
    if enterprise_bin is not None:
        query = query.where(table.c.enterprise_bin == enterprise_bin)
    query = query.order_by(table.c.date.desc(), table.c.id.desc()).limit(int(limit))
    with reading(bind) as connection:
        frame = _frame(connection, query)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


DIRECTORY_COLUMNS = [
    "bin",
    "name",
    "region",
    "industry",
    "settlement",
    "lat",
    "lon",
    "headcount",
    "source",
]


def enterprise_records(bind: Bind, bins: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the current record of each enterprise, one row per BIN.

    The registry (``enterprises`` kind) wins: its latest loaded batch's row. Enterprises only
    seen in extracts get the latest directory row. ``source`` says which (registry/extracts).
    Columns: :data:`DIRECTORY_COLUMNS`.
    """
    registry = schema.enterprises
    directory = schema.enterprise_directory
    query_registry = sa.select(
        registry.c.bin,
        registry.c.name,
        registry.c.region,
        registry.c.industry,
        registry.c.settlement,
        registry.c.lat,
        registry.c.lon,
        registry.c.headcount,
        registry.c.batch_id,
    ).where(registry.c.bin.is_not(None))
    query_directory = sa.select(
        directory.c.bin,
        directory.c.name,
        directory.c.region,
        directory.c.industry,
        directory.c.lat,
        directory.c.lon,
        directory.c.batch_id,
    ).where(directory.c.bin.is_not(None))
    if bins is not None:
        query_registry = query_registry.where(registry.c.bin.in_(list(bins)))
        query_directory = query_directory.where(directory.c.bin.in_(list(bins)))
    with reading(bind) as connection:
        from_registry = _frame(connection, query_registry)
        from_directory = _frame(connection, query_directory)
    from_registry = (
        from_registry.sort_values("batch_id")
        .drop_duplicates("bin", keep="last")
        .assign(source="registry")
    )
    from_directory = from_directory.sort_values("batch_id")
    # Fill the directory's gaps (region, industry, coordinates) from older rows of the BIN.
    filled = from_directory.groupby("bin", sort=False)[
        ["name", "region", "industry", "lat", "lon"]
    ].last()
    filled = filled.reset_index().assign(settlement=None, headcount=None, source="extracts")
    filled = filled[~filled["bin"].isin(from_registry["bin"])]
    combined = (
        pd.concat([from_registry.drop(columns="batch_id"), filled], ignore_index=True)
        if len(from_registry) or len(filled)
        else pd.DataFrame(columns=DIRECTORY_COLUMNS)
    )
    return combined.reindex(columns=DIRECTORY_COLUMNS).sort_values("bin", ignore_index=True)


def enterprise_name_rows(bind: Bind) -> pd.DataFrame:
    """Return the distinct ``bin, name, region`` seen in any loaded batch (for search)."""
    table = schema.enterprise_directory
    query = sa.select(table.c.bin, table.c.name, sa.func.max(table.c.region).label("region"))
    query = query.where(table.c.name.is_not(None)).group_by(table.c.bin, table.c.name)
    with reading(bind) as connection:
        return _frame(connection, query)


def enterprise_bins_with_prefix(bind: Bind, prefix: str, limit: int = 20) -> pd.DataFrame:
    """Return ``bin, name, region`` of enterprises whose BIN starts with ``prefix``."""
    table = schema.enterprise_directory
    query = (
        sa.select(
            table.c.bin,
            sa.func.max(table.c.name).label("name"),
            sa.func.max(table.c.region).label("region"),
        )
        .where(table.c.bin.like(f"{prefix}%"))
        .group_by(table.c.bin)
        .order_by(table.c.bin)
        .limit(int(limit))
    )
    with reading(bind) as connection:
        return _frame(connection, query)


#: Monthly enterprise records: kind -> (table, columns read, sums, maxima, grouping extras).
_ENTERPRISE_MONTH_SOURCES = {
    "arrears": (
        schema.arrears,
        {
            "arrears_outstanding_kzt": "amount_kzt",
            "workers_owed": "workers",
            "repaid_kzt": "repaid_kzt",
            "workers_repaid": "workers_repaid",
            "overdue_months": "overdue_months",
        },
        ["arrears_outstanding_kzt", "workers_owed", "repaid_kzt", "workers_repaid"],
        ["overdue_months"],
    ),
    "appeals": (
        schema.appeals_enterprise_month,
        {
            "category": "category",
            "appeals": "appeals",
            "collective_appeals": "collective_appeals",
            "people": "people",
        },
        ["appeals", "collective_appeals", "people"],
        [],
    ),
    "layoffs": (
        schema.layoffs,
        {"layoffs": "workers", "unlawful": "unlawful"},
        ["layoffs", "unlawful_layoffs"],
        [],
    ),
    "incidents": (
        schema.incidents,
        {"incident_participants": "participants"},
        ["incidents", "incident_participants"],
        [],
    ),
}


def enterprise_months(
    bind: Bind, *, bin: str | None = None, as_of: str | None = None, by_category: bool = True
) -> dict[str, pd.DataFrame]:
    """Return the monthly records of one enterprise (``bin``) or of all with a BIN.

    Keys: ``arrears`` (bin, month, arrears_outstanding_kzt, workers_owed, repaid_kzt,
    workers_repaid, overdue_months), ``appeals`` (bin, month, category, appeals,
    collective_appeals, people; without ``category`` when ``by_category`` is False),
    ``layoffs`` (bin, month, layoffs, unlawful_layoffs), ``incidents`` (bin, month, incidents,
    incident_participants). Months after ``as_of`` are left out.

    The rows are read as stored and summed here: for the whole country a sequential read
    and a hash aggregation beat an index-ordered ``GROUP BY`` on SQLite several times over.
    """
    frames = {}
    with reading(bind) as connection:
        for key, (table, read, sums, maxima) in _ENTERPRISE_MONTH_SOURCES.items():
            if key == "appeals" and not by_category:
                read = {k: v for k, v in read.items() if k != "category"}
            query = sa.select(
                table.c.enterprise_bin.label("bin"),
                table.c.month,
                *[table.c[column].label(name) for name, column in read.items()],
            )
            if bin is not None:
                query = query.where(table.c.enterprise_bin == bin)
            if as_of is not None:
                query = query.where(table.c.month <= as_of)
            if key == "arrears":
                query = query.add_columns(table.c.id)
            rows = _frame(connection, query)
            rows = rows[rows["bin"].notna()]
            keys = ["bin", "month"] + (["category"] if "category" in read else [])
            if key == "layoffs":
                unlawful = rows["unlawful"].astype("boolean").fillna(False).astype(bool)
                rows = rows.assign(unlawful_layoffs=rows["layoffs"].where(unlawful, 0))
            if key == "incidents":
                rows = rows.assign(incidents=1)
            frames[key] = _month_totals(rows, keys, sums, maxima)
    return frames


def _month_totals(
    rows: pd.DataFrame, keys: list[str], sums: Sequence[str], maxima: Sequence[str]
) -> pd.DataFrame:
    """Return ``rows`` summed (``sums``) and maximised (``maxima``) per ``keys``.

    Rows carrying an ``id`` are added up in load order, so a sum of amounts in tenge is the
    same to the last digit whichever query plan read the rows (and whichever months were
    read with them).
    """
    if "id" in rows.columns:
        rows = rows.sort_values("id", kind="stable")
    numbers = {name: "sum" for name in sums} | {name: "max" for name in maxima}
    rows = rows.assign(**{name: pd.to_numeric(rows[name], errors="coerce") for name in numbers})
    if not len(rows):
        return pd.DataFrame(columns=keys + list(numbers))
    grouped = rows.groupby(keys, sort=True, as_index=False).agg(numbers)
    return grouped[keys + list(numbers)]


#: Flows the risk score reads: kind -> (table, output column -> aggregate of the table).
_SCORE_FLOWS = {
    "appeals": (
        schema.appeals_enterprise_totals,
        {
            "appeals": sa.func.sum(schema.appeals_enterprise_totals.c.appeals),
            "collective_appeals": sa.func.sum(
                schema.appeals_enterprise_totals.c.collective_appeals
            ),
        },
    ),
    "layoffs": (schema.layoffs, {"layoffs": sa.func.sum(schema.layoffs.c.workers)}),
    "incidents": (schema.incidents, {"incidents": sa.func.count()}),
}
#: Tables whose rows make an enterprise known, the likeliest first.
_RECORD_TABLES = (
    schema.arrears,
    schema.appeals_enterprise_month,
    schema.layoffs,
    schema.incidents,
)


def _active_bins_query(first: str, last: str) -> sa.Select:
    """Return the query of every known BIN with a record dated ``first``..``last``."""
    directory = schema.enterprise_directory
    known = sa.select(directory.c.bin).where(directory.c.bin.is_not(None)).distinct().subquery()
    recorded = [
        sa.exists().where(table.c.enterprise_bin == known.c.bin, table.c.month.between(first, last))
        for table in _RECORD_TABLES
    ]
    return sa.select(known.c.bin).where(sa.or_(*recorded)).order_by(known.c.bin)


def enterprise_score_records(
    bind: Bind,
    last: str,
    *,
    active_since: str | None,
    arrears_months: Sequence[str],
    flows_since: Mapping[str, str],
) -> dict[str, pd.DataFrame]:
    """Return the enterprise records the watchlist's risk score reads at month ``last``.

    Keys (months are ``YYYY-MM``; one row per BIN and month):

    * ``bins`` (``bin``): every BIN with any arrears, appeal, layoff or incident dated
      ``active_since``..``last``, in BIN order; left out when ``active_since`` is None;
    * ``arrears`` (bin, month, arrears_outstanding_kzt, workers_owed, overdue_months) in
      ``arrears_months``, summed like :func:`enterprise_months` does;
    * ``appeals`` (bin, month, appeals, collective_appeals), ``layoffs`` (bin, month,
      layoffs), ``incidents`` (bin, month, incidents): the months from ``flows_since[kind]``
      to ``last``.

    A few months instead of the whole history (:func:`enterprise_months`): the BINs are
    probed one by one on the ``(enterprise_bin, month)`` indexes, the arrears are read on the
    ``(month, region)`` index, and only the flows are aggregated over a range of months (the
    appeals from ``appeals_enterprise_totals``, on its ``(month, enterprise_bin)`` index).
    """
    frames: dict[str, pd.DataFrame] = {}
    arrears = schema.arrears
    arrears_query = sa.select(
        arrears.c.id,
        arrears.c.enterprise_bin.label("bin"),
        arrears.c.month,
        arrears.c.amount_kzt.label("arrears_outstanding_kzt"),
        arrears.c.workers.label("workers_owed"),
        arrears.c.overdue_months,
    ).where(arrears.c.month.in_(sorted(set(arrears_months))), arrears.c.enterprise_bin.is_not(None))
    with reading(bind) as connection:
        if active_since is not None:
            frames["bins"] = _frame(connection, _active_bins_query(active_since, last))
        frames["arrears"] = _month_totals(
            _frame(connection, arrears_query), ["bin", "month"],
            ["arrears_outstanding_kzt", "workers_owed"], ["overdue_months"],
        )  # fmt: skip
        for kind, (table, columns) in _SCORE_FLOWS.items():
            query = (
                sa.select(
                    table.c.enterprise_bin.label("bin"),
                    table.c.month,
                    *[value.label(name) for name, value in columns.items()],
                )
                .where(
                    table.c.month.between(flows_since[kind], last),
                    table.c.enterprise_bin.is_not(None),
                )
                .group_by(table.c.enterprise_bin, table.c.month)
            )
            rows = _frame(connection, query)
            frames[kind] = rows.reindex(columns=["bin", "month", *columns])
    return frames


def month_bounds(bind: Bind) -> tuple[str | None, str | None]:
    """Return the first and last month with any appeals, arrears, layoffs or incidents row."""
    tables = (
        schema.appeals_region_month,
        schema.arrears_region_month,
        schema.layoffs_region_month,
        schema.incidents_region_month,
    )
    firsts, lasts = [], []
    with reading(bind) as connection:
        for table in tables:
            first, last = connection.execute(
                sa.select(sa.func.min(table.c.month), sa.func.max(table.c.month))
            ).one()
            if first is not None:
                firsts.append(first)
                lasts.append(last)
    return (min(firsts), max(lasts)) if firsts else (None, None)


#: kind -> (aggregate table, column counting source rows)
_COVERAGE_SOURCES = {
    "appeals": (schema.appeals_region_month, "appeals"),
    "arrears": (schema.arrears_region_month, "reports"),
    "layoffs": (schema.layoffs_region_month, "events"),
    "incidents": (schema.incidents_region_month, "incidents"),
}


def coverage(bind: Bind) -> pd.DataFrame:
    """Return ``month, region, kind, rows``: how many stored rows each kind has per cell."""
    pieces = []
    with reading(bind) as connection:
        for kind, (table, column) in _COVERAGE_SOURCES.items():
            query = sa.select(
                table.c.month, table.c.region, sa.func.sum(table.c[column]).label("rows")
            ).group_by(table.c.month, table.c.region)
            pieces.append(_frame(connection, query).assign(kind=kind))
    frame = pd.concat(pieces, ignore_index=True)
    frame = frame[["month", "region", "kind", "rows"]].astype({"rows": "int64"})
    return frame.sort_values(["month", "region", "kind"], ignore_index=True)


def official_indicator_rows(bind: Bind) -> pd.DataFrame:
    """Return ``indicator, unit, source, granularity, first_period, last_period, regions``."""
    table = schema.region_stats
    query = sa.select(
        table.c.indicator,
        table.c.unit,
        table.c.source,
        table.c.granularity,
        sa.func.min(table.c.period_start).label("first_period"),
        sa.func.max(table.c.period_end).label("last_period"),
        sa.func.count(sa.distinct(table.c.region)).label("regions"),
    ).where(table.c.district_kato.is_(None))  # district statistics are not region figures
    query = query.group_by(table.c.indicator, table.c.unit, table.c.source, table.c.granularity)
    with reading(bind) as connection:
        return _frame(connection, query.order_by(table.c.indicator))


def official_values(
    bind: Bind, indicator: str, first_day: str | None = None, last_day: str | None = None
) -> pd.DataFrame:
    """Return rows of official indicator ``indicator`` whose period ends within the dates.

    Columns: ``region, period, granularity, period_start, period_end, value, unit, source,
    batch_id``, ordered by period end and batch.
    """
    table = schema.region_stats
    query = sa.select(
        table.c.region,
        table.c.period,
        table.c.granularity,
        table.c.period_start,
        table.c.period_end,
        table.c.value,
        table.c.unit,
        table.c.source,
        table.c.batch_id,
    ).where(table.c.indicator == indicator, table.c.district_kato.is_(None))
    if first_day is not None:
        query = query.where(table.c.period_end >= _as_date(first_day))
    if last_day is not None:
        query = query.where(table.c.period_end <= _as_date(last_day))
    query = query.order_by(table.c.period_end, table.c.batch_id)
    with reading(bind) as connection:
        return _frame(connection, query)


def stored_official_values(bind: Bind, values: pd.DataFrame) -> pd.DataFrame:
    """Return the stored official values of the indicators and periods of ``values``.

    Columns: ``region, period, indicator, value, batch_id``; only rows whose region, period
    and indicator are among those of ``values`` (so a new table can say which of its values
    restate earlier ones).
    """
    table = schema.region_stats
    columns = ["region", "period", "indicator", "value", "batch_id"]
    if values.empty:
        return pd.DataFrame(columns=columns)
    indicators = sorted(values["indicator"].dropna().astype(str).unique())
    periods = sorted(values["period"].dropna().astype(str).unique())
    query = sa.select(*(table.c[name] for name in columns)).where(
        table.c.indicator.in_(indicators), table.c.period.in_(periods)
    )
    with reading(bind) as connection:
        stored = _frame(connection, query)
    if stored.empty:
        return pd.DataFrame(columns=columns)
    wanted = values[["region", "period", "indicator"]].drop_duplicates()
    return stored.merge(wanted, on=["region", "period", "indicator"])[columns]


def _as_date(value: str):
    return pd.Timestamp(value).date()
