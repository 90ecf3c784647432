"""Who each way of flagging would have flagged, month by month, with the data of the time only.

The backtest (``utils.early_warning.backtest``) replays the early warning: for every month M
it asks which enterprises were in the watchlist's top k and which regions were ranked rising
with the data up to M, and which two simple baselines would have been flagged instead:

``persistence``
    the units with a labour conflict in month M (most incidents first), then the largest
    debtors of month M, as many as the warning flagged;
``largest_arrears``
    the units with the largest outstanding wage arrears in month M.

The panels are read once; each month only reads the columns up to M of tables built once,
which gives the same watchlist as ``build_watchlist`` on the panel cut at M (the score never
reads more than the last 12 months) and the same verdicts as ``compute_region_verdicts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from utils.early_warning.config import EarlyWarningConfig
from utils.early_warning.report import compute_region_verdicts
from utils.early_warning.watchlist import (
    enterprise_signals,
    enterprise_tables,
    listed_bins,
    risk_levels,
    risk_scores,
)
from utils.months import month_range

#: The ways of flagging units, the early warning first.
METHODS = ("warning", "persistence", "largest_arrears")
_RECORD_COLUMNS = ("arrears_kzt", "workers_owed", "appeals", "collective_appeals", "layoffs",
                   "incidents")


@dataclass(frozen=True)
class FlagHistory:
    """The units, their conflicts and who flagged them, month by month.

    Attributes
    ----------
    units : the enterprises' BINs or the regions' codes (rows of every array).
    months : every month of the data, oldest first (columns of every array).
    conflicts : True where the unit had at least one incident in the month.
    first_record : column of each unit's first record (``len(months)`` when none).
    flags : per method of :data:`METHODS`, True where it flagged the unit with the data up
        to that month (False in months not replayed).
    rank, score, level : what the warning's ranking said of each unit in each replayed
        month: place among the units with a record, risk score or tension index, risk level
        or verdict (NaN and None where it said nothing).
    names : the enterprises' last names in the data, by BIN (empty for regions).
    """

    units: pd.Index
    months: list[str]
    conflicts: np.ndarray
    first_record: np.ndarray
    flags: dict[str, np.ndarray]
    rank: np.ndarray
    score: np.ndarray
    level: np.ndarray
    names: dict[str, str] = field(default_factory=dict)


def _first_record(records: np.ndarray) -> np.ndarray:
    """Return the column of each row's first non-zero value, ``records.shape[1]`` when none."""
    present = records > 0
    return np.where(present.any(axis=1), present.argmax(axis=1), records.shape[1])


def _top(values: np.ndarray, count: int) -> np.ndarray:
    """Return the rows of the ``count`` largest positive values, largest first."""
    order = np.argsort(-values, kind="stable")
    order = order[values[order] > 0]
    return order[:count]


def _persistence(incidents: np.ndarray, arrears: np.ndarray, count: int) -> np.ndarray:
    """Return the rows with a conflict (most incidents, then arrears), then the largest debtors."""
    struck = np.lexsort((-arrears, -incidents))
    struck = struck[incidents[struck] > 0]
    debtors = [row for row in _top(arrears, len(arrears)) if incidents[row] <= 0]
    return np.concatenate([struck, np.asarray(debtors, dtype=int)])[:count].astype(int)


def _empty(units: pd.Index, months: list[str]) -> FlagHistory:
    shape = (len(units), len(months))
    return FlagHistory(
        units=units, months=months, conflicts=np.zeros(shape, bool),
        first_record=np.full(len(units), len(months)),
        flags={name: np.zeros(shape, bool) for name in METHODS},
        rank=np.full(shape, np.nan), score=np.full(shape, np.nan),
        level=np.full(shape, None, dtype=object),
    )


