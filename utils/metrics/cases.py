"""The case indicators region by region: open cases and what was repaid through cases.

The definitions are in :mod:`utils.metrics.indicators` (keys ``case:<name>``); the rows come
from ``utils.store`` (cases and their steps), so the map shows where officers have cases open
and where money was repaid through them beside the extracts' own figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from utils import store
from utils.metrics.indicators import get_case_indicator
from utils.metrics.periods import _check_period

#: Case indicator -> column of the store's frame that holds it.
_COLUMNS = {
    "case:open": "cases",
    "case:repaid_kzt": "repaid_kzt",
    "case:workers_repaid": "workers_repaid",
}


def _last_day(month: str) -> pd.Timestamp:
    return pd.Period(month, "M").end_time.normalize()


def case_values(engine, indicator: str, start: str, end: str,
                codes: Sequence[str]) -> pd.Series:
    """Return the case indicator of each region in ``codes`` for the months ``start``..``end``.

    ``case:open`` counts the cases open at the end of ``end``; ``case:repaid_kzt`` and
    ``case:workers_repaid`` sum the ``repaid`` steps dated in the period. A region without
    one counts 0 once any case was opened by the end of the period; before the first case
    every region is NaN ("no data").
    """
    _check_period(start, end)
    get_case_indicator(indicator)
    last_day = _last_day(end).date()
    first = store.first_case_day(engine)
    if first is None or first > last_day:
        return pd.Series(np.nan, index=pd.Index(list(codes), name="code"), dtype=float)
    if indicator == "case:open":
        rows = store.open_cases_by_region(engine, last_day)
    else:
        first_day = pd.Period(start, "M").start_time.date()
        rows = store.repaid_by_region(engine, first_day, last_day)
    values = rows.set_index("region")[_COLUMNS[indicator]].astype(float)
    values = values.reindex(list(codes)).fillna(0.0)
    values.index.name = "code"
    return values
