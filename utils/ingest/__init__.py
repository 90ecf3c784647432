"""Ingest: the extracts analysts upload, read, checked against the data contract and stored.

A load (``load``: :func:`prepare` reads and validates a file and stores nothing, :func:`commit`
stores it as one batch, :func:`ingest_file` does both) reads the file (``readers``), matches its
headers to the fields of its kind (``mapping``), turns an official table into one value per row
(``official_tables``) and checks the rows column by column (``validate``, with the parsers of
``parsing``). The contract is three registries: the extract kinds and their columns
(``kinds``), the controlled vocabularies (``vocabularies``) and the headers analysts write,
personal-data headers included (``headers``); ``documentation`` writes it out for the README.
``kind_detect`` tells which kind a file is, ``templates`` writes the upload templates,
``messages`` says refusals and warnings in the analyst's language, ``bin_numbers`` checks
BINs, and ``queue`` lets a server read a few uploads at a time while the others wait.
"""

from __future__ import annotations

from utils.ingest.bin_numbers import (
    FIRST_WEIGHTS,
    SECOND_WEIGHTS,
    bin_check_digit,
    is_valid_bin,
    make_bin,
    make_bin_near,
    valid_bin_mask,
)
from utils.ingest.districts import assign_districts
from utils.ingest.documentation import contract_markdown
from utils.ingest.headers import (
    header_score,
    header_unit,
    is_personal_data_header,
    match_header,
    normalise_header,
)
from utils.ingest.kind_detect import (
    detect_kind,
    kind_scores,
    proposed_mapping,
    stats_reading,
    value_columns,
)
from utils.ingest.kinds import KINDS, get_kind, input_columns
from utils.ingest.load import (
    LoadReport,
    NothingToStore,
    PreparedLoad,
    commit,
    ingest_file,
    prepare,
)
from utils.ingest.messages import (
    REASON_KEYS,
    commit_progress,
    localized_note,
    localized_reason,
    localized_reasons,
    progress_step,
)
from utils.ingest.official_tables import stats_layout
from utils.ingest.parsing import AMOUNT_MULTIPLIER
from utils.ingest.queue import ReadQueue, read_queue, read_slot
from utils.ingest.readers import Note, RefusedFile, detect_delimiter, detect_encoding, read_table
from utils.ingest.templates import (
    template_csv,
    template_frame,
    template_name,
    template_xlsx,
    write_templates,
)
from utils.ingest.validate import ERROR_COLUMNS
from utils.ingest.vocabularies import VOCABULARIES, vocabulary_index

__all__ = [
    "assign_districts",
    "AMOUNT_MULTIPLIER",
    "ERROR_COLUMNS",
    "FIRST_WEIGHTS",
    "KINDS",
    "LoadReport",
    "NothingToStore",
    "Note",
    "PreparedLoad",
    "REASON_KEYS",
    "ReadQueue",
    "RefusedFile",
    "SECOND_WEIGHTS",
    "VOCABULARIES",
    "bin_check_digit",
    "commit",
    "commit_progress",
    "contract_markdown",
    "detect_delimiter",
    "detect_encoding",
    "detect_kind",
    "get_kind",
    "header_score",
    "header_unit",
    "ingest_file",
    "input_columns",
    "is_personal_data_header",
    "is_valid_bin",
    "kind_scores",
    "localized_note",
    "localized_reason",
    "localized_reasons",
    "make_bin",
    "make_bin_near",
    "match_header",
    "normalise_header",
    "prepare",
    "progress_step",
    "proposed_mapping",
    "read_queue",
    "read_slot",
    "read_table",
    "stats_layout",
    "stats_reading",
    "template_csv",
    "template_frame",
    "template_name",
    "template_xlsx",
    "valid_bin_mask",
    "value_columns",
    "vocabulary_index",
    "write_templates",
]
