"""The early-warning report: where and at which enterprises labour tension is rising.

:func:`compute_early_warning` turns the two panels of the store into one report (an
``EarlyWarningReport`` of ``utils.early_warning.results``, whose ``to_json()`` is the JSON of
``cli.py hotspots --json``) that the hotspots screen, the map and the briefing share;
:func:`hotspots_report` does the same straight from a database. Only data up to ``as_of``
is read (no look-ahead): the panels are cut at that month before anything is computed.

For each region the report gives

* the change of the last month against its baseline per indicator and the most concerning
  level (``utils.early_warning.baseline``);
* Mann-Kendall trends with Sen's slopes, seasonal when two years of history allow, with
  Benjamini-Hochberg adjusted p-values over the 20 regions
  (``utils.early_warning.trend_tests``);
* Gi* of the last month, local Moran's I clusters and the emerging hot-spot category
  (``utils.early_warning.spatial``, ``utils.early_warning.emerging``): supporting evidence
  only, with 20 units the power is low and the report carries a note that says so;
* the tension index with its top factors (``utils.early_warning.tension``);
* the region's one verdict (sharp rise, rise, as usual for the time of year, limited
  change, decrease) with its reason in words, and ``rising`` (``utils.early_warning.verdict``);
* the detailed evidence with its statistics (``utils.early_warning.messages``).

Regions are ranked by their verdict (sharp rises, then rises, then the rest), then by how
many indicators rise, then by tension index. Enterprises come from the watchlist
(``utils.early_warning.watchlist``), highest risk score first.

:func:`enterprise_risk` and :func:`enterprise_risk_at` score every enterprise the same way
for the map's points, and :func:`report_text` writes the report for a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from utils.early_warning.baseline import INCREASE_LEVELS, change_levels, severity, worst_level
from utils.early_warning.config import REGION_SIGNAL_INDICATORS, EarlyWarningConfig, load_config
from utils.early_warning.emerging import RISING_CATEGORIES, emerging_hot_spots
from utils.early_warning.messages import Message, label, message, render_en, with_text
from utils.early_warning.panels import (
    ENTERPRISE_PANEL_COLUMNS,
    REGION_PANEL_COLUMNS,
    check_month,
    check_panel,
    cut_at,
    wide,
)
from utils.early_warning.results import (
    EarlyWarningReport,
    EnterpriseEntry,
    EnterpriseTrend,
    GiStar,
    IndicatorSignal,
    LocalMoran,
    Methodology,
    RegionEntry,
    RegionVerdict,
    Trend,
    YearOnYear,
)
from utils.early_warning.spatial import (
    gi_star_series,
    local_moran,
    low_power_note,
    spatial_rates,
)
from utils.early_warning.tension import REGION_FACTORS, region_factors, tension_index, top_factors
from utils.early_warning.trend_tests import trend_table, year_on_year
from utils.early_warning.verdict import Verdict, ranking_key, region_verdict
from utils.early_warning.watchlist import (
    ENTERPRISE_FACTORS,
    build_watchlist,
    risk_table,
    score_window,
    window_risk_table,
)
from utils.months import month_range, shift_month

RANKING = ("verdict (sharp rise, then rise, then the rest), then the number of indicators "
           "rising, then the tension index")

Result = TypeVar("Result")


def _clean(value: Any) -> Any:
    """Return ``value`` with numpy scalars made plain and NaN/inf made None (JSON-safe)."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        value = float(value)
        return value if math.isfinite(value) else None
    return value


def _result(kind: type[Result], **values: Any) -> Result:
    """Return the result ``kind`` built from ``values`` made JSON-safe by :func:`_clean`.

    Results already built (a region's trend inside its entry) pass through unchanged.
    """
    return kind(**{name: _clean(value) for name, value in values.items()})


def _reference(regions: pd.DataFrame | None) -> pd.DataFrame:
    if regions is None:
        from geo.reference import load_regions

        regions = load_regions()
    return regions.set_index("code")


def _denominator(panel: pd.DataFrame, column: str, codes: list[str],
                 reference: pd.DataFrame) -> pd.Series:
    """Return the last positive value of ``column`` per region, else the reference value."""
    present = panel.loc[panel[column].fillna(0) > 0].sort_values("month")
    latest = present.groupby("code")[column].last().reindex(codes)
    if column in reference.columns:
        latest = latest.fillna(reference[column].reindex(codes))
    return latest.astype(float)


