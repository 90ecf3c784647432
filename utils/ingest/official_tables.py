"""Official aggregate tables (the ``region_stats`` kind): long or wide, to the long canonical form.

Statistics offices and ministries publish figures by region and period in three shapes: long
(a value column and a period column), regions as rows with one column per period, or one
column per indicator. :func:`stats_layout` tells them apart from the headers (the data page
shows the result in its mapping step); :func:`stats_to_long` turns any of them into one value
per row, ready for :func:`utils.ingest.validate.validate_rows`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo import is_national_total, region_periods, resolve_regions
from utils.ingest.headers import header_unit, normalise_header
from utils.ingest.kinds import get_kind
from utils.ingest.mapping import MappedHeaders, map_headers
from utils.ingest.parsing import MISSING_MARKS, cell_text, looks_like_period, parse_period_text
from utils.ingest.readers import Note, RawTable, RefusedFile
from utils.ingest.table_structure import TableStructure, structured_table
from utils.ingest.validate import ERROR_COLUMNS
from utils.ingest.vocabularies import normalise_label, vocabulary_index

#: Reason of a value whose region, period and indicator another row of the file gives too.
CONFLICTING_VALUE = "another value for the same region, period and indicator is in row {rows}"


@dataclass
class _StatsLong:
    raw: pd.DataFrame  # canonical input columns as text
    row_numbers: np.ndarray
    value_headers: pd.Series  # header as written of each value cell
    warnings: list[str]
    factors: pd.Series  # multiplier to base units per row
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ERROR_COLUMNS))


def _indicator_of(text: str | None) -> str | None:
    """Return the canonical indicator a title or header names, else the text as written."""
    if not text:
        return None
    index = vocabulary_index("indicator")
    key = normalise_label(normalise_header(text))
    if key in index:
        return index[key]
    contained = [label for label in index if len(label) > 8 and label in key]
    if contained:
        return index[max(contained, key=len)]
    return None


def _preamble_unit(preamble: Sequence[str]) -> tuple[str | None, float]:
    for line in reversed(preamble):
        unit, factor = header_unit(line)
        if unit is not None:
            return unit, factor
    return None, 1.0


def _preamble_source(preamble: Sequence[str]) -> str | None:
    for line in preamble:
        match = re.match(r"^\s*(?:источник|source|дереккөз)\s*[:\-–]\s*(.+)$", line, re.I)
        if match:
            return match.group(1).strip()
    return None


@dataclass(frozen=True)
class StatsLayout:
    """How :func:`utils.ingest.load.prepare` reads the columns of an official table.

    Attributes
    ----------
    form
        ``long`` (a value column and a period column), ``by_period`` (regions as rows and
        one column per period), ``by_indicator`` (one column per indicator), or None when
        the table has no values to read (it is refused).
    fields
        Field -> header as written; a region column without a header counts as ``region``.
    values
        The columns of a wide table whose cells are loaded as values: header as written ->
        ``("period", label)`` with the period's label (``2025-Q2``), or
        ``("indicator", name)`` with the indicator it holds.
    ignored
        Headers not loaded (not part of the contract, or left out by the analyst).
    """

    form: str | None
    fields: dict[str, str]
    values: dict[str, tuple[str, str]]
    ignored: list[str]


def stats_layout(
    table: RawTable, column_map: Mapping[str, str | None] | None = None
) -> StatsLayout:
    """Return how an official table's columns are read, with the analyst's ``column_map``.

    The data page shows it in its mapping step, so a column that a wide table loads as the
    values of one period or indicator is not shown as a column left out. ``table`` is as
    read; its structure (title rows, two header rows …) is read here.
    """
    table, structure = structured_table(table)
    return _stats_layout(table, map_headers(get_kind("region_stats"), table, column_map),
                         structure)


def structured_layout(
    table: RawTable, column_map: Mapping[str, str | None] | None = None,
    structure: TableStructure | None = None,
) -> StatsLayout:
    """Return :func:`stats_layout` of a table whose ``structure`` was already read."""
    return _stats_layout(table, map_headers(get_kind("region_stats"), table, column_map),
                         structure)


@dataclass(frozen=True)
class StatsReading:
    """What the mapping step shows of an official table before anything is stored.

    Attributes
    ----------
    facts
        What was understood (header rows, title, indicator, unit, period, rows skipped),
        one :class:`Note` each.
    needs_period, needs_indicator
        The table does not say its period, or its indicator: the analyst must give it.
    """

    facts: list[Note]
    needs_period: bool
    needs_indicator: bool


def stats_reading(
    table: RawTable, column_map: Mapping[str, str | None] | None = None,
    period: str | None = None, indicator: str | None = None,
) -> StatsReading:
    """Return what is understood of an official table as read, with the analyst's answers."""
    table, structure = structured_table(table)
    layout = _stats_layout(table, map_headers(get_kind("region_stats"), table, column_map),
                           structure)
    title = _title(table, structure)
    facts: list[Note] = []
    needs_indicator = needs_period = False
    if layout.form == "by_period" and "indicator" not in layout.fields or (
            layout.form == "long" and "indicator" not in layout.fields):
        named = _indicator_of(title) or title
        if indicator:
            facts.append(Note("stats.structure.indicator_given",
                              f"Indicator given: «{indicator}».", indicator=indicator))
        elif named:
            facts.append(Note("stats.structure.indicator_from_title",
                              f"Indicator from the title: «{named}».", indicator=named))
        else:
            needs_indicator = True
            facts.append(Note("stats.structure.indicator_missing",
                              "Indicator: please give it."))
    unit = _preamble_unit(table.preamble)[0]
    if unit is not None:
        facts.append(Note("stats.structure.unit", f"Unit: {unit}.", unit=unit))
    if layout.form in ("by_indicator", "long") and "period" not in layout.fields:
        found = _given_period(period) or title_period(title)
        if period and _given_period(period):
            facts.append(Note("stats.structure.period_given", f"Period given: {found[0]}.",
                              period=found[0]))
        elif found:
            facts.append(Note("stats.structure.period_from_title",
                              f"Period from the title: {found[0]}.", period=found[0]))
        else:
            needs_period = True
            facts.append(Note("stats.structure.period_missing", "Period: please give it."))
    facts += _period_facts(layout)
    # What will be stored comes first, then how the table was read; a title that is all the
    # indicator says is said once.
    named = {fact.params.get("indicator") for fact in facts}
    facts += [fact for fact in structure.facts
              if not (fact.key == "stats.structure.title" and fact.params["title"] in named)]
    region = layout.fields.get("region")
    if region is not None and region in table.frame.columns:
        totals = int(table.frame[region].map(is_national_total).sum())
        if totals:
            facts.append(Note("stats.structure.country_total",
                              f"{totals} country total row(s) skipped.", count=totals))
    return StatsReading(facts, needs_period, needs_indicator)


