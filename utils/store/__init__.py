"""The one gateway to the database: engines, loads, undo, users, audit and named queries.

Pages, the CLI and the other core packages import from here and never build SQL themselves.
One module per job: ``engine`` (engines, connections, the write lock, schema upgrades),
``batches`` (loads, lookups and undo of whole batches), ``bulk`` (fast inserts), ``queries``
(named reads), ``users`` (accounts and the audit trail), ``limits`` (what its columns, sums and
indexes can hold), ``schema`` (the tables),
``progress`` (progress of long writes) and ``migrations/`` (the Alembic revisions). This
module is their public face; ``schema``, ``progress`` and ``limits`` are exposed as modules.
"""

from __future__ import annotations

from utils.store import limits, progress, schema
from utils.store.batches import (
    NothingStored,
    clear_all,
    derived_tables,
    existing_appeal_ids,
    find_batch_by_sha256,
    get_batch,
    has_uploaded_data,
    is_synthetic,
    list_batches,
    load_batch,
    undo_batch,
)
from utils.store.engine import (
    WRITE_LOCK_KEY,
    Bind,
    StoreUnavailable,
    alembic_config,
    data_version,
    database_url,
    describe,
    get_engine,
    init_db,
    writing,
)
from utils.store.limits import REFUSED_VALUES, Excess, limit_excesses
from utils.store.queries import (
    INCIDENT_COLUMNS,
    REGION_INDICATORS,
    arrears_month,
    category_months,
    coverage,
    enterprise_appeals_in,
    enterprise_arrears_at,
    enterprise_bins_with_prefix,
    enterprise_months,
    enterprise_name_rows,
    enterprise_records,
    enterprise_score_records,
    incident_rows,
    month_bounds,
    official_indicator_rows,
    official_values,
    region_month_totals,
    region_period_totals,
    region_reference,
)
from utils.store.users import (
    append_audit,
    audit_entries,
    get_user,
    insert_user,
    list_users,
    update_user,
)

__all__ = [
    "Bind",
    "Excess",
    "INCIDENT_COLUMNS",
    "NothingStored",
    "REFUSED_VALUES",
    "REGION_INDICATORS",
    "StoreUnavailable",
    "WRITE_LOCK_KEY",
    "alembic_config",
    "append_audit",
    "arrears_month",
    "audit_entries",
    "category_months",
    "clear_all",
    "coverage",
    "data_version",
    "database_url",
    "derived_tables",
    "describe",
    "enterprise_appeals_in",
    "enterprise_arrears_at",
    "enterprise_bins_with_prefix",
    "enterprise_months",
    "enterprise_name_rows",
    "enterprise_records",
    "enterprise_score_records",
    "existing_appeal_ids",
    "find_batch_by_sha256",
    "get_batch",
    "get_engine",
    "get_user",
    "has_uploaded_data",
    "incident_rows",
    "init_db",
    "insert_user",
    "is_synthetic",
    "limit_excesses",
    "limits",
    "list_batches",
    "list_users",
    "load_batch",
    "month_bounds",
    "official_indicator_rows",
    "official_values",
    "progress",
    "region_month_totals",
    "region_period_totals",
    "region_reference",
    "schema",
    "undo_batch",
    "update_user",
    "writing",
]
