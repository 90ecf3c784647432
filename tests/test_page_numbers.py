"""Every table of every page writes its figures in the reader's language.

Each page is run in Russian, Kazakh and English on the demo data. For every ``st.dataframe``
the test reads what the browser gets: the cells (numbers), the text each cell is displayed
with, and the column configuration. A number column must not carry a grid format of its own
(Streamlit's would print English separators, or follow the browser's language), and each of
its cells must be displayed with the language's group and decimal signs and read back as the
same number, rounded.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit import dataframe_util

from tests.app_pages import demo_db, no_exception, open_app  # noqa: F401
from tests.test_i18n_pages import _drill_params
from utils import formatting

#: A figure as each language writes it: groups of three, then the decimals.
FIGURE = {
    "ru": re.compile(r"-?\d{1,3}(\u00a0\d{3})*(,\d{1,2})?"),
    "kk": re.compile(r"-?\d{1,3}(\u00a0\d{3})*(,\d{1,2})?"),
    "en": re.compile(r"-?\d{1,3}(,\d{3})*(\.\d{1,2})?"),
}
#: Pages with tables, and the least number of tables each shows on the demo data.
PAGES = {
    "pages/region.py": 4,
    "pages/enterprise.py": 3,
    "pages/hotspots.py": 4,
    "pages/data.py": 2,
    "pages/briefing.py": 3,
}


def _read_back(text: str, lang: str) -> float:
    if lang == "en":
        return float(text.replace(",", ""))
    return float(text.replace("\u00a0", "").replace(",", "."))


def _tables(at) -> list:
    return list(at.get("arrow_data_frame")) or list(at.dataframe)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_table_writes_its_figures_in_the_language(open_app, demo_db, page, lang):  # noqa: F811
    at = open_app(demo_db.url, params={"lang": lang, **_drill_params(demo_db, page)}, page=page)
    no_exception(at)
    tables = _tables(at)
    assert len(tables) >= PAGES[page], f"{page} shows {len(tables)} tables"
    checked = 0
    for table in tables:
        proto = table.proto
        cells = table.value.reset_index(drop=True)
        assert proto.arrow_data.styler.display_values, f"{page}: a table without display text"
        shown = dataframe_util.convert_arrow_bytes_to_pandas_df(
            proto.arrow_data.styler.display_values).reset_index(drop=True)
        config = json.loads(proto.columns or "{}")
        for position, column in enumerate(cells.columns):
            values = cells[column]
            if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
                continue
            options = config.get(str(column), {}).get("type_config", {})
            if options.get("type") == "progress":
                # A progress bar's figure (0 to 100) is printed by the grid's printf format.
                assert options["format"] % 45 == formatting.format_share(0.45, lang)
                continue
            assert not options.get("format"), f"{page}: {column!r} has a grid format {options}"
            for value, text in zip(values, shown.iloc[:, position], strict=True):
                if pd.isna(value):
                    assert text == "—"
                    continue
                assert FIGURE[lang].fullmatch(text), f"{page}: {column!r} shows {text!r}"
                decimals = len(text.split("." if lang == "en" else ",")[1]) if re.search(
                    r"[.,]\d{1,2}$", text) else 0
                assert abs(_read_back(text, lang) - float(value)) <= 0.5 * 10 ** -decimals + 1e-9
                checked += 1
    assert checked > 0, f"{page} shows no figure in a table"
