"""Ingest: the extracts analysts upload, read, checked against the data contract and stored.

A load (``load``: :func:`prepare` reads and validates a file and stores nothing, :func:`commit`
stores it as one batch, :func:`ingest_file` does both) reads the file (``readers``), matches its
headers to the fields of its kind (``mapping``), turns an official table into one value per row
(``official_tables``) and checks the rows column by column (``validate``, with the parsers of
``parsing``). The contract itself (the kinds and their columns, the vocabularies, the header
synonyms) is in ``contract``; ``kind_detect`` tells which kind a file is, ``templates`` writes
the upload templates, ``messages`` says refusals and warnings in the analyst's language, and
``bin_numbers`` checks BINs.
"""

from __future__ import annotations

from utils.ingest.contract import get_kind, is_personal_data_header
from utils.ingest.load import LoadReport, PreparedLoad, commit, ingest_file, prepare
from utils.ingest.official_tables import stats_layout
from utils.ingest.readers import Note, RefusedFile
from utils.ingest.validate import ERROR_COLUMNS

__all__ = [
    "ERROR_COLUMNS",
    "LoadReport",
    "Note",
    "PreparedLoad",
    "RefusedFile",
    "commit",
    "get_kind",
    "ingest_file",
    "is_personal_data_header",
    "prepare",
    "stats_layout",
]
