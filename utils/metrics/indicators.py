"""The indicator registry: each row-level indicator, its normalisations and its filters.

Definitions
-----------
* Periods are inclusive month ranges ``start``..``end`` (``YYYY-MM``). The *previous* period
  is the period of the same length immediately before ``start``.
* Flow indicators (appeals, people, repayments, layoffs, incidents) are sums over the months.
* Stock indicators (``arrears_outstanding_kzt``, ``workers_owed``): the value at month ``M`` is
  the sum of ``amount_kzt`` (``workers``) over arrears rows dated in ``M``; for a period it is
  the value at the last month of the period that has any arrears row in the country (the same
  month for every region, so regions add up to the national figure).
* Official statistics (``region_stats``, keys ``stat:<indicator>``) are never mixed with the
  row-level indicators: the value for a period is the latest published value whose period ends
  inside it.
* Case indicators (keys ``case:<name>``, :data:`CASE_INDICATORS`) are read from the cases
  officers keep, never from the extracts: ``case:open`` is the cases open at the end of the
  period (a stock), ``case:repaid_kzt`` and ``case:workers_repaid`` sum the ``repaid`` steps
  dated in the period. Once any case was opened by the end of a period, a region without one
  counts 0; before the first case every region has NaN.
* A region with no row of the indicator's kind in the period has NaN ("no data"), not 0.
* Filters: ``categories`` narrows appeals indicators, ``industries`` (OKED sections) narrows
  arrears indicators; other indicators ignore them (their extracts have no such column), and
  so do official statistics. :func:`filter_applies` answers that for any indicator key, so a
  screen can say which of its figures a filter leaves as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Filters = Mapping[str, Sequence[str]] | None


@dataclass(frozen=True)
class Indicator:
    """One indicator computed from row-level extracts.

    Attributes
    ----------
    key : registry key, also the column name in the store's frames.
    label_key : message key of its label in ``utils.i18n``.
    unit : unit of the absolute value.
    aggregation : ``sum`` over the months of a period, or ``stock`` at its last month.
    source : extract kind it comes from.
    filter : filter key that narrows it (``categories``/``industries``) or None.
    rise_is_good : whether more of it is good news (arrears repaid), so that its rise is
        drawn in the colour of good news.
    """

    key: str
    label_key: str
    unit: str
    aggregation: str
    source: str
    filter: str | None
    rise_is_good: bool = False


def _indicator(key: str, unit: str, aggregation: str, source: str, filter_: str | None,
               rise_is_good: bool = False) -> Indicator:
    return Indicator(key, f"indicator.{key}", unit, aggregation, source, filter_, rise_is_good)


#: The row-level indicators, in the order the dashboards list them.
INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        _indicator("appeals", "appeals", "sum", "appeals", "categories"),
        _indicator("collective_appeals", "appeals", "sum", "appeals", "categories"),
        _indicator("people", "people", "sum", "appeals", "categories"),
        _indicator("arrears_outstanding_kzt", "KZT", "stock", "arrears", "industries"),
        _indicator("workers_owed", "workers", "stock", "arrears", "industries"),
        _indicator("arrears_repaid_kzt", "KZT", "sum", "arrears", "industries", True),
        _indicator("workers_repaid", "workers", "sum", "arrears", "industries", True),
        _indicator("layoffs", "workers", "sum", "layoffs", None),
        _indicator("unlawful_layoffs", "workers", "sum", "layoffs", None),
        _indicator("incidents", "incidents", "sum", "incidents", None),
        _indicator("incident_participants", "people", "sum", "incidents", None),
    )
}


#: Indicators shown as KPI cards above the map.
KPI_KEYS = (
    "appeals",
    "collective_appeals",
    "people",
    "arrears_outstanding_kzt",
    "workers_owed",
    "arrears_repaid_kzt",
    "workers_repaid",
    "layoffs",
    "incidents",
)


#: Normalisation -> (denominator column of the regions reference, multiplier).
NORMALISATIONS: dict[str, tuple[str | None, float]] = {
    "absolute": (None, 1.0),
    "per_100k": ("population", 100_000.0),
    "per_1k_employed": ("employed", 1_000.0),
}


OFFICIAL_PREFIX = "stat:"
CASE_PREFIX = "case:"
FILTER_KEYS = ("categories", "industries")


def _case_indicator(name: str, unit: str, aggregation: str, rise_is_good: bool) -> Indicator:
    return Indicator(CASE_PREFIX + name, f"cases.indicator.{name}", unit, aggregation, "cases",
                     None, rise_is_good)


#: The indicators read from cases, in the order the sidebar lists them (after the extracts').
CASE_INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        _case_indicator("open", "cases", "stock", False),
        _case_indicator("repaid_kzt", "KZT", "sum", True),
        _case_indicator("workers_repaid", "workers", "sum", True),
    )
}


def is_case_indicator(indicator: str) -> bool:
    """Return whether ``indicator`` is read from cases (``case:<name>``)."""
    return indicator.startswith(CASE_PREFIX)


def filter_applies(indicator: str, filter_key: str) -> bool:
    """Return whether the filter ``filter_key`` narrows the indicator ``indicator``.

    The table behind it is the ``filter`` column of :data:`INDICATORS` (one filter per
    indicator at most); an official statistic (``stat:<name>``) is published for a region as a
    whole, so no filter narrows it. Unknown keys raise a ``KeyError`` listing the valid ones.
    """
    if filter_key not in FILTER_KEYS:
        raise KeyError(
            f"Invalid filter: {filter_key!r}. Filter must be in the set: {', '.join(FILTER_KEYS)}"
        )
    if indicator.startswith(OFFICIAL_PREFIX):
        return False
    if is_case_indicator(indicator):
        get_case_indicator(indicator)
        return False
    return get_indicator(indicator).filter == filter_key


def ignored_filters(indicator: str, filters: Filters) -> tuple[str, ...]:
    """Return the active filters (keys with values) that leave ``indicator`` as it is."""
    chosen = filters or {}
    return tuple(
        key for key in FILTER_KEYS if chosen.get(key) and not filter_applies(indicator, key)
    )


def indicator_source(indicator: str) -> str:
    """Return the extract kind an indicator is read from (``official`` for ``stat:`` keys,
    ``cases`` for ``case:`` keys).
    """  # noqa: D205
    if indicator.startswith(OFFICIAL_PREFIX):
        return "official"
    if is_case_indicator(indicator):
        return get_case_indicator(indicator).source
    return get_indicator(indicator).source


def get_indicator(key: str) -> Indicator:
    """Return the row-level indicator ``key``; unknown keys raise a ``KeyError`` listing them."""
    try:
        return INDICATORS[key]
    except KeyError:
        valid = ", ".join(INDICATORS)
        raise KeyError(
            f"Invalid indicator: {key!r}. Indicator must be in the set: {valid}, "
            f"or {OFFICIAL_PREFIX}<name> of an official statistic"
        ) from None


def get_case_indicator(key: str) -> Indicator:
    """Return the case indicator ``key``; unknown keys raise a ``KeyError`` listing them."""
    try:
        return CASE_INDICATORS[key]
    except KeyError:
        raise KeyError(
            f"Invalid case indicator: {key!r}. Indicator must be in the set: "
            f"{', '.join(CASE_INDICATORS)}"
        ) from None


def _normalisation(name: str) -> tuple[str | None, float]:
    try:
        return NORMALISATIONS[name]
    except KeyError:
        valid = ", ".join(NORMALISATIONS)
        raise KeyError(
            f"Invalid normalisation: {name!r}. Normalisation must be in the set: {valid}"
        ) from None


def _filters(filters: Filters) -> dict[str, list[str] | None]:
    filters = dict(filters or {})
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        raise KeyError(
            f"Invalid filter: {unknown[0]!r}. Filter must be in the set: {', '.join(FILTER_KEYS)}"
        )
    return {key: (list(filters[key]) if filters.get(key) else None) for key in FILTER_KEYS}
