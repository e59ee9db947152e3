"""tags: a coverage hub (a tag with its own public page and a banner on its stories) and the
hub's description

Revision ID: 0012_coverage_hubs
Revises: 0011_search
Create Date: 2026-12-01 15:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0012_coverage_hubs"
down_revision = "0011_search"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("coverage_hub", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("hub_description", sa.Text(), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_column("hub_description")
        batch_op.drop_column("coverage_hub")
