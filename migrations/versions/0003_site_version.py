"""site_version: the number that moves on with every change readers could see

Revision ID: 0003_site_version
Revises: 0002_workflow_breaking
Create Date: 2026-12-01 10:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0003_site_version"
down_revision = "0002_workflow_breaking"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_version")),
    )


def downgrade():
    op.drop_table("site_version")
