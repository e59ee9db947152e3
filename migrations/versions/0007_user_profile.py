"""users: must change password at next sign-in (a password an admin set or generated); the public
author page's slug and bio

Revision ID: 0007_user_profile
Revises: 0006_audit_refusal_tallies
Create Date: 2026-12-01 13:09:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0007_user_profile"
down_revision = "0006_audit_refusal_tallies"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(sa.Column("slug", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("bio", sa.Text(), server_default="", nullable=False))
        batch_op.create_unique_constraint(batch_op.f("uq_users_slug"), ["slug"])


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_slug"), type_="unique")
        batch_op.drop_column("bio")
        batch_op.drop_column("slug")
        batch_op.drop_column("must_change_password")
