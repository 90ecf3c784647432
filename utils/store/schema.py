"""Tables of the Labor Tension Map database (SQLAlchemy Core, portable SQLite/PostgreSQL).

Three families of tables:

* reference and bookkeeping: ``regions`` (the 20 units), ``batches`` (one row per load),
  ``data_state`` (the data version), ``users``, ``sessions`` and ``audit_log``;
* alerts: ``alert_subscriptions`` (who follows which places and signals), ``alert_signals``
  (every signal found for a user: the ledger the rules read and the in-app inbox) and
  ``alert_messages`` (the outbox: a digest is stored before it is sent, and marked sent only
  when the server accepted it);
* one fact table per extract kind (``appeals``, ``arrears``, ``layoffs``, ``incidents``,
  ``enterprises``, ``region_stats``) holding the canonical columns plus ``batch_id``, an
  ``id`` (except ``appeals``, see below) and, for dated kinds, a ``month`` (``YYYY-MM``)
  derived at load;
* monthly aggregates kept at load time (``*_region_month``, ``appeals_enterprise_month``,
  ``appeals_enterprise_totals``) and the ``enterprise_directory`` (every BIN/name seen in a
  batch). Every aggregate row carries the ``batch_id`` it was computed from, so undoing a
  batch removes exactly its share.

The tables a large appeals extract fills, ``appeals``, ``appeals_enterprise_month`` and
``appeals_enterprise_totals``, carry only the indexes a query or the load itself uses: each
index costs PostgreSQL an insertion per row, most of the time of a million-row load. They
have no ``id`` (no query addresses one of their rows; undo deletes by batch), their
``batch_id`` index is a BRIN index on PostgreSQL (a batch's rows lie together, appended by
one ``COPY``; a B-tree on SQLite), and ``appeals.appeal_id`` compares bytewise (``COLLATE
"C"``) on PostgreSQL: an appeal number is an identifier, and its unique index is the load's
duplicate guard.

Cases (``cases`` and their ``case_steps``) record what was done about a warning; they belong
to no batch, so undoing a load never touches them.

Dates are stored as ``DATE``; timestamps as naive UTC ``DATETIME`` values (see
:class:`UTCDateTime`). Changing a table here needs a new migration in
``utils/migrations/versions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

metadata = sa.MetaData()

#: Integer primary key that autoincrements on both backends (BIGINT on PostgreSQL).
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class UTCDateTime(sa.types.TypeDecorator):
    """Timestamp stored as naive UTC and returned as an aware UTC ``datetime``."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: D102
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):  # noqa: D102
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def _id() -> sa.Column:
    return sa.Column("id", BigId, primary_key=True, autoincrement=True)


def _batch_id() -> sa.Column:
    # No foreign key: only the store writes these rows, always with the batch row in the same
    # transaction, and a per-row key check would halve PostgreSQL's load speed.
    return sa.Column("batch_id", sa.Integer, nullable=False)


def _batch_brin(table: str) -> sa.Index:
    """Return the ``batch_id`` index of a bulk-loaded table: BRIN on PostgreSQL.

    A BRIN index keeps the smallest and largest batch id per range of 128 table pages, at
    almost no cost per inserted row; a batch's rows are appended together, so undo reads only
    the pages of its ranges. SQLite has no BRIN and builds a B-tree.
    """
    return sa.Index(f"ix_{table}_batch_id", "batch_id", postgresql_using="brin")


def _district_kato() -> sa.Column:
    """Return the column of the district a row lies in: its 9-digit KATO, assigned at load."""
    return sa.Column("district_kato", sa.String(9))


def _bytewise(length: int) -> sa.types.TypeEngine:
    """Return text compared bytewise on PostgreSQL (an identifier, not words)."""
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


# --- reference and bookkeeping -------------------------------------------------------------

