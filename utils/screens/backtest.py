"""How well the warnings worked: the backtest in words, a chart and the missed conflicts.

Reads one backtest (``utils.early_warning.warning_backtest``) of the conflicts of the last
12 months up to the month in force and writes it for people in the interface language:
words first (how many conflicts the watchlist foresaw, how long before, against the simplest
lists anyone could draw up), then the conflicts of each month foreseen and missed, then the
missed ones with where the list had them the month before.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from utils import charts, formatting, i18n
from utils.early_warning import Accuracy, Backtest
from utils.months import shift_month
from utils.screens.hotspots import sentence

#: Months of conflicts the screen audits, up to the month in force.
RECORD_MONTHS = 12
#: Columns of the missed conflicts' table, with their header keys.
MISSED_HEADERS: dict[str, str] = {
    "month": "common.month",
    "name": "common.enterprise",
    "rank": "hotspots.record.col.rank_before",
    "risk_level": "hotspots.record.col.level_before",
    "score": "hotspots.score",
    "bin": "common.bin",
}


def record_months(as_of: str, months: int = RECORD_MONTHS) -> tuple[str, str]:
    """Return the first and last month of the conflicts audited: ``months`` up to ``as_of``."""
    return shift_month(as_of, 1 - months), as_of


def _share(part: int, whole: int, lang: str) -> str:
    return formatting.format_share(part / whole if whole else None, lang)


#: Lift below which the list's conflicts are said to be no more frequent than the average.
MEANINGFUL_LIFT = 1.1


def _precision_line(result: Backtest, lang: str) -> str:
    """Return how often the top of the list had a conflict, against the average enterprise."""
    warning = result.enterprises.warning
    params = {"top": formatting.format_number(result.top, lang),
              "horizon": formatting.format_number(result.horizon, lang),
              "precision": formatting.format_share(warning.precision, lang)}
    if warning.lift >= MEANINGFUL_LIFT:
        return i18n.t("hotspots.record.precision", lang, **params,
                      lift=formatting.format_times(warning.lift, lang))
    return i18n.t("hotspots.record.precision_low", lang, **params,
                  base=formatting.format_share(warning.base_rate, lang, decimals=1))


def _enterprise_lines(result: Backtest, period: str, lang: str) -> list[str]:
    firms = result.enterprises
    warning: Accuracy = firms.warning
    count = warning.conflicts
    number = formatting.format_number
    if count == 0:
        lines = [i18n.t("hotspots.record.no_conflicts", lang, period=period)]
    else:
        common = {"period": period, "count": number(count, lang), "top": number(result.top, lang),
                  "hits": number(warning.hits, lang), "share": _share(warning.hits, count, lang),
                  "min_lead": number(result.min_lead, lang),
                  "horizon": number(result.horizon, lang)}
        if warning.median_lead_months is None:
            lines = [i18n.t("hotspots.record.foreseen_none", lang, **common)]
        else:
            lead = formatting.format_count(warning.median_lead_months, "months", lang)
            lines = [i18n.t("hotspots.record.foreseen", lang, **common, lead=lead)]
        lines.append(i18n.t(
            "hotspots.record.baselines", lang, count=number(count, lang),
            arrears=number(firms.baselines["largest_arrears"].hits, lang),
            persistence=number(firms.baselines["persistence"].hits, lang)))
    if warning.precision is not None and warning.lift is not None:
        lines.append(_precision_line(result, lang))
    if firms.unforeseeable:
        lines.append(i18n.t("hotspots.record.unforeseeable", lang,
                            count=number(firms.unforeseeable, lang)))
    return lines


def record_lines(result: Backtest, lang: str) -> list[str]:
    """Return the backtest in sentences: enterprises, the baselines, then regions."""
    if result.first_month is None:
        return [i18n.t("hotspots.record.no_history", lang)]
    period = formatting.format_period(result.first_month, result.last_month, lang, "long")
    lines = _enterprise_lines(result, period, lang)
    regions = result.regions
    if regions.warning.conflicts:
        number = formatting.format_number
        lines.append(i18n.t(
            "hotspots.record.regions", lang, count=number(regions.warning.conflicts, lang),
            hits=number(regions.warning.hits, lang),
            arrears=number(regions.baselines["largest_arrears"].hits, lang),
            min_lead=number(result.min_lead, lang), horizon=number(result.horizon, lang)))
    return lines


def monthly_counts(result: Backtest) -> pd.DataFrame:
    """Return ``month``, ``foreseen`` and ``missed``: the enterprises' conflicts of each month."""
    return pd.DataFrame(
        [{"month": m.month, "foreseen": m.enterprise_hits,
          "missed": m.enterprise_conflicts - m.enterprise_hits} for m in result.months],
        columns=["month", "foreseen", "missed"],
    )


def record_chart(result: Backtest, lang: str) -> alt.Chart:
    """Return the enterprises' conflicts of each month, foreseen and missed, as bars."""
    chart = charts.foreseen_chart(
        monthly_counts(result), foreseen_label=i18n.t("hotspots.record.chart_foreseen", lang),
        missed_label=i18n.t("hotspots.record.chart_missed", lang),
        value_title=i18n.t("hotspots.record.chart_axis", lang),
        month_title=i18n.t("common.month", lang))
    return charts.localized(chart, lang)


def missed_table(result: Backtest, lang: str) -> pd.DataFrame:
    """Return the missed conflicts, latest first, with what the list said the month before.

    Columns (headers in ``lang``): month, enterprise, place in the ranking the month before,
    risk level then, risk score then, BIN.
    """
    rows = [{
        "month": formatting.format_month(c.month, lang, "long"),
        "name": c.name or c.unit,
        "rank": c.rank,
        "risk_level": sentence(i18n.t(f"ew.risk.{c.level}", lang)) if c.level else None,
        "score": c.score,
        "bin": c.unit,
    } for c in sorted(sorted(result.enterprises.missed, key=lambda c: c.rank or 10**9),
                      key=lambda c: c.month, reverse=True)]
    frame = pd.DataFrame(rows, columns=list(MISSED_HEADERS))
    frame["rank"] = frame["rank"].astype("Int64")
    return frame.rename(columns={c: i18n.t(key, lang) for c, key in MISSED_HEADERS.items()})