def _period_facts(layout: StatsLayout) -> list[Note]:
    """Return, per granularity of a table's period columns, how many and from which to which.

    «Периоды (кварталы): 8, I квартал 2023 – IV квартал 2024» tells the analyst which
    columns are read as which periods before anything is stored.
    """
    by_granularity: dict[str, list[tuple[pd.Timestamp, str]]] = {}
    for what, label in layout.values.values():
        parsed = parse_period_text(label) if what == "period" else None
        if isinstance(parsed, tuple):
            by_granularity.setdefault(parsed[1], []).append((parsed[3], label))
    facts = []
    for granularity, periods in by_granularity.items():
        ordered = [label for _, label in sorted(periods)]
        if len(ordered) == 1:
            facts.append(Note("stats.structure.period_column",
                              f"Period ({granularity}): {ordered[0]}.",
                              granularities=(granularity,), period=ordered[0]))
            continue
        facts.append(Note(
            "stats.structure.period_columns",
            f"Periods ({granularity}): {len(ordered)}, {ordered[0]} – {ordered[-1]}.",
            granularities=(granularity,), count=len(ordered),
            first_period=ordered[0], last_period=ordered[-1],
        ))
    return facts


def _indicator_name(header: str) -> str:
    """Return the indicator a column of a wide table holds, named by its header."""
    return _indicator_of(header) or normalise_header(header).capitalize() or header


def _stats_layout(table: RawTable, headers: MappedHeaders,
                  structure: TableStructure | None = None) -> StatsLayout:
    """Decide the form of an official table from its headers (see :class:`StatsLayout`).

    A column the analyst left out is never read as values, nor as the unnamed region column.
    A table of indicators without a period column is ``by_indicator`` too: its period comes
    from its title or from the analyst.
    """
    known = structure.periods if structure is not None else {}
    fields = dict(headers.mapping)
    candidates = [h for h in headers.unmatched if h not in headers.left_out]
    if "region" not in fields:
        unnamed = [h for h in table.blank_headers if h in candidates]
        if unnamed:
            fields["region"] = unnamed[0]
            candidates.remove(unnamed[0])
    periods = {h: known[h] for h in candidates if h in known}
    periods.update({h: parse_period_text(cell_text(h))[0] for h in candidates
                    if h not in known and looks_like_period(h)})
    if "value" in fields and "region" in fields:
        form, values = "long", {}
    elif periods:
        form = "by_period"
        values = {h: ("period", label) for h, label in periods.items()}
    elif candidates and "region" in fields:
        form = "by_indicator"
        values = {h: ("indicator", _indicator_name(h)) for h in candidates}
    else:
        form, values = None, {}
    ignored = [h for h in headers.unmatched if h not in values and h != fields.get("region")]
    return StatsLayout(form, fields, values, ignored)


