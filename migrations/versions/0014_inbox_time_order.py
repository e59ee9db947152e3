"""notifications: the inbox is read newest first by time, so its index is (recipient, time, id)

Revision ID: 0014_inbox_time_order
Revises: 0013_author_photo
Create Date: 2026-12-05 06:40:00

"""

from alembic import op

revision = "0014_inbox_time_order"
down_revision = "0013_author_photo"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_recipient")
        batch_op.create_index(
            "ix_notifications_recipient_time", ["recipient_id", "created_at", "id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_recipient_time")
        batch_op.create_index("ix_notifications_recipient", ["recipient_id", "id"], unique=False)
