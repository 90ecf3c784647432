"""Lean appeals tables: no row id on ``appeals`` and ``appeals_enterprise_month``, BRIN
``batch_id`` indexes on PostgreSQL, appeal numbers compared bytewise on PostgreSQL.

Each index costs PostgreSQL one insertion per loaded row; on a million-row appeals extract
the primary keys nobody reads and the B-tree batch indexes took about half of the server's
time. Every stored row is kept (the ids are dropped, nothing refers to them).

Revision ID: 0002
Revises: 0001
Create Date: 2025-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

#: The tables that lose their row id and get a BRIN batch index.
TABLES = ('appeals', 'appeals_enterprise_month')


def _id_column() -> sa.Column:
    return sa.Column(
        'id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True,
        nullable=False, primary_key=True,
    )  # fmt: skip


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for table in TABLES:
        op.drop_index(f'ix_{table}_batch_id', table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column('id')
        op.create_index(
            f'ix_{table}_batch_id', table, ['batch_id'], unique=False, postgresql_using='brin'
        )
    if postgresql:
        # Rebuilds the unique index on appeal_id with the new collation.
        op.alter_column(
            'appeals', 'appeal_id', type_=sa.String(length=64, collation='C'),
            existing_type=sa.String(length=64), existing_nullable=True,
        )  # fmt: skip


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    if postgresql:
        op.alter_column(
            'appeals', 'appeal_id', type_=sa.String(length=64),
            existing_type=sa.String(length=64, collation='C'), existing_nullable=True,
        )  # fmt: skip
    for table in TABLES:
        op.drop_index(f'ix_{table}_batch_id', table_name=table)
        if postgresql:
            # BIGSERIAL numbers the existing rows.
            op.execute(f'ALTER TABLE {table} ADD COLUMN id BIGSERIAL PRIMARY KEY')
        else:
            # SQLite numbers the copied rows (the id is the rowid).
            with op.batch_alter_table(table, recreate='always') as batch:
                batch.add_column(_id_column(), insert_before='batch_id')
        op.create_index(f'ix_{table}_batch_id', table, ['batch_id'], unique=False)
