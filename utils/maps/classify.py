"""Class breaks for the choropleth: which colour class each of the 20 units falls into.

Breaks come from ``mapclassify``; this module adds what a map of 20 units needs around it:
units without data, fewer distinct values than classes, all-zero periods, and diverging
classes centred on 0 for change in per cent. Labels are made by a formatter passed in, so
the interface language decides how numbers look.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

#: Class-break schemes a user can choose; the value is the mapclassify classifier.
#: Natural breaks use Fisher-Jenks (exact and deterministic); mapclassify's ``NaturalBreaks``
#: starts from random seeds and could colour the same data differently on two runs.
SCHEMES: dict[str, type] = {
    "quantiles": mapclassify.Quantiles,
    "natural_breaks": mapclassify.FisherJenks,
    "equal_interval": mapclassify.EqualInterval,
}

DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5

#: Class number given to a unit without data.
NO_DATA = -1


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a class (or "no data") with its range, label and unit count."""

    class_index: int
    lower: float | None
    upper: float | None
    label: str
    count: int

    @property
    def is_no_data(self) -> bool:
        """Return True for the "no data" entry."""
        return self.class_index == NO_DATA


@dataclass(frozen=True)
class Classification:
    """Class breaks of one indicator over the units, ready for a map and its legend.

    Attributes
    ----------
    scheme : str
        Key of :data:`SCHEMES` used for the breaks.
    bins : tuple of float
        Upper bound of each class, ascending; class ``i`` holds values in
        ``(bins[i-1], bins[i]]`` and class 0 holds ``[lower, bins[0]]``.
    lower : float or None
        Smallest classified value (None when no unit has data).
    classes : pandas.Series
        Class number of each unit, indexed by unit code; :data:`NO_DATA` (-1) where the
        unit has no value.
    legend : tuple of LegendEntry
        One entry per class, lowest first, then a "no data" entry when a unit lacks data.
    diverging : bool
        True when the classes are symmetric around 0 (change in per cent); the middle class
        then straddles 0.
    """

    scheme: str
    bins: tuple[float, ...]
    lower: float | None
    classes: pd.Series
    legend: tuple[LegendEntry, ...]
    diverging: bool = False

    @property
    def k(self) -> int:
        """Return the number of classes actually formed."""
        return len(self.bins)

    @property
    def has_no_data(self) -> bool:
        """Return True when at least one unit has no value."""
        return bool((self.classes == NO_DATA).any())


def _default_formatter(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def validate_scheme(scheme: str) -> type:
    """Return the mapclassify classifier registered as ``scheme``.

    Raises
    ------
    ValueError
        When ``scheme`` is not a key of :data:`SCHEMES`; the message lists the valid keys.
    """
    try:
        return SCHEMES[scheme]
    except KeyError:
        valid = ", ".join(sorted(SCHEMES))
        message = f"Invalid scheme: {scheme!r}. Scheme must be in the set: {valid}"
        raise ValueError(message) from None


def _breaks(values: np.ndarray, scheme: str, k: int) -> np.ndarray:
    """Return ascending, distinct upper bounds of at most ``k`` classes of ``values``."""
    classifier = validate_scheme(scheme)
    distinct = np.unique(values)
    if distinct.size <= k:
        # Too few distinct values to form k classes: each value is its own class.
        return distinct.astype(float)
    with warnings.catch_warnings():
        # mapclassify warns when ties merge quantiles and when numba is absent; both are
        # handled here (duplicate bounds are dropped below) and say nothing to a user.
        warnings.simplefilter("ignore")
        bins = np.asarray(classifier(values, k=k).bins, dtype=float)
    bins = np.unique(bins)
    bins[-1] = max(bins[-1], float(values.max()))
    return bins


def _label(lower: float, upper: float, fmt: Callable[[float], str]) -> str:
    if lower == upper:
        return fmt(upper)
    return f"{fmt(lower)} – {fmt(upper)}"


def _as_series(values: pd.Series | Mapping[str, float]) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, Mapping):
        series = pd.Series(dict(values), dtype="float64")
    else:
        raise TypeError(
            "values must be a pandas Series indexed by unit code or a mapping of code to "
            f"value, got {type(values).__name__}"
        )
    return pd.to_numeric(series, errors="coerce").astype("float64")


