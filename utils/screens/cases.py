"""The Cases screen: cases to work on (late first), their steps, results and timeliness.

Pure functions over :mod:`utils.cases` results: tables with headers and values in the
reader's language, the states a step may go to next, the results block for leadership and the
marks the hotspots watchlist shows for enterprises that already have a case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from utils import cases, formatting, i18n

#: Columns of the cases table, in order.
CASE_COLUMNS = ("case_id", "name", "bin", "region", "state", "owner", "opened_on", "due_on",
                "late")


def state_label(state: str, lang: str) -> str:
    """Return the name of a case state in ``lang``."""
    return i18n.t(f"cases.state.{state}", lang)


def work_order(found: Iterable[cases.Case], today: date,
               targets: cases.Targets) -> list[cases.Case]:
    """Return the cases to work on first: open and late, then open, then closed; oldest first."""
    def rank(case: cases.Case) -> tuple[int, date, int]:
        late = cases.is_late(case, today, targets)
        return (0 if late else 1 if case.is_open else 2, case.opened_on, case.id)

    return sorted(found, key=rank)


def filtered(found: Iterable[cases.Case], *, states: Sequence[str] = (),
             region: str | None = None, owner: str | None = None) -> list[cases.Case]:
    """Return the cases in one of ``states`` (all when empty), of ``region`` and ``owner``."""
    return [case for case in found
            if (not states or case.state in states)
            and (region is None or case.region == region)
            and (owner is None or case.owner == owner)]


def case_label(case: cases.Case, lang: str) -> str:
    """Return one line naming a case: its number, enterprise and state."""
    name = case.enterprise_name or case.bin
    return i18n.t("cases.case_label", lang, number=case.id, name=name,
                  state=state_label(case.state, lang))


def cases_table(found: Sequence[cases.Case], lang: str, today: date,
                targets: cases.Targets) -> pd.DataFrame:
    """Return the cases as a table: number, enterprise, BIN, region, state, owner, dates, late."""
    yes, no = i18n.t("common.yes", lang), ""
    rows = [{
        "case_id": case.id, "name": case.enterprise_name or "", "bin": case.bin,
        "region": i18n.region_label(case.region, lang) if case.region else "",
        "state": state_label(case.state, lang), "owner": case.owner,
        "opened_on": case.opened_on, "due_on": case.due_on,
        "late": yes if cases.is_late(case, today, targets) else no,
    } for case in found]
    frame = pd.DataFrame(rows, columns=list(CASE_COLUMNS))
    return frame.rename(columns={column: i18n.t(f"cases.column.{column}", lang)
                                 for column in CASE_COLUMNS})


def steps_table(case: cases.Case, lang: str) -> pd.DataFrame:
    """Return the steps of a case: day, state, who, note, reason and sums."""
    rows = [{
        "on": step.on, "state": state_label(step.state, lang), "by": step.by or "",
        "note": step.note or "",
        "reason": i18n.t(f"cases.close_reason.{step.reason}", lang) if step.reason else "",
        "repaid_kzt": step.repaid_kzt, "workers": step.workers,
    } for step in case.steps]
    columns = ["on", "state", "by", "note", "reason", "repaid_kzt", "workers"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns={c: i18n.t(f"cases.step_column.{c}", lang) for c in columns})


def next_states(case: cases.Case) -> list[str]:
    """Return the states a step of ``case`` may go to, in order (a closed case reopens)."""
    if not case.is_open:
        return ["flagged"]
    return [state for state in cases.STATES if cases.STAGE_NUMBER[state] > case.stage]


def case_facts(case: cases.Case, lang: str, today: date) -> list[tuple[str, str]]:
    """Return label and value pairs describing one case (reason, owner, dates, watch)."""
    facts = [
        (i18n.t("cases.fact.state", lang), state_label(case.state, lang)),
        (i18n.t("cases.fact.owner", lang), case.owner),
        (i18n.t("cases.fact.opened", lang), formatting.format_date(case.opened_on, lang)),
        (i18n.t("cases.fact.source", lang), i18n.t(f"cases.source.{case.source}", lang)),
    ]
    if case.due_on:
        facts.append((i18n.t("cases.fact.due", lang), formatting.format_date(case.due_on, lang)))
    if case.close_reason:
        facts.append((i18n.t("cases.fact.close_reason", lang),
                      i18n.t(f"cases.close_reason.{case.close_reason}", lang)))
    if case.is_watched(today):
        facts.append((i18n.t("cases.fact.watched", lang),
                      formatting.format_date(case.watch_until, lang)))
    return facts


def reopen_line(case: cases.Case, lang: str) -> str | None:
    """Return why the case reopened, in ``lang``, or None when it never did."""
    reason = case.reopen_reason
    if not reason:
        return None
    if reason.get("rule") == "risk_high":
        return i18n.t("cases.reopened_risk", lang,
                      month=formatting.format_month(reason["month"], lang, "long"),
                      closed=formatting.format_date(reason["closed_on"], lang))
    return i18n.t("cases.reopened_note", lang, note=reason.get("note") or "")


def ledger_line(line: cases.LedgerLine, lang: str) -> str:
    """Return the results ledger of one case in a sentence: its sums beside the extracts'."""
    extract = (i18n.t("cases.ledger.none", lang) if line.extract_kzt is None else
               i18n.t("cases.ledger.sums", lang,
                      kzt=formatting.format_money(line.extract_kzt, lang),
                      workers=formatting.format_count(line.extract_workers, "workers", lang)))
    return i18n.t("cases.ledger.line", lang,
                  kzt=formatting.format_money(line.case_kzt, lang),
                  workers=formatting.format_count(line.case_workers, "workers", lang),
                  extract=extract, verdict=i18n.t(f"cases.ledger.{line.status}", lang))


