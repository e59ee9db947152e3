"""claim locations: a translation's fact-check locates each of its source's claims in its own
text (the passage), or marks it not in this translation

Revision ID: 0019_claim_locations
Revises: 0018_embargo
Create Date: 2026-12-05 07:40:00

"""

import sqlalchemy as sa
from alembic import op

from editorial.models.types import UTCDateTime

revision = "0019_claim_locations"
down_revision = "0018_embargo"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "claim_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("passage", sa.Text(), nullable=False),
        sa.Column("absent", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("located_by_id", sa.Integer(), nullable=True),
        sa.Column("located_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_claim_locations_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_locations_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["located_by_id"], ["users.id"], name=op.f("fk_claim_locations_located_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_locations")),
        sa.UniqueConstraint("claim_id", "article_id", name="uq_claim_locations_claim_article"),
    )
    with op.batch_alter_table("claim_locations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_locations_article_id"), ["article_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("claim_locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_locations_article_id"))
    op.drop_table("claim_locations")
