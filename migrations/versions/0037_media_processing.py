"""media processing (issue 26): a large upload is re-encoded by a background job; images.status
(ready, processing, failed) and images.problem, what the uploader and admins read when it failed

Revision ID: 0037_media_processing
Revises: 0036_live_more
Create Date: 2026-12-05 16:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0037_media_processing"
down_revision = "0036_live_more"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), server_default="ready", nullable=False)
        )
        batch_op.add_column(
            sa.Column("problem", sa.String(length=300), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.drop_column("problem")
        batch_op.drop_column("status")
