"""Alerts: users get an e-mail address, a language and the time they last read their alerts;
subscriptions, the signals found for each user, and the outbox of digests.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(length=254), nullable=True))
    op.add_column('users', sa.Column('lang', sa.String(length=2), nullable=True))
    op.add_column('users', sa.Column('alerts_seen_at', sa.DateTime(), nullable=True))

    op.create_table('alert_subscriptions',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('user_name', sa.String(length=128), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('place', sa.String(length=16), server_default='', nullable=False),
    sa.Column('kinds', sa.Text(), server_default='*', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_name', 'scope', 'place', name='uq_alert_subscriptions_place')
    )

    op.create_table('alert_signals',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('user_name', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('place', sa.String(length=16), nullable=False),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('region', sa.String(length=5), nullable=True),
    sa.Column('level', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.String(length=7), nullable=False),
    sa.Column('reason', sa.Text(), server_default='[]', nullable=False),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.Column('message_id', BIG_ID, nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_name', 'kind', 'place', 'level', 'as_of',
                        name='uq_alert_signals_once')
    )
    op.create_index('ix_alert_signals_user_found', 'alert_signals', ['user_name', 'found_at'],
                    unique=False)

    op.create_table('alert_messages',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('user_name', sa.String(length=128), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('as_of', sa.String(length=7), nullable=False),
    sa.Column('signals', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_alert_messages_sent_at', 'alert_messages', ['sent_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_alert_messages_sent_at', table_name='alert_messages')
    op.drop_table('alert_messages')
    op.drop_index('ix_alert_signals_user_found', table_name='alert_signals')
    op.drop_table('alert_signals')
    op.drop_table('alert_subscriptions')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('alerts_seen_at')
        batch.drop_column('lang')
        batch.drop_column('email')