def _title(table: RawTable, structure: TableStructure | None) -> str | None:
    if structure is not None:
        return structure.title
    return table.preamble[0] if table.preamble else None


_POINT_IN_TIME = re.compile(r"\bна\s+\d|по состоянию|as of|as at|\bжағдай", re.I)


def title_period(title: str | None) -> tuple[str, str, pd.Timestamp, pd.Timestamp] | None:
    """Return the one period a title names («… за I квартал 2025 года»), else None.

    A title naming several years, or a day («на 1 января 2025 года»: a stock at a date,
    not a period), names none.
    """
    if not title or _POINT_IN_TIME.search(title):
        return None
    words = title.replace(",", " ").split()
    years = [i for i, word in enumerate(words) if re.fullmatch(r"(?:19|20)\d{2}\D{0,5}", word)]
    if len({re.sub(r"\D", "", words[i]) for i in years}) != 1:
        return None
    at = years[0]
    for before in (3, 2, 1, 0):
        for after in (2, 1, 0):
            text = " ".join(words[max(0, at - before):at + 1 + after])
            parsed = parse_period_text(text)
            if isinstance(parsed, tuple):
                return parsed
    return None


def _given_period(period: str | None) -> tuple[str, str, pd.Timestamp, pd.Timestamp] | None:
    if not period or not str(period).strip():
        return None
    parsed = parse_period_text(str(period).strip())
    return parsed if isinstance(parsed, tuple) else None