def _default_weights() -> Any:
    import geo

    return geo.region_weights()


def _trend(row: pd.Series, indicator: str) -> Trend:
    return _result(Trend, indicator=indicator, slope=row["slope"], slope_pct=row["slope_pct"],
                   p=row["q"], p_raw=row["p"], tau=row["tau"], test=row["test"],
                   direction=row["direction"], months=row["months"])


def _headline_trend(code: str, trends: Mapping[str, pd.DataFrame],
                    headline: str) -> Trend:
    rising = [(table.at[code, "q"], name) for name, table in trends.items()
              if table.at[code, "direction"] == "up"]
    if rising:
        name = min(rising)[1]
    else:
        falling = [(table.at[code, "q"], name) for name, table in trends.items()
                   if table.at[code, "direction"] == "down"]
        name = min(falling)[1] if falling else headline
    return _trend(trends[name].loc[code], name)


def _level_message(indicator: str, details: pd.Series, as_of: str) -> Message | None:
    level = details["level"]
    unit = "kzt" if indicator == "arrears_kzt" else "count"
    common = {"indicator": label(f"ew.indicator.{indicator}"), "value": details["recent"],
              "month": as_of, "unit": unit}
    if level in ("large_increase", "moderate_increase", "decrease"):
        return message(f"ew.reason.{level}", expected=details["expected"],
                       change=details["change_pct"], **common)
    if level == "seasonal_as_usual":
        return message("ew.reason.seasonal_as_usual",
                       plain_change=(details["plain_ratio"] - 1.0) * 100.0, **common)
    return None


def _region_reasons(code: str, levels: Mapping[str, pd.DataFrame],
                    trends: Mapping[str, pd.DataFrame], yoy: Mapping[str, pd.DataFrame],
                    emerging: pd.Series | None,
                    moran: pd.Series | None, factors: list[dict[str, Any]], as_of: str,
                    config: EarlyWarningConfig) -> list[Message]:
    ranked = sorted(levels, key=lambda ind: -severity(levels[ind].at[code, "level"]))
    increases, usual, decreases = [], [], []
    for indicator in ranked:
        details = levels[indicator].loc[code]
        msg = _level_message(indicator, details, as_of)
        if msg is None:
            continue
        if details["level"] in INCREASE_LEVELS:
            increases.append(msg)
        elif details["level"] == "seasonal_as_usual":
            usual.append(msg)
        else:
            decreases.append(msg)
    trend_up, trend_down = [], []
    for indicator, table in trends.items():
        row = table.loc[code]
        if row["direction"] in ("up", "down"):
            msg = message(f"ew.reason.trend_{row['direction']}",
                          indicator=label(f"ew.indicator.{indicator}"),
                          slope_pct=abs(row["slope_pct"]), months=int(row["months"]),
                          p=row["q"])
            (trend_up if row["direction"] == "up" else trend_down).append((row["q"], msg))
    for indicator, table in yoy.items():
        row = table.loc[code]
        if row["significant"]:
            trend_up.append((row["q"], message(
                "ew.reason.yoy_up", indicator=label(f"ew.indicator.{indicator}"),
                months=config.growth_months, change=row["growth_pct"], p=row["q"])))
    spatial: list[Message] = []
    spatial_label = label(f"ew.indicator.{config.spatial_indicator}")
    if emerging is not None and emerging["category"] != "no_pattern" and (
        emerging["category"].endswith("hot_spot")
    ):
        spatial.append(message("ew.reason.emerging",
                               category=label(f"ew.emerging.{emerging['category']}"),
                               indicator=spatial_label))
    if moran is not None and moran["cluster"] == "high_high":
        spatial.append(message("ew.reason.moran_cluster", indicator=spatial_label,
                               p=moran["p"]))
    factor_msgs = [
        message("ew.reason.factor", factor=label(f"ew.indicator.{item['factor']}"),
                value=item["value"], z=item["z"], unit=item["unit"])
        for item in factors[:2] if item["z"] > 0 and math.isfinite(item["value"])
    ]
    reasons = (increases + [m for _, m in sorted(trend_up, key=lambda t: t[0])] + usual
               + spatial + factor_msgs + decreases
               + [m for _, m in sorted(trend_down, key=lambda t: t[0])])
    return reasons[: config.max_reasons]


