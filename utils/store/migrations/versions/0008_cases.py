"""Cases: what was done about a warning (``cases``) and each of its steps (``case_steps``).

A case belongs to no batch: undoing a load leaves every case and step as it was.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'cases',
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('bin', sa.String(length=12), nullable=False),
        sa.Column('enterprise_name', sa.Text(), nullable=True),
        sa.Column('region', sa.String(length=5), nullable=True),
        sa.Column('owner', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('risk_level', sa.String(length=8), nullable=True),
        sa.Column('opened_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('close_reason', sa.String(length=32), nullable=True),
        sa.Column('watch_until', sa.Date(), nullable=True),
        sa.Column('reopen_reason', sa.Text(), nullable=True),
        sa.Column('repaid_kzt', sa.Double(), nullable=True),
        sa.Column('workers_repaid', sa.Integer(), nullable=True),
        sa.Column('external_id', sa.Text(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_by', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_cases_bin', 'cases', ['bin'], unique=False)
    op.create_index('ix_cases_state_region', 'cases', ['state', 'region'], unique=False)
    op.create_index(
        'ux_cases_external_id', 'cases', ['external_id'], unique=True,
        sqlite_where=sa.text('external_id IS NOT NULL'),
        postgresql_where=sa.text('external_id IS NOT NULL'),
    )  # fmt: skip
    op.create_table(
        'case_steps',
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('case_id', BIG_ID, nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('by', sa.Text(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('reason', sa.String(length=32), nullable=True),
        sa.Column('repaid_kzt', sa.Double(), nullable=True),
        sa.Column('workers', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_case_steps_case_id', 'case_steps', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_steps_case_id', table_name='case_steps')
    op.drop_table('case_steps')
    op.drop_index('ux_cases_external_id', table_name='cases')
    op.drop_index('ix_cases_state_region', table_name='cases')
    op.drop_index('ix_cases_bin', table_name='cases')
    op.drop_table('cases')