def stats_to_long(
    table: RawTable, headers: MappedHeaders, structure: TableStructure | None = None, *,
    period: str | None = None, indicator: str | None = None,
) -> _StatsLong:
    """Return an official table in the long canonical form: one value per row.

    A wide table is melted into one row per region and period, or per region and indicator.
    The indicator, the unit and the source come from their columns, else from the headers,
    the title and units rows above the header, or the file name; values stated in thousands
    or millions get their factor to base units, and cells without a value are skipped.
    ``headers`` is updated to the fields the layout reads. ``table`` and ``structure`` are
    those of :func:`~utils.ingest.table_structure.structured_table`. What the table does not
    say, the analyst may: ``period`` (``2022``, ``2025-Q2``, ``2025-03``) for a table without
    one, ``indicator`` for a table whose title and headers name none.

    Raises
    ------
    RefusedFile
        When the table names no regions, holds no values, or does not say which period or
        which indicator its values are (and the analyst did not either).
    """
    frame = table.frame
    layout = _stats_layout(table, headers, structure)
    headers.mapping = mapping = layout.fields
    headers.unmatched = layout.ignored
    warnings: list[str] = []
    if "region" not in mapping:
        raise RefusedFile(Note(
            "ingest.refused.stats_no_region",
            f"«{table.file_name}» has no column naming the regions (expected a header such "
            f"as «Регион», «Область» or «region»); it cannot be loaded as region_stats.",
            file=table.file_name,
        ))
    title = _title(table, structure)
    given_indicator = indicator.strip() if indicator and indicator.strip() else None
    if period and _given_period(period) is None:
        raise RefusedFile(Note(
            "stats.refused.bad_period",
            f"The period given, «{period}», is not a period: write 2022, 2025-Q2 or 2025-03.",
            period=str(period),
        ))
    pre_unit, pre_factor = _preamble_unit(table.preamble[1:] if len(table.preamble) > 1
                                          else table.preamble)
    source = _preamble_source(table.preamble)
    form = layout.form
    value_columns = list(layout.values)
    if form in ("by_indicator", "long") and "period" not in mapping:
        found = _given_period(period) or title_period(title)
        if found is None:
            raise RefusedFile(Note(
                "stats.refused.no_period",
                f"«{table.file_name}» does not say which period its values are for: give it "
                "(on the Data page, or --period 2022, 2025-Q2 or 2025-03 on the command line).",
                file=table.file_name,
            ))
        period_label = found[0]
    else:
        period_label = None
    ids = [mapping[c] for c in ("period", "region", "district", "indicator", "unit", "source")
           if c in mapping]
    position = pd.Series(np.arange(len(frame)), index=frame.index)

    if form == "long":
        long = pd.DataFrame({c: frame[h] for c, h in mapping.items()})
        long["__position"] = position
        value_headers = pd.Series(mapping["value"], index=long.index, dtype=object)
    elif form in ("by_period", "by_indicator"):
        long = frame[ids + value_columns].assign(__position=position).melt(
            id_vars=ids + ["__position"], value_vars=value_columns,
            var_name="__header", value_name="__value",
        )
        long = long.rename(columns={h: c for c, h in mapping.items() if h in ids})
        if form == "by_period":
            labels = {h: label for h, (_, label) in layout.values.items()}
            long["period"] = long["__header"].map(labels)
        else:
            long["indicator"] = long["__header"]
        long["value"] = long["__value"]
        value_headers = long["__header"]
    else:
        raise RefusedFile(Note(
            "ingest.refused.stats_no_value",
            f"«{table.file_name}» has neither a value column («Значение», «value») nor "
            "columns headed by periods (II квартал 2025, 2025-03) or by indicators; it "
            "cannot be loaded as region_stats.",
            file=table.file_name,
        ))
    if period_label is not None:
        long["period"] = period_label
    if form != "by_indicator" and "indicator" not in long:
        named = given_indicator or _indicator_of(title) or (title.strip() if title else None)
        if named is None:
            if form == "by_period":
                raise RefusedFile(Note(
                    "ingest.refused.stats_no_period_indicator",
                    f"«{table.file_name}» does not say which indicator its periods hold: add "
                    "a title row above the header or a column «Показатель».",
                    file=table.file_name,
                ))
            raise RefusedFile(Note(
                "ingest.refused.stats_no_indicator",
                f"«{table.file_name}» has no indicator column («Показатель», «indicator») and "
                "no title naming one; it cannot be loaded as region_stats.",
                file=table.file_name,
            ))
        long["indicator"] = named

    # Units: a unit column wins, then the unit in an indicator header, then the units row.
    factors = pd.Series(1.0, index=long.index)
    if "unit" in long:
        distinct_units = {u: header_unit(u) if u else (None, 1.0)
                          for u in long["unit"].dropna().unique()}
        units = long["unit"].map({u: t[0] for u, t in distinct_units.items()})
        factors = long["unit"].map({u: t[1] for u, t in distinct_units.items()})
        factors = factors.fillna(1.0).astype(float)
        long["unit"] = units.where(units.notna(), long["unit"])
    elif form == "by_indicator":
        distinct_headers = pd.Series(long["__header"].unique())
        header_units = {h: header_unit(h) for h in distinct_headers}
        long["unit"] = long["__header"].map({h: u[0] for h, u in header_units.items()})
        factors = long["__header"].map({h: u[1] for h, u in header_units.items()}).astype(float)
        if pre_unit is not None:
            missing_unit = long["unit"].isna()
            long.loc[missing_unit, "unit"] = pre_unit
            factors[missing_unit] = pre_factor
    else:
        long["unit"] = pre_unit
        factors = pd.Series(pre_factor, index=long.index)
    if form == "by_indicator":
        names = {h: indicator for h, (_, indicator) in layout.values.items()}
        long["indicator"] = long["indicator"].map(names)
    elif "indicator" in mapping:
        names = {
            h: _indicator_of(h) or str(h).strip()
            for h in long["indicator"].dropna().unique()
        }
        long["indicator"] = long["indicator"].map(names)
    if "source" not in long:
        if source is None:
            source = table.file_name
            warnings.append(Note(
                "ingest.warning.stats_source_from_file",
                f"No source given; the file name «{table.file_name}» is recorded as the "
                "source of these figures.",
                file=table.file_name,
            ))
        long["source"] = source
    scaled = factors.ne(1.0) & factors.notna()
    if scaled.any():
        warnings.append(Note(
            "ingest.warning.stats_scaled",
            "Values stated in thousands or millions were converted to base units (tenge, "
            "persons).",
        ))
    # Cells without a value (blank, «-», «…», «x») are not data.
    value_text = long["value"].map(cell_text, na_action="ignore")
    no_value = value_text.isna() | value_text.str.strip().str.lower().isin(MISSING_MARKS)
    skipped = int(no_value.sum())
    if form != "long" and skipped:
        warnings.append(Note(
            "ingest.warning.stats_empty_cells",
            f"{skipped} cell{'s' if skipped != 1 else ''} without a value (blank, «-», «…») "
            "were skipped.",
            count=skipped,
        ))
    if form != "long":
        long = long[~no_value.to_numpy()]
        value_headers = value_headers[~no_value.to_numpy()]
        factors = factors[~no_value.to_numpy()]
        long = long.sort_values(["__position"], kind="stable")
        value_headers = value_headers.loc[long.index]
        factors = factors.loc[long.index]
    positions = long["__position"].to_numpy()
    raw = long[[c for c in ("period", "region", "district", "indicator", "value", "unit",
                            "source")
                if c in long]].reset_index(drop=True)
    if form != "long":
        text = (
            f"Wide table: {len(frame)} rows became {len(raw)} values "
            f"({'one per region and period' if form == 'by_period' else 'one per indicator'})."
        )
        if form == "by_period":
            warnings.append(Note("ingest.warning.stats_wide_by_period", text, count=len(frame),
                                 values=len(raw)))
        else:
            warnings.append(Note("ingest.warning.stats_wide_by_indicator", text,
                                 count=len(frame), values=len(raw)))
    row_numbers = table.row_numbers[positions]
    value_headers = value_headers.reset_index(drop=True).astype(object)
    factors = factors.reset_index(drop=True).astype(float)
    keep, errors, placements = _region_history(raw, row_numbers, mapping["region"])
    warnings += placements
    if not keep.all():
        raw = raw[keep].reset_index(drop=True)
        row_numbers = row_numbers[keep]
        value_headers = value_headers[keep].reset_index(drop=True)
        factors = factors[keep].reset_index(drop=True)
    return _StatsLong(
        raw=raw,
        row_numbers=row_numbers,
        value_headers=value_headers,
        warnings=warnings,
        factors=factors,
        errors=errors,
    )


