"""The upload preview in the analyst's words: what the app understood, before it is stored.

The validated rows hold canonical values (``KZ-63``, ``wage_arrears``, a timestamp); an
analyst checks them against the file only in words: «ВКО» went to «Восточно-Казахстанская
область», «Зарплата» to «Задолженность по зарплате», 05.11.2026 to «5 нояб. 2026 г.». Figures
stay numbers (the table helper writes them in the reader's language). :func:`remapped_frame`
lists every value the load read as something other than what is written (a category synonym,
a short or former region name) with its rows, so each reading is seen before it is stored.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from utils import formatting, i18n
from utils.ingest import get_kind

#: Rows the preview shows.
PREVIEW_ROWS = 20
#: The label group of ``utils.i18n`` that names the values of each vocabulary.
VOCABULARY_GROUPS: dict[str, str] = {
    "appeal_category": "category",
    "appeal_status": "status",
    "incident_type": "incident_type",
    "industry": "oked",
    "indicator": "indicator",
}


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _words(convert: Callable[[object], str]) -> Callable[[object], object]:
    """Return ``convert`` that leaves an empty cell empty and an unknown value as it is."""
    def converted(value: object) -> object:
        if _missing(value):
            return None
        try:
            return convert(value)
        except (KeyError, ValueError):
            return value
    return converted


def _converter(column, lang: str) -> Callable[[object], object] | None:
    if column.type == "region":
        names = i18n.region_labels(lang)
        return _words(lambda code: names[str(code)])
    if column.type == "category" and column.vocabulary in VOCABULARY_GROUPS:
        group = VOCABULARY_GROUPS[column.vocabulary]
        return _words(lambda value: i18n.label(group, str(value), lang))
    if column.type == "date":
        return _words(lambda day: formatting.format_date(day, lang))
    if column.type == "bool":
        return _words(lambda yes: i18n.t("common.yes" if bool(yes) else "common.no", lang))
    return None


#: What the preview of an official table shows: each value as it will be stored.
STATS_PREVIEW = ("region", "period", "granularity", "indicator", "value", "unit", "source")
#: Columns of that preview said once above it when every value shares them, so the table
#: fits the page's width without scrolling sideways.
STATS_COMMON = ("unit", "source")


def stats_common(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """Return the label and value of each :data:`STATS_COMMON` column every value shares.

    ``{"Единица измерения": "%", "Источник": "безработица.xlsx"}``: the preview leaves these
    columns out and says them once.
    """
    labels = {column.name: column.labels[lang] for column in get_kind("region_stats").columns}
    common = {}
    for name in STATS_COMMON:
        if name in frame.columns and len(frame) and frame[name].nunique(dropna=False) == 1:
            value = frame[name].iloc[0]
            common[labels[name]] = formatting.MISSING if _missing(value) else str(value)
    return common


def preview_frame(frame: pd.DataFrame, kind: str, lang: str,
                  rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """Return the first ``rows`` validated rows of ``kind`` as the analyst reads them.

    Regions by name, vocabulary values by their label, days as dates of ``lang``, yes/no in
    words; headers are the kind's column labels in ``lang``. Other values are unchanged.
    An official table shows each value with its region, period (as the language writes it:
    «II квартал 2025»), granularity (in words) and indicator, as it will be stored; a unit
    or a source every value shares is left out (:func:`stats_common` says it once).
    """
    head = frame.head(rows).copy()
    if kind == "region_stats":
        common = {c for c in STATS_COMMON
                  if c in frame.columns and frame[c].nunique(dropna=False) == 1}
        head = head[[c for c in STATS_PREVIEW if c in head.columns and c not in common]]
        head["granularity"] = head["granularity"].map(
            lambda g: i18n.t(f"stats.granularity_value.{g}", lang)
            if isinstance(g, str) and i18n.has_key(f"stats.granularity_value.{g}", lang) else g
        ).astype(object)
        head["period"] = head["period"].map(
            _words(lambda label: formatting.format_stat_period(label, lang))).astype(object)
    labels = {}
    for column in get_kind(kind).columns:
        if column.name not in head.columns:
            continue
        labels[column.name] = column.labels[lang]
        convert = _converter(column, lang)
        if convert is not None:
            head[column.name] = head[column.name].map(convert).astype(object)
    return head.rename(columns=labels)


def remapped_frame(remapped: list[dict], kind: str, lang: str) -> pd.DataFrame:
    """Return the re-mapped values as the analyst reads them: one row per distinct cell.

    Columns: the field's label, the cell as written, what it was read as (a region's name,
    a category's label) and the number of rows, most rows first.
    """
    spec = get_kind(kind)
    rows = []
    for entry in remapped:
        column = spec.column(entry["field"])
        convert = _converter(column, lang)
        value = convert(entry["value"]) if convert is not None else entry["value"]
        rows.append({
            i18n.t("ingest.remapped.col_field", lang): column.labels[lang],
            i18n.t("ingest.remapped.col_input", lang): entry["input"],
            i18n.t("ingest.remapped.col_value", lang): value,
            i18n.t("ingest.remapped.col_rows", lang): int(entry["rows"]),
        })
    columns = [i18n.t(f"ingest.remapped.col_{name}", lang)
               for name in ("field", "input", "value", "rows")]
    return pd.DataFrame(rows, columns=columns)
