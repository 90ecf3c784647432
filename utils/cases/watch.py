"""The early warning behind cases: the watchlist's words at opening, and the watch.

What the watchlist says of an enterprise when its case opens is kept as the case's reason;
the watch reopens closed cases when their enterprise is at "high" risk again.
"""

from __future__ import annotations

from datetime import date

from utils import early_warning, store
from utils.cases.model import Case, OpeningWarning
from utils.cases.workflow import load_cases, reopen_watched


def warning_of(report: early_warning.EarlyWarningReport, bin_: str) -> OpeningWarning | None:
    """Return what the watchlist of ``report`` says of ``bin_``, or None when it is not on it."""
    for entry in report.enterprises:
        if entry.bin == bin_:
            messages = tuple(
                {"key": message["key"], "params": dict(message.get("params", {}))}
                for message in entry.reason_messages
            )
            return OpeningWarning(name=entry.name, region=entry.region,
                                  risk_level=entry.risk_level, messages=messages,
                                  text=entry.reason_line or "; ".join(entry.reasons))
    return None


def reopen_on_risk(engine: store.Bind, as_of: str | None = None, *,
                   on: date | None = None) -> list[Case]:
    """Reopen the watched cases whose enterprise is at "high" risk in ``as_of``.

    ``as_of`` defaults to the last month with data; the reopening step is dated ``on``
    (today by default). The risk is computed only when some case is under watch. Returns
    the cases reopened.
    """
    month = as_of or store.month_bounds(engine)[1]
    if month is None:
        return []
    if not [case for case in load_cases(engine, states=["closed"]) if case.watch_until]:
        return []
    risk = early_warning.enterprise_risk_at(engine, month, recent_only=True,
                                            config=early_warning.config_from_settings())
    levels = dict(zip(risk["bin"], risk["risk_level"], strict=True))
    scores = {b: float(s) for b, s in zip(risk["bin"], risk["score"], strict=True)}
    return reopen_watched(engine, month, levels, scores, on=on)
