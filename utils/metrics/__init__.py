"""Indicators and the numbers the dashboards, briefings and early warning show.

All SQL lives in ``utils.store``; this package picks indicators, normalises by population or
employment, compares periods and ranks regions with pandas. One module per job:

- ``indicators``: the indicator registry, normalisations and filters (which filter narrows
  which indicator), and the definitions of periods, flows, stocks and official statistics;
- ``periods``: the check every period passes (month arithmetic is ``utils.months``);
- ``totals``: every indicator by region for a period and the one before, and the KPI cards;
- ``official``: the official statistics loaded and their values by region;
- ``cases``: the case indicators (open cases, repaid through cases) by region;
- ``regions``: one indicator region by region (map values, monthly series, category mix,
  profile);
- ``enterprises``: the leaders of a period, map points, search, profile, timeline, incidents;
- ``districts``: one indicator district by district within a region (the region page's map);
- ``panels``: month bounds, coverage and the early warning's panels.

Code outside the package imports the names below from here (``from utils import metrics``).
"""

from __future__ import annotations

from utils.metrics.cases import case_values
from utils.metrics.districts import (
    DISTRICT_NORMALISATIONS,
    district_normalisations,
    district_values,
    has_district_breakdown,
)
from utils.metrics.enterprises import (
    TOP_BY,
    enterprise_points,
    enterprise_profile,
    enterprise_timeline,
    incidents_list,
    search_enterprises,
    top_enterprises,
)
from utils.metrics.indicators import (
    CASE_INDICATORS,
    CASE_PREFIX,
    FILTER_KEYS,
    INDICATORS,
    NORMALISATIONS,
    OFFICIAL_PREFIX,
    Filters,
    filter_applies,
    ignored_filters,
    indicator_source,
    is_case_indicator,
)
from utils.metrics.official import (
    official_granularity,
    official_indicators,
    official_periods,
    period_ending,
)
from utils.metrics.panels import (
    ENTERPRISE_PANEL_COLUMNS,
    PANEL_COLUMNS,
    coverage,
    enterprise_month_panel,
    enterprise_score_records,
    month_bounds,
    region_month_panel,
)
from utils.metrics.regions import (
    category_mix,
    monthly_region_values,
    monthly_series,
    region_profile,
    region_values,
)
from utils.metrics.totals import PeriodTotals, national_kpis, period_totals

__all__ = [
    "CASE_INDICATORS",
    "CASE_PREFIX",
    "case_values",
    "is_case_indicator",
    "DISTRICT_NORMALISATIONS",
    "district_normalisations",
    "district_values",
    "has_district_breakdown",
    "ENTERPRISE_PANEL_COLUMNS",
    "FILTER_KEYS",
    "INDICATORS",
    "NORMALISATIONS",
    "OFFICIAL_PREFIX",
    "PANEL_COLUMNS",
    "TOP_BY",
    "Filters",
    "PeriodTotals",
    "category_mix",
    "coverage",
    "enterprise_month_panel",
    "enterprise_points",
    "enterprise_profile",
    "enterprise_score_records",
    "enterprise_timeline",
    "filter_applies",
    "ignored_filters",
    "incidents_list",
    "indicator_source",
    "month_bounds",
    "monthly_region_values",
    "monthly_series",
    "national_kpis",
    "official_granularity",
    "official_indicators",
    "official_periods",
    "period_ending",
    "period_totals",
    "region_month_panel",
    "region_profile",
    "region_values",
    "search_enterprises",
    "top_enterprises",
]
