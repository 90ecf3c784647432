"""Data quality for the data page: which months each region has, where the gaps are, last loads.

Analysts upload extracts region by region and month by month, so a region that stopped
reporting, or a month an office forgot, shows up as a hole in the coverage. These functions
shape the store's coverage table (``month, region, kind, rows``, see
:func:`utils.metrics.coverage`) and the batch list (:func:`utils.store.list_batches`) into
what the data-quality panel shows. They are pure functions of those frames, so the page, the
CLI and the tests get the same answer.

A *gap* is a month inside the kind's national span (the first to the last month any region
has rows of that kind) in which a region has no row: a region that reported January and
March but not February has a gap in February; a region that has not yet sent the last month
that other regions already sent has a gap there too.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from geo.reference import region_codes
from utils.ingest import KINDS
from utils.months import month_range

#: Kinds whose rows carry a month (the enterprise registry and official tables do not).
MONTHLY_KINDS: tuple[str, ...] = ("appeals", "arrears", "layoffs", "incidents")

REGION_COVERAGE_COLUMNS = [
    "region",
    "months_covered",
    "months_total",
    "share",
    "first_month",
    "last_month",
    "rows",
    "gaps",
]
LAST_UPLOAD_COLUMNS = [
    "kind",
    "batch_id",
    "created_at",
    "user_name",
    "file_name",
    "rows_loaded",
    "is_demo",
    "batches",
]


def _check_kind(kind: str) -> str:
    if kind not in MONTHLY_KINDS:
        raise KeyError(
            f"Invalid kind for coverage: {kind!r}. Kind must be in the set: "
            + ", ".join(MONTHLY_KINDS)
        )
    return kind


def _of_kind(coverage: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = coverage[(coverage["kind"] == _check_kind(kind)) & (coverage["rows"] > 0)]
    return rows[["month", "region", "rows"]]


def coverage_matrix(
    coverage: pd.DataFrame, kind: str, regions: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return the rows of ``kind`` per region (index, all regions) and month (columns).

    The columns run over the kind's national span without holes; a cell is 0 where a region
    has no row that month. Empty (no columns) when nothing of the kind is stored.
    """
    regions = list(regions) if regions is not None else region_codes()
    rows = _of_kind(coverage, kind)
    if rows.empty:
        return pd.DataFrame(index=pd.Index(regions, name="region"))
    months = month_range(rows["month"].min(), rows["month"].max())
    matrix = rows.pivot_table(
        index="region", columns="month", values="rows", aggfunc="sum", fill_value=0
    )
    matrix = matrix.reindex(index=regions, columns=months, fill_value=0).fillna(0)
    matrix.index.name = "region"
    matrix.columns.name = "month"
    return matrix.astype("int64")


def region_coverage(
    coverage: pd.DataFrame, kind: str, regions: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return one row per region: how many months of ``kind`` it has, and its gaps.

    Columns: ``region, months_covered, months_total, share`` (0..1), ``first_month,
    last_month`` (None without data), ``rows`` and ``gaps`` (the missing months inside the
    kind's span, in order). Sorted by share, the worst covered first.
    """
    matrix = coverage_matrix(coverage, kind, regions)
    total = matrix.shape[1]
    records = []
    for region, counts in matrix.iterrows():
        present = [month for month, value in counts.items() if value > 0]
        records.append(
            {
                "region": region,
                "months_covered": len(present),
                "months_total": total,
                "share": len(present) / total if total else 0.0,
                "first_month": present[0] if present else None,
                "last_month": present[-1] if present else None,
                "rows": int(counts.sum()),
                "gaps": [month for month, value in counts.items() if value == 0],
            }
        )
    frame = pd.DataFrame.from_records(records, columns=REGION_COVERAGE_COLUMNS)
    return frame.sort_values(["share", "region"], kind="stable", ignore_index=True)


def kind_summary(coverage: pd.DataFrame, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Return one row per monthly kind: ``kind, first_month, last_month, months, regions,
    regions_complete, gaps, rows``.

    ``regions`` counts the regions with any row of the kind, ``regions_complete`` those
    without a gap, ``gaps`` the region-months missing inside the span.
    """  # noqa: D205
    records = []
    for kind in MONTHLY_KINDS:
        per_region = region_coverage(coverage, kind, regions)
        total = int(per_region["months_total"].max()) if len(per_region) else 0
        present = per_region[per_region["months_covered"] > 0]
        records.append(
            {
                "kind": kind,
                "first_month": present["first_month"].min() if len(present) else None,
                "last_month": present["last_month"].max() if len(present) else None,
                "months": total,
                "regions": len(present),
                "regions_complete": int(
                    ((per_region["months_covered"] == total) & (total > 0)).sum()
                ),
                "gaps": int(per_region["gaps"].map(len).sum()),
                "rows": int(per_region["rows"].sum()),
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=["kind", "first_month", "last_month", "months", "regions",
                 "regions_complete", "gaps", "rows"],
    )


def last_upload_per_kind(batches: pd.DataFrame) -> pd.DataFrame:
    """Return, for every extract kind, its latest loaded batch and how many are loaded.

    ``batches`` is :func:`utils.store.list_batches`; undone batches do not count. Kinds never
    loaded have ``batch_id`` <NA> and ``batches`` 0. Columns: ``kind, batch_id, created_at,
    user_name, file_name, rows_loaded, is_demo, batches``.
    """
    loaded = batches[batches["status"] == "loaded"] if len(batches) else batches
    records = []
    for kind in KINDS:
        own = loaded[loaded["kind"] == kind] if len(loaded) else loaded
        if len(own):
            latest = own.sort_values(["created_at", "id"], kind="stable").iloc[-1]
            records.append(
                {
                    "kind": kind,
                    "batch_id": int(latest["id"]),
                    "created_at": latest["created_at"],
                    "user_name": latest["user_name"],
                    "file_name": latest["file_name"],
                    "rows_loaded": int(latest["rows_loaded"]),
                    "is_demo": bool(latest["is_demo"]),
                    "batches": len(own),
                }
            )
        else:
            records.append(
                {"kind": kind, "batch_id": None, "created_at": None, "user_name": None,
                 "file_name": None, "rows_loaded": 0, "is_demo": False, "batches": 0}
            )
    frame = pd.DataFrame.from_records(records, columns=LAST_UPLOAD_COLUMNS)
    return frame.astype({"batch_id": "Int64", "rows_loaded": "int64", "batches": "int64"})
