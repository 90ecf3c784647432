"""Appeals per enterprise and month without region and category (``appeals_enterprise_totals``).

The risk score of every enterprise reads six months of appeals per enterprise; from
``appeals_enterprise_month`` that was a scan of the whole table (its index leads with the
BIN). The new table holds the same sums with one row per batch, month and BIN, indexed by
month first. Existing batches get their rows from ``appeals_enterprise_month``, so undoing
an old batch removes its share here too.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'appeals_enterprise_totals',
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('enterprise_bin', sa.String(length=12), nullable=False),
        sa.Column('appeals', sa.Integer(), nullable=False),
        sa.Column('collective_appeals', sa.Integer(), nullable=False),
        sa.Column('people', sa.Integer(), nullable=False),
    )
    op.execute(
        'INSERT INTO appeals_enterprise_totals '
        '(batch_id, month, enterprise_bin, appeals, collective_appeals, people) '
        'SELECT batch_id, month, enterprise_bin, SUM(appeals), SUM(collective_appeals), '
        'SUM(people) FROM appeals_enterprise_month '
        'GROUP BY batch_id, month, enterprise_bin ORDER BY batch_id, month, enterprise_bin'
    )
    op.create_index(
        'ix_appeals_enterprise_totals_batch_id', 'appeals_enterprise_totals', ['batch_id'],
        unique=False, postgresql_using='brin',
    )  # fmt: skip
    op.create_index(
        'ix_appeals_enterprise_totals_month_bin', 'appeals_enterprise_totals',
        ['month', 'enterprise_bin'], unique=False,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index('ix_appeals_enterprise_totals_month_bin', table_name='appeals_enterprise_totals')
    op.drop_index('ix_appeals_enterprise_totals_batch_id', table_name='appeals_enterprise_totals')
    op.drop_table('appeals_enterprise_totals')
