"""taxonomy: retired sections and regions, the slug history (old addresses answer 301); the site
settings admins edit (newsroom name, time zone, footer pages, whether "Checked by" shows)

Revision ID: 0009_taxonomy_settings
Revises: 0008_claims
Create Date: 2026-12-01 15:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0009_taxonomy_settings"
down_revision = "0008_claims"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("sections", "regions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
            )
    op.create_table(
        "slug_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("old_slug", sa.String(length=80), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slug_history")),
        sa.UniqueConstraint("kind", "old_slug", name=op.f("uq_slug_history_kind")),
    )
    op.create_table(
        "site_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("newsroom_name", sa.String(length=120), server_default="", nullable=False),
        sa.Column("time_zone", sa.String(length=64), server_default="", nullable=False),
        sa.Column("about_md", sa.Text(), server_default="", nullable=False),
        sa.Column("contact_md", sa.Text(), server_default="", nullable=False),
        sa.Column("privacy_md", sa.Text(), server_default="", nullable=False),
        sa.Column("show_checked_by", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_settings")),
    )


def downgrade():
    op.drop_table("site_settings")
    op.drop_table("slug_history")
    for table in ("regions", "sections"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired")
