"""The enterprise drill-down, shaped for the page, the exports and the tests.

One enterprise over its whole record: who it is (region, industry, headcount, settlement),
how much it owes and to how many workers month by month, what it repaid, the appeals that
name it by category, its layoffs and its labor conflicts. Built from
``utils.metrics.enterprise_profile`` and ``utils.metrics.enterprise_timeline``; nothing here
draws on a screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from utils import charts, formatting, i18n
from utils.screens.chart_numbers import value_format
from utils.screens.region import TOP_COLUMNS, Card
from utils.screens.tables import labelled

#: Columns of the month-by-month table.
TIMELINE_COLUMNS = (
    "month", "arrears_outstanding_kzt", "workers_owed", "overdue_months", "repaid_kzt",
    "workers_repaid", "appeals", "collective_appeals", "people", "layoffs", "unlawful_layoffs",
    "incidents", "incident_participants",
)
REPAYMENT_COLUMNS = (
    "month", "repaid_kzt", "workers_repaid", "arrears_outstanding_kzt", "workers_owed",
)
LAYOFF_COLUMNS = ("month", "layoffs", "unlawful_layoffs")
#: Columns of the country's leaders: a region's (``TOP_COLUMNS``, which end with industry and
#: BIN) with the region before those two.
LEADER_COLUMNS = {
    by: columns[:-2] + ("region",) + columns[-2:] for by, columns in TOP_COLUMNS.items()
}
INCIDENT_COLUMNS = (
    "date", "type", "participants", "settlement", "demands", "source", "description",
)
_CATEGORY_PREFIX = "appeals_"


def option_label(row: Mapping[str, Any], lang: str) -> str:
    """Return how a search result reads in a list: ``name · BIN · region``."""
    parts = [str(row["name"] or ""), str(row["bin"] or "")]
    region = row.get("region")
    if region:
        try:
            parts.append(i18n.region_label(str(region), lang))
        except KeyError:
            parts.append(str(region))
    return " · ".join(p for p in parts if p)


def profile_facts(profile: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """Return the facts of the profile as ``(label, text)``: region, industry, people, place."""
    missing = formatting.MISSING
    region = profile.get("region")
    industry = profile.get("industry")
    facts = [
        (i18n.t("common.bin", lang), str(profile["bin"])),
        (i18n.t("common.region", lang), i18n.region_label(region, lang) if region else missing),
        (
            i18n.t("common.industry", lang),
            i18n.oked_label(industry, lang, with_letter=True)
            if industry
            else i18n.t("common.industry_unknown", lang),
        ),
        (i18n.t("enterprise.headcount", lang), formatting.format_number(profile.get("headcount"),
                                                                        lang)),
        (i18n.t("common.settlement", lang), profile.get("settlement") or missing),
    ]
    return facts


def kpi_cards(profile: Mapping[str, Any], lang: str) -> list[Card]:
    """Return the cards of an enterprise: latest arrears and workers owed, totals of events.

    Arrears and workers owed are those of the last arrears report, and say its month.
    """
    month = profile.get("latest_arrears_month")
    as_of = (
        i18n.t("region.as_of", lang, month=formatting.format_month(month, lang)) if month else None
    )
    cards = [
        Card(
            i18n.kpi_label("arrears_outstanding_kzt", lang),
            formatting.format_indicator_value(
                profile.get("latest_arrears_outstanding_kzt"), "KZT", lang
            ),
            note=as_of,
        ),
        Card(
            i18n.kpi_label("workers_owed", lang),
            formatting.format_indicator_value(profile.get("latest_workers_owed"), "workers", lang),
            note=as_of,
        ),
    ]
    for key in ("appeals", "layoffs", "incidents"):
        cards.append(Card(i18n.kpi_label(key, lang), formatting.format_number(profile[key], lang)))
    return cards


def record_span(profile: Mapping[str, Any], lang: str) -> str | None:
    """Return the sentence naming the months the enterprise's records cover, or None."""
    first, last = profile.get("first_month"), profile.get("last_month")
    if not first or not last:
        return None
    return i18n.t("enterprise.record_span", lang,
                  period=formatting.format_period(first, last, lang))


def appeals_by_category(timeline: pd.DataFrame) -> pd.DataFrame:
    """Return ``month, category, appeals``: the appeals naming the enterprise, by category.

    Only months and categories with at least one appeal are kept.
    """
    columns = [c for c in timeline.columns if c.startswith(_CATEGORY_PREFIX)]
    if not columns:
        return pd.DataFrame({"month": [], "category": [], "appeals": []})
    long = timeline[["month", *columns]].melt(
        id_vars="month", var_name="category", value_name="appeals"
    )
    long["category"] = long["category"].str.slice(len(_CATEGORY_PREFIX))
    long = long[long["appeals"] > 0].astype({"appeals": "int64"})
    return long.sort_values(["month", "category"], ignore_index=True)


def months_with(timeline: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Return the months of the timeline where any of ``columns`` is above 0."""
    present = [c for c in columns if c in timeline.columns]
    if timeline.empty or not present:
        return timeline.iloc[0:0]
    return timeline[(timeline[present].fillna(0) > 0).any(axis=1)].reset_index(drop=True)


def timeline_table(timeline: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the month-by-month table of the enterprise with translated headers."""
    return labelled(timeline, TIMELINE_COLUMNS, lang)


def repayments_table(timeline: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the months with a repayment: repaid tenge and workers, what is still owed."""
    return labelled(months_with(timeline, "repaid_kzt", "workers_repaid"), REPAYMENT_COLUMNS, lang)


def layoffs_table(timeline: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the months with layoffs: workers laid off, of them found unlawful."""
    return labelled(months_with(timeline, "layoffs"), LAYOFF_COLUMNS, lang)


def incidents_table(incidents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the enterprise's labor conflicts (``utils.metrics.incidents_list``), newest first."""
    return labelled(incidents, INCIDENT_COLUMNS, lang)


def leaders_table(leaders: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """Return the country's leading enterprises as the page lists them before a search.

    ``leaders`` is ``utils.metrics.top_enterprises`` with no region, ranked ``by``; the table
    names each enterprise's region.
    """
    return labelled(leaders, LEADER_COLUMNS[by], lang)


def arrears_chart(timeline: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """Return wage arrears (bars) and workers owed (line) by month; None without arrears."""
    if timeline.empty:
        return None
    reported = timeline[timeline["arrears_outstanding_kzt"].notna()]
    if reported.empty:
        return None
    chart = charts.enterprise_timeline_chart(
        reported,
        arrears_title=f"{i18n.indicator_label('arrears_outstanding_kzt', lang)}, "
        f"{formatting.CURRENCY_SIGN}",
        workers_title=i18n.indicator_label("workers_owed", lang),
        month_title=i18n.t("common.month", lang),
        arrears_format=value_format("KZT", lang),
    )
    return charts.localized(chart, lang)
