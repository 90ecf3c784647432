"""Ingest: the extracts analysts upload, read, checked against the data contract and stored.

A load (``load``: :func:`prepare` reads and validates a file and stores nothing, :func:`commit`
stores it as one batch, :func:`ingest_file` does both) reads the file (``readers``), matches its
headers to the fields of its kind (``mapping``), turns an official table into one value per row
(``official_tables``) and checks the rows column by column (``validate``, with the parsers of
``parsing``). The contract is three registries: the extract kinds and their columns
(``kinds``), the controlled vocabularies (``vocabularies``) and the headers analysts write,
personal-data headers included (``headers``); ``documentation`` writes it out for the README.
``kind_detect`` tells which kind a file is, ``templates`` writes the upload templates,
``messages`` says refusals and warnings in the analyst's language, and ``bin_numbers`` checks
BINs.
"""

from __future__ import annotations

from utils.ingest.documentation import contract_markdown
from utils.ingest.headers import (
    header_score,
    header_unit,
    is_personal_data_header,
    match_header,
    normalise_header,
)
from utils.ingest.kinds import KINDS, LANGS, get_kind, input_columns
from utils.ingest.load import LoadReport, PreparedLoad, commit, ingest_file, prepare
from utils.ingest.official_tables import stats_layout
from utils.ingest.readers import Note, RefusedFile
from utils.ingest.templates import template_frame
from utils.ingest.validate import ERROR_COLUMNS
from utils.ingest.vocabularies import VOCABULARIES, vocabulary_index

__all__ = [
    "ERROR_COLUMNS",
    "KINDS",
    "LANGS",
    "LoadReport",
    "Note",
    "PreparedLoad",
    "RefusedFile",
    "VOCABULARIES",
    "commit",
    "contract_markdown",
    "get_kind",
    "header_score",
    "header_unit",
    "ingest_file",
    "input_columns",
    "is_personal_data_header",
    "match_header",
    "normalise_header",
    "prepare",
    "stats_layout",
    "template_frame",
    "vocabulary_index",
]
