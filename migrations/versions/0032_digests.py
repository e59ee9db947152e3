"""digests (issue 26): notifications.emailed_at, the claim of a notification emailed at once or
in a digest; users.email_digests, the kinds each person gets in an hourly or daily digest

Revision ID: 0032_digests
Revises: 0028_checklists
Create Date: 2026-12-05 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.models.types


# revision identifiers, used by Alembic.
revision = "0032_digests"
down_revision = "0028_checklists"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("emailed_at", editorial.models.types.UTCDateTime(), nullable=True)
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_digests", sa.JSON(), server_default="{}", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_digests")

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("emailed_at")