regions = sa.Table(
    "regions",
    metadata,
    sa.Column("code", sa.String(5), primary_key=True),
    sa.Column("kato", sa.String(9), nullable=False),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("name_ru", sa.Text, nullable=False),
    sa.Column("name_kk", sa.Text, nullable=False),
    sa.Column("admin_center", sa.Text),
    sa.Column("lat", sa.Double),
    sa.Column("lon", sa.Double),
    sa.Column("population", sa.Double),
    sa.Column("population_date", sa.Text),
    sa.Column("area_km2", sa.Double),
    sa.Column("employed", sa.Double),
    sa.Column("employed_year", sa.Integer),
    sa.Column("source", sa.Text),
)

batches = sa.Table(
    "batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("file_name", sa.Text),
    sa.Column("sha256", sa.String(64)),
    sa.Column("rows_read", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_loaded", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_rejected", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_duplicate", sa.Integer, nullable=False, server_default="0"),
    sa.Column("warnings", sa.Text, nullable=False, server_default="[]"),
    sa.Column("user_name", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("status", sa.String(8), nullable=False, server_default="loaded"),
    sa.Column("undone_at", UTCDateTime),
    sa.Column("undone_by", sa.Text),
    sa.Column("is_demo", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_batches_sha256", "sha256"),
    sa.Index("ix_batches_status_kind", "status", "kind"),
)

data_state = sa.Table(
    "data_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("token", sa.String(32), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(128), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # Where alerts go, the language they are written in, and when the user last opened them.
    sa.Column("email", sa.String(254)),
    sa.Column("lang", sa.String(2)),
    sa.Column("alerts_seen_at", UTCDateTime),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    _id(),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("user_name", sa.Text),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, server_default="{}"),
    sa.Index("ix_audit_log_at", "at"),
)

#: Log-ins that outlive a page: one row per log-in, found by the SHA-256 of the browser's
#: session cookie (the cookie's secret value itself is never stored). A row ends when it
#: expires (``expires_at``) or is revoked (``revoked_at`` with ``revoked_reason``: log-out,
#: password change, account disabled, a new log-in in the same browser).
sessions = sa.Table(
    "sessions",
    metadata,
    _id(),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
    sa.Column("revoked_reason", sa.String(32)),
    sa.Index("ix_sessions_token_hash", "token_hash"),
    sa.Index("ix_sessions_user_name", "user_name"),
)

# --- alerts: who follows what, the signals found for them, the mails to send ---------------

alert_subscriptions = sa.Table(
    "alert_subscriptions",
    metadata,
    _id(),
    sa.Column("user_name", sa.String(128), nullable=False),
    # "all" (every region; place is ""), "region" (place: ISO code), "enterprise" (place: BIN).
    sa.Column("scope", sa.String(16), nullable=False),
    sa.Column("place", sa.String(16), nullable=False, server_default=""),
    # Signal kinds followed, comma-separated; "*" follows every kind.
    sa.Column("kinds", sa.Text, nullable=False, server_default="*"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("user_name", "scope", "place", name="uq_alert_subscriptions_place"),
)

alert_signals = sa.Table(
    "alert_signals",
    metadata,
    _id(),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("place", sa.String(16), nullable=False),
    sa.Column("place_name", sa.Text),
    sa.Column("region", sa.String(5)),
    sa.Column("level", sa.String(32), nullable=False),
    sa.Column("severity", sa.Integer, nullable=False),
    sa.Column("as_of", sa.String(7), nullable=False),
    # The reason as messages ({"key", "params"}) so each reader gets it in their language.
    sa.Column("reason", sa.Text, nullable=False, server_default="[]"),
    sa.Column("found_at", UTCDateTime, nullable=False),
    sa.Column("message_id", BigId),
    sa.UniqueConstraint("user_name", "kind", "place", "level", "as_of",
                        name="uq_alert_signals_once"),
    sa.Index("ix_alert_signals_user_found", "user_name", "found_at"),
)

alert_messages = sa.Table(
    "alert_messages",
    metadata,
    _id(),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    # The whole message (RFC 5322, both parts and the inline map), ready to send again.
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("as_of", sa.String(7), nullable=False),
    sa.Column("signals", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Index("ix_alert_messages_sent_at", "sent_at"),
)

# --- fact tables: one per extract kind -----------------------------------------------------

appeals = sa.Table(
    "appeals",
    metadata,
    _batch_id(),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("appeal_id", _bytewise(64)),
    sa.Column("district", sa.Text),
    sa.Column("settlement", sa.Text),
    _district_kato(),
    sa.Column("enterprise_bin", sa.String(12)),
    sa.Column("enterprise_name", sa.Text),
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16)),
    sa.Column("closed_date", sa.Date),
    sa.Column("violation_confirmed", sa.Boolean),
    _batch_brin("appeals"),
    # Undo deletes a batch's rows, so the rows in the table are exactly the loaded ones and
    # an appeal id can be unique among them.
    sa.Index(
        "ux_appeals_appeal_id",
        "appeal_id",
        unique=True,
        sqlite_where=sa.text("appeal_id IS NOT NULL"),
        postgresql_where=sa.text("appeal_id IS NOT NULL"),
    ),
)

arrears = sa.Table(
    "arrears",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("report_date", sa.Date, nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("enterprise_bin", sa.String(12)),
    sa.Column("enterprise_name", sa.Text),
    sa.Column("amount_kzt", sa.Double, nullable=False),
    sa.Column("workers", sa.Integer, nullable=False),
    sa.Column("overdue_months", sa.Integer),
    sa.Column("repaid_kzt", sa.Double),
    sa.Column("workers_repaid", sa.Integer),
    sa.Column("industry", sa.String(2)),
    sa.Column("settlement", sa.Text),
    _district_kato(),
    sa.Column("lat", sa.Double),
    sa.Column("lon", sa.Double),
    sa.Index("ix_arrears_batch_id", "batch_id"),
    sa.Index("ix_arrears_month_region", "month", "region"),
    sa.Index("ix_arrears_bin_month", "enterprise_bin", "month"),
    # Everything the risk score of every enterprise reads of a few months' arrears: the
    # score reads the index alone, not 16 000 rows scattered over the table.
    sa.Index(
        "ix_arrears_month_bin_score",
        "month", "enterprise_bin", "amount_kzt", "workers", "overdue_months", "id",
    ),  # fmt: skip
)

layoffs = sa.Table(
    "layoffs",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("enterprise_bin", sa.String(12)),
    sa.Column("enterprise_name", sa.Text),
    sa.Column("workers", sa.Integer, nullable=False),
    sa.Column("unlawful", sa.Boolean),
    sa.Column("reinstated", sa.Integer),
    sa.Index("ix_layoffs_batch_id", "batch_id"),
    sa.Index("ix_layoffs_month_region", "month", "region"),
    sa.Index("ix_layoffs_bin_month", "enterprise_bin", "month"),
)

incidents = sa.Table(
    "incidents",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("enterprise_bin", sa.String(12)),
    sa.Column("enterprise_name", sa.Text),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("participants", sa.Integer),
    sa.Column("settlement", sa.Text),
    _district_kato(),
    sa.Column("lat", sa.Double),
    sa.Column("lon", sa.Double),
    sa.Column("demands", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("description", sa.Text),
    sa.Index("ix_incidents_batch_id", "batch_id"),
    sa.Index("ix_incidents_month_region", "month", "region"),
    sa.Index("ix_incidents_bin_month", "enterprise_bin", "month"),
)

enterprises = sa.Table(
    "enterprises",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("bin", sa.String(12)),
    sa.Column("name", sa.Text),
    sa.Column("region", sa.String(5)),
    sa.Column("industry", sa.String(2)),
    sa.Column("settlement", sa.Text),
    _district_kato(),
    sa.Column("lat", sa.Double),
    sa.Column("lon", sa.Double),
    sa.Column("headcount", sa.Integer),
    sa.Index("ix_enterprises_batch_id", "batch_id"),
    sa.Index("ix_enterprises_bin", "bin"),
)

region_stats = sa.Table(
    "region_stats",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("period", sa.String(16), nullable=False),
    sa.Column("granularity", sa.String(16), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    _district_kato(),
    sa.Column("indicator", sa.Text, nullable=False),
    sa.Column("value", sa.Double),
    sa.Column("unit", sa.Text),
    sa.Column("source", sa.Text),
    sa.Index("ix_region_stats_batch_id", "batch_id"),
    sa.Index("ix_region_stats_indicator_end", "indicator", "period_end"),
)

# --- aggregates kept at load time ----------------------------------------------------------

appeals_region_month = sa.Table(
    "appeals_region_month",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("appeals", sa.Integer, nullable=False),
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("collective_appeals", sa.Integer, nullable=False),
    sa.Column("collective_people", sa.Integer, nullable=False),
    sa.Index("ix_appeals_region_month_batch_id", "batch_id"),
    sa.Index("ix_appeals_region_month_month_region", "month", "region"),
)

appeals_enterprise_month = sa.Table(
    "appeals_enterprise_month",
    metadata,
    _batch_id(),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("enterprise_bin", sa.String(12), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("appeals", sa.Integer, nullable=False),
    sa.Column("collective_appeals", sa.Integer, nullable=False),
    sa.Column("people", sa.Integer, nullable=False),
    _batch_brin("appeals_enterprise_month"),
    sa.Index("ix_appeals_enterprise_month_bin_month", "enterprise_bin", "month"),
    sa.Index("ix_appeals_enterprise_month_region_month", "region", "month"),
)

#: Appeals per enterprise and month, every region and category together: what the risk
#: score of every enterprise reads for its few recent months. One row where
#: ``appeals_enterprise_month`` has one per region and category (a fifth of the rows on the
#: national benchmark data), indexed by month first, so those months are one short range of
#: the index instead of a scan of the larger table.
appeals_enterprise_totals = sa.Table(
    "appeals_enterprise_totals",
    metadata,
    _batch_id(),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("enterprise_bin", sa.String(12), nullable=False),
    sa.Column("appeals", sa.Integer, nullable=False),
    sa.Column("collective_appeals", sa.Integer, nullable=False),
    sa.Column("people", sa.Integer, nullable=False),
    _batch_brin("appeals_enterprise_totals"),
    sa.Index("ix_appeals_enterprise_totals_month_bin", "month", "enterprise_bin"),
)

arrears_region_month = sa.Table(
    "arrears_region_month",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("industry", sa.String(2)),
    sa.Column("reports", sa.Integer, nullable=False),
    sa.Column("amount_kzt", sa.Double, nullable=False),
    sa.Column("workers", sa.Integer, nullable=False),
    sa.Column("repaid_kzt", sa.Double, nullable=False),
    sa.Column("workers_repaid", sa.Integer, nullable=False),
    sa.Index("ix_arrears_region_month_batch_id", "batch_id"),
    sa.Index("ix_arrears_region_month_month_region", "month", "region"),
)

layoffs_region_month = sa.Table(
    "layoffs_region_month",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("workers", sa.Integer, nullable=False),
    sa.Column("unlawful_workers", sa.Integer, nullable=False),
    sa.Index("ix_layoffs_region_month_batch_id", "batch_id"),
    sa.Index("ix_layoffs_region_month_month_region", "month", "region"),
)

incidents_region_month = sa.Table(
    "incidents_region_month",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("incidents", sa.Integer, nullable=False),
    sa.Column("participants", sa.Integer, nullable=False),
    sa.Index("ix_incidents_region_month_batch_id", "batch_id"),
    sa.Index("ix_incidents_region_month_month_region", "month", "region"),
)

#: Appeals per district, month and category: the region page's district map reads these, a
#: few thousand rows per region, instead of the appeals themselves.
appeals_district_month = sa.Table(
    "appeals_district_month",
    metadata,
    _batch_id(),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("district_kato", sa.String(9), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("appeals", sa.Integer, nullable=False),
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("collective_appeals", sa.Integer, nullable=False),
    sa.Index("ix_appeals_district_month_batch_id", "batch_id"),
    sa.Index("ix_appeals_district_month_region_month", "region", "month"),
)

enterprise_directory = sa.Table(
    "enterprise_directory",
    metadata,
    _id(),
    _batch_id(),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("bin", sa.String(12)),
    sa.Column("name", sa.Text),
    sa.Column("region", sa.String(5)),
    sa.Column("industry", sa.String(2)),
    sa.Column("lat", sa.Double),
    sa.Column("lon", sa.Double),
    sa.Index("ix_enterprise_directory_batch_id", "batch_id"),
    sa.Index("ix_enterprise_directory_bin", "bin"),
)


# --- cases: what was done about a warning ---------------------------------------------------

#: One case per enterprise and warning. ``reason`` keeps the watchlist's words at opening;
#: ``version`` grows with every change (the optimistic check of concurrent updates). No
#: applicant's personal data is kept: an enterprise, an office or officer, dates and sums.
cases = sa.Table(
    "cases",
    metadata,
    _id(),
    sa.Column("bin", sa.String(12), nullable=False),
    sa.Column("enterprise_name", sa.Text),
    sa.Column("region", sa.String(5)),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("risk_level", sa.String(8)),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date),
    sa.Column("closed_on", sa.Date),
    sa.Column("close_reason", sa.String(32)),
    sa.Column("watch_until", sa.Date),
    sa.Column("reopen_reason", sa.Text),
    sa.Column("repaid_kzt", sa.Double),
    sa.Column("workers_repaid", sa.Integer),
    sa.Column("external_id", sa.Text),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_by", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_cases_bin", "bin"),
    sa.Index("ix_cases_state_region", "state", "region"),
    sa.Index("ux_cases_external_id", "external_id", unique=True,
             sqlite_where=sa.text("external_id IS NOT NULL"),
             postgresql_where=sa.text("external_id IS NOT NULL")),
)

#: Every step of a case in order: its state, the day, who, a short note and, for ``repaid``,
#: the sums paid.
case_steps = sa.Table(
    "case_steps",
    metadata,
    _id(),
    sa.Column("case_id", BigId, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("by", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("reason", sa.String(32)),
    sa.Column("repaid_kzt", sa.Double),
    sa.Column("workers", sa.Integer),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Index("ix_case_steps_case_id", "case_id"),
)


@dataclass(frozen=True)
class FactTable:
    """How one extract kind is stored: its table, date column and canonical columns."""

    kind: str
    table: sa.Table
    date_column: str | None
    aggregates: tuple[str, ...]

    @property
    def canonical_columns(self) -> list[str]:
        """Return the columns an ingested frame provides (everything but bookkeeping)."""
        derived = {"id", "batch_id", "month"}
        return [c.name for c in self.table.columns if c.name not in derived]


#: Extract kind -> storage. The aggregates are derived from the frame in the same load.
FACT_TABLES: dict[str, FactTable] = {
    "appeals": FactTable(
        "appeals",
        appeals,
        "date",
        (
            "appeals_region_month",
            "appeals_enterprise_month",
            "appeals_enterprise_totals",
            "appeals_district_month",
            "enterprise_directory",
        ),
    ),
    "arrears": FactTable(
        "arrears", arrears, "report_date", ("arrears_region_month", "enterprise_directory")
    ),
    "layoffs": FactTable(
        "layoffs", layoffs, "date", ("layoffs_region_month", "enterprise_directory")
    ),
    "incidents": FactTable(
        "incidents", incidents, "date", ("incidents_region_month", "enterprise_directory")
    ),
    "enterprises": FactTable("enterprises", enterprises, None, ("enterprise_directory",)),
    "region_stats": FactTable("region_stats", region_stats, None, ()),
}

#: Every table that holds rows of a batch, children first (the order undo deletes in).
BATCH_TABLES: tuple[sa.Table, ...] = (
    appeals_region_month,
    appeals_enterprise_month,
    appeals_enterprise_totals,
    appeals_district_month,
    arrears_region_month,
    layoffs_region_month,
    incidents_region_month,
    enterprise_directory,
    appeals,
    arrears,
    layoffs,
    incidents,
    enterprises,
    region_stats,
)


def fact_table(kind: str) -> FactTable:
    """Return the storage of extract ``kind``; unknown kinds raise a ``KeyError``."""
    try:
        return FACT_TABLES[kind]
    except KeyError:
        valid = ", ".join(sorted(FACT_TABLES))
        raise KeyError(f"Invalid kind: {kind!r}. Kind must be in the set: {valid}") from None