def classify(
    values: pd.Series | Mapping[str, float],
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
    *,
    formatter: Callable[[float], str] | None = None,
    no_data_label: str = "—",
    diverging: bool = False,
) -> Classification:
    """Split the units into colour classes.

    Parameters
    ----------
    values : pandas.Series or mapping
        Indicator value of each unit, indexed by unit code. NaN, None and infinite values
        mean "no data" (e.g. a per-capita rate without population, a change against a
        previous period that had zero).
    scheme : str
        Key of :data:`SCHEMES`: ``quantiles`` (default), ``natural_breaks`` or
        ``equal_interval``.
    k : int
        Number of classes wanted (fewer are formed when the data has fewer distinct
        values). With ``diverging=True`` an even ``k`` is raised to the next odd number so
        that one class straddles 0.
    formatter : callable, optional
        Turns a number into the text shown in the legend, e.g. a Babel formatter of the
        interface language. Defaults to a plain formatter.
    no_data_label : str
        Label of the "no data" legend entry (already translated by the caller).
    diverging : bool
        Classes symmetric around 0 for change in per cent: the breaks are computed on the
        absolute values and mirrored, so equal colours mean equal magnitude of rise or fall.

    Returns
    -------
    Classification
    """
    if k < 1:
        raise ValueError(f"Number of classes k must be at least 1, got {k}")
    fmt = formatter or _default_formatter
    series = _as_series(values)
    series = series.where(np.isfinite(series))
    present = series.dropna()
    classes = pd.Series(NO_DATA, index=series.index, dtype="int64")

    if present.empty:
        validate_scheme(scheme)
        bins: np.ndarray = np.array([], dtype=float)
        lower: float | None = None
    elif diverging:
        magnitudes = _breaks(np.abs(present.to_numpy()), scheme, max(1, k // 2) + 1)
        inner, outer = magnitudes[0], magnitudes[1:]
        # Mirrored upper bounds: negative classes [-m(j+1), -m(j)), the middle class
        # [-inner, inner], positive classes (m(j-1), m(j)].
        bins = np.concatenate((-outer[::-1][1:], [-inner] if outer.size else [], [inner], outer))
        lower = 0.0 - float(magnitudes[-1])
        classes.loc[present.index] = _diverging_classes(present.to_numpy(), inner, outer)
    else:
        bins = _breaks(present.to_numpy(), scheme, k)
        lower = float(present.min())
        classes.loc[present.index] = np.searchsorted(bins, present.to_numpy(), side="left")

    legend = _legend(bins, lower, classes, fmt, no_data_label)
    return Classification(
        scheme=scheme,
        bins=tuple(float(b) for b in bins),
        lower=lower,
        classes=classes,
        legend=legend,
        diverging=diverging,
    )


def _diverging_classes(values: np.ndarray, inner: float, outer: np.ndarray) -> np.ndarray:
    """Return the class of each value for mirrored breaks; class ``len(outer)`` is the middle."""
    n_outer = len(outer)
    magnitude = np.abs(values)
    # Steps away from the middle: 0 inside [-inner, inner], then 1..n_outer.
    step = np.searchsorted(np.concatenate(([inner], outer)), magnitude, side="left")
    step = np.minimum(step, n_outer)
    return np.where(values < 0, n_outer - step, n_outer + step)


def _legend(
    bins: np.ndarray,
    lower: float | None,
    classes: pd.Series,
    fmt: Callable[[float], str],
    no_data_label: str,
) -> tuple[LegendEntry, ...]:
    counts = classes.value_counts()
    entries: list[LegendEntry] = []
    if bins.size and lower is not None:
        # Class i spans (bins[i-1], bins[i]]; the lowest class starts at ``lower``. The same
        # holds for mirrored diverging bins, whose middle class is [-inner, inner].
        lowers = [lower, *bins[:-1]]
        for index, (lo, up) in enumerate(zip(lowers, bins, strict=True)):
            lo, up = float(lo) + 0.0, float(up) + 0.0  # + 0.0 turns -0.0 into 0.0
            entries.append(
                LegendEntry(
                    class_index=index,
                    lower=lo,
                    upper=up,
                    label=_label(lo, up, fmt),
                    count=int(counts.get(index, 0)),
                )
            )
    missing = int(counts.get(NO_DATA, 0))
    if missing:
        entries.append(LegendEntry(NO_DATA, None, None, no_data_label, missing))
    return tuple(entries)


def change_pct(current: float, previous: float) -> float:
    """Return the change from ``previous`` to ``current`` in per cent (NaN when undefined).

    A change from 0 has no meaningful percentage; it is reported as NaN ("no data") rather
    than as infinity so the map shows it hatched instead of in the strongest colour.
    """
    if previous is None or current is None:
        return math.nan
    if not np.isfinite(previous) or not np.isfinite(current) or previous == 0:
        return math.nan
    return (current - previous) / abs(previous) * 100.0