def _region_history(
    raw: pd.DataFrame, row_numbers: np.ndarray, region_header: str
) -> tuple[np.ndarray, pd.DataFrame, list[Note]]:
    """Check each value's region against its period (:mod:`geo.region_history`).

    Returns the rows kept, the refused rows in :data:`ERROR_COLUMNS` and the placements of
    South Kazakhstan values as notes.
    """
    if raw.empty or "period" not in raw:
        return np.ones(len(raw), dtype=bool), pd.DataFrame(columns=ERROR_COLUMNS), []
    periods = raw["period"].map(cell_text, na_action="ignore")
    distinct = {p: parse_period_text(p) for p in periods.dropna().unique()}
    starts = periods.map({p: r[2] for p, r in distinct.items() if isinstance(r, tuple)})
    ends = periods.map({p: r[3] for p, r in distinct.items() if isinstance(r, tuple)})
    regions = raw["region"].map(cell_text, na_action="ignore")
    found = region_periods(regions, resolve_regions(regions), starts, ends)
    refused = pd.notna(found.reasons)
    errors = pd.DataFrame({
        "row": row_numbers[refused],
        "column": region_header,
        "value": regions[refused].to_numpy(dtype=object),
        "reason": found.reasons[refused],
    }, columns=ERROR_COLUMNS)
    notes = [Note(p.key, p.text, **p.params) for p in found.placements]
    return ~refused, errors, notes


def conflicting_values(frame: pd.DataFrame, region_header: str
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the values of a file without those given twice, and the rows refused for it.

    Two values for one region (or district), period and indicator in one file are never
    summed, and neither is taken over the other: both rows are refused, each naming the other
    (a region written twice, or South Kazakhstan next to Turkistan Region for one period).
    """
    keyed = frame.assign(__place=frame["district"].fillna("").astype(str)
                         if "district" in frame else "")
    key = ["region", "__place", "period", "indicator"]  # district figures clash per district
    twice = keyed.duplicated(key, keep=False).to_numpy()
    if not twice.any():
        return frame, pd.DataFrame(columns=ERROR_COLUMNS)
    clashing = keyed.loc[twice, key + ["value", "__row"]]
    cells = list(zip(*(clashing[c] for c in key), strict=True))
    rows_of: dict[tuple, list[int]] = {}
    for cell, row in zip(cells, clashing["__row"], strict=True):
        rows_of.setdefault(cell, []).append(int(row))
    reasons = [
        CONFLICTING_VALUE.format(
            rows=", ".join(str(r) for r in rows_of[cell] if r != row) or str(row))
        for cell, row in zip(cells, clashing["__row"], strict=True)
    ]
    errors = pd.DataFrame({
        "row": clashing["__row"].to_numpy(),
        "column": region_header,
        "value": [None if pd.isna(v) else f"{v:g}" for v in clashing["value"]],
        "reason": reasons,
    }, columns=ERROR_COLUMNS)
    return frame[~twice], errors