def results_cards(report: cases.TimelinessReport, lang: str) -> list[tuple[str, str]]:
    """Return the results block's figures for leadership: label and value, in ``lang``."""
    total = report.total
    return [
        (i18n.t("cases.results.opened", lang), formatting.format_number(total.opened, lang)),
        (i18n.t("cases.results.closed", lang), formatting.format_number(total.closed, lang)),
        (i18n.t("cases.results.repaid_kzt", lang), formatting.format_money(total.repaid_kzt,
                                                                          lang)),
        (i18n.t("cases.results.workers_repaid", lang),
         formatting.format_number(total.workers_repaid, lang)),
        (i18n.t("cases.results.on_time", lang), formatting.format_share(total.on_time_share,
                                                                       lang)),
    ]


def results_table(report: cases.TimelinessReport, lang: str) -> pd.DataFrame:
    """Return the results and timeliness by region: opened, closed, repaid, medians, on time."""
    rows = []
    for group in report.regions:
        row = {"region": i18n.region_label(group.key, lang), "opened": group.opened,
               "closed": group.closed, "repaid_kzt": group.repaid_kzt,
               "workers_repaid": group.workers_repaid,
               "on_time_share": None if group.on_time_share is None
               else round(100 * group.on_time_share)}
        for stage in cases.STAGES:
            row[f"median_{stage}"] = group.median_days[stage]
        rows.append(row)
    columns = ["region", "opened", "closed", "repaid_kzt", "workers_repaid", "on_time_share",
               *(f"median_{stage}" for stage in cases.STAGES)]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns={c: i18n.t(f"cases.results_column.{c}", lang) for c in columns})


def slowest_lines(report: cases.TimelinessReport, lang: str, limit: int = 3) -> list[str]:
    """Return the sentences naming where the wait is longest against its target."""
    return [cases.slowest_sentence(group, lang) + "."
            for group in report.slowest_regions()[:limit]]


def open_case_bins(found: Iterable[cases.Case]) -> dict[str, int]:
    """Return BIN -> number of its open case (the watchlist marks these enterprises)."""
    return {case.bin: case.id for case in found if case.is_open}


def impact_table(result: cases.ImpactComparison, lang: str) -> pd.DataFrame:
    """Return the comparison of flagged enterprises with a case and without, one row each."""
    columns = ["group", "enterprises", "with_data", "mean_arrears_kzt", "incidents",
               "share_with_incident"]
    rows = []
    for group, found in (("with_case", result.with_case), ("without_case", result.without_case)):
        rows.append({
            "group": i18n.t(f"cases.impact.{group}", lang), "enterprises": found.enterprises,
            "with_data": found.with_data, "mean_arrears_kzt": found.mean_arrears_kzt,
            "incidents": found.incidents,
            "share_with_incident": None if found.share_with_incident is None
            else round(100 * found.share_with_incident),
        })
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns={c: i18n.t(f"cases.impact.column.{c}", lang) for c in columns})
