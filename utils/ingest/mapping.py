"""Match a file's headers to the fields of its kind, or refuse a file that lacks required ones.

Headers are matched through the contract's synonyms (:func:`utils.ingest.headers.match_header`);
the analyst's corrections from the data page's mapping step (``column_map``: header as
written -> field, or None to leave the column out) win over them. Personal-data columns are
dropped whatever they are mapped to. A file without a column for a required field is refused
with a sentence that names the field, headers that would have named it, and the kinds the file
does look like.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from utils.ingest.headers import is_personal_data_header, match_header
from utils.ingest.kinds import KINDS, Column, Kind
from utils.ingest.readers import Note, RawTable, RefusedFile


@dataclass
class MappedHeaders:
    """A file's headers matched to the fields of its kind.

    Attributes
    ----------
    mapping
        Field -> header as written.
    unmatched
        Headers that name no field, those the analyst left out included (an official table
        may still read them as the values of a period or an indicator).
    dropped
        Headers not loaded whatever happens: personal data, and a second column naming a
        field already named.
    warnings
        What the analyst should know about the mapping (:class:`Note` objects).
    left_out
        Headers the analyst chose not to load.
    personal
        Headers of applicants' personal data (names, IIN, phones, addresses), dropped before
        anything is stored; a subset of ``dropped``.
    """

    mapping: dict[str, str]  # canonical -> header as written
    unmatched: list[str]
    dropped: list[str]
    warnings: list[str]
    left_out: list[str] = field(default_factory=list)  # the analyst chose "not loaded"
    personal: list[str] = field(default_factory=list)


def _checked_column_map(kind: Kind, column_map: Mapping[str, str | None]) -> dict:
    valid = set(kind.column_names)
    unknown = sorted({t for t in column_map.values() if t and t not in valid})
    if unknown:
        raise KeyError(
            f"Invalid field for {kind.name}: {', '.join(unknown)}. Field must be in the set: "
            + ", ".join(kind.column_names)
        )
    return {str(header): target or None for header, target in column_map.items()}


def map_headers(
    kind: Kind, table: RawTable, column_map: Mapping[str, str | None] | None = None
) -> MappedHeaders:
    """Match the file's headers to the kind's fields.

    ``column_map`` is the analyst's correction (header as written -> field, or None to leave
    the column out); it wins over the synonyms, but a personal-data column is dropped
    whatever it is mapped to.
    """
    chosen = _checked_column_map(kind, column_map or {})
    mapping: dict[str, str] = {}
    unmatched: list[str] = []
    dropped: list[str] = []
    warnings: list[str] = []
    personal: list[str] = []
    left_out: list[str] = []
    for header in table.frame.columns:
        canonical = match_header(kind, header)
        personal_only = canonical is None and is_personal_data_header(header)
        if str(header) in chosen and not personal_only:
            canonical = chosen[str(header)]
            if canonical is None:
                unmatched.append(header)
                left_out.append(header)
                continue
        if canonical is not None:
            if canonical in mapping:
                warnings.append(Note(
                    "ingest.warning.duplicate_column",
                    f"Column «{header}» also names {canonical}; «{mapping[canonical]}» was "
                    "used and it was ignored.",
                    header=str(header), field=canonical, used=str(mapping[canonical]),
                ))
                dropped.append(header)
            else:
                mapping[canonical] = header
        elif is_personal_data_header(header):
            personal.append(header)
            dropped.append(header)
        else:
            unmatched.append(header)
    if personal:
        warnings.append(Note(
            "ingest.warning.personal_data",
            "Personal data dropped before storing: " + ", ".join(f"«{h}»" for h in personal)
            + ".",
            headers=tuple(str(h) for h in personal),
        ))
    return MappedHeaders(mapping, unmatched, dropped, warnings, left_out, personal)


def _examples(column: Column) -> str:
    return f"«{column.labels['ru']}», «{column.labels['en']}» or «{column.name}»"


def check_required(kind: Kind, headers: MappedHeaders, table: RawTable) -> None:
    """Refuse the file when a required field, or every field of a one-of group, has no column.

    The sentence names the first missing field with headers that would have named it, and
    the other kinds whose required columns the file does carry.

    Raises
    ------
    RefusedFile
        When a required column is missing.
    """
    missing = [c for c in kind.required if c not in headers.mapping]
    missing_groups = [g for g in kind.one_of if not any(c in headers.mapping for c in g)]
    if not missing and not missing_groups:
        return
    better = [
        other.name
        for other in KINDS.values()
        if other.name != kind.name and _fits(other, table)
    ]
    fields = tuple(missing or missing_groups[0])
    if missing:
        text = (
            f"«{table.file_name}» has no column for {', '.join(missing)} (expected a header "
            f"such as {_examples(kind.column(missing[0]))}); it cannot be loaded as {kind.name}."
        )
    else:
        text = (
            f"«{table.file_name}» names no enterprise: it needs a column "
            + " or ".join(f"«{kind.column(c).labels['ru']}»" for c in fields)
            + f"; it cannot be loaded as {kind.name}."
        )
    if better:
        text = text[:-1] + f" — it looks like {' or '.join(better)}."
    file, kinds = table.file_name, tuple(better)
    if missing and better:
        note = Note("ingest.refused.missing_columns_other_kind", text, file=file,
                    kind=kind.name, fields=fields, kinds=kinds)
    elif missing:
        note = Note("ingest.refused.missing_columns", text, file=file, kind=kind.name,
                    fields=fields)
    elif better:
        note = Note("ingest.refused.no_enterprise_other_kind", text, file=file,
                    kind=kind.name, fields=fields, kinds=kinds)
    else:
        note = Note("ingest.refused.no_enterprise", text, file=file, kind=kind.name,
                    fields=fields)
    raise RefusedFile(note)


def _fits(kind: Kind, table: RawTable) -> bool:
    if kind.name == "region_stats":
        return False
    mapped = {match_header(kind, h) for h in table.frame.columns} - {None}
    required_ok = all(c in mapped for c in kind.required)
    groups_ok = all(any(c in mapped for c in g) for g in kind.one_of)
    return required_ok and groups_ok