def _empty_report(as_of: str | None, notes: list[Message],
                  config: EarlyWarningConfig) -> EarlyWarningReport:
    return _result(EarlyWarningReport, as_of=as_of, months=[], regions=[], enterprises=[],
                   notes=[with_text(n) for n in notes], methodology=_methodology(config))


def _methodology(config: EarlyWarningConfig) -> Methodology:
    return _result(
        Methodology, config=config.to_dict(), region_factors=dict(REGION_FACTORS),
        enterprise_factors=dict(ENTERPRISE_FACTORS), ranking=RANKING,
    )


def _recent_history(panel: pd.DataFrame, as_of: str | None,
                    config: EarlyWarningConfig) -> tuple[pd.DataFrame, str | None, list[str]]:
    """Return ``panel`` cut at ``as_of`` and to the ``history_months`` before it, the month
    in force and the months read (none when there is no data up to ``as_of``).
    """  # noqa: D205
    panel, as_of = cut_at(panel, as_of)
    if panel.empty:
        return panel, as_of, []
    first = max(str(panel["month"].min()), shift_month(as_of, 1 - config.history_months))
    return panel.loc[panel["month"].astype(str) >= first], as_of, month_range(first, as_of)


def _verdict_fields(verdict: Verdict) -> dict[str, Any]:
    """Return a region's verdict as the fields its results carry (messages with text)."""
    messages = [with_text(m) for m in verdict.clauses]
    return {"level": verdict.level, "level_indicator": verdict.indicator,
            "rising": verdict.rising, "rising_indicators": verdict.rising_indicators,
            "verdict_messages": messages, "verdict": "; ".join(m["text"] for m in messages)}


@dataclass(frozen=True)
class _Signals:
    """What the verdicts and the tension index read, per indicator, for all regions."""

    codes: list[str]
    levels: dict[str, pd.DataFrame]
    trends: dict[str, pd.DataFrame]
    yoy: dict[str, pd.DataFrame]
    worst: pd.DataFrame
    index: pd.DataFrame
    factors: dict[str, list[dict[str, Any]]]
    verdicts: dict[str, Verdict]


def _signals(panel: pd.DataFrame, months: list[str], config: EarlyWarningConfig,
             reference: pd.DataFrame) -> _Signals:
    """Return the change levels, trends, growth, tension index and verdict of every region."""
    as_of = months[-1]
    codes = sorted(panel["code"].astype(str).unique())
    # The signal indicators are also the ones the tension index is built from.
    tables = {name: wide(panel, "code", name, months, codes)
              for name in REGION_SIGNAL_INDICATORS}
    levels = {name: change_levels(tables[name], name, config)
              for name in REGION_SIGNAL_INDICATORS}
    trends = {name: trend_table(tables[name], config) for name in REGION_SIGNAL_INDICATORS}
    yoy = {name: year_on_year(tables[name], config) for name in REGION_SIGNAL_INDICATORS}
    worst = worst_level(pd.DataFrame({name: levels[name]["level"] for name in levels}))

    population = _denominator(panel, "population", codes, reference)
    employed = _denominator(panel, "employed", codes, reference)
    values, scaled = region_factors(tables, population, employed, config.growth_months)
    index = tension_index(scaled, config.region_weights, config.standard_clip)
    verdicts = {
        code: region_verdict(
            {name: levels[name].loc[code] for name in REGION_SIGNAL_INDICATORS},
            {name: trends[name].loc[code] for name in REGION_SIGNAL_INDICATORS},
            {name: yoy[name].loc[code] for name in REGION_SIGNAL_INDICATORS},
            as_of, config)
        for code in codes
    }
    return _Signals(codes, levels, trends, yoy, worst, index, top_factors(index, values),
                    verdicts)


