"""Early warning: where and at which enterprises labour tension is rising.

The package's face: it re-exports the names that other packages, the pages, the CLI, the
tests and the benchmarks use. Inside, one module per job:

``report``
    The report of regions and enterprises (:func:`compute_early_warning`,
    :func:`hotspots_report`), the risk of every enterprise for the map and the report as text.
``results``
    The report's typed results (:class:`EarlyWarningReport`, :class:`RegionEntry`,
    :class:`EnterpriseEntry`...), frozen dataclasses whose ``to_json()`` is the CLI's JSON.
``verdict``
    One verdict per region (sharp rise, rise, as usual for the time of year, limited change,
    decrease) with its reason in words, and the order of the regions
    (:func:`region_verdicts` gives the verdicts alone, for the home page).
``config``
    Thresholds and weights, and how the settings override them
    (:func:`config_from_settings`).
``panels``
    Checks and cuts of the region and enterprise month panels.
``baseline``
    Change of the last month against its baseline.
``trend_tests``
    Mann-Kendall trends and year-on-year growth, Benjamini-Hochberg adjusted.
``spatial``, ``emerging``
    Gi*, local Moran's I and the emerging hot-spot categories (``emerging.classify`` puts one
    region's Gi* history in its category).
``tension``
    The tension index of the regions.
``watchlist``
    The risk score of the enterprises and the watchlist.
``messages``
    Reasons and notes as message keys with parameters, and their English text.
``backtest``, ``backtest_flags``, ``backtest_results``
    The early warning audited on the data loaded: how many labour conflicts its lists of the
    months before foresaw, against two simple baselines (:func:`compute_backtest`,
    :func:`warning_backtest`).
"""

from utils.early_warning.backtest import (
    DEFAULT_HORIZON,
    DEFAULT_MIN_LEAD,
    DEFAULT_TOP,
    backtest_text,
    compute_backtest,
    warning_backtest,
)
from utils.early_warning.backtest_results import (
    Accuracy,
    Backtest,
    Conflict,
    MonthOutcome,
    UnitBacktest,
)
from utils.early_warning.baseline import LEVELS, change_levels, indicator_kind, worst_level
from utils.early_warning.config import (
    DEFAULT_REGION_WEIGHTS,
    EarlyWarningConfig,
    config_from_settings,
    load_config,
)
from utils.early_warning.emerging import CATEGORIES, emerging_hot_spots
from utils.early_warning.messages import MESSAGES_EN, render_en
from utils.early_warning.panels import PanelError
from utils.early_warning.report import (
    compute_early_warning,
    compute_region_verdicts,
    enterprise_risk,
    enterprise_risk_at,
    hotspots_report,
    region_verdicts,
    report_text,
)
from utils.early_warning.results import (
    EarlyWarningReport,
    EnterpriseEntry,
    RegionEntry,
    RegionVerdict,
)
from utils.early_warning.spatial import (
    gi_star,
    gi_star_series,
    local_moran,
    low_power_note,
    pseudo_p,
    spatial_rates,
)
from utils.early_warning.tension import region_factors, robust_z, tension_index, top_factors
from utils.early_warning.trend_tests import (
    benjamini_hochberg,
    mann_kendall,
    trend_table,
    year_on_year,
)
from utils.early_warning.verdict import RISING_VERDICTS, VERDICT_ORDER
from utils.early_warning.watchlist import risk_level, risk_scores, score_window

__all__ = [
    "Accuracy",
    "Backtest",
    "Conflict",
    "DEFAULT_HORIZON",
    "DEFAULT_MIN_LEAD",
    "DEFAULT_TOP",
    "MonthOutcome",
    "UnitBacktest",
    "backtest_text",
    "compute_backtest",
    "warning_backtest",
    "CATEGORIES",
    "DEFAULT_REGION_WEIGHTS",
    "EarlyWarningConfig",
    "EarlyWarningReport",
    "EnterpriseEntry",
    "LEVELS",
    "MESSAGES_EN",
    "PanelError",
    "RISING_VERDICTS",
    "RegionEntry",
    "RegionVerdict",
    "VERDICT_ORDER",
    "benjamini_hochberg",
    "change_levels",
    "compute_early_warning",
    "compute_region_verdicts",
    "config_from_settings",
    "emerging_hot_spots",
    "enterprise_risk",
    "enterprise_risk_at",
    "gi_star",
    "gi_star_series",
    "hotspots_report",
    "indicator_kind",
    "load_config",
    "local_moran",
    "low_power_note",
    "mann_kendall",
    "pseudo_p",
    "region_factors",
    "region_verdicts",
    "render_en",
    "report_text",
    "risk_level",
    "risk_scores",
    "robust_z",
    "score_window",
    "spatial_rates",
    "tension_index",
    "top_factors",
    "trend_table",
    "worst_level",
    "year_on_year",
]
