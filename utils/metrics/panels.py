"""Frames over the whole history, month by month, for data quality and the early warning.

:func:`month_bounds` and :func:`coverage` feed the data-quality panel;
:func:`region_month_panel`, :func:`enterprise_month_panel` and
:func:`enterprise_score_records` are what the early warning reads, and nothing dated after its
``as_of`` is read for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from utils import store
from utils.metrics.regions import _reference
from utils.months import month_range


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


#: The store's name of a quantity -> the early warning's. The early warning names outstanding
#: arrears ``arrears_kzt`` in its settings, its reasons and ``hotspots --json`` (a published
#: contract); the store and every screen call them ``arrears_outstanding_kzt``, the map
#: indicator's name. The panels below are where one becomes the other.
EARLY_WARNING_NAMES = {"arrears_outstanding_kzt": "arrears_kzt"}

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
        months["arrears"]
        .drop(columns=["repaid_kzt", "workers_repaid"])
        .rename(columns=EARLY_WARNING_NAMES),
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
            frame = frame.astype({c: float for c in numbers})
            records[name] = frame.rename(columns=EARLY_WARNING_NAMES)
    return records
