"""Shape the early-warning panels into unit-by-month tables, using data up to a month only.

The store hands the early warning two long panels (``utils.metrics.region_month_panel`` and
``enterprise_month_panel``). The statistics work on wide tables: one row per region or
enterprise, one column per month, in calendar order, with zeros where nothing was reported.
Cutting every panel at ``as_of`` here, once, is what guarantees no look-ahead.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

REGION_PANEL_COLUMNS: tuple[str, ...] = (
    "code", "month", "appeals", "collective_appeals", "people", "arrears_kzt", "workers_owed",
    "repaid_kzt", "workers_repaid", "layoffs", "incidents", "population", "employed",
)
ENTERPRISE_PANEL_COLUMNS: tuple[str, ...] = (
    "bin", "name", "region", "industry", "month", "arrears_kzt", "workers_owed",
    "overdue_months", "appeals", "collective_appeals", "people", "layoffs", "incidents",
)


class PanelError(ValueError):
    """A panel handed to the early warning lacks columns or has malformed months."""


def check_panel(frame: pd.DataFrame, required: Iterable[str], name: str) -> None:
    """Raise :class:`PanelError` naming the panel and its missing columns."""
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise PanelError(f"{name} lacks column(s) {', '.join(missing)}")


def check_month(month: str, what: str = "as_of") -> str:
    """Return ``month`` if it is a ``YYYY-MM`` string, else raise :class:`PanelError`."""
    try:
        parsed = pd.Period(str(month), freq="M")
    except (ValueError, TypeError) as exc:
        raise PanelError(f"{what} must be a month written YYYY-MM, got {month!r}") from exc
    if str(parsed) != str(month):
        raise PanelError(f"{what} must be a month written YYYY-MM, got {month!r}")
    return str(month)


def cut_at(frame: pd.DataFrame, as_of: str | None) -> tuple[pd.DataFrame, str | None]:
    """Return the rows dated up to ``as_of`` and the month in force.

    With ``as_of=None`` the last month present is used. Months are compared as ``YYYY-MM``
    strings, which sort in calendar order.
    """
    if frame.empty:
        return frame, as_of
    months = frame["month"].astype(str)
    if as_of is None:
        as_of = months.max()
    check_month(as_of)
    return frame.loc[months <= as_of].copy(), as_of


def wide(
    frame: pd.DataFrame,
    unit: str,
    column: str,
    months: list[str],
    units: list[str] | None = None,
) -> pd.DataFrame:
    """Return ``column`` as a unit-by-month table (zeros where the unit has no row).

    Several rows of one unit and month are summed.
    """
    table = frame.pivot_table(index=unit, columns="month", values=column, aggfunc="sum",
                              fill_value=0.0, observed=True)
    table = table.reindex(columns=months, fill_value=0.0)
    if units is not None:
        table = table.reindex(index=units, fill_value=0.0)
    return table.astype(float).fillna(0.0)
