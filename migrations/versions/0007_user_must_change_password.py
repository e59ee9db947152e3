"""users: must change password at next sign-in (a password an admin set or generated)

Revision ID: 0007_user_must_change_password
Revises: 0006_audit_refusal_tallies
Create Date: 2026-12-01 13:09:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0007_user_must_change_password"
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


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
