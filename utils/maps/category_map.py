"""Colour classes for a map of categories (emerging hot-spot categories of the regions).

:func:`utils.maps.classify.classify` splits numbers into ranges; a map of categories needs one
class per category instead, in a fixed order, with the category's name as the legend label.
:func:`category_classification` builds that :class:`~utils.maps.classify.Classification`, so
``utils.maps.choropleth_map`` and ``utils.maps.legend_html`` draw it unchanged with the
colours of :func:`category_palette`.

The emerging hot-spot colours follow the usual reading of such maps: hot spots in reds,
darker the more the tension is building up now (intensifying, new, consecutive), cold spots
in the mirrored blues, "no pattern" nearly white. Reds against blues stay apart for readers
with the common forms of colour blindness; within one side the legend and the tooltip name
the category, so a shade never has to be told from its neighbour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from utils.maps.classify import NO_DATA, Classification, LegendEntry

#: Colour of each emerging hot-spot category (ColorBrewer Reds and Blues, 9 classes).
#: Colour of each region verdict (``utils.early_warning.verdict``): the two rises in reds,
#: the quiet verdicts in greys visible against the map's background, a decrease in blue.
VERDICT_COLORS: dict[str, str] = {
    "large_increase": "#b2182b",
    "moderate_increase": "#f4a582",
    "seasonal_as_usual": "#d8cfb8",
    "limited_change": "#bdbdbd",
    "decrease": "#92c5de",
    "insufficient_history": "#e6e6e6",
}

EMERGING_COLORS: dict[str, str] = {
    "intensifying_hot_spot": "#67000d",
    "new_hot_spot": "#a50f15",
    "consecutive_hot_spot": "#cb181d",
    "persistent_hot_spot": "#ef3b2c",
    "sporadic_hot_spot": "#fb6a4a",
    "oscillating_hot_spot": "#fc9272",
    "diminishing_hot_spot": "#fcbba1",
    "historical_hot_spot": "#fee0d2",
    "no_pattern": "#f7f7f7",
    "historical_cold_spot": "#deebf7",
    "diminishing_cold_spot": "#c6dbef",
    "oscillating_cold_spot": "#9ecae1",
    "sporadic_cold_spot": "#6baed6",
    "persistent_cold_spot": "#4292c6",
    "consecutive_cold_spot": "#2171b5",
    "new_cold_spot": "#08519c",
    "intensifying_cold_spot": "#08306b",
}

#: Legend order of the emerging categories: hottest first, then no pattern, then cold.
EMERGING_ORDER: tuple[str, ...] = tuple(EMERGING_COLORS)

SCHEME = "categories"


def _check_categories(categories: pd.Series, order: Sequence[str]) -> None:
    present = categories.dropna()
    unknown = sorted(set(present.astype(str)) - set(order))
    if unknown:
        raise ValueError(
            f"Unknown categor{'y' if len(unknown) == 1 else 'ies'}: "
            f"{', '.join(repr(u) for u in unknown)}. Category must be in the set: "
            f"{', '.join(order)}"
        )


def category_classification(
    categories: pd.Series | Mapping[str, str | None],
    order: Sequence[str] = EMERGING_ORDER,
    *,
    labeller: Callable[[str], str] = str,
    no_data_label: str = "—",
    keep_empty: bool = False,
) -> Classification:
    """Return one colour class per category, for :func:`utils.maps.choropleth_map`.

    Parameters
    ----------
    categories : pandas.Series or mapping
        Category of each unit, indexed by unit code; None or NaN means "no data".
    order : sequence of str
        Every valid category in legend order (the first is class 0).
    labeller : callable
        Turns a category key into its legend label in the interface language.
    no_data_label : str
        Label of the "no data" legend entry (already translated).
    keep_empty : bool
        Keep categories no unit falls into (a fixed legend); by default the legend lists
        only the categories present, so 20 units never face a legend of 17 lines.

    Returns
    -------
    Classification
        ``scheme`` is ``"categories"``; ``bins`` are the class numbers ``0 .. k-1`` (a
        category has no range); each legend entry carries its category's label and count.
        Pair it with :func:`category_palette` using the same arguments.

    Raises
    ------
    ValueError
        For a category not in ``order``; the message lists the valid ones.
    """
    series = pd.Series(dict(categories) if isinstance(categories, Mapping) else categories,
                       dtype=object)
    _check_categories(series, order)
    used = shown_categories(series, order, keep_empty=keep_empty)
    index_of = {category: i for i, category in enumerate(used)}
    classes = pd.Series(
        [index_of.get(str(v), NO_DATA) if pd.notna(v) else NO_DATA for v in series],
        index=series.index,
        dtype="int64",
    )
    counts = classes.value_counts()
    legend = [
        LegendEntry(i, float(i), float(i), labeller(category), int(counts.get(i, 0)))
        for i, category in enumerate(used)
    ]
    missing = int(counts.get(NO_DATA, 0))
    if missing:
        legend.append(LegendEntry(NO_DATA, None, None, no_data_label, missing))
    return Classification(
        scheme=SCHEME,
        bins=tuple(float(i) for i in range(len(used))),
        lower=0.0 if used else None,
        classes=classes,
        legend=tuple(legend),
    )


def shown_categories(
    categories: pd.Series, order: Sequence[str], *, keep_empty: bool = False
) -> list[str]:
    """Return the categories that get a class, in legend order."""
    if keep_empty:
        return list(order)
    present = set(categories.dropna().astype(str))
    return [category for category in order if category in present]


def category_palette(
    categories: pd.Series | Mapping[str, str | None],
    order: Sequence[str] = EMERGING_ORDER,
    colors: Mapping[str, str] | None = None,
    *,
    keep_empty: bool = False,
) -> list[str]:
    """Return the colour of each class of :func:`category_classification`, class 0 first.

    ``colors`` maps each category to its colour (default :data:`EMERGING_COLORS`).
    """
    colors = EMERGING_COLORS if colors is None else colors
    series = pd.Series(dict(categories) if isinstance(categories, Mapping) else categories,
                       dtype=object)
    missing = [c for c in order if c not in colors]
    if missing:
        raise ValueError(f"No colour for the categor{'y' if len(missing) == 1 else 'ies'}: "
                         f"{', '.join(missing)}")
    return [colors[c] for c in shown_categories(series, order, keep_empty=keep_empty)]
