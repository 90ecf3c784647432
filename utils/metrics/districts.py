"""One indicator district by district within a region: the values of the region page's map.

Districts are the 9-digit KATO units of :mod:`geo` (district, city of regional significance,
city district). Three normalisations make sense below the region:

* ``absolute``: the count or sum (appeals, arrears, incidents …);
* ``per_enterprise``: per enterprise of the registry placed in the district (an enterprise
  extract must be loaded; a district with no registered enterprise has no value);
* ``per_100k``: per 100 000 residents, only where a district population is loaded
  (``region_stats`` rows of the indicator ``population`` with a district).

Layoffs name no place and official statistics are by region only: :func:`district_values`
answers None for them (the page says the indicator has no district breakdown).
"""

from __future__ import annotations

import pandas as pd

import geo
from utils import store
from utils.metrics.indicators import Filters, _filters, get_indicator
from utils.metrics.periods import _check_period

DISTRICT_NORMALISATIONS = ("absolute", "per_enterprise", "per_100k")
DISTRICT_VALUE_COLUMNS = ["code", "value", "count"]


def has_district_breakdown(indicator: str) -> bool:
    """Return whether ``indicator`` can be read district by district."""
    return indicator in store.DISTRICT_INDICATORS


def district_normalisations(engine, region: str) -> tuple[str, ...]:
    """Return the normalisations available for ``region``'s districts, ``absolute`` first."""
    available = ["absolute"]
    if not store.district_enterprise_counts(engine, region).empty:
        available.append("per_enterprise")
    if not store.district_population(engine, region).empty:
        available.append("per_100k")
    return tuple(available)


def district_values(
    engine,
    indicator: str,
    region: str,
    start: str,
    end: str,
    normalisation: str = "absolute",
    filters: Filters = None,
) -> pd.DataFrame | None:
    """Return ``code`` (KATO), ``value`` (normalised) and ``count`` for every district of
    ``region``; NaN where a district has no row (or no denominator). None when the indicator
    has no district breakdown.
    """  # noqa: D205
    _check_period(start, end)
    get_indicator(indicator)
    if not has_district_breakdown(indicator):
        return None
    if normalisation not in DISTRICT_NORMALISATIONS:
        raise ValueError(f"Invalid normalisation: {normalisation!r}. Normalisation must be in "
                         f"the set: {', '.join(DISTRICT_NORMALISATIONS)}")
    totals = store.district_period_totals(engine, region, start, end, **_filters(filters),
                                          indicators=[indicator])
    katos = geo.district_katos(region)
    count = totals[indicator].reindex(katos).astype(float)
    value = count
    if normalisation == "per_enterprise":
        value = count / store.district_enterprise_counts(engine, region).reindex(katos)
    elif normalisation == "per_100k":
        value = count * 100_000.0 / store.district_population(engine, region).reindex(katos)
    return pd.DataFrame({"code": katos, "value": value.to_numpy(), "count": count.to_numpy()})