def compute_region_signals(
    panel: pd.DataFrame, months: list[str], weights: Any, config: EarlyWarningConfig,
    reference: pd.DataFrame,
) -> tuple[list[RegionEntry], list[Message]]:
    """Return the ranked region entries of the report and the notes they call for.

    ``panel`` must already be cut at the last of ``months``.
    """
    as_of = months[-1]
    signals = _signals(panel, months, config, reference)
    codes, levels, trends, yoy = signals.codes, signals.levels, signals.trends, signals.yoy
    worst, index, factors = signals.worst, signals.index, signals.factors

    notes: list[Message] = []
    if weights is None:
        weights = _default_weights()
    window = months[-config.emerging_window_months:]
    rates = spatial_rates(panel, config.spatial_indicator, window, codes)
    z, p = gi_star_series(rates, weights, config)
    emerging = emerging_hot_spots(z, p, config)
    moran = local_moran(rates[as_of], weights, config)
    note = low_power_note(len(codes))
    if note:
        notes.append(note)
    if len(months) <= config.min_history_months:
        notes.append(message("ew.note.short_history", months=len(months), as_of=as_of,
                             needed=config.min_history_months + config.recent_months,
                             seasonal=config.seasonal_min_years * config.seasonal_period
                             + config.recent_months))

    rows = []
    for code in codes:
        trend = _headline_trend(code, trends, config.headline_indicator)
        reasons = _region_reasons(code, levels, trends, yoy, emerging.loc[code],
                                  moran.loc[code], factors[code], as_of, config)
        names = reference.loc[code] if code in reference.index else pd.Series(dtype=object)
        rows.append({
            "code": code,
            "name_en": names.get("name_en", code),
            "name_ru": names.get("name_ru", code),
            "name_kk": names.get("name_kk", code),
            "tension_index": round(float(index.at[code, "tension_index"]), 3),
            **_verdict_fields(signals.verdicts[code]),
            "change_level": worst.at[code, "level"],
            "trend": trend,
            "emerging_category": emerging.at[code, "category"],
            "emerging_rising": emerging.at[code, "category"] in RISING_CATEGORIES,
            "gi_star": _result(GiStar, z=z.at[code, as_of], p=p.at[code, as_of],
                               hot_share=emerging.at[code, "hot_share"],
                               cold_share=emerging.at[code, "cold_share"],
                               trend_tau=emerging.at[code, "tau"],
                               trend_p=emerging.at[code, "trend_p"]),
            "local_moran": _result(LocalMoran, quadrant=moran.at[code, "quadrant"],
                                   cluster=moran.at[code, "cluster"], p=moran.at[code, "p"]),
            "spatial_rate": rates.at[code, as_of],
            "indicators": {
                name: _result(
                    IndicatorSignal,
                    **{k: levels[name].at[code, k] for k in (
                        "level", "recent", "expected", "change_pct", "baseline_short",
                        "baseline_long", "seasonal", "seasonal_factor", "z")},
                    trend=_trend(trends[name].loc[code], name),
                    year_on_year=_result(YearOnYear, **{k: yoy[name].at[code, k] for k in (
                        "growth_pct", "p", "q", "significant")}))
                for name in REGION_SIGNAL_INDICATORS
            },
            "top_factors": factors[code],
            "reason_messages": [with_text(m) for m in reasons],
            "reasons": [with_text(m)["text"] for m in reasons],
        })
    rows.sort(key=lambda e: ranking_key(e["level"], e["rising_indicators"],
                                        e["tension_index"], e["code"]))
    entries = [_result(RegionEntry, **row, rank=rank) for rank, row in enumerate(rows, start=1)]
    return entries, notes


def compute_region_verdicts(
    region_panel: pd.DataFrame, *, as_of: str | None = None,
    config: EarlyWarningConfig | None = None, regions: pd.DataFrame | None = None,
) -> list[RegionVerdict]:
    """Return every region's verdict, ranked as in the report, without the spatial statistics.

    The same verdicts, reasons, tension indices and order as :func:`compute_early_warning`
    (the spatial statistics only support a verdict, they never change it), at a fraction of
    its cost: what the home page needs to say where tension is rising.
    """
    config = config or load_config()
    check_panel(region_panel, REGION_PANEL_COLUMNS, "region_month_panel")
    panel, as_of, months = _recent_history(region_panel, as_of, config)
    if not months:
        return []
    signals = _signals(panel, months, config, _reference(regions))
    rows = [{"code": code, **_verdict_fields(signals.verdicts[code]),
             "tension_index": round(float(signals.index.at[code, "tension_index"]), 3)}
            for code in signals.codes]
    rows.sort(key=lambda e: ranking_key(e["level"], e["rising_indicators"],
                                        e["tension_index"], e["code"]))
    return [_result(RegionVerdict, **row, as_of=as_of, rank=rank)
            for rank, row in enumerate(rows, start=1)]


def region_verdicts(engine: Any, as_of: str | None = None, *,
                    config: EarlyWarningConfig | None = None) -> list[RegionVerdict]:
    """Return :func:`compute_region_verdicts` of the database behind ``engine``."""
    from utils import metrics

    return compute_region_verdicts(metrics.region_month_panel(engine, as_of), as_of=as_of,
                                   config=config)


