"""The tables of a briefing: key figures, rising regions, enterprise watchlist, case results.

Each table (a ``utils.briefing.model.Table``) comes twice: as text cells for a slide
(numbers formatted for the language, at most :data:`MAX_REASONS` reasons per row) and as a
frame with the numbers left as numbers and every reason, for the CSV and XLSX downloads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from utils import cases, formatting, i18n
from utils.briefing.model import Table
from utils.early_warning import EarlyWarningReport

#: Rows of the rising-regions and watchlist slides; the rest is on the hotspots screen.
MAX_RISING = 6
MAX_WATCHLIST = 10
#: Reasons printed per region and per enterprise on a slide (the spreadsheets hold all).
MAX_REASONS = 2


def kpi_table(kpis: Mapping[str, Mapping[str, Any]], lang: str) -> Table:
    """Return the key figures with the previous period and the change, one row per KPI.

    The spreadsheet's frame names each figure's unit in ``lang`` («₸», «обращений»).
    """
    columns = [i18n.t("briefing.col_indicator", lang), i18n.t("common.value", lang),
               i18n.t("briefing.col_previous", lang), i18n.t("common.change", lang)]
    rows, records = [], []
    for key, card in kpis.items():
        label = i18n.kpi_label(key, lang)
        unit = card.get("unit", "")
        rows.append([label, formatting.format_indicator_value(card.get("value"), unit, lang),
                     formatting.format_indicator_value(card.get("previous"), unit, lang),
                     formatting.format_percent_change(card.get("change_pct"), lang)])
        records.append({columns[0]: label, columns[1]: card.get("value"),
                        columns[2]: card.get("previous"),
                        f"{columns[3]}, %": card.get("change_pct"),
                        i18n.t("briefing.col_unit", lang): formatting.unit_text(unit, lang)})
    return Table("key_figures", columns, rows, [3.2, 2.0, 2.0, 1.4], pd.DataFrame(records))


def _reasons(messages: Sequence[Mapping[str, Any]], lang: str, limit: int | None = MAX_REASONS,
             skip: Sequence[str] = ()) -> list[str]:
    chosen = [m for m in messages if m.get("key") not in skip][:limit]
    return [formatting.render_message(dict(m), lang) for m in chosen]


def rising_table(report: EarlyWarningReport, lang: str, limit: int = MAX_RISING) -> Table:
    """Return the regions where tension is rising, ranked, with each verdict and its reason.

    The verdict and its reason are the ones every screen shows
    (``utils.early_warning.verdict``); the statistics behind them stay on the hotspots
    screen and the methodology slide.
    """
    columns = ["№", i18n.t("common.region", lang), i18n.t("hotspots.level", lang),
               i18n.t("hotspots.reason", lang)]
    rows, records = [], []
    rising = [entry for entry in report.regions if entry.rising]
    for number, entry in enumerate(rising[:limit], start=1):
        name = i18n.region_label(entry.code, lang)
        level = i18n.level_label(entry.level, lang)
        level = level[:1].upper() + level[1:]
        reasons = _reasons(entry.verdict_messages, lang, limit=None)
        rows.append([str(number), name, level,
                     "\n".join(f"• {r}" for r in reasons[:MAX_REASONS])])
        records.append({columns[0]: number, i18n.t("briefing.col_code", lang): entry.code,
                        columns[1]: name, columns[2]: level,
                        i18n.t("indicator.tension_index", lang): entry.tension_index,
                        columns[3]: "; ".join(reasons)})
    return Table("rising_regions", columns, rows, [0.5, 2.6, 1.8, 7.0], pd.DataFrame(records))


def watchlist_table(report: EarlyWarningReport, lang: str,
                    limit: int = MAX_WATCHLIST) -> Table:
    """Return the enterprise watchlist: highest risk first, with BIN, region and reasons."""
    columns = ["№", i18n.t("common.enterprise", lang), i18n.t("common.bin", lang),
               i18n.t("common.region", lang), i18n.t("briefing.col_risk", lang),
               i18n.t("hotspots.reason", lang)]
    rows, records = [], []
    for entry in report.enterprises[:limit]:
        region = i18n.region_label(entry.region, lang) if entry.region else ""
        risk = i18n.t(f"ew.risk.{entry.risk_level}", lang)
        reasons = _reasons(entry.reason_messages, lang, limit=None,
                           skip=("ew.reason.new_on_list",))
        rows.append([str(entry.rank), str(entry.name), str(entry.bin or ""), region,
                     risk, "\n".join(f"• {r}" for r in reasons[:MAX_REASONS])])
        records.append({columns[0]: entry.rank, columns[1]: entry.name,
                        columns[2]: entry.bin, columns[3]: region, columns[4]: risk,
                        i18n.t("hotspots.score", lang): entry.score,
                        columns[5]: "; ".join(reasons)})
    return Table("watchlist", columns, rows, [0.5, 3.0, 1.6, 2.0, 1.1, 5.0],
                 pd.DataFrame(records))


def results_table(report: cases.TimelinessReport, lang: str) -> Table:
    """Return the results of cases by region: opened, closed, repaid, workers, on time."""
    columns = [i18n.t("common.region", lang), i18n.t("cases.results.opened", lang),
               i18n.t("cases.results.closed", lang), i18n.t("cases.results.repaid_kzt", lang),
               i18n.t("cases.results.workers_repaid", lang),
               i18n.t("cases.results.on_time", lang)]
    rows, records = [], []
    for group in sorted(report.regions, key=lambda g: (-g.repaid_kzt, -g.opened, g.key)):
        name = i18n.region_label(group.key, lang)
        rows.append([name, formatting.format_number(group.opened, lang),
                     formatting.format_number(group.closed, lang),
                     formatting.format_money(group.repaid_kzt, lang),
                     formatting.format_number(group.workers_repaid, lang),
                     formatting.format_share(group.on_time_share, lang)])
        records.append(dict(zip(columns, [name, group.opened, group.closed, group.repaid_kzt,
                                          group.workers_repaid, group.on_time_share],
                                strict=True)))
    return Table("case_results", columns, rows, [3.0, 1.3, 1.3, 2.2, 1.8, 1.4],
                 pd.DataFrame(records, columns=columns))


def results_lines(report: cases.TimelinessReport, lang: str) -> list[str]:
    """Return the results in sentences: the totals, then where the wait is longest."""
    total = report.total
    if not (total.opened or total.closed or total.repaid_kzt):
        return [i18n.t("cases.briefing.none", lang)]
    lines = [i18n.t("cases.briefing.totals", lang,
                    opened=formatting.format_count(total.opened, "cases", lang),
                    closed=formatting.format_number(total.closed, lang),
                    kzt=formatting.format_money(total.repaid_kzt, lang),
                    workers=formatting.format_count(total.workers_repaid, "workers", lang),
                    share=formatting.format_share(total.on_time_share, lang))]
    lines += [cases.slowest_sentence(group, lang) + "."
              for group in report.slowest_regions()[:2]]
    return lines
