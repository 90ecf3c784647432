"""Every table of the app, drawn with its figures and dates in the reader's language."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from utils import formatting
from utils.screens import (
    grid_integer_format,
    localized_table,
    number_columns,
    styled_cells_limit,
)


def dataframe(data: pd.DataFrame | Styler, lang: str, **options: Any) -> Any:
    """Draw ``data`` with ``st.dataframe``, without the index; return what it returns.

    The figures and dates are the display text :func:`utils.screens.localized_table` writes
    (``30 553 900``, ``4,7`` in Russian and Kazakh), so the app's language decides, not the
    browser's; the cells keep their numbers for sorting. A table too large for a Styler
    gets grouped whole numbers from the grid's own format. ``options`` go to
    ``st.dataframe`` (``column_config``, ``key``, ``on_select``...).
    """
    frame = data.data if isinstance(data, Styler) else data
    options.setdefault("hide_index", True)
    options.setdefault("placeholder", formatting.MISSING)
    if frame.size <= styled_cells_limit():
        return st.dataframe(localized_table(data, lang), **options)
    config = dict(options.pop("column_config", None) or {})
    for column in number_columns(frame):
        label = config.get(column, str(column))
        if pd.api.types.is_integer_dtype(frame[column]) and isinstance(label, str):
            config[column] = st.column_config.NumberColumn(label,
                                                           format=grid_integer_format(lang))
    return st.dataframe(frame, column_config=config, **options)
