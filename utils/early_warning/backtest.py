"""Did we see it coming? The early warning audited on the data loaded.

For every labour conflict (an enterprise or a region with at least one incident in a month)
in the months ``first``…``last``, the backtest looks at the lists of the ``horizon`` months
before it, each computed with the data up to its own month only
(``utils.early_warning.backtest_flags``), and asks whether the unit was flagged at least
``min_lead`` months before the conflict. The same question is asked of two simple baselines,
so the warning's figures can be read against what anyone could have done without it:

recall
    the share of the conflicts whose unit was flagged in time (a *hit*);
lead time
    months from the first flag in that window to the conflict (median and counts);
precision and lift
    the share of the flags followed by a conflict within ``horizon`` months, over the lists
    whose next ``horizon`` months all lie in the audited months, and that share divided by
    the base rate (the same share over every unit with a record by then).

A conflict at an enterprise with no record before it could not be foreseen by any list: such
conflicts are counted apart and left out of the recall.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from utils.early_warning.backtest_flags import (
    METHODS,
    FlagHistory,
    data_months,
    enterprise_flags,
    region_flags,
)
from utils.early_warning.backtest_results import (
    Accuracy,
    Backtest,
    Conflict,
    MonthOutcome,
    UnitBacktest,
)
from utils.early_warning.config import EarlyWarningConfig, load_config
from utils.early_warning.panels import (
    ENTERPRISE_PANEL_COLUMNS,
    REGION_PANEL_COLUMNS,
    check_month,
    check_panel,
)
from utils.months import shift_month

DEFAULT_TOP = 20
DEFAULT_HORIZON = 3
DEFAULT_MIN_LEAD = 1


def _ratio(part: float, whole: float, digits: int = 3) -> float | None:
    return round(part / whole, digits) if whole else None


def _lead(flags: np.ndarray, row: int, column: int, horizon: int, min_lead: int) -> int | None:
    """Return the months from the first flag before the conflict to it, None when unflagged."""
    for lead in range(horizon, min_lead - 1, -1):
        if column - lead >= 0 and flags[row, column - lead]:
            return lead
    return None


def _precision(history: FlagHistory, flags: np.ndarray, scored: range, horizon: int,
               min_lead: int) -> tuple[int, float | None, float | None, float | None]:
    """Return (flags, precision, base rate, lift) over the lists of the ``scored`` columns."""
    flagged = followed = known = known_followed = 0
    for column in scored:
        ahead = history.conflicts[:, column + min_lead: column + horizon + 1].any(axis=1)
        listed = flags[:, column]
        present = history.first_record <= column
        flagged += int(listed.sum())
        followed += int((listed & ahead).sum())
        known += int(present.sum())
        known_followed += int((present & ahead).sum())
    precision = _ratio(followed, flagged)
    base_rate = _ratio(known_followed, known, 4)
    lift = round(followed / flagged / (known_followed / known), 2) if (
        flagged and known_followed) else None
    return flagged, precision, base_rate, lift


def _accuracy(history: FlagHistory, method: str, cases: list[tuple[int, int]], scored: range,
              horizon: int, min_lead: int) -> tuple[Accuracy, list[int | None]]:
    flags = history.flags[method]
    leads = [_lead(flags, row, column, horizon, min_lead) for row, column in cases]
    hits = [lead for lead in leads if lead is not None]
    flagged, precision, base_rate, lift = _precision(history, flags, scored, horizon, min_lead)
    accuracy = Accuracy(
        conflicts=len(cases), hits=len(hits), recall=_ratio(len(hits), len(cases)),
        median_lead_months=float(np.median(hits)) if hits else None,
        lead_months={str(lead): hits.count(lead) for lead in range(min_lead, horizon + 1)},
        flagged=flagged, precision=precision, base_rate=base_rate, lift=lift,
    )
    return accuracy, leads


def _said(history: FlagHistory, row: int, column: int) -> dict[str, Any]:
    """Return what the ranking of the month before the conflict said of the unit."""
    if column < 1 or np.isnan(history.rank[row, column - 1]):
        return {"rank": None, "score": None, "level": None}
    return {"rank": int(history.rank[row, column - 1]),
            "score": float(history.score[row, column - 1]),
            "level": history.level[row, column - 1]}


def _unit_backtest(history: FlagHistory, unit_key: str, first: int, last: int, horizon: int,
                   min_lead: int) -> tuple[UnitBacktest, list[tuple[int, int]], list[bool]]:
    rows, columns = np.nonzero(history.conflicts[:, first: last + 1])
    order = np.lexsort((rows, columns))
    all_cases = [(int(rows[i]), int(columns[i]) + first) for i in order]
    cases = [(r, c) for r, c in all_cases if history.first_record[r] <= c - min_lead]
    scored = range(max(first - 1, 0), last - horizon + 1)
    warning, leads = _accuracy(history, "warning", cases, scored, horizon, min_lead)
    baselines = {method: _accuracy(history, method, cases, scored, horizon, min_lead)[0]
                 for method in METHODS if method != "warning"}
    conflicts = [
        Conflict(unit=str(history.units[r]), month=history.months[c], lead_months=lead,
                 name=history.names.get(str(history.units[r])), **_said(history, r, c))
        for (r, c), lead in zip(cases, leads, strict=True)
    ]
    result = UnitBacktest(unit_key=unit_key, warning=warning, baselines=baselines,
                          conflicts=conflicts, unforeseeable=len(all_cases) - len(cases))
    return result, cases, [lead is not None for lead in leads]


def _per_month(months: list[str], first: int, last: int,
               *units: tuple[list[tuple[int, int]], list[bool]]) -> list[MonthOutcome]:
    counts = []
    for cases, hits in units:
        conflicts = np.zeros(len(months), int)
        found = np.zeros(len(months), int)
        for (_, column), hit in zip(cases, hits, strict=True):
            conflicts[column] += 1
            found[column] += hit
        counts.append((conflicts, found))
    (firm_conflicts, firm_hits), (region_conflicts, region_hits) = counts
    return [MonthOutcome(month=months[c], enterprise_conflicts=int(firm_conflicts[c]),
                         enterprise_hits=int(firm_hits[c]),
                         region_conflicts=int(region_conflicts[c]),
                         region_hits=int(region_hits[c]))
            for c in range(first, last + 1)]


def backtest_months(months: list[str], first: str | None, last: str | None, horizon: int,
                    warm_up: int) -> tuple[str, str] | None:
    """Return the audited months, None when none of them holds data.

    By default the first month audited is the first whose lists of the ``horizon`` months
    before all had ``warm_up`` months of history behind them (what the verdicts need before
    they say more than "too little history"), the last is the last month of the data.
    """
    if not months:
        return None
    last = check_month(last, "to") if last else months[-1]
    first = check_month(first, "from") if first else shift_month(months[0], warm_up + horizon)
    first, last = max(first, months[0]), min(last, months[-1])
    if first > last:
        return None
    return first, last


def compute_backtest(
    region_panel: pd.DataFrame,
    enterprise_panel: pd.DataFrame,
    *,
    first: str | None = None,
    last: str | None = None,
    top: int = DEFAULT_TOP,
    horizon: int = DEFAULT_HORIZON,
    min_lead: int = DEFAULT_MIN_LEAD,
    config: EarlyWarningConfig | None = None,
    regions: pd.DataFrame | None = None,
) -> Backtest:
    """Return the backtest of the conflicts of months ``first``…``last`` (see the module).

    Parameters
    ----------
    region_panel, enterprise_panel
        ``utils.metrics.region_month_panel`` and ``enterprise_month_panel`` of the whole
        history: each month's lists read only the rows up to that month.
    first, last
        The months whose conflicts are audited (``YYYY-MM``); by default from
        ``min_history_months + horizon`` months after the first month of the data (see
        :func:`backtest_months`) to its last month.
    top
        How many enterprises of the watchlist count as flagged.
    horizon, min_lead
        A conflict is a hit when its unit was flagged in one of the months ``horizon`` to
        ``min_lead`` months before it.
    config
        The early warning's configuration (``load_config()`` when None).
    regions
        Region reference for the verdicts (``geo.load_regions()`` when None).
    """
    if not 1 <= min_lead <= horizon:
        raise ValueError(f"min_lead must be between 1 and the horizon ({horizon}), "
                         f"got {min_lead}")
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    config = config or load_config()
    check_panel(region_panel, REGION_PANEL_COLUMNS, "region_month_panel")
    check_panel(enterprise_panel, ENTERPRISE_PANEL_COLUMNS, "enterprise_month_panel")
    months = data_months(region_panel, enterprise_panel)
    span = backtest_months(months, first, last, horizon, config.min_history_months)
    if span is None:
        return _empty_backtest(first, last, top, horizon, min_lead, config)
    start, end = months.index(span[0]), months.index(span[1])
    replayed = months[max(start - horizon, 0): end]
    if regions is None:
        from geo.reference import load_regions

        regions = load_regions()
    firms = enterprise_flags(enterprise_panel, months, replayed, top, config)
    places = region_flags(region_panel, months, replayed, config, regions)
    firm_result, firm_cases, firm_hits = _unit_backtest(firms, "bin", start, end, horizon,
                                                        min_lead)
    region_result, region_cases, region_hits = _unit_backtest(places, "code", start, end,
                                                              horizon, min_lead)
    return Backtest(first_month=span[0], last_month=span[1], top=top, horizon=horizon,
                    min_lead=min_lead, enterprises=firm_result, regions=region_result,
                    months=_per_month(months, start, end, (firm_cases, firm_hits),
                                      (region_cases, region_hits)))


def _empty_backtest(first: str | None, last: str | None, top: int, horizon: int,
                    min_lead: int, config: EarlyWarningConfig) -> Backtest:
    nothing = enterprise_flags(pd.DataFrame(columns=list(ENTERPRISE_PANEL_COLUMNS)), [], [],
                               top, config)
    result = _unit_backtest(nothing, "bin", 0, -1, horizon, min_lead)[0]
    places = _unit_backtest(nothing, "code", 0, -1, horizon, min_lead)[0]
    return Backtest(first_month=first, last_month=last, top=top, horizon=horizon,
                    min_lead=min_lead, enterprises=result, regions=places, months=[])


def warning_backtest(engine: Any, **options: Any) -> Backtest:
    """Return :func:`compute_backtest` of the database behind ``engine`` (panels read once)."""
    from utils import metrics

    return compute_backtest(metrics.region_month_panel(engine),
                            metrics.enterprise_month_panel(engine), **options)


_METHOD_NAMES = {"warning": "early warning", "persistence": "persistence",
                 "largest_arrears": "largest arrears"}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def backtest_text(result: Backtest, missed: int = 10) -> str:
    """Return the backtest as plain text for a terminal: a table per kind of unit, the misses."""
    lines = [f"Early warning backtest, conflicts of {result.first_month or '—'} to "
             f"{result.last_month or '—'} (flags {result.min_lead}–{result.horizon} months "
             f"before; top {result.top} of the watchlist)"]
    for title, units in (("Enterprises", result.enterprises), ("Regions", result.regions)):
        lines += ["", f"{title}: {units.warning.conflicts} conflicts that could be foreseen, "
                      f"{units.unforeseeable} with no record before",
                  f"  {'':<16} {'hits':>9} {'recall':>7} {'lead':>5} {'precision':>9} "
                  f"{'lift':>5}"]
        for method, accuracy in (("warning", units.warning), *units.baselines.items()):
            lines.append(
                f"  {_METHOD_NAMES[method]:<16} "
                f"{f'{accuracy.hits}/{accuracy.conflicts}':>9} {_percent(accuracy.recall):>7} "
                f"{_figure(accuracy.median_lead_months):>5} {_percent(accuracy.precision):>9} "
                f"{_figure(accuracy.lift):>5}"
            )
        for conflict in units.missed[:missed]:
            said = ("no record" if conflict.rank is None
                    else f"ranked {conflict.rank}, {conflict.level}")
            lines.append(f"  missed: {conflict.unit} in {conflict.month} ({said} the month "
                         "before)")
        if len(units.missed) > missed:
            lines.append(f"  … and {len(units.missed) - missed} more missed (use --json)")
    return "\n".join(lines)
