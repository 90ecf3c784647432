"""Districts: the 9-digit KATO of the district each row lies in, and appeals per district.

``district_kato`` is assigned at load (from the file's district column, else its
settlement, else its coordinates) on appeals, arrears, incidents and enterprises, and names the
district of a district statistic in region_stats; rows loaded before keep it empty. ``appeals_district_month`` holds the appeals of each district, month and
category that the region page's district map reads.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLES = ('appeals', 'arrears', 'incidents', 'enterprises', 'region_stats')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('district_kato', sa.String(9), nullable=True))
    op.create_table(
        'appeals_district_month',
        sa.Column('batch_id', sa.Integer, nullable=False),
        sa.Column('month', sa.String(7), nullable=False),
        sa.Column('region', sa.String(5), nullable=False),
        sa.Column('district_kato', sa.String(9), nullable=False),
        sa.Column('category', sa.String(32), nullable=False),
        sa.Column('appeals', sa.Integer, nullable=False),
        sa.Column('people', sa.Integer, nullable=False),
        sa.Column('collective_appeals', sa.Integer, nullable=False),
    )
    op.create_index('ix_appeals_district_month_batch_id', 'appeals_district_month',
                    ['batch_id'], unique=False)
    op.create_index('ix_appeals_district_month_region_month', 'appeals_district_month',
                    ['region', 'month'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_appeals_district_month_region_month', table_name='appeals_district_month')
    op.drop_index('ix_appeals_district_month_batch_id', table_name='appeals_district_month')
    op.drop_table('appeals_district_month')
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('district_kato')
