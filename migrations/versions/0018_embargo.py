"""articles: embargoes (a lift time, source, reason, an early lift waiting for a second editor);
publish_alarms: missed publishes, raised and cleared once

Revision ID: 0018_embargo
Revises: 0017_search_languages
Create Date: 2026-12-05 07:30:00

"""

import sqlalchemy as sa
from alembic import op

from editorial.models.types import UTCDateTime

revision = "0018_embargo"
down_revision = "0017_search_languages"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("embargo_until", UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("embargo_source", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("embargo_reason", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("embargo_lift_requested_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("embargo_lift_note", sa.Text(), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_articles_embargo_until"), ["embargo_until"])
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_embargo_lift_requested_by_id_users"),
            "users",
            ["embargo_lift_requested_by_id"],
            ["id"],
        )
    op.create_table(
        "publish_alarms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("headline_id", sa.Integer(), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("raised_at", UTCDateTime(), nullable=False),
        sa.Column("cleared_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_publish_alarms_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["headline_id"],
            ["breaking_headlines.id"],
            name=op.f("fk_publish_alarms_headline_id_breaking_headlines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publish_alarms")),
        sa.UniqueConstraint("subject", "due_at", name="uq_publish_alarms_subject_due"),
    )
    with op.batch_alter_table("publish_alarms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publish_alarms_article_id"), ["article_id"])
        batch_op.create_index(batch_op.f("ix_publish_alarms_headline_id"), ["headline_id"])
        batch_op.create_index(batch_op.f("ix_publish_alarms_cleared_at"), ["cleared_at"])


def downgrade():
    op.drop_table("publish_alarms")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_articles_embargo_lift_requested_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_articles_embargo_until"))
        for column in (
            "embargo_lift_note",
            "embargo_lift_requested_by_id",
            "embargo_reason",
            "embargo_source",
            "embargo_until",
        ):
            batch_op.drop_column(column)
