"""Cancelled classes: when an official cancelled a class, and why (shown to nobody but officials).

Revision ID: 0006_class_cancellation
Revises: 0005_answer_log
Create Date: 2026-12-06

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0006_class_cancellation'
down_revision: Union[str, None] = '0005_answer_log'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('classes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=300), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('classes', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
