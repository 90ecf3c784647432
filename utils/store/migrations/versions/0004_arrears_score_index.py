"""Arrears indexed by month and BIN with the numbers the risk score reads.

The map's risk level of every enterprise reads the arrears of two months (about 16 000 rows
at national scale) by BIN; through ``ix_arrears_month_region`` each row was a lookup in the
table. The new index holds every column that read needs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

COLUMNS = ['month', 'enterprise_bin', 'amount_kzt', 'workers', 'overdue_months', 'id']


def upgrade() -> None:
    op.create_index('ix_arrears_month_bin_score', 'arrears', COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index('ix_arrears_month_bin_score', table_name='arrears')
