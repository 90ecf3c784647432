"""Official statistics keep cumulative periods as what they are.

A value of «январь–март» is stored with granularity ``cumulative`` (a period from January),
never as the first quarter or as March; the word needs more room than the eight characters
``month``, ``quarter`` and ``year`` had.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('region_stats') as batch:
        batch.alter_column('granularity', existing_type=sa.String(8), type_=sa.String(16),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('region_stats') as batch:
        batch.alter_column('granularity', existing_type=sa.String(16), type_=sa.String(8),
                           existing_nullable=False)
