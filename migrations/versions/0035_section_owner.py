"""section owner (issue 27): sections.owner_id, the desk owner who gets the section's weekly
summary of insights; weekly_summaries, one row per (section, week) a summary went out

Revision ID: 0035_section_owner
Revises: 0033_speed_indexes
Create Date: 2026-12-05 16:55:00

"""
from alembic import op
import sqlalchemy as sa

import editorial.models.types


# revision identifiers, used by Alembic.
revision = "0035_section_owner"
down_revision = "0033_speed_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_sections_owner_id_users"),
            "users",
            ["owner_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "weekly_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("week_of", sa.Date(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", editorial.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["sections.id"],
            name=op.f("fk_weekly_summaries_section_id_sections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["users.id"],
            name=op.f("fk_weekly_summaries_recipient_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_weekly_summaries_notification_id_notifications"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_summaries")),
        sa.UniqueConstraint(
            "section_id", "week_of", name=op.f("uq_weekly_summaries_section_id")
        ),
    )
    with op.batch_alter_table("weekly_summaries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_weekly_summaries_notification_id"), ["notification_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("weekly_summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weekly_summaries_notification_id"))
    op.drop_table("weekly_summaries")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_sections_owner_id_users"), type_="foreignkey")
        batch_op.drop_column("owner_id")
