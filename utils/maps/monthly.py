"""The monthly values of the 20 units and their colour classes, fixed for a whole period.

What the map's playback colours by (:mod:`utils.maps.playback`) and what the briefing's small
maps of the months draw: a table of months by units (:func:`monthly_matrix`), the change of
each month against the month before (:func:`month_on_month_change`), and classes formed once
over every (month, unit) value (:func:`fixed_classes`), so a colour means the same range in
every month and the legend stays put while the months change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from utils.maps.classify import (
    DEFAULT_K,
    DEFAULT_SCHEME,
    NO_DATA,
    Classification,
    change_classes,
    classify,
)

_SEPARATOR = " "


def monthly_matrix(
    frame: pd.DataFrame,
    months: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return the values as a table of months (rows, ascending) by unit codes (columns).

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``month``, ``code`` and ``value`` (``utils.metrics.monthly_region_values``).
    months, codes : sequence of str, optional
        The rows and columns wanted (a month or unit missing from ``frame`` is NaN, "no
        data"); by default those of ``frame``.

    Raises
    ------
    ValueError
        When a column is missing or a (month, code) pair appears twice.
    """
    missing = {"month", "code", "value"} - set(frame.columns)
    if missing:
        raise ValueError(f"the monthly values need the columns month, code and value; missing: "
                         f"{', '.join(sorted(missing))}")
    if frame.duplicated(["month", "code"]).any():
        raise ValueError("the monthly values hold a (month, code) pair more than once")
    matrix = frame.pivot(index="month", columns="code", values="value")
    matrix = matrix.apply(pd.to_numeric, errors="coerce").astype("float64")
    months = sorted(matrix.index) if months is None else list(months)
    codes = sorted(matrix.columns) if codes is None else list(codes)
    matrix = matrix.reindex(index=months, columns=codes)
    matrix.index.name, matrix.columns.name = "month", "code"
    return matrix.where(np.isfinite(matrix))


def month_on_month_change(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return each month's change in per cent against the month before (NaN without a base).

    ``matrix`` (:func:`monthly_matrix`) starts one month before the first month wanted;
    that month is dropped from the result. A change from 0 or from no data is NaN ("no
    comparison"), as :func:`utils.maps.change_pct` has it.
    """
    previous = matrix.shift(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (matrix - previous) / previous * 100.0
    return change.where(previous > 0).iloc[1:]


def _stacked(matrix: pd.DataFrame) -> pd.Series:
    """Return every cell of ``matrix`` as one series indexed ``'<month> <code>'``."""
    values = matrix.to_numpy(dtype=float).ravel()
    index = [f"{month}{_SEPARATOR}{code}" for month in matrix.index for code in matrix.columns]
    return pd.Series(values, index=index, dtype="float64")


def fixed_classes(
    matrix: pd.DataFrame,
    *,
    change: bool = False,
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
    formatter: Callable[[float], str] | None = None,
    no_data_label: str = "—",
    neutral_note: str | None = None,
) -> Classification:
    """Return the classes of all the months' values at once, the same for every frame.

    Every (month, unit) value counts once, so the breaks of quantiles or natural breaks
    describe the whole period: a unit that stays in one class from month to month did not
    change much, whatever the other units did. ``change=True`` uses the fixed change classes
    (:func:`utils.maps.change_classes`). The classification's ``classes`` are indexed
    ``'<month> <code>'``; :func:`frame_classes` turns them back into months by units, and its
    legend counts unit-months.
    """
    stacked = _stacked(matrix)
    if change:
        return change_classes(stacked, formatter=formatter, no_data_label=no_data_label,
                              neutral_note=neutral_note)
    return classify(stacked, scheme=scheme, k=k, formatter=formatter,
                    no_data_label=no_data_label)


def frame_classes(matrix: pd.DataFrame, classes: Classification) -> pd.DataFrame:
    """Return the class of each unit in each month (:data:`NO_DATA` without a value)."""
    cells = classes.classes.reindex(_stacked(matrix).index).fillna(NO_DATA).astype("int64")
    return pd.DataFrame(cells.to_numpy().reshape(matrix.shape), index=matrix.index,
                        columns=matrix.columns)


def month_classification(classes: Classification, frames: pd.DataFrame,
                         month: str) -> Classification:
    """Return the fixed classes with the units of one month, for a layer drawn at that month."""
    return replace(classes, classes=frames.loc[month].astype("int64"))


@dataclass(frozen=True)
class Playback:
    """Everything the map needs to play a period: values, fixed classes, classes per month.

    Attributes
    ----------
    matrix : pandas.DataFrame
        Value of each unit (columns) in each month (rows): what the frames colour by.
    classes : Classification
        Classes of all the months' values together (:func:`fixed_classes`): the legend.
    frames : pandas.DataFrame
        Class of each unit in each month, same shape as ``matrix``.
    """

    matrix: pd.DataFrame
    classes: Classification
    frames: pd.DataFrame

    @property
    def months(self) -> tuple[str, ...]:
        """Return the months of the period, oldest first."""
        return tuple(str(m) for m in self.matrix.index)


def monthly_frames(matrix: pd.DataFrame, **classify_options: Any) -> Playback:
    """Return the :class:`Playback` of a months-by-units ``matrix`` (:func:`monthly_matrix`).

    ``classify_options`` go to :func:`fixed_classes`.
    """
    classes = fixed_classes(matrix, **classify_options)
    return Playback(matrix, classes, frame_classes(matrix, classes))
