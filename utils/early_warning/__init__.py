"""Early warning: where and at which enterprises labour tension is rising.

The package's face: the names other packages, the pages, the CLI, the tests and the
benchmarks use. Inside, one module per job:

``report``
    The report of regions and enterprises (:func:`compute_early_warning`,
    :func:`hotspots_report`), the risk of every enterprise for the map and the report as text.
``results``
    The report's typed results (:class:`EarlyWarningReport`, :class:`RegionEntry`,
    :class:`EnterpriseEntry`...), frozen dataclasses whose ``to_json()`` is the CLI's JSON.
``config``
    Thresholds and weights, and how the settings override them.
``panels``
    Checks and cuts of the region and enterprise month panels.
``baseline``
    Change of the last month against its baseline.
``trend_tests``
    Mann-Kendall trends and year-on-year growth, Benjamini-Hochberg adjusted.
``spatial``, ``emerging``
    Gi*, local Moran's I and the emerging hot-spot categories.
``tension``
    The tension index of the regions.
``watchlist``
    The risk score of the enterprises and the watchlist.
``messages``
    Reasons and notes as message keys with parameters, and their English text.
"""

from utils.early_warning.config import config_from_settings
from utils.early_warning.report import (
    compute_early_warning,
    enterprise_risk,
    enterprise_risk_at,
    hotspots_report,
    report_text,
)
from utils.early_warning.results import EarlyWarningReport, EnterpriseEntry, RegionEntry

__all__ = [
    "EarlyWarningReport",
    "EnterpriseEntry",
    "RegionEntry",
    "compute_early_warning",
    "config_from_settings",
    "enterprise_risk",
    "enterprise_risk_at",
    "hotspots_report",
    "report_text",
]
