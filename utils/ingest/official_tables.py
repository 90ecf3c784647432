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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from utils.ingest.headers import header_unit, normalise_header
from utils.ingest.kinds import get_kind
from utils.ingest.mapping import MappedHeaders, map_headers
from utils.ingest.parsing import MISSING_MARKS, cell_text, looks_like_period, parse_period_text
from utils.ingest.readers import Note, RawTable, RefusedFile
from utils.ingest.vocabularies import normalise_label, vocabulary_index


@dataclass
class _StatsLong:
    raw: pd.DataFrame  # canonical input columns as text
    row_numbers: np.ndarray
    value_headers: pd.Series  # header as written of each value cell
    warnings: list[str]
    factors: pd.Series  # multiplier to base units per row


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
    values of one period or indicator is not shown as a column left out.
    """
    return _stats_layout(table, map_headers(get_kind("region_stats"), table, column_map))


def _indicator_name(header: str) -> str:
    """Return the indicator a column of a wide table holds, named by its header."""
    return _indicator_of(header) or normalise_header(header).capitalize() or header


def _stats_layout(table: RawTable, headers: MappedHeaders) -> StatsLayout:
    """Decide the form of an official table from its headers (see :class:`StatsLayout`).

    A column the analyst left out is never read as values, nor as the unnamed region column.
    """
    fields = dict(headers.mapping)
    candidates = [h for h in headers.unmatched if h not in headers.left_out]
    if "region" not in fields:
        unnamed = [h for h in table.blank_headers if h in candidates]
        if unnamed:
            fields["region"] = unnamed[0]
            candidates.remove(unnamed[0])
    periods = {h: parse_period_text(cell_text(h)) for h in candidates
               if looks_like_period(h)}
    if "value" in fields and "period" in fields:
        form, values = "long", {}
    elif periods:
        form = "by_period"
        values = {h: ("period", parsed[0]) for h, parsed in periods.items()}
    elif "period" in fields and candidates:
        form = "by_indicator"
        values = {h: ("indicator", _indicator_name(h)) for h in candidates}
    else:
        form, values = None, {}
    ignored = [h for h in headers.unmatched if h not in values and h != fields.get("region")]
    return StatsLayout(form, fields, values, ignored)


def stats_to_long(table: RawTable, headers: MappedHeaders) -> _StatsLong:
    """Return an official table in the long canonical form: one value per row.

    A wide table is melted into one row per region and period, or per region and indicator.
    The indicator, the unit and the source come from their columns, else from the headers,
    the title and units rows above the header, or the file name; values stated in thousands
    or millions get their factor to base units, and cells without a value are skipped.
    ``headers`` is updated to the fields the layout reads.

    Raises
    ------
    RefusedFile
        When the table names no regions, holds no values, or does not say which indicator
        its values are.
    """
    frame = table.frame
    layout = _stats_layout(table, headers)
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
    title = table.preamble[0] if table.preamble else None
    pre_unit, pre_factor = _preamble_unit(table.preamble[1:] if len(table.preamble) > 1
                                          else table.preamble)
    source = _preamble_source(table.preamble)
    form = layout.form
    value_columns = list(layout.values)
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
        long["period" if form == "by_period" else "indicator"] = long["__header"]
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
    if form != "long":
        if form == "by_period" and "indicator" not in long:
            indicator = _indicator_of(title) or (title.strip() if title else None)
            if indicator is None:
                raise RefusedFile(Note(
                    "ingest.refused.stats_no_period_indicator",
                    f"«{table.file_name}» does not say which indicator its periods hold: add "
                    "a title row above the header or a column «Показатель».",
                    file=table.file_name,
                ))
            long["indicator"] = indicator
    elif "indicator" not in long:
        indicator = _indicator_of(title) or (title.strip() if title else None)
        if indicator is None:
            raise RefusedFile(Note(
                "ingest.refused.stats_no_indicator",
                f"«{table.file_name}» has no indicator column («Показатель», «indicator») and "
                "no title naming one; it cannot be loaded as region_stats.",
                file=table.file_name,
            ))
        long["indicator"] = indicator

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
    return _StatsLong(
        raw=raw,
        row_numbers=table.row_numbers[positions],
        value_headers=value_headers.reset_index(drop=True).astype(object),
        warnings=warnings,
        factors=factors.reset_index(drop=True).astype(float),
    )
