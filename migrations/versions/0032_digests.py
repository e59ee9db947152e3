"""digests (issue 26): notifications.emailed_at, the claim of a notification emailed at once or
in a digest; users.email_digests, the kinds each person gets in an hourly or daily digest;
unsubscribe_tokens, the hashed secrets of emails' unsubscribe links

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
    op.create_table(
        "unsubscribe_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", editorial.models.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", editorial.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_unsubscribe_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unsubscribe_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_unsubscribe_tokens_token_hash")),
    )
    with op.batch_alter_table("unsubscribe_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unsubscribe_tokens_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_unsubscribe_tokens_expires_at"), ["expires_at"], unique=False
        )

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

    with op.batch_alter_table("unsubscribe_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unsubscribe_tokens_expires_at"))
        batch_op.drop_index(batch_op.f("ix_unsubscribe_tokens_user_id"))

    op.drop_table("unsubscribe_tokens")
