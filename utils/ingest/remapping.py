"""The values a load read as something other than what is written: synonyms and former names.

An analyst checks a load before committing it; a category written «Зарплата» stored as wage
arrears, a region written «ВКО» or by a former name stored as today's region are right more
often than not, but each is a reading the analyst should see. :func:`remapped_values` lists
every distinct cell of a vocabulary or region column whose text is not an official spelling
of the value it was read as (its code, or its name in Russian, Kazakh or English), with the
number of rows.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from utils.ingest.parsing import cell_text
from utils.ingest.vocabularies import VOCABULARIES, normalise_label

#: The label group of ``utils.i18n`` that names the values of each vocabulary.
LABEL_GROUPS = {
    "appeal_category": "category",
    "appeal_status": "status",
    "incident_type": "incident_type",
    "industry": "oked",
}


@cache
def official_spellings(vocabulary: str) -> dict[str, frozenset[str]]:
    """Return, per value of ``vocabulary`` (or ``region``), its official spellings' keys.

    A value's code, the first label of the vocabulary, and its names in the three languages
    of the interface (for a region, the reference's names), each as
    :func:`~utils.ingest.vocabularies.normalise_label` writes it.
    """
    from utils import i18n

    if vocabulary == "region":
        from geo.reference import load_regions

        regions = load_regions()
        return {
            row.code: frozenset(normalise_label(text) for text in
                                (row.code, row.name_ru, row.name_kk, row.name_en))
            for row in regions.itertuples()
        }
    group = LABEL_GROUPS.get(vocabulary)
    spellings: dict[str, frozenset[str]] = {}
    for value, labels in VOCABULARIES[vocabulary].items():
        texts = {value, labels[0] if labels else value}
        if group is not None:
            texts |= {i18n.label(group, value, lang) for lang in ("ru", "kk", "en")}
        spellings[value] = frozenset(normalise_label(text) for text in texts)
    return spellings


def remapped_values(
    field: str, header: str, cells: pd.Series, values: pd.Series, vocabulary: str,
    kept: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """Return each distinct cell read as a value it does not officially spell, with its rows.

    Parameters
    ----------
    field, header
        The canonical column and its header as written.
    cells, values
        The cells as written and the values they were read as (missing where refused).
    vocabulary
        The vocabulary of the column, or ``region``.
    kept
        Rows that will be stored (all when None): only those are counted.

    Returns
    -------
    list of dict
        ``{field, header, input, value, rows}``, most rows first.
    """
    read = values.notna().to_numpy()
    if kept is not None:
        read &= kept
    if not read.any():
        return []
    codes, distinct = pd.factorize(pd.Series(cells, copy=False), use_na_sentinel=True)
    codes = np.where(read, codes, -1)
    counts = np.bincount(codes[codes >= 0], minlength=len(distinct))
    first = np.full(len(distinct), -1, dtype=np.int64)
    used = np.flatnonzero(counts)
    present = np.flatnonzero(codes >= 0)
    order = np.unique(codes[present], return_index=True)[1]
    first[codes[present][order]] = present[order]
    spellings = official_spellings(vocabulary)
    canonical = values.to_numpy(dtype=object)
    found = []
    for code in used:
        text = (cell_text(distinct[code]) or "").strip()
        value = canonical[first[code]]
        if normalise_label(text) in spellings.get(value, frozenset()):
            continue
        found.append({"field": field, "header": str(header), "input": text, "value": value,
                      "rows": int(counts[code])})
    return sorted(found, key=lambda entry: (-entry["rows"], entry["input"]))
