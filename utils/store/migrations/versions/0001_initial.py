"""Initial schema: regions, batches, data state, users, audit log, the six fact tables,
the monthly aggregates and the enterprise directory.

Revision ID: 0001
Revises:
Create Date: 2025-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_name', sa.Text(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), server_default='{}', nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'], unique=False)

    op.create_table('batches',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('rows_read', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_loaded', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_rejected', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_duplicate', sa.Integer(), server_default='0', nullable=False),
    sa.Column('warnings', sa.Text(), server_default='[]', nullable=False),
    sa.Column('user_name', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=8), server_default='loaded', nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.Text(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_batches_sha256', 'batches', ['sha256'], unique=False)
    op.create_index('ix_batches_status_kind', 'batches', ['status', 'kind'], unique=False)

    op.create_table('data_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('regions',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('kato', sa.String(length=9), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_ru', sa.Text(), nullable=False),
    sa.Column('name_kk', sa.Text(), nullable=False),
    sa.Column('admin_center', sa.Text(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('population', sa.Double(), nullable=True),
    sa.Column('population_date', sa.Text(), nullable=True),
    sa.Column('area_km2', sa.Double(), nullable=True),
    sa.Column('employed', sa.Double(), nullable=True),
    sa.Column('employed_year', sa.Integer(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('appeals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('appeal_id', sa.String(length=64), nullable=True),
    sa.Column('district', sa.Text(), nullable=True),
    sa.Column('settlement', sa.Text(), nullable=True),
    sa.Column('enterprise_bin', sa.String(length=12), nullable=True),
    sa.Column('enterprise_name', sa.Text(), nullable=True),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('violation_confirmed', sa.Boolean(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_appeals_batch_id', 'appeals', ['batch_id'], unique=False)
    op.create_index('ux_appeals_appeal_id', 'appeals', ['appeal_id'], unique=True, sqlite_where=sa.text('appeal_id IS NOT NULL'), postgresql_where=sa.text('appeal_id IS NOT NULL'))

    op.create_table('appeals_enterprise_month',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('enterprise_bin', sa.String(length=12), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('appeals', sa.Integer(), nullable=False),
    sa.Column('collective_appeals', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_appeals_enterprise_month_batch_id', 'appeals_enterprise_month', ['batch_id'], unique=False)
    op.create_index('ix_appeals_enterprise_month_bin_month', 'appeals_enterprise_month', ['enterprise_bin', 'month'], unique=False)
    op.create_index('ix_appeals_enterprise_month_region_month', 'appeals_enterprise_month', ['region', 'month'], unique=False)

    op.create_table('appeals_region_month',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('appeals', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('collective_appeals', sa.Integer(), nullable=False),
    sa.Column('collective_people', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_appeals_region_month_batch_id', 'appeals_region_month', ['batch_id'], unique=False)
    op.create_index('ix_appeals_region_month_month_region', 'appeals_region_month', ['month', 'region'], unique=False)

    op.create_table('arrears',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('enterprise_bin', sa.String(length=12), nullable=True),
    sa.Column('enterprise_name', sa.Text(), nullable=True),
    sa.Column('amount_kzt', sa.Double(), nullable=False),
    sa.Column('workers', sa.Integer(), nullable=False),
    sa.Column('overdue_months', sa.Integer(), nullable=True),
    sa.Column('repaid_kzt', sa.Double(), nullable=True),
    sa.Column('workers_repaid', sa.Integer(), nullable=True),
    sa.Column('industry', sa.String(length=2), nullable=True),
    sa.Column('settlement', sa.Text(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_arrears_batch_id', 'arrears', ['batch_id'], unique=False)
    op.create_index('ix_arrears_bin_month', 'arrears', ['enterprise_bin', 'month'], unique=False)
    op.create_index('ix_arrears_month_region', 'arrears', ['month', 'region'], unique=False)

    op.create_table('arrears_region_month',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('industry', sa.String(length=2), nullable=True),
    sa.Column('reports', sa.Integer(), nullable=False),
    sa.Column('amount_kzt', sa.Double(), nullable=False),
    sa.Column('workers', sa.Integer(), nullable=False),
    sa.Column('repaid_kzt', sa.Double(), nullable=False),
    sa.Column('workers_repaid', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_arrears_region_month_batch_id', 'arrears_region_month', ['batch_id'], unique=False)
    op.create_index('ix_arrears_region_month_month_region', 'arrears_region_month', ['month', 'region'], unique=False)

    op.create_table('enterprise_directory',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('bin', sa.String(length=12), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('region', sa.String(length=5), nullable=True),
    sa.Column('industry', sa.String(length=2), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_enterprise_directory_batch_id', 'enterprise_directory', ['batch_id'], unique=False)
    op.create_index('ix_enterprise_directory_bin', 'enterprise_directory', ['bin'], unique=False)

    op.create_table('enterprises',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('bin', sa.String(length=12), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('region', sa.String(length=5), nullable=True),
    sa.Column('industry', sa.String(length=2), nullable=True),
    sa.Column('settlement', sa.Text(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_enterprises_batch_id', 'enterprises', ['batch_id'], unique=False)
    op.create_index('ix_enterprises_bin', 'enterprises', ['bin'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('enterprise_bin', sa.String(length=12), nullable=True),
    sa.Column('enterprise_name', sa.Text(), nullable=True),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('settlement', sa.Text(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('demands', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_incidents_batch_id', 'incidents', ['batch_id'], unique=False)
    op.create_index('ix_incidents_bin_month', 'incidents', ['enterprise_bin', 'month'], unique=False)
    op.create_index('ix_incidents_month_region', 'incidents', ['month', 'region'], unique=False)

    op.create_table('incidents_region_month',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('incidents', sa.Integer(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_incidents_region_month_batch_id', 'incidents_region_month', ['batch_id'], unique=False)
    op.create_index('ix_incidents_region_month_month_region', 'incidents_region_month', ['month', 'region'], unique=False)

    op.create_table('layoffs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('enterprise_bin', sa.String(length=12), nullable=True),
    sa.Column('enterprise_name', sa.Text(), nullable=True),
    sa.Column('workers', sa.Integer(), nullable=False),
    sa.Column('unlawful', sa.Boolean(), nullable=True),
    sa.Column('reinstated', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_layoffs_batch_id', 'layoffs', ['batch_id'], unique=False)
    op.create_index('ix_layoffs_bin_month', 'layoffs', ['enterprise_bin', 'month'], unique=False)
    op.create_index('ix_layoffs_month_region', 'layoffs', ['month', 'region'], unique=False)

    op.create_table('layoffs_region_month',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('workers', sa.Integer(), nullable=False),
    sa.Column('unlawful_workers', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_layoffs_region_month_batch_id', 'layoffs_region_month', ['batch_id'], unique=False)
    op.create_index('ix_layoffs_region_month_month_region', 'layoffs_region_month', ['month', 'region'], unique=False)

    op.create_table('region_stats',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('granularity', sa.String(length=8), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('region', sa.String(length=5), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_region_stats_batch_id', 'region_stats', ['batch_id'], unique=False)
    op.create_index('ix_region_stats_indicator_end', 'region_stats', ['indicator', 'period_end'], unique=False)



def downgrade() -> None:
    op.drop_index('ix_region_stats_indicator_end', table_name='region_stats')
    op.drop_index('ix_region_stats_batch_id', table_name='region_stats')

    op.drop_table('region_stats')
    op.drop_index('ix_layoffs_region_month_month_region', table_name='layoffs_region_month')
    op.drop_index('ix_layoffs_region_month_batch_id', table_name='layoffs_region_month')

    op.drop_table('layoffs_region_month')
    op.drop_index('ix_layoffs_month_region', table_name='layoffs')
    op.drop_index('ix_layoffs_bin_month', table_name='layoffs')
    op.drop_index('ix_layoffs_batch_id', table_name='layoffs')

    op.drop_table('layoffs')
    op.drop_index('ix_incidents_region_month_month_region', table_name='incidents_region_month')
    op.drop_index('ix_incidents_region_month_batch_id', table_name='incidents_region_month')

    op.drop_table('incidents_region_month')
    op.drop_index('ix_incidents_month_region', table_name='incidents')
    op.drop_index('ix_incidents_bin_month', table_name='incidents')
    op.drop_index('ix_incidents_batch_id', table_name='incidents')

    op.drop_table('incidents')
    op.drop_index('ix_enterprises_bin', table_name='enterprises')
    op.drop_index('ix_enterprises_batch_id', table_name='enterprises')

    op.drop_table('enterprises')
    op.drop_index('ix_enterprise_directory_bin', table_name='enterprise_directory')
    op.drop_index('ix_enterprise_directory_batch_id', table_name='enterprise_directory')

    op.drop_table('enterprise_directory')
    op.drop_index('ix_arrears_region_month_month_region', table_name='arrears_region_month')
    op.drop_index('ix_arrears_region_month_batch_id', table_name='arrears_region_month')

    op.drop_table('arrears_region_month')
    op.drop_index('ix_arrears_month_region', table_name='arrears')
    op.drop_index('ix_arrears_bin_month', table_name='arrears')
    op.drop_index('ix_arrears_batch_id', table_name='arrears')

    op.drop_table('arrears')
    op.drop_index('ix_appeals_region_month_month_region', table_name='appeals_region_month')
    op.drop_index('ix_appeals_region_month_batch_id', table_name='appeals_region_month')

    op.drop_table('appeals_region_month')
    op.drop_index('ix_appeals_enterprise_month_region_month', table_name='appeals_enterprise_month')
    op.drop_index('ix_appeals_enterprise_month_bin_month', table_name='appeals_enterprise_month')
    op.drop_index('ix_appeals_enterprise_month_batch_id', table_name='appeals_enterprise_month')

    op.drop_table('appeals_enterprise_month')
    op.drop_index('ux_appeals_appeal_id', table_name='appeals', sqlite_where=sa.text('appeal_id IS NOT NULL'), postgresql_where=sa.text('appeal_id IS NOT NULL'))
    op.drop_index('ix_appeals_batch_id', table_name='appeals')

    op.drop_table('appeals')
    op.drop_table('users')
    op.drop_table('regions')
    op.drop_table('data_state')
    op.drop_index('ix_batches_status_kind', table_name='batches')
    op.drop_index('ix_batches_sha256', table_name='batches')

    op.drop_table('batches')
    op.drop_index('ix_audit_log_at', table_name='audit_log')

    op.drop_table('audit_log')
