"""Which extract kind a file is, judged from its headers.

The data page proposes the kind so the analyst only confirms it. A kind is proposed only when
the file carries all of that kind's required columns and names more of its columns than of
any other kind's; anything less certain proposes nothing and the analyst chooses.

The mapping step shows, column by column, what ingest will do with the file: the field each
header names (:func:`proposed_mapping`) and, for an official table in wide form, the columns
whose cells are loaded as the values of one period or indicator (:func:`value_columns`).
"""

from __future__ import annotations

from collections.abc import Mapping

from utils.ingest import official_tables, readers
from utils.ingest.headers import is_personal_data_header, match_header
from utils.ingest.kinds import KINDS
from utils.ingest.table_structure import structured_table

#: Bytes of a CSV read for detection: the header sits near the top.
CSV_SAMPLE_BYTES = 256 * 1024
#: Data rows of a workbook read for detection (the limits still apply to the whole file).
SAMPLE_ROWS = 2000


def _sample(content: bytes) -> bytes:
    if content[:2] == b"PK" or len(content) <= CSV_SAMPLE_BYTES:
        return content
    head = content[:CSV_SAMPLE_BYTES]
    return head[: head.rfind(b"\n") + 1] or head


def kind_scores(headers: list[str]) -> dict[str, tuple[bool, int]]:
    """Return, per kind, whether all required columns are named and how many columns are."""
    scores = {}
    for name, kind in KINDS.items():
        named = {match_header(name, header) for header in headers} - {None}
        required = set(kind.required)
        groups_met = all(named & set(group) for group in kind.one_of)
        scores[name] = (required <= named and groups_met, len(named))
    return scores


def detect_kind(content: bytes, file_name: str) -> str | None:
    """Return the kind the file's headers name, or None when it is not clear.

    Raises
    ------
    readers.RefusedFile
        When the file cannot be read at all (the page shows the sentence).
    """
    table = readers.read_table(_sample(content), file_name, sample_rows=SAMPLE_ROWS)
    scores = kind_scores([str(header) for header in table.frame.columns])
    complete = sorted(
        ((count, name) for name, (ok, count) in scores.items() if ok), reverse=True
    )
    if not complete:
        return "region_stats" if _is_official_table(content, file_name) else None
    if len(complete) > 1 and complete[0][0] == complete[1][0]:
        return None
    return complete[0][1]


def _is_official_table(content: bytes, file_name: str) -> bool:
    """Return whether the file is an official table as published: regions as rows and
    periods in its header (a title above it, two header rows …), which names no field of
    any kind in its first row.
    """  # noqa: D205
    table = readers.read_table(_sample(content), file_name, kind="region_stats")
    layout = official_tables.stats_layout(table)
    periods = [v for what, v in layout.values.values() if what == "period"]
    return layout.form == "by_period" and "region" in layout.fields and len(periods) >= 2


def proposed_mapping(content: bytes, file_name: str, kind: str) -> dict[str, str | None]:
    """Return the field each header of the file names for ``kind`` (None: not recognised).

    Personal-data columns are left out: they are dropped whatever the analyst chooses.

    Raises
    ------
    readers.RefusedFile
        When the file cannot be read at all.
    """
    table = readers.read_table(_sample(content), file_name, kind=kind, sample_rows=SAMPLE_ROWS)
    structure = None
    if kind == "region_stats":
        table, structure = structured_table(table)
    proposal: dict[str, str | None] = {}
    for header in table.frame.columns:
        field = match_header(kind, header)
        if field is None and is_personal_data_header(header):
            continue
        proposal[str(header)] = field
    if kind == "region_stats":
        region = official_tables.structured_layout(table, None, structure).fields.get(
            "region")
        if region is not None:  # an official table often leaves its region column unnamed
            proposal[str(region)] = "region"
    return proposal


def value_columns(
    content: bytes, file_name: str, kind: str,
    column_map: Mapping[str, str | None] | None = None,
) -> dict[str, tuple[str, str]]:
    """Return the columns whose cells ingest loads as values, with the analyst's corrections.

    Only an official table (``region_stats``) in wide form has them: header as written ->
    ``("period", label)`` (regions as rows, one column per period) or
    ``("indicator", name)`` (one column per indicator); see
    :func:`utils.ingest.official_tables.stats_layout`.

    Raises
    ------
    readers.RefusedFile
        When the file cannot be read at all.
    """
    if kind != "region_stats":
        return {}
    table = readers.read_table(_sample(content), file_name, kind=kind, sample_rows=SAMPLE_ROWS)
    return official_tables.stats_layout(table, column_map).values


def stats_reading(
    content: bytes, file_name: str, column_map: Mapping[str, str | None] | None = None,
    period: str | None = None, indicator: str | None = None,
) -> official_tables.StatsReading:
    """Return what is understood of an official table before anything is stored.

    The data page's mapping step shows its facts in the analyst's language and asks for the
    period or the indicator when the table does not say them.

    Raises
    ------
    readers.RefusedFile
        When the file cannot be read at all.
    """
    table = readers.read_table(_sample(content), file_name, kind="region_stats")
    return official_tables.stats_reading(table, column_map, period, indicator)