def enterprise_flags(panel: pd.DataFrame, months: list[str], replayed: Iterable[str],
                     top: int, config: EarlyWarningConfig) -> FlagHistory:
    """Return the watchlist's top ``top`` and the baselines' in each ``replayed`` month.

    ``panel`` is the whole enterprise-month panel, ``months`` every month of the data.
    """
    if panel.empty:
        return _empty(pd.Index([], name="bin"), months)
    tables = enterprise_tables(panel, months)
    units = tables["arrears_kzt"].index
    history = _empty(units, months)
    history.names.update(panel.assign(bin=panel["bin"].astype(str)).sort_values("month")
                         .groupby("bin")["name"].last().dropna().astype(str))
    records = sum(tables[name].to_numpy(float) for name in _RECORD_COLUMNS)
    first = _first_record(records)
    last_seen = np.maximum.accumulate(np.where(records > 0, np.arange(len(months)), -1), axis=1)
    incidents = tables["incidents"].to_numpy(float)
    arrears = tables["arrears_kzt"].to_numpy(float)
    history.conflicts[:] = incidents > 0
    history.first_record[:] = first
    for month in replayed:
        end = months.index(month)
        # Only the enterprises with a record in the history window are scored, as when the
        # panel is cut at the month: a later or a long-gone enterprise is never listed.
        active = last_seen[:, end] >= max(end - config.history_months + 1, 0)
        scores = risk_scores(enterprise_signals(tables, end, config.growth_months),
                             config.enterprise_weights)["score"].where(active)
        listed = units.get_indexer(listed_bins(scores, config)[:top])
        history.flags["warning"][listed, end] = True
        history.flags["persistence"][_persistence(
            np.where(active, incidents[:, end], 0.0), np.where(active, arrears[:, end], 0.0),
            top), end] = True
        history.flags["largest_arrears"][_top(np.where(active, arrears[:, end], 0.0), top),
                                         end] = True
        ranked = scores.dropna().sort_values(ascending=False, kind="stable")
        rows = units.get_indexer(ranked.index)
        history.rank[rows, end] = np.arange(1, len(rows) + 1)
        history.score[rows, end] = ranked.round(1).to_numpy()
        history.level[rows, end] = risk_levels(ranked, config.risk_levels).to_numpy()
    return history


def region_flags(panel: pd.DataFrame, months: list[str], replayed: Iterable[str],
                 config: EarlyWarningConfig,
                 regions: pd.DataFrame | None = None) -> FlagHistory:
    """Return the regions ranked rising and the baselines' in each ``replayed`` month.

    The baselines flag as many regions as the verdicts ranked rising that month.
    """
    codes = pd.Index(sorted(panel["code"].astype(str).unique()), name="code")
    if panel.empty:
        return _empty(codes, months)
    history = _empty(codes, months)

    def table(column: str) -> np.ndarray:
        wide = panel.pivot_table(index="code", columns="month", values=column, aggfunc="sum",
                                 fill_value=0.0)
        return wide.reindex(index=codes, columns=months, fill_value=0.0).to_numpy(float)

    incidents, arrears = table("incidents"), table("arrears_kzt")
    records = sum(table(name) for name in _RECORD_COLUMNS)
    history.conflicts[:] = incidents > 0
    history.first_record[:] = _first_record(records)
    for month in replayed:
        end = months.index(month)
        verdicts = compute_region_verdicts(panel, as_of=month, config=config, regions=regions)
        rows = codes.get_indexer([v.code for v in verdicts])
        rising = rows[[v.rising for v in verdicts]]
        history.flags["warning"][rising, end] = True
        history.flags["persistence"][_persistence(incidents[:, end], arrears[:, end],
                                                  len(rising)), end] = True
        history.flags["largest_arrears"][_top(arrears[:, end], len(rising)), end] = True
        history.rank[rows, end] = [v.rank for v in verdicts]
        history.score[rows, end] = [v.tension_index for v in verdicts]
        history.level[rows, end] = [v.level for v in verdicts]
    return history


def data_months(*panels: pd.DataFrame) -> list[str]:
    """Return every month from the first to the last month of the panels."""
    present = [p["month"].astype(str) for p in panels if not p.empty]
    if not present:
        return []
    months = pd.concat(present)
    return month_range(months.min(), months.max())
