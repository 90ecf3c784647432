"""Tables of the region and enterprise drill-downs, as people read and download them.

The pages show and offer for download the same frame: columns chosen and ordered, codes
turned into words of the interface language (region names, OKED sections, incident types,
appeal categories, indicators) and headers translated, amounts in tenge with ``₸`` in their
header. Numbers stay numbers and dates stay dates, so a downloaded spreadsheet can be summed
and sorted.

:func:`localized_table` is how every table of the app is shown: Streamlit's own number
formats follow the browser's language or print English separators, so the figures and dates
are written by :mod:`utils.formatting` as the table's display text while the cells keep
their numbers, and a click on a header still sorts by value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
from pandas.io.formats.style import Styler

from utils import formatting, i18n

#: Number of first-level units a region is ranked among.
REGION_COUNT = 20

#: Message key of the header of each column the drill-down tables may show.
COLUMN_LABELS: dict[str, str] = {
    "indicator": "common.indicator",
    "value": "common.value",
    "change_pct": "indicator.note.change_pct",
    "rank": "common.rank_of",
    "per_100k": "normalisation.per_100k",
    "bin": "common.bin",
    "enterprise_bin": "common.bin",
    "name": "common.enterprise",
    "enterprise_name": "common.enterprise",
    "region": "common.region",
    "industry": "common.industry",
    "settlement": "common.settlement",
    "month": "common.month",
    "date": "common.date",
    "type": "common.type",
    "category": "common.category",
    "participants": "common.participants",
    "demands": "common.demands",
    "source": "common.source_name",
    "description": "common.description",
    "headcount": "enterprise.headcount",
    "overdue_months": "enterprise.overdue_months",
    "arrears_outstanding_kzt": "indicator.arrears_outstanding_kzt",
    "workers_owed": "indicator.workers_owed",
    "repaid_kzt": "indicator.arrears_repaid_kzt",
    "workers_repaid": "indicator.workers_repaid",
    "appeals": "indicator.appeals",
    "collective_appeals": "indicator.collective_appeals",
    "people": "indicator.people",
    "layoffs": "indicator.layoffs",
    "unlawful_layoffs": "indicator.unlawful_layoffs",
    "incidents": "indicator.incidents",
    "incident_participants": "indicator.incident_participants",
    "unit": "briefing.col_unit",
}

#: Columns holding amounts in tenge: their header ends with the tenge sign.
MONEY_COLUMNS = frozenset({"arrears_outstanding_kzt", "repaid_kzt"})


def _region(code: object, lang: str) -> object:
    try:
        return i18n.region_label(str(code), lang)
    except KeyError:
        return code


def _industry(section: object, lang: str) -> object:
    section = str(section).strip().upper()
    if i18n.has_key(f"oked.{section}", lang):
        return i18n.oked_label(section, lang, with_letter=True)
    return section


def _incident_type(value: object, lang: str) -> object:
    return i18n.incident_type_label(str(value), lang)


def _category(value: object, lang: str) -> object:
    return i18n.category_label(str(value), lang)


def _indicator(value: object, lang: str) -> object:
    return i18n.indicator_label(str(value), lang)


#: Columns whose values are codes, and how each code becomes a word.
VALUE_LABELS: dict[str, Callable[[object, str], object]] = {
    "region": _region,
    "industry": _industry,
    "type": _incident_type,
    "category": _category,
    "indicator": _indicator,
}


def column_label(column: str, lang: str) -> str:
    """Return the header of ``column`` in ``lang``; unknown columns raise a ``KeyError``."""
    try:
        key = COLUMN_LABELS[column]
    except KeyError:
        valid = ", ".join(COLUMN_LABELS)
        raise KeyError(f"Invalid column: {column!r}. Column must be in the set: {valid}") from None
    if key == "common.rank_of":
        return i18n.t(key, lang, total=REGION_COUNT)
    if column in MONEY_COLUMNS:
        return f"{i18n.t(key, lang)}, {formatting.CURRENCY_SIGN}"
    return i18n.t(key, lang)


def labelled(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """Return ``columns`` of ``frame`` with codes as words and headers in ``lang``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame of :mod:`utils.metrics` (top enterprises, incidents, a timeline...).
    columns : sequence of str
        The columns to keep, in order; each must be in :data:`COLUMN_LABELS`. Columns the
        frame lacks are left out.
    lang : str
        Interface language.
    """
    kept = [c for c in columns if c in frame.columns]
    out = frame[kept].copy()
    for column in kept:
        translate = VALUE_LABELS.get(column)
        if translate is not None:
            out[column] = [
                None if value is None or (isinstance(value, float) and pd.isna(value))
                else translate(value, lang)
                for value in out[column]
            ]
        if column == "date":
            out[column] = pd.to_datetime(out[column]).dt.date
    out.columns = [column_label(c, lang) for c in kept]
    return out.reset_index(drop=True)


def number_columns(frame: pd.DataFrame) -> list:
    """Return the columns of ``frame`` holding numbers (integers or floats, not booleans)."""
    return [column for column in frame.columns
            if pd.api.types.is_numeric_dtype(frame[column])
            and not pd.api.types.is_bool_dtype(frame[column])]


def date_columns(frame: pd.DataFrame) -> list:
    """Return the columns of ``frame`` holding days (datetimes, or dates in an object column)."""
    found = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            found.append(column)
        elif values.dtype == object:
            filled = values.dropna()
            if len(filled) and all(isinstance(v, dt.date) for v in filled):
                found.append(column)
    return found


def localized_table(data: pd.DataFrame | Styler, lang: str) -> Styler:
    """Return a table as a Styler whose figures and dates read in ``lang``.

    Numbers are written by :func:`utils.formatting.format_figure` (``30 553 900``, ``4,7``
    in Russian and Kazakh; ``30,553,900``, ``4.7`` in English), days by
    :func:`utils.formatting.format_date`, missing cells as an em dash. The cells keep their
    values, so a table sorts by number and by day. A Styler passed in keeps its styles.
    """
    styler = data if isinstance(data, Styler) else data.style
    frame = styler.data
    styler.format(na_rep=formatting.MISSING)
    numbers = number_columns(frame)
    if numbers:
        styler.format(lambda value: formatting.format_figure(value, lang), subset=numbers,
                      na_rep=formatting.MISSING)
    days = date_columns(frame)
    if days:
        styler.format(lambda value: formatting.format_date(value, lang), subset=days,
                      na_rep=formatting.MISSING)
    return styler


def styled_cells_limit() -> int:
    """Return how many cells a table may have to be written by :func:`localized_table`.

    pandas' Styler renders at most ``styler.render.max_elements`` cells; a larger table (the
    rejected rows of a big file) is shown with :func:`grid_integer_format` instead.
    """
    return int(pd.options.styler.render.max_elements)


def grid_integer_format(lang: str) -> str:
    """Return the printf format of Streamlit's grid that groups whole numbers as ``lang`` does.

    ``%'<space>,d`` writes ``30 553 900`` (the quote sets the group sign), ``%,d`` writes
    ``30,553,900``; the grid has no decimal sign but a point, so it serves whole numbers only.
    """
    group = formatting.format_number(1000, lang)[1:-3]
    return "%,d" if group == "," else f"%'{group},d"


def grid_percent_format(lang: str) -> str:
    """Return the printf format of a whole percentage in Streamlit's grid: ``45 %`` / ``45%``.

    For a progress bar's figure (0 to 100, no group or decimal sign), placed as
    :func:`utils.formatting.format_share` places the percent sign.
    """
    return formatting.format_share(0.45, lang).replace("%", "%%").replace("45", "%.0f", 1)
