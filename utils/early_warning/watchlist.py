"""Watchlist of enterprises: ranked by the risk that labour tension breaks out.

Each enterprise gets a risk score from 0 to 100: the weighted average of the factors below,
each scaled from 0 (no sign) to 1 (full sign) on a fixed scale, so every score can be read
back into facts ("arrears doubled in 3 months: full weight"). Only data up to the month in
force is used. Factors (``g`` = ``growth_months``, 3):

``arrears_growth``
    Growth of wage arrears over the last ``g`` months; nothing up to +10 % (usual
    month-to-month noise), full at +100 % (growth from nothing is measured against 1 mln
    KZT).
``arrears_amount``
    Arrears outstanding, on a log scale: 0 at 1 mln KZT or less, full at 100 mln KZT.
``overdue_months``
    Months the wages are overdue; full at 6.
``workers_owed``
    Workers owed wages, log scale: 0 at 5 or fewer, full at 500.
``workers_owed_growth``
    Growth of the number of workers owed over ``g`` months; nothing up to +10 %, full at
    +100 % (against at least 10 workers).
``appeals``
    Appeals naming the enterprise in the last 6 months (repeated appeals); full at 10.
``collective_appeals``
    Collective appeals (more than one person) in the last 6 months; full at 5.
``layoffs``
    Workers laid off in the last 6 months; full at 50.
``incidents``
    Labour incidents (strikes, stoppages, rallies...) in the last 12 months; full at 2.

Risk levels: ``high`` (score at least 50), ``elevated`` (30), ``watch`` (15), else ``low``.
The list holds the ``watchlist_size`` highest scores of at least ``watchlist_min_score``; an
enterprise is *new on the list this month* when it was not on the list computed the same way
with data up to the previous month.

The score itself reads at most the last 12 months (``growth_months`` + 1 if longer): the map
colours every enterprise with :func:`window_risk_table`, fed the records of
:func:`score_window` only, and gets the same scores as :func:`risk_table` on the whole history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from utils.early_warning.baseline import change_levels, worst_level
from utils.early_warning.config import ENTERPRISE_SIGNAL_INDICATORS, EarlyWarningConfig
from utils.early_warning.messages import Message, message
from utils.early_warning.panels import wide
from utils.early_warning.trend_tests import trend_table
from utils.months import month_range, shift_month

#: Factor name -> (description of its full scale) for the methodology section.
ENTERPRISE_FACTORS: dict[str, str] = {
    "arrears_growth": "+100 % in 3 months",
    "arrears_amount": "100 mln KZT (log scale from 1 mln)",
    "overdue_months": "6 months overdue",
    "workers_owed": "500 workers (log scale from 5)",
    "workers_owed_growth": "+100 % in 3 months",
    "appeals": "10 appeals in 6 months",
    "collective_appeals": "5 collective appeals in 6 months",
    "layoffs": "50 workers laid off in 6 months",
    "incidents": "2 incidents in 12 months",
}

APPEALS_MONTHS = 6
GROWTH_DEAD_ZONE = 0.10
INCIDENT_MONTHS = 12
_WIDE_COLUMNS = ("arrears_kzt", "workers_owed", "overdue_months", "appeals",
                 "collective_appeals", "layoffs", "incidents")


def enterprise_tables(panel: pd.DataFrame, months: list[str]) -> dict[str, pd.DataFrame]:
    """Return enterprise-by-month tables of the panel's indicators (zeros where no record)."""
    bins = sorted(panel["bin"].astype(str).unique())
    frame = panel.assign(bin=panel["bin"].astype(str))
    tables = {}
    for column in _WIDE_COLUMNS:
        if column == "overdue_months":
            table = frame.pivot_table(index="bin", columns="month", values=column,
                                      aggfunc="max", fill_value=0.0)
            tables[column] = table.reindex(index=bins, columns=months, fill_value=0.0).astype(
                float).fillna(0.0)
        else:
            tables[column] = wide(frame, "bin", column, months, bins)
    return tables


