"""Official statistics (``region_stats``): which are loaded, and their value by region.

They are never mixed with the row-level indicators: their keys are ``stat:<indicator>``
(:data:`utils.metrics.indicators.OFFICIAL_PREFIX`), and the value for a period is the latest
published value whose period ends inside it.
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


def _official_by_region(engine, indicator: str, start: str, end: str) -> pd.Series:
    first_day = pd.Period(start, "M").start_time.date().isoformat()
    last_day = pd.Period(end, "M").end_time.date().isoformat()
    rows = store.official_values(engine, indicator, first_day, last_day)
    if rows.empty:
        return pd.Series(dtype=float)
    latest = rows.drop_duplicates("region", keep="last").set_index("region")
    return latest["value"].astype(float)
