"""Baseline: the schedule and console tables as `create_all` made them before migrations.

A database created by the earlier `create_all` already has some or all of
these tables: each is created only when missing, so such a database is taken
over as it is (its rows kept) and stamped at this revision; later revisions
then upgrade it like any other. The tables are written out here, not imported
from the models, so this revision stays what it was when the models change.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-06
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001_baseline"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _baseline() -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table(
        "schedule_topics", metadata,
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
    )
    sa.Table(
        "schedule_topic_words", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("topic_code", sa.String(32), sa.ForeignKey("schedule_topics.code", ondelete="CASCADE")),
        sa.Column("phrase", sa.String(200), nullable=False),
        sa.Column("weak", sa.Boolean, nullable=False),
        sa.UniqueConstraint("topic_code", "phrase"),
    )
    sa.Table(
        "classes", metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("commune", sa.String(120), nullable=False),
        sa.Column("village", sa.String(120), nullable=False),
        sa.Column("venue", sa.String(300), nullable=False),
        sa.Column("starts_at", sa.DateTime, nullable=False, index=True),
        sa.Column("ends_at", sa.DateTime, nullable=False),
        sa.Column("instructor", sa.String(200), nullable=False),
        sa.Column("contact_phone", sa.String(20), nullable=False),
        sa.Column("audience", sa.String(300), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=True),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "class_topics", metadata,
        sa.Column("class_id", sa.String(64), sa.ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("topic_code", sa.String(32), primary_key=True, index=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    sa.Table(
        "registrations", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("class_id", sa.String(64), sa.ForeignKey("classes.id"), nullable=False, index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("sender_id", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("class_id", "phone", name="uq_registration_phone"),
    )
    sa.Table(
        "help_contacts", metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("commune", sa.String(120), nullable=False),
        sa.Column("village", sa.String(120), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("zalo", sa.String(200), nullable=False),
        sa.Column("hours", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "schedule_meta", metadata,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    sa.Table(
        "console_users", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("session_epoch", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_login_at", sa.DateTime, nullable=True),
    )
    sa.Table(
        "console_login_failures", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, index=True),
        sa.Column("client", sa.String(64), nullable=False, index=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
    )
    sa.Table(
        "console_decisions", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("article_id", sa.String(64), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("examples", sa.Text, nullable=False),
        sa.Column("asked", sa.Integer, nullable=False),
        sa.Column("users", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=True),
        sa.Column("last_seen", sa.DateTime, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "console_decided_messages", metadata,
        sa.Column("key", sa.String(500), primary_key=True),
        sa.Column(
            "decision_id", sa.Integer, sa.ForeignKey("console_decisions.id", ondelete="CASCADE"), nullable=False
        ),
    )
    return metadata


def upgrade() -> None:
    _baseline().create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    _baseline().drop_all(op.get_bind(), checkfirst=True)