def _clip01(values: np.ndarray) -> np.ndarray:
    return np.clip(np.nan_to_num(values, nan=0.0), 0.0, 1.0)


def _growth_scale(now: np.ndarray, before: np.ndarray, floor: float) -> np.ndarray:
    """Scale growth to 0..1: nothing up to +10 % (usual noise), full at +100 %."""
    growth = (now - before) / np.maximum(before, floor)
    return _clip01((growth - GROWTH_DEAD_ZONE) / (1.0 - GROWTH_DEAD_ZONE))


def _window_sum(table: pd.DataFrame, end: int, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Return window sums and where each window's first non-zero month is.

    The window is the ``length`` months ending at column ``end``; the first non-zero
    column index is -1 when the window is all zero.
    """
    start = max(end - length + 1, 0)
    block = table.to_numpy(float)[:, start: end + 1]
    nonzero = block > 0
    first = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1) + start, -1)
    return block.sum(axis=1), first


def enterprise_signals(tables: Mapping[str, pd.DataFrame], end: int,
                       growth_months: int = 3) -> pd.DataFrame:
    """Return the facts and scaled factors (``s_<factor>``, 0..1) of each enterprise.

    ``end`` is the column index of the month in force; nothing after it is read.
    """
    arrears = tables["arrears_kzt"].to_numpy(float)
    workers = tables["workers_owed"].to_numpy(float)
    before_index = end - growth_months
    arrears_now = arrears[:, end]
    workers_now = workers[:, end]
    arrears_before = arrears[:, before_index] if before_index >= 0 else np.zeros_like(arrears_now)
    workers_before = workers[:, before_index] if before_index >= 0 else np.zeros_like(workers_now)
    appeals, appeals_first = _window_sum(tables["appeals"], end, APPEALS_MONTHS)
    collective, collective_first = _window_sum(tables["collective_appeals"], end, APPEALS_MONTHS)
    layoffs, layoffs_first = _window_sum(tables["layoffs"], end, APPEALS_MONTHS)
    incidents, incidents_first = _window_sum(tables["incidents"], end, INCIDENT_MONTHS)
    overdue = tables["overdue_months"].to_numpy(float)[:, end]
    with np.errstate(divide="ignore", invalid="ignore"):
        arrears_amount = np.log(np.maximum(arrears_now, 1.0) / 1e6) / np.log(100.0)
        workers_scale = np.log(np.maximum(workers_now, 1.0) / 5.0) / np.log(100.0)
    frame = pd.DataFrame(
        {
            "arrears_kzt": arrears_now,
            "arrears_before": arrears_before,
            "workers_owed": workers_now,
            "workers_before": workers_before,
            "overdue_months": overdue,
            "appeals_recent": appeals,
            "appeals_first": appeals_first,
            "collective_recent": collective,
            "collective_first": collective_first,
            "layoffs_recent": layoffs,
            "layoffs_first": layoffs_first,
            "incidents_recent": incidents,
            "incidents_first": incidents_first,
            "s_arrears_growth": _growth_scale(arrears_now, arrears_before, 1e6),
            "s_arrears_amount": _clip01(arrears_amount),
            "s_overdue_months": _clip01(overdue / 6.0),
            "s_workers_owed": _clip01(workers_scale),
            "s_workers_owed_growth": _growth_scale(workers_now, workers_before, 10.0),
            "s_appeals": _clip01(appeals / 10.0),
            "s_collective_appeals": _clip01(collective / 5.0),
            "s_layoffs": _clip01(layoffs / 50.0),
            "s_incidents": _clip01(incidents / 2.0),
        },
        index=tables["arrears_kzt"].index,
    )
    return frame


def risk_scores(signals: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Return ``score`` (0..100) and ``contribution_<factor>`` (points of the score)."""
    unknown = sorted(set(weights) - set(ENTERPRISE_FACTORS))
    if unknown:
        valid = ", ".join(ENTERPRISE_FACTORS)
        raise KeyError(f"Invalid enterprise factor(s) {unknown}. Factor must be in the set: "
                       f"{valid}")
    total = sum(weights.values())
    result = pd.DataFrame(index=signals.index)
    for name in ENTERPRISE_FACTORS:
        result[f"contribution_{name}"] = (
            100.0 * weights.get(name, 0.0) / total * signals[f"s_{name}"]
        )
    result["score"] = result.sum(axis=1)
    return result


def risk_level(score: float, thresholds: Mapping[str, float]) -> str:
    """Return ``high``, ``elevated``, ``watch`` or ``low`` for a score."""
    for name in ("high", "elevated", "watch"):
        if score >= thresholds[name]:
            return name
    return "low"


def listed_bins(scores: pd.Series, config: EarlyWarningConfig) -> pd.Index:
    """Return the enterprises on the watchlist, highest score first (ties in index order)."""
    eligible = scores[scores >= config.watchlist_min_score]
    ordered = eligible.sort_values(ascending=False, kind="stable")
    return ordered.index[: config.watchlist_size]


def enterprise_reasons(row: pd.Series, months: list[str],
                       growth_months: int) -> list[tuple[float, Message]]:
    """Return (points, message) for each sign present at an enterprise, largest first."""
    c = {name: row[f"contribution_{name}"] for name in ENTERPRISE_FACTORS}
    out: list[tuple[float, Message]] = []
    amount, before = float(row["arrears_kzt"]), float(row["arrears_before"])
    arrears_points = c["arrears_growth"] + c["arrears_amount"]
    if amount > 0 and arrears_points > 0:
        if c["arrears_growth"] > 0 and before > 0:
            msg = message("ew.reason.arrears_up", pct=(amount - before) / before * 100.0,
                          months=growth_months, amount=amount)
        elif c["arrears_growth"] > 0:
            msg = message("ew.reason.arrears_new", amount=amount, months=growth_months)
        else:
            msg = message("ew.reason.arrears_amount", amount=amount)
        out.append((arrears_points, msg))
    if c["overdue_months"] > 0:
        out.append((c["overdue_months"],
                    message("ew.reason.overdue", months=int(row["overdue_months"]))))
    workers_points = c["workers_owed"] + c["workers_owed_growth"]
    if workers_points > 0:
        workers, workers_before = int(row["workers_owed"]), int(row["workers_before"])
        if c["workers_owed_growth"] > 0 and workers_before > 0:
            msg = message("ew.reason.workers_owed_up", before=workers_before, workers=workers,
                          months=growth_months)
        else:
            msg = message("ew.reason.workers_owed", workers=workers)
        out.append((workers_points, msg))
    for factor, key, count_col, first_col, param in (
        ("collective_appeals", "ew.reason.collective_appeals", "collective_recent",
         "collective_first", "count"),
        ("appeals", "ew.reason.appeals", "appeals_recent", "appeals_first", "count"),
        ("layoffs", "ew.reason.layoffs", "layoffs_recent", "layoffs_first", "workers"),
        ("incidents", "ew.reason.incidents", "incidents_recent", "incidents_first", "count"),
    ):
        if c[factor] > 0:
            since = months[int(row[first_col])]
            out.append((c[factor], message(key, since=since, **{param: int(row[count_col])})))
    out.sort(key=lambda item: item[0], reverse=True)
    return out


def risk_levels(scores: pd.Series, thresholds: Mapping[str, float]) -> pd.Series:
    """Return :func:`risk_level` of every score at once."""
    values = scores.to_numpy(float)
    names = ("high", "elevated", "watch")
    chosen = np.select([values >= thresholds[name] for name in names], names, "low")
    return pd.Series(chosen, index=scores.index, dtype=object)


RISK_COLUMNS = ["bin", "score", "risk_level"]


def _risk_frame(tables: Mapping[str, pd.DataFrame], config: EarlyWarningConfig) -> pd.DataFrame:
    """Return ``bin``, ``score`` and ``risk_level`` at the last month of the tables."""
    end = len(tables["arrears_kzt"].columns) - 1
    signals = enterprise_signals(tables, end, config.growth_months)
    scores = risk_scores(signals, config.enterprise_weights)[["score"]]
    scores["risk_level"] = risk_levels(scores["score"], config.risk_levels)
    scores.index.name = "bin"
    return scores.reset_index()


def risk_table(panel: pd.DataFrame, months: list[str],
               config: EarlyWarningConfig | None = None) -> pd.DataFrame:
    """Return ``bin``, ``score`` and ``risk_level`` of every enterprise (for map colouring).

    ``panel`` must already be cut at the last of ``months``.
    """
    config = config or EarlyWarningConfig()
    if panel.empty:
        return pd.DataFrame(columns=RISK_COLUMNS)
    return _risk_frame(enterprise_tables(panel, months), config)


#: Months of flows the score adds up, by kind of record.
FLOW_MONTHS = {"appeals": APPEALS_MONTHS, "layoffs": APPEALS_MONTHS,
               "incidents": INCIDENT_MONTHS}


@dataclass(frozen=True)
class ScoreWindow:
    """The records the risk score at ``months[-1]`` reads, and nothing older.

    Attributes
    ----------
    months : the months the score looks at, oldest first (at most the history window).
    active_since : first month of the history window; an enterprise with any record since
        then gets a score (0 when nothing recent), as on the watchlist.
    arrears_months : the months whose arrears count: the month in force and ``growth_months``
        before it (when inside ``months``).
    flows_since : first month of each kind's flows (:data:`FLOW_MONTHS`).
    """

    months: tuple[str, ...]
    active_since: str
    arrears_months: tuple[str, ...]
    flows_since: Mapping[str, str]


def score_window(as_of: str, config: EarlyWarningConfig | None = None) -> ScoreWindow:
    """Return what the risk score at ``as_of`` reads (see :class:`ScoreWindow`)."""
    config = config or EarlyWarningConfig()
    length = max(*FLOW_MONTHS.values(), config.growth_months + 1)
    length = min(length, config.history_months)
    months = tuple(month_range(shift_month(as_of, 1 - length), as_of)) if length > 0 else ()
    end = len(months) - 1
    before = end - config.growth_months
    arrears = (months[before], as_of) if 0 <= before < end else (as_of,)
    flows = {kind: months[max(end - span + 1, 0)] if months else as_of
             for kind, span in FLOW_MONTHS.items()}
    return ScoreWindow(months, shift_month(as_of, 1 - config.history_months), arrears, flows)


#: Columns of each kind of record that become enterprise-by-month tables.
_RECORD_COLUMNS = {
    "arrears": ("arrears_kzt", "workers_owed", "overdue_months"),
    "appeals": ("appeals", "collective_appeals"),
    "layoffs": ("layoffs",),
    "incidents": ("incidents",),
}


def window_tables(records: Mapping[str, pd.DataFrame], bins: list[str],
                  months: list[str]) -> dict[str, pd.DataFrame]:
    """Return the tables of :func:`enterprise_tables` from records of a few months.

    ``records`` holds, per kind (``arrears``, ``appeals``, ``layoffs``, ``incidents``), at
    most one row per BIN and month (``utils.metrics.enterprise_score_records``); rows of
    other BINs or months are left out, cells without a row are 0.
    """
    index = pd.Index(bins, name="bin")
    columns = pd.Index(months)
    tables = {}
    for kind, names in _RECORD_COLUMNS.items():
        frame = records[kind]
        rows = index.get_indexer(frame["bin"].astype(str))
        cols = columns.get_indexer(frame["month"].astype(str))
        keep = (rows >= 0) & (cols >= 0)
        for name in names:
            values = pd.to_numeric(frame[name], errors="coerce").astype(float).fillna(0.0)
            table = np.zeros((len(index), len(columns)))
            table[rows[keep], cols[keep]] = values.to_numpy()[keep]
            tables[name] = pd.DataFrame(table, index=index, columns=columns)
    return tables


def window_risk_table(records: Mapping[str, pd.DataFrame], window: ScoreWindow,
                      config: EarlyWarningConfig | None = None) -> pd.DataFrame:
    """Return :func:`risk_table` of every enterprise from the records of ``window`` only.

    ``records`` may also hold ``bins``: the enterprises with any record in the history
    window. The scores and levels equal those of :func:`risk_table` on the whole panel cut
    at the month in force, without reading or pivoting the months the score does not look
    at. Without ``bins`` only the enterprises in the records get a row: the others score 0.
    """
    config = config or EarlyWarningConfig()
    if "bins" in records:
        listed = records["bins"]["bin"]
    else:
        listed = pd.concat([records[kind]["bin"] for kind in _RECORD_COLUMNS])
    bins = sorted(listed.astype(str).unique())
    if not bins or not window.months:
        return pd.DataFrame(columns=RISK_COLUMNS)
    return _risk_frame(window_tables(records, bins, list(window.months)), config)


def build_watchlist(panel: pd.DataFrame, months: list[str],
                    config: EarlyWarningConfig | None = None) -> pd.DataFrame:
    """Return the watchlist at the last month of ``months``, highest risk first.

    Parameters
    ----------
    panel
        The enterprise-month panel, already cut at the month in force.
    months
        Consecutive months ending with the month in force.

    Returns
    -------
    pandas.DataFrame
        One row per listed enterprise: ``bin``, ``name``, ``region``, ``industry``,
        ``score``, ``risk_level``, ``level`` and ``level_indicator`` (change against the
        baseline, see ``utils.early_warning.baseline``), ``new_on_list``, the facts behind the
        score, ``contribution_<factor>``, ``reasons`` (messages, largest first), ``trend_*``
        (Mann-Kendall of the arrears for the first ``enterprise_trend_candidates``).
    """
    config = config or EarlyWarningConfig()
    if panel.empty:
        return pd.DataFrame(columns=["bin", "name", "region", "industry", "score",
                                     "risk_level", "level", "new_on_list", "reasons"])
    tables = enterprise_tables(panel, months)
    end = len(months) - 1
    weights = config.enterprise_weights
    signals = enterprise_signals(tables, end, config.growth_months)
    scores = risk_scores(signals, weights)
    listed = listed_bins(scores["score"], config)
    if end >= 1:
        previous = risk_scores(enterprise_signals(tables, end - 1, config.growth_months), weights)
        previous_listed = set(listed_bins(previous["score"], config))
        new_on_list = [b not in previous_listed for b in listed]
    else:
        new_on_list = [False] * len(listed)

    result = pd.concat([signals.loc[listed], scores.loc[listed]], axis=1)
    result.index.name = "bin"
    result["new_on_list"] = new_on_list
    result["risk_level"] = [risk_level(s, config.risk_levels) for s in result["score"]]

    levels = pd.DataFrame({
        indicator: change_levels(tables[indicator].loc[listed], indicator, config)["level"]
        for indicator in ENTERPRISE_SIGNAL_INDICATORS
    })
    worst = worst_level(levels) if len(listed) else pd.DataFrame(columns=["level", "indicator"])
    result["level"] = worst["level"]
    result["level_indicator"] = worst["indicator"]

    candidates = listed[: config.enterprise_trend_candidates]
    trends = trend_table(tables["arrears_kzt"].loc[candidates], config)
    for column in ("tau", "p", "q", "slope", "slope_pct", "direction"):
        result[f"trend_{column}"] = trends[column].reindex(result.index)

    reasons = []
    for _, row in result.iterrows():
        items = [msg for _, msg in enterprise_reasons(row, months, config.growth_months)]
        if row["new_on_list"]:
            items.append(message("ew.reason.new_on_list"))
        reasons.append(items)
    result["reasons"] = reasons

    info = (panel.assign(bin=panel["bin"].astype(str))
            .sort_values("month").groupby("bin")[["name", "region", "industry"]].last())
    result = result.join(info, how="left").reset_index()
    return result
