"""What each page of the dashboard shows, shaped from the store's and the metrics' answers.

One module per screen, each a set of pure functions that return frames, Altair charts and
folium maps; nothing here draws on a screen. The screens share function names
(``kpi_cards`` and ``incidents_table`` exist for the region and the enterprise, ``context_start``
for the region and the trends), so this face exposes each screen as a module:

* ``home_screen`` -- the home page's answer: where tension is rising, the key figures' row;
* ``map_screen`` -- the national map, its legend units and the enterprise layer;
* ``playback_screen`` -- the national map played month by month on fixed classes;
* ``region_screen`` -- the region drill-down (KPI cards, tables, trend, zoomed map);
* ``districts_screen`` -- the region's district map and the district filter of its tables;
* ``enterprise_screen`` -- the enterprise drill-down and the leaders' lists;
* ``trends_screen`` -- the trends page's series, numbers and charts;
* ``hotspots_screen`` -- the early-warning report in words, tables and the emerging map;
* ``cases_screen`` -- cases to work on (late first), their steps, the results block and
  the marks of watchlist entries that already have a case;
* ``backtest_screen`` -- how well the warnings worked: the backtest in words, by month and
  the conflicts it missed;
* ``upload_preview`` -- the upload preview in the analyst's words (region names, labels, dates);
* ``quality`` -- the data page's coverage and last-upload panel;
* ``filters_screen`` -- the active filters as chips in words, and the notes of the figures a
  filter leaves as they are;
* ``exports`` -- tables as CSV and XLSX files, safe against formula injection.

The state every page reads (:class:`ViewState` and its URL round trip) and the column labels
of the drill-down tables are shared by all screens and are re-exported by name, with
:func:`localized_table`, which writes the figures and dates of every table in the reader's
language.
"""

from __future__ import annotations

from utils.screens import backtest as backtest_screen
from utils.screens import cases as cases_screen
from utils.screens import districts as districts_screen
from utils.screens import enterprise as enterprise_screen
from utils.screens import exports, quality, upload_preview
from utils.screens import filters as filters_screen
from utils.screens import home as home_screen
from utils.screens import hotspots as hotspots_screen
from utils.screens import map as map_screen
from utils.screens import playback as playback_screen
from utils.screens import region as region_screen
from utils.screens import trends as trends_screen
from utils.screens.tables import (
    column_label,
    grid_integer_format,
    grid_percent_format,
    localized_table,
    number_columns,
    styled_cells_limit,
)
from utils.screens.viewstate import (
    LANGUAGES,
    MODES,
    NORMALISATIONS,
    SCHEMES,
    ViewState,
    default_period,
    from_query,
    view_url,
)

__all__ = [
    "view_url",
    "LANGUAGES",
    "MODES",
    "NORMALISATIONS",
    "SCHEMES",
    "ViewState",
    "backtest_screen",
    "cases_screen",
    "column_label",
    "default_period",
    "enterprise_screen",
    "exports",
    "filters_screen",
    "from_query",
    "grid_integer_format",
    "grid_percent_format",
    "home_screen",
    "hotspots_screen",
    "localized_table",
    "map_screen",
    "number_columns",
    "playback_screen",
    "quality",
    "region_screen",
    "districts_screen",
    "styled_cells_limit",
    "trends_screen",
    "upload_preview",
]
