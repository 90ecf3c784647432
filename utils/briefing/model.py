"""The data of a briefing: what it shows, what it says, and its slides, as plain types.

:class:`BriefingView` is what a briefing is asked for (period, map indicator, filters);
:class:`Briefing` is everything it says, already in its language, which the writers
(``utils.briefing.pptx``, ``utils.briefing.pdf``) and the briefing screen read; a
:class:`Table` is one table of a slide. This module imports nothing from its package, so
every other module of the briefing can build on it without an import circle.

The slides, in order, are :data:`SLIDES`; each has its title in the catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

#: The slides (PDF pages) of a briefing, in order, with the catalog key of each title.
SLIDES: dict[str, str] = {
    "title": "briefing.doc_title",
    "map": "briefing.step_overview",
    "kpis": "briefing.kpi_table",
    "rising": "briefing.step_rising",
    "watchlist": "briefing.step_watchlist",
    "results": "cases.briefing.title",
    "trends": "briefing.step_trends",
    "notes": "briefing.notes_title",
}
#: The views presentation mode steps through, with the catalog key of each title.
PRESENTATION_STEPS: dict[str, str] = {
    "overview": "briefing.step_overview",
    "rising": "briefing.step_rising",
    "watchlist": "briefing.step_watchlist",
    "results": "cases.briefing.title",
    "trends": "briefing.step_trends",
}
#: Size of an exported chart in pixels (before the scale factor of the PNG).
CHART_SIZE = (560, 300)


class NothingToBrief(ValueError):
    """The database holds no data for the requested month; the message says which."""


@dataclass(frozen=True)
class BriefingView:
    """What a briefing shows: the period, the map's indicator and the filters."""

    start: str
    end: str
    indicator: str = "appeals"
    normalisation: str = "absolute"
    mode: str = "value"
    scheme: str = "quantiles"
    categories: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    high_contrast: bool = False

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Return the filters in the shape ``utils.metrics`` takes."""
        chosen = {"categories": self.categories, "industries": self.industries}
        return {name: values for name, values in chosen.items() if values}


@dataclass(frozen=True)
class Table:
    """A table of a slide: headers and text cells, and the raw numbers for spreadsheets.

    ``widths`` are the relative widths of the columns on a slide; ``frame`` has the same
    rows with numbers left as numbers (for CSV and XLSX downloads).
    """

    name: str
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]
    frame: pd.DataFrame


@dataclass(frozen=True)
class TrendChart:
    """One trend chart: its title, the Altair chart (numeric size) and a file name stem."""

    name: str
    title: str
    chart: alt.TopLevelMixin


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing says, already in its language.

    ``map_values`` is ``utils.metrics.region_values`` of the map's indicator; the writers
    draw it with ``utils.briefing.static_map`` (the web map's classes and palette).
    ``official_note`` says, for an official statistic, its source and which granularity the
    map shows (the one that matches the period, as on the map page); None otherwise.
    """

    lang: str
    view: BriefingView
    as_of: str
    synthetic: bool
    titles: dict[str, str]
    title_lines: list[str]
    synthetic_note: str | None
    footer: str
    indicator_title: str
    unit: str
    map_caption: str
    map_note: str | None
    map_values: pd.DataFrame
    map_labels: dict[str, str]
    kpis: Table
    kpi_note: str
    rising: Table
    rising_note: str | None
    watchlist: Table
    watchlist_note: str | None
    results: Table
    results_lines: list[str]
    charts: list[TrendChart]
    methodology: list[str]
    sources: list[str]
    source_label: str
    tables: dict[str, Table] = field(default_factory=dict)
    official_note: str | None = None