def compute_enterprise_signals(panel: pd.DataFrame, months: list[str],
                               config: EarlyWarningConfig) -> list[EnterpriseEntry]:
    """Return the watchlist entries of the report, highest risk first."""
    listed = build_watchlist(panel, months, config)
    entries = []
    for rank, row in enumerate(listed.itertuples(index=False), start=1):
        row = row._asdict()
        reasons = [with_text(m) for m in row["reasons"]]
        texts = [m["text"] for m in reasons]
        entries.append(_result(
            EnterpriseEntry,
            rank=rank,
            bin=row["bin"],
            name=row["name"],
            region=row["region"],
            industry=row["industry"],
            score=round(float(row["score"]), 1),
            level=row["level"],
            level_indicator=row["level_indicator"],
            risk_level=row["risk_level"],
            new_on_list=bool(row["new_on_list"]),
            reasons=texts,
            reason_messages=reasons,
            reason_line="; ".join([t for t, m in zip(texts, reasons, strict=True)
                                   if m["key"] != "ew.reason.new_on_list"][:3]),
            facts={k: row[k] for k in ("arrears_kzt", "arrears_before", "workers_owed",
                                       "workers_before", "overdue_months", "appeals_recent",
                                       "collective_recent", "layoffs_recent",
                                       "incidents_recent")},
            factors={name: row[f"contribution_{name}"] for name in ENTERPRISE_FACTORS},
            trend=_result(EnterpriseTrend, indicator="arrears_kzt", slope=row.get("trend_slope"),
                          slope_pct=row.get("trend_slope_pct"), p=row.get("trend_q"),
                          p_raw=row.get("trend_p"), tau=row.get("trend_tau"),
                          direction=row.get("trend_direction")),
        ))
    return entries


def compute_early_warning(
    region_panel: pd.DataFrame,
    enterprise_panel: pd.DataFrame | None = None,
    *,
    as_of: str | None = None,
    weights: Any = None,
    config: EarlyWarningConfig | None = None,
    overrides: Mapping[str, Any] | None = None,
    tension_weights: Mapping[str, Any] | None = None,
    regions: pd.DataFrame | None = None,
) -> EarlyWarningReport:
    """Return the early-warning report computed from the two panels (no database needed).

    Parameters
    ----------
    region_panel
        ``utils.metrics.region_month_panel`` output: one row per region and month.
    enterprise_panel
        ``utils.metrics.enterprise_month_panel`` output, or None for no watchlist.
    as_of
        Month in force (``YYYY-MM``); rows after it are ignored. None: the last month of
        ``region_panel``.
    weights
        ``libpysal`` spatial weights of the regions (ids = codes); None:
        ``geo.region_weights()``.
    config
        A ready configuration; else built from ``overrides`` (the ``early_warning``
        settings) and ``tension_weights`` (the ``tension_weights`` settings).
    regions
        Region reference (``geo.load_regions()`` when None) for names and fallback
        population and employment.

    Returns
    -------
    EarlyWarningReport
        ``as_of``, ``months`` (first and last month read), ``regions`` (ranked
        ``RegionEntry``: ``code``, ``name_en``, ``tension_index``, ``level``, ``trend``
        (``slope``, ``p``, ...), ``emerging_category``, ``reasons`` and the details the screen
        shows), ``enterprises`` (``EnterpriseEntry`` of the watchlist: ``bin``, ``name``,
        ``region``, ``score``, ``level``, ``reasons``...), ``notes`` (messages with English
        ``text``) and ``methodology`` (the configuration in force). Numbers are plain and NaN
        is None; ``to_json()`` gives the JSON object.
    """
    config = config or load_config(overrides, tension_weights)
    check_panel(region_panel, REGION_PANEL_COLUMNS, "region_month_panel")
    panel, as_of, months = _recent_history(region_panel, as_of, config)
    if not months:
        return _empty_report(as_of, [], config)
    reference = _reference(regions)

    region_entries, notes = compute_region_signals(panel, months, weights, config, reference)

    enterprise_entries: list[EnterpriseEntry] = []
    if enterprise_panel is not None:
        check_panel(enterprise_panel, ENTERPRISE_PANEL_COLUMNS, "enterprise_month_panel")
        firms, _ = cut_at(enterprise_panel, as_of)
        firms = firms.loc[firms["month"].astype(str) >= months[0]]
        if firms.empty:
            notes.append(message("ew.note.no_enterprises", as_of=as_of))
        else:
            enterprise_entries = compute_enterprise_signals(firms, months, config)

    return _result(
        EarlyWarningReport,
        as_of=as_of,
        months=[months[0], months[-1]],
        spatial_indicator=config.spatial_indicator,
        regions=region_entries,
        enterprises=enterprise_entries,
        notes=[with_text(n) for n in notes],
        methodology=_methodology(config),
    )


