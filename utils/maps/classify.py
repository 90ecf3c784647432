"""Class breaks for the choropleth: which colour class each of the 20 units falls into.

Breaks of a value come from ``mapclassify``; this module adds what a map of 20 units needs
around it: units without data, fewer distinct values than classes, all-zero periods. Change
in per cent gets fixed classes instead (:func:`change_classes`): the same rise has the same
colour on every map, whatever the other regions did. Labels are made by a formatter passed
in, so the interface language decides how numbers look.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

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

#: Fixed breaks of change in per cent, by size. Within ±10 % is the neutral class, "about the
#: same": monthly counts of a region move by a few per cent with nothing behind it, so a
#: smaller band would colour noise, and a wider one would hide a rise of a seventh. Then
#: 10–25 %, 25–50 %, 50–100 % and, for rises only, more than 100 % (more than doubled); a
#: fall stops at −100 % (down to nothing), so its largest class is −100 % to −50 %.
CHANGE_BREAKS: tuple[float, ...] = (10.0, 25.0, 50.0, 100.0)
#: Scheme name of change classes (their breaks are :data:`CHANGE_BREAKS`, not a classifier's).
CHANGE_SCHEME = "fixed_change"


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
    steps : tuple of int
        For change classes, the signed size of each class: 0 for the neutral class, 1 to 4
        for rises past each of :data:`CHANGE_BREAKS`, -1 to -3 for falls. A colour belongs
        to a step, so +4 % and +45 % never share a colour, whichever classes are shown.
    """

    scheme: str
    bins: tuple[float, ...]
    lower: float | None
    classes: pd.Series
    legend: tuple[LegendEntry, ...]
    diverging: bool = False
    steps: tuple[int, ...] = ()

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
) -> Classification:
    """Split the units into colour classes by their value (for change, :func:`change_classes`).

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
        values).
    formatter : callable, optional
        Turns a number into the text shown in the legend, e.g. a Babel formatter of the
        interface language. Defaults to a plain formatter.
    no_data_label : str
        Label of the "no data" legend entry (already translated by the caller).

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
    )


def change_steps(values: np.ndarray) -> np.ndarray:
    """Return the signed step of each change in per cent: 0 within ±10 %, ±1 up to 25 %, ...

    Boundaries belong to the smaller step (+10 % is neutral, +25 % is step 1), as the upper
    bound of a class is included in it.
    """
    size = np.searchsorted(np.asarray(CHANGE_BREAKS), np.abs(values), side="left")
    return np.sign(values).astype(int) * size


def change_classes(
    values: pd.Series | Mapping[str, float],
    *,
    formatter: Callable[[float], str] | None = None,
    no_data_label: str = "—",
    neutral_note: str | None = None,
) -> Classification:
    """Split changes in per cent into fixed classes symmetric around 0.

    The classes are the neutral one (within ±10 %) and, on each side, 10–25 %, 25–50 % and
    50–100 % (:data:`CHANGE_BREAKS`); a rise of more than 100 % has a class of its own,
    which no fall can mirror. Classes run up to the largest size of change the data reach,
    on both sides alike (at least 10–25 %, so the legend always shows which colour means a
    rise and which a fall); equal shades on the two sides mean equal sizes of change.

    Parameters
    ----------
    values : pandas.Series or mapping
        Change in per cent of each unit, indexed by unit code. NaN, None and infinite
        values (no comparison: the previous period had nothing, or no data) go to the "no
        data" entry. A fall below -100 % cannot happen to a count or an amount and is
        refused.
    formatter : callable, optional
        Turns a per cent into the text shown in the legend (``+25 %``).
    no_data_label : str
        Label of the entry of units without a per-cent change (already translated).
    neutral_note : str, optional
        Words added to the neutral class's label: ``−10 % – +10 % (little change)``.

    Raises
    ------
    ValueError
        When a value is below -100 %.
    """
    fmt = formatter or _default_formatter
    series = _as_series(values)
    series = series.where(np.isfinite(series))
    present = series.dropna()
    classes = pd.Series(NO_DATA, index=series.index, dtype="int64")
    if (present < -100.0).any():
        worst = float(present.min())
        raise ValueError(
            f"A change of {worst:.1f} % is below -100 %: a count or an amount cannot fall by "
            "more than all of it; compute changes with utils.maps.change_pct"
        )
    if present.empty:
        bins: np.ndarray = np.array([], dtype=float)
        lower: float | None = None
        steps: tuple[int, ...] = ()
    else:
        found = change_steps(present.to_numpy())
        rises = max(1, int(np.abs(found).max()))
        falls = min(rises, len(CHANGE_BREAKS) - 1)
        steps = tuple(range(-falls, rises + 1))
        breaks = np.asarray(CHANGE_BREAKS)
        # Upper bounds: a fall of size j ends at -breaks[j-1], the neutral class at +10 %, a
        # rise of size j at +breaks[j]; the class of more than +100 % ends where the data end.
        uppers = [-breaks[size - 1] for size in range(falls, 0, -1)] + [breaks[0]]
        uppers += [breaks[size] for size in range(1, min(rises, len(breaks) - 1) + 1)]
        if rises == len(breaks):
            uppers.append(float(present.max()))
        bins = np.asarray(uppers, dtype=float)
        lower = -float(breaks[falls])
        classes.loc[present.index] = found + falls
    legend = _legend(bins, lower, classes, fmt, no_data_label)
    if neutral_note and steps:
        legend = tuple(
            replace(entry, label=f"{entry.label} ({neutral_note})")
            if entry.class_index == steps.index(0) else entry
            for entry in legend
        )
    return Classification(
        scheme=CHANGE_SCHEME,
        bins=tuple(float(b) for b in bins),
        lower=lower,
        classes=classes,
        legend=legend,
        diverging=True,
        steps=steps,
    )


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
        # holds for change classes, whose neutral class is [-10 %, +10 %].
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

    A change from 0 or from a negative base has no meaningful percentage (from -10 to +20
    would read as +300 %, from +10 to -20 as -300 %); it is reported as NaN, "no
    comparison", rather than as infinity so the map shows it hatched instead of in the
    strongest colour.
    """
    if previous is None or current is None:
        return math.nan
    if not np.isfinite(previous) or not np.isfinite(current) or previous <= 0:
        return math.nan
    return (current - previous) / previous * 100.0
