"""The answer log: what the assistant did with each resident message (the console's source).

Revision ID: 0005_answer_log
Revises: 0004_user_profiles
Create Date: 2026-12-06

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0005_answer_log'
down_revision: Union[str, None] = '0004_user_profiles'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('answer_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=True),
    sa.Column('user_hash', sa.String(length=64), nullable=False),
    sa.Column('intent', sa.String(length=64), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('decision', sa.String(length=24), nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=True),
    sa.Column('candidates', sa.Text(), nullable=False),
    sa.Column('question', sa.Text(), nullable=True),
    sa.Column('scam_verdict', sa.String(length=16), nullable=True),
    sa.Column('scam_flags', sa.Text(), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=True),
    sa.Column('feedback_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answer_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_log_decision'), ['decision'], unique=False)
        batch_op.create_index('ix_answer_log_user_article', ['user_hash', 'article_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('answer_log', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_log_user_article')
        batch_op.drop_index(batch_op.f('ix_answer_log_decision'))
        batch_op.drop_index(batch_op.f('ix_answer_log_at'))

    op.drop_table('answer_log')