def enterprise_risk(
    enterprise_panel: pd.DataFrame, as_of: str | None = None, *,
    overrides: Mapping[str, Any] | None = None,
    tension_weights: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Return the risk score and level of every enterprise at ``as_of`` (for the map points).

    Same scoring as the watchlist, without the cut to the top of the list.
    """
    config = load_config(overrides, tension_weights)
    check_panel(enterprise_panel, ENTERPRISE_PANEL_COLUMNS, "enterprise_month_panel")
    firms, _, months = _recent_history(enterprise_panel, as_of, config)
    return risk_table(firms, months, config)


def enterprise_risk_at(
    engine: Any, as_of: str, *,
    overrides: Mapping[str, Any] | None = None,
    tension_weights: Mapping[str, Any] | None = None,
    recent_only: bool = False,
    config: EarlyWarningConfig | None = None,
) -> pd.DataFrame:
    """Return :func:`enterprise_risk` at ``as_of`` straight from the database behind ``engine``.

    The same ``bin``, ``score`` and ``risk_level`` as ``enterprise_risk`` on
    ``metrics.enterprise_month_panel(engine, as_of)``, but only the months the score reads
    are queried (``utils.early_warning.watchlist.score_window``): the map colours its
    enterprise points with this without reading the whole history. With ``recent_only`` the
    enterprises with no record in those months, which score 0 and so are ``low`` (the lowest
    threshold is above 0), get no row, and the history window is not searched for them.
    ``config``, when given, is used instead of ``overrides`` and ``tension_weights`` (as in
    :func:`compute_early_warning`).
    """
    from utils import metrics

    config = config or load_config(overrides, tension_weights)
    window = score_window(check_month(as_of), config)
    records = metrics.enterprise_score_records(
        engine, as_of, active_since=None if recent_only else window.active_since,
        arrears_months=window.arrears_months, flows_since=window.flows_since,
    )
    return window_risk_table(records, window, config)


def hotspots_report(
    engine: Any,
    as_of: str | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    tension_weights: Mapping[str, Any] | None = None,
    weights: Any = None,
    config: EarlyWarningConfig | None = None,
) -> EarlyWarningReport:
    """Return the early-warning report of the database behind ``engine``.

    The panels come from ``utils.metrics`` (only data up to ``as_of``); see
    :func:`compute_early_warning` for the parameters and the shape of the result, whose
    ``to_json()`` is the JSON object of ``cli.py hotspots --json``.
    """
    from utils import metrics

    region_panel = metrics.region_month_panel(engine, as_of)
    enterprise_panel = metrics.enterprise_month_panel(engine, as_of)
    return compute_early_warning(
        region_panel, enterprise_panel, as_of=as_of, weights=weights, config=config,
        overrides=overrides, tension_weights=tension_weights,
    )


def label_en(level: str) -> str:
    """Return the English name of a level or verdict (``sharp rise``, ``rise`` …)."""
    return render_en(label(f"ew.level.{level}"))


def report_text(report: EarlyWarningReport, limit: int = 10) -> str:
    """Return the report as plain text for a terminal: ranked regions, then enterprises."""
    lines = [f"Early warning as of {report.as_of or '—'}", "", "Regions:"]
    for rank, region in enumerate(report.regions[:limit], start=1):
        reasons = region.verdict or "no rising signal"
        lines.append(
            f"{rank:>3}. {region.code} {region.name_en}: {label_en(region.level)}, "
            f"index {region.tension_index}, {region.emerging_category} — {reasons}"
        )
    lines += ["", "Enterprises:"]
    for rank, enterprise in enumerate(report.enterprises[:limit], start=1):
        new = " (new on the list)" if enterprise.new_on_list else ""
        lines.append(
            f"{rank:>3}. {enterprise.bin} {enterprise.name} ({enterprise.region}), "
            f"score {enterprise.score}{new} — {enterprise.reason_line or ''}"
        )
    lines += [""] + [note.get("text", "") for note in report.notes]
    return "\n".join(lines)
