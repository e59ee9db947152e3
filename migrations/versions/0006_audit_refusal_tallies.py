"""audit: refused accesses counted per person, permission and minute (one audit row each)

Revision ID: 0006_audit_refusal_tallies
Revises: 0005_comments_notifications
Create Date: 2026-12-01 12:45:00

"""
import sqlalchemy as sa
from alembic import op

import editorial.models.types

revision = "0006_audit_refusal_tallies"
down_revision = "0005_comments_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_refusal_tallies",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("permission", sa.String(length=60), nullable=False),
        sa.Column("minute", editorial.models.types.UTCDateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_refusal_tallies_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["audit_events.id"],
            name=op.f("fk_audit_refusal_tallies_event_id_audit_events"),
        ),
        sa.PrimaryKeyConstraint(
            "actor_id", "permission", "minute", name=op.f("pk_audit_refusal_tallies")
        ),
    )


def downgrade():
    op.drop_table("audit_refusal_tallies")
