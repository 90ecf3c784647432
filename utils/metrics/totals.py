"""Every row-level indicator by region for a period and the one before, and the KPI cards.

The store sums the extracts region by region (:func:`utils.store.region_period_totals`). A
page reads those sums once per period and filters (:func:`period_totals`) and hands them to
both the KPI cards (:func:`national_kpis`, the regions added up) and the map
(:func:`utils.metrics.regions.region_values`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from utils import store
from utils.metrics.indicators import INDICATORS, KPI_KEYS, Filters, _filters
from utils.metrics.periods import _check_period
from utils.months import previous_period


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
