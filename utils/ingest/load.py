"""Load an uploaded extract: read, map headers, validate, report, then store as one batch.

:func:`prepare` reads a file and returns a :class:`PreparedLoad` (the canonical frame of the
valid rows, the rejected rows with row number, column, value and reason, warnings and the
dropped columns) without storing anything, so the data page can show the report before the
analyst commits. :func:`commit` stores it as one batch through :mod:`utils.store`;
:func:`ingest_file` does both.

Row numbers are the ones the analyst sees in Excel: the header row of a plain CSV is 1 and
its first data row 2; in a workbook with title rows above the header, the sheet row.

Refusals and warnings are :class:`~utils.ingest.readers.Note` objects: English sentences (what the
command line prints and the store keeps) that carry a catalog key and parameters, so the data
page can say them in the analyst's language (:mod:`utils.ingest.messages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from utils.ingest.districts import assign_districts
from utils.ingest.kinds import Kind, get_kind
from utils.ingest.mapping import check_required, map_headers
from utils.ingest.official_tables import conflicting_values, stats_to_long
from utils.ingest.readers import Note, RefusedFile, read_table
from utils.ingest.table_structure import structured_table
from utils.ingest.validate import ERROR_COLUMNS, EXAMPLES, validate_rows


@dataclass
class PreparedLoad:
    """A file read and validated, ready to be stored (nothing is stored yet).

    Attributes
    ----------
    frame
        The valid rows in the canonical columns of the kind, duplicates within the file
        removed.
    errors
        One row per refused value: ``row`` (as in Excel), ``column`` (the header as written),
        ``value`` (the cell as written) and ``reason``.
    warnings
        What the analyst should know before committing, one :class:`Note` each (the
        placements of pre-2022 rows come from :func:`geo.reform.place_pre_reform` with their
        keys and parameters).
    rows_read
        Data rows in the file.
    rows_duplicate
        Valid rows skipped because they repeat a record of the same file (or, when an
        engine was given to :func:`prepare`, one already stored).
    unresolved_regions
        One entry per distinct region text that did not resolve: ``{input, rows,
        suggestions}`` with suggestions as ISO codes, best first.
    dropped_columns, personal_columns
        Headers not stored: every one (``dropped_columns``, also columns outside the contract)
        and those of applicants' personal data among them (``personal_columns``).
    remapped
        Every distinct cell read as a value it does not officially spell (a category
        synonym, a former or short region name): ``{field, header, input, value, rows}``,
        most rows first, counting the rows that would be stored.
    """

    kind: str
    frame: pd.DataFrame
    errors: pd.DataFrame
    warnings: list[str]
    dropped_columns: list[str]
    rows_read: int
    rows_duplicate: int
    file_name: str
    sha256: str
    column_map: dict[str, str] = field(default_factory=dict)
    unresolved_regions: list[dict[str, Any]] = field(default_factory=list)
    identical_batch: int | None = None
    personal_columns: list[str] = field(default_factory=list)
    remapped: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        """Return the number of file rows with at least one refused value."""
        return int(self.errors["row"].nunique()) if len(self.errors) else 0

    @property
    def rows_valid(self) -> int:
        """Return the number of rows that would be stored."""
        return len(self.frame)


@dataclass
class LoadReport:
    """What a load did; :meth:`to_dict` is the CLI's JSON object."""

    batch_id: int
    kind: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_duplicate: int
    errors: pd.DataFrame
    warnings: list[str]
    dropped_columns: list[str]
    file_name: str | None = None
    personal_columns: list[str] = field(default_factory=list)
    remapped: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def error_records(errors: pd.DataFrame) -> list[dict[str, Any]]:
        """Return row errors as ``[{row, column, value, reason}]``, values as text."""
        return [
            {
                "row": int(row),
                "column": str(column),
                "value": None if value is None else str(value),
                "reason": str(reason),
            }
            for row, column, value, reason in errors[ERROR_COLUMNS].itertuples(
                index=False, name=None
            )
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return ``{batch_id, kind, rows_read, rows_loaded, rows_rejected, rows_duplicate,
        errors: [{row, column, value, reason}], warnings, dropped_columns, personal_columns,
        remapped: [{field, header, input, value, rows}]}``.
        """  # noqa: D205
        errors = self.error_records(self.errors)
        return {
            "batch_id": int(self.batch_id),
            "kind": self.kind,
            "rows_read": int(self.rows_read),
            "rows_loaded": int(self.rows_loaded),
            "rows_rejected": int(self.rows_rejected),
            "rows_duplicate": int(self.rows_duplicate),
            "errors": errors,
            "warnings": list(self.warnings),
            "dropped_columns": list(self.dropped_columns),
            "personal_columns": list(self.personal_columns),
            "remapped": [dict(entry) for entry in self.remapped],
        }


def prepare(
    kind: str,
    source: bytes | str | Path | BinaryIO,
    file_name: str | None = None,
    *,
    engine: Any = None,
    today: pd.Timestamp | str | None = None,
    max_unpacked_bytes: int | None = None,
    max_rows: int | None = None,
    column_map: Mapping[str, str | None] | None = None,
    period: str | None = None,
    indicator: str | None = None,
    max_cells: int | None = None,
) -> PreparedLoad:
    """Read and validate an upload of ``kind``; store nothing.

    Parameters
    ----------
    kind : str
        One of :data:`utils.ingest.kinds.KINDS`.
    source : bytes, path or binary file object
        The upload (a Streamlit ``UploadedFile`` works).
    file_name : str, optional
        Its name as the analyst gave it (the suffix must match the content).
    engine : optional
        When given, the file is checked against the store too: an identical earlier upload
        is refused, and appeals already stored are counted as duplicates.
    today : Timestamp or str, optional
        Dates after this day are refused; default today.
    column_map : mapping, optional
        The analyst's corrections of the proposed mapping: header as written -> field of
        ``kind`` (or None to leave the column out).
    period, indicator : str, optional
        For an official table (``region_stats``) that does not say them: the period of its
        values (``2022``, ``2025-Q2``, ``2025-03``) and the indicator they measure.
    max_unpacked_bytes, max_rows, max_cells : int, optional
        The limits of one upload; by default the ``[ingest]`` settings (a file past one is
        refused before it is read whole).

    Raises
    ------
    RefusedFile
        When the file is unusable as a whole (empty, not a table, wrong format, no required
        column, identical to an earlier batch).
    """
    spec = get_kind(kind)
    table = read_table(
        source, file_name, kind=spec.name, max_unpacked_bytes=max_unpacked_bytes,
        max_rows=max_rows, max_cells=max_cells,
    )
    if engine is not None:
        _refuse_identical(engine, table.sha256, table.file_name)
    structure = None
    if spec.name == "region_stats":
        table, structure = structured_table(table)
    headers = map_headers(spec, table, column_map)
    warnings = list(table.warnings) + headers.warnings
    if spec.name == "region_stats":
        stats = stats_to_long(table, headers, structure, period=period, indicator=indicator)
        raw, row_numbers = stats.raw, stats.row_numbers
        warnings += stats.warnings
        value_header: str | pd.Series = stats.value_headers
        header_of = {c: headers.mapping.get(c, c) for c in raw.columns}
        header_of["value"] = value_header  # type: ignore[assignment]
        if "period" not in headers.mapping:
            header_of["period"] = value_header  # type: ignore[assignment]
        factors = stats.factors
    else:
        check_required(spec, headers, table)
        # Without copies: the columns stay the reader's arrays, one block each (its
        # categorical of a column when it has one).
        raw = pd.DataFrame(
            {c: table.categorical.get(h, table.frame[h]) for c, h in headers.mapping.items()},
            index=table.frame.index,
            copy=False,
        )
        row_numbers = table.row_numbers
        header_of = dict(headers.mapping)
        factors = None
    if headers.unmatched:
        warnings.append(Note(
            "ingest.warning.unmatched_columns",
            f"Column{'s' if len(headers.unmatched) > 1 else ''} "
            + ", ".join(f"«{h}»" for h in headers.unmatched)
            + f" {'are' if len(headers.unmatched) > 1 else 'is'} not part of the {spec.name} "
            "contract and ignored.",
            headers=tuple(str(h) for h in headers.unmatched), kind=spec.name,
        ))
    dropped = headers.dropped + headers.unmatched
    frame, errors, more_warnings, unresolved, remapped = validate_rows(
        spec, raw, row_numbers, header_of, today, factors,
        text_file=table.file_format == "csv",
    )
    warnings += more_warnings
    if spec.name == "region_stats":
        frame, conflicts = conflicting_values(frame, header_of["region"])
        errors = _sorted_errors([stats.errors, errors, conflicts])
        duplicates = 0
        if engine is not None and len(frame):
            warnings += _restated(engine, frame)
    else:
        frame, duplicates, duplicate_warnings = _drop_duplicates(spec, frame)
        warnings += duplicate_warnings
    if engine is not None and spec.store_duplicate_key and len(frame):
        frame, stored_duplicates, stored_warning = _drop_stored(engine, spec, frame)
        duplicates += stored_duplicates
        warnings += stored_warning
    del frame["__row"]
    frame.index = pd.RangeIndex(len(frame))
    # The count of rows with a district leads; the file's own notes follow in their order.
    warnings[:0] = assign_districts(spec.name, frame)
    return PreparedLoad(
        kind=spec.name,
        frame=frame,
        errors=errors,
        warnings=warnings,
        dropped_columns=dropped,
        personal_columns=list(headers.personal),
        rows_read=len(table.frame),
        rows_duplicate=duplicates,
        file_name=table.file_name,
        sha256=table.sha256,
        column_map={h: c for c, h in headers.mapping.items()},
        unresolved_regions=unresolved,
        remapped=remapped,
    )


def _sorted_errors(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Return row errors from several checks as one frame, ordered by row."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return _no_errors()
    errors = pd.concat([part[ERROR_COLUMNS] for part in parts], ignore_index=True)
    errors["row"] = errors["row"].astype("int64")
    return errors.sort_values("row", kind="stable", ignore_index=True)


def _no_errors() -> pd.DataFrame:
    """Return an empty frame of row errors."""
    return pd.DataFrame({"row": pd.Series(dtype="int64"), "column": pd.Series(dtype=object),
                         "value": pd.Series(dtype=object), "reason": pd.Series(dtype=object)})


def _restated(engine: Any, frame: pd.DataFrame) -> list[Note]:
    """Say which values of an official table restate values of earlier batches.

    The screens read the latest batch's value of a region, period and indicator, so the new
    values replace the stored ones; the report says how many, from which batches, and how
    many of them differ.
    """
    from utils import store

    stored = store.stored_official_values(engine, frame)
    if stored.empty:
        return []
    key = ["region", "period", "indicator"]
    joined = frame[key + ["value"]].merge(stored, on=key, suffixes=("", "_stored"))
    latest = joined.sort_values("batch_id").drop_duplicates(key, keep="last")
    count = len(latest)
    changed = int((~np.isclose(latest["value"].astype(float),
                               latest["value_stored"].astype(float), equal_nan=True)).sum())
    batches = tuple(int(b) for b in sorted(latest["batch_id"].unique()))
    return [Note(
        "stats.warning.restated",
        f"{count} value(s) restate values already stored (batch "
        + ", ".join(str(b) for b in batches) + f"); {changed} of them differ. The new values "
        "replace them on every screen; undoing this batch brings the earlier ones back.",
        count=count, changed=changed, batches=", ".join(str(b) for b in batches),
    )]


def _drop_duplicates(spec: Kind, frame: pd.DataFrame) -> tuple[pd.DataFrame, int, list[str]]:
    key = [c for c in spec.duplicate_key if c in frame.columns]
    if not key or frame.empty:
        return frame, 0, []
    subset = frame[key]
    if spec.store_duplicate_key:
        present = subset[spec.store_duplicate_key].notna()
        repeated = present & subset.duplicated(keep="first")
    else:
        repeated = subset.duplicated(keep="first")
    count = int(repeated.sum())
    if not count:
        return frame, 0, []
    rows = tuple(int(r) for r in frame.loc[repeated, "__row"].head(EXAMPLES))
    listed = ", ".join(str(r) for r in rows)
    more = count - len(rows)
    described = " and ".join(key) if len(key) < 3 else ", ".join(key)
    warning = Note(
        "ingest.warning.duplicates",
        f"{count} row{'s' if count != 1 else ''} (row {listed}"
        f"{f' and {more} more' if more > 0 else ''}) repeat the {described} of an earlier "
        "row of this file and were skipped as duplicates.",
        count=count, rows=rows, fields=tuple(key),
    )
    return frame[~repeated.to_numpy()], count, [warning]


def _drop_stored(
    engine: Any, spec: Kind, frame: pd.DataFrame
) -> tuple[pd.DataFrame, int, list[str]]:
    from utils import store

    key = spec.store_duplicate_key
    ids = frame[key]
    stored = store.existing_appeal_ids(engine, ids[ids.notna()])
    if not stored:
        return frame, 0, []
    known = ids.isin(stored).to_numpy()
    count = int(known.sum())
    return frame[~known], count, [_stored_duplicates(count, key)]


def _stored_duplicates(count: int, key: str) -> Note:
    return Note(
        "ingest.warning.stored_duplicates",
        f"{count} appeal{'s' if count != 1 else ''} already stored (same {key}) "
        f"{'were' if count != 1 else 'was'} skipped as duplicates.",
        count=count, field=key,
    )


def _refuse_identical(engine: Any, sha256: str, file_name: str) -> None:
    from utils import store

    batch_id = store.find_batch_by_sha256(engine, sha256)
    if batch_id is None:
        return
    batch = store.get_batch(engine, batch_id) or {}
    when = batch.get("created_at")
    stamp = "an earlier day"
    if when is not None:
        when = pd.Timestamp(when)
        stamp = when.strftime("%Y-%m-%d %H:%M")
    named = batch.get("file_name")
    text = (
        f"This file is identical to batch {batch_id} loaded on {stamp}"
        f"{' (' + str(named) + ')' if named else ''}; undo that batch first to load it again."
    )
    if named:
        note = Note("ingest.refused.identical_named", text, batch_id=int(batch_id), when=when,
                    file=str(named))
    else:
        note = Note("ingest.refused.identical", text, batch_id=int(batch_id), when=when)
    raise RefusedFile(note)


class NothingToStore(RefusedFile):
    """No row of a file can be stored; ``errors`` holds why, row by row (no batch is made)."""

    def __init__(self, note: str, errors: pd.DataFrame) -> None:
        super().__init__(note)
        self.errors = errors


def commit(engine: Any, prepared: PreparedLoad, user: str | None) -> LoadReport:
    """Store a prepared load as one batch and return its report.

    An identical file already loaded (same SHA-256, not undone) is refused before anything
    is written, and so is a file none of whose rows can be stored (no empty batch is made);
    appeals whose ``appeal_id`` is already stored are skipped and counted as duplicates (the
    store checks again inside its transaction, so concurrent uploads never double count).

    Raises
    ------
    RefusedFile
        When the same file was loaded before, or the database refused a value after all
        (validation checks the store's limits, so this is a net under it; nothing is
        stored); :class:`NothingToStore` when every row was rejected or is already stored.
    """
    from utils import store

    _refuse_identical(engine, prepared.sha256, prepared.file_name)
    if prepared.frame.empty:
        raise _nothing_to_store(prepared, prepared.rows_duplicate)
    try:
        batch_id = store.load_batch(
            engine,
            prepared.kind,
            prepared.frame,
            file_name=prepared.file_name,
            sha256=prepared.sha256,
            user=user,
            rows_read=prepared.rows_read,
            rows_rejected=prepared.rows_rejected,
            rows_duplicate=prepared.rows_duplicate,
            warnings=prepared.warnings,
        )
    except store.NothingStored as exc:
        raise _nothing_to_store(prepared, prepared.rows_duplicate + int(exc.args[0])) from exc
    except store.REFUSED_VALUES as exc:
        # Validation checks every limit of the store; this is the net under it.
        raise _store_refused(prepared.file_name, exc) from exc
    batch = store.get_batch(engine, batch_id) or {}
    rows_duplicate = int(batch.get("rows_duplicate", prepared.rows_duplicate))
    warnings = list(prepared.warnings)
    extra = rows_duplicate - prepared.rows_duplicate
    if extra > 0:
        warnings.append(_stored_duplicates(extra, "appeal_id"))
    return LoadReport(
        batch_id=batch_id,
        kind=prepared.kind,
        rows_read=prepared.rows_read,
        rows_loaded=int(batch.get("rows_loaded", len(prepared.frame))),
        rows_rejected=prepared.rows_rejected,
        rows_duplicate=rows_duplicate,
        errors=prepared.errors,
        warnings=warnings,
        dropped_columns=list(prepared.dropped_columns),
        file_name=prepared.file_name,
        personal_columns=list(prepared.personal_columns),
        remapped=list(prepared.remapped),
    )


def _nothing_to_store(prepared: PreparedLoad, duplicate: int) -> NothingToStore:
    """Return the refusal of a load none of whose rows can be stored (no batch is made)."""
    name = prepared.file_name
    return NothingToStore(Note(
        "ingest.refused.nothing_to_store",
        f"No row of «{name}» can be stored: {prepared.rows_rejected} rejected, "
        f"{duplicate} already loaded.",
        file=name, rejected=prepared.rows_rejected, duplicate=duplicate,
    ), prepared.errors)


def _store_refused(name: str, exc: Exception) -> RefusedFile:
    """Return the refusal of a load the database refused (its first line, no traceback)."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    detail = lines[0].rstrip(".") if lines else type(cause).__name__
    return RefusedFile(Note(
        "ingest.refused.store_refused",
        f"The database refused a value of «{name}» ({detail}); nothing was stored.",
        file=name, detail=detail,
    ))


def ingest_file(
    engine: Any,
    kind: str,
    path: str | Path | bytes | BinaryIO,
    user: str | None = "cli",
    *,
    file_name: str | None = None,
    today: pd.Timestamp | str | None = None,
    period: str | None = None,
    indicator: str | None = None,
) -> LoadReport:
    """Read, validate and store one file (``prepare`` then ``commit``)."""
    prepared = prepare(kind, path, file_name, engine=engine, today=today, period=period,
                       indicator=indicator)
    return commit(engine, prepared, user)
