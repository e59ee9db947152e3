"""images: the media library; articles.hero_image_id, the article's picture from it

Revision ID: 0010_media
Revises: 0009_taxonomy_settings
Create Date: 2026-12-01 15:55:00

"""
import sqlalchemy as sa
from alembic import op

import editorial.models.types

revision = "0010_media"
down_revision = "0009_taxonomy_settings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_key", sa.String(length=64), nullable=False),
        sa.Column("extension", sa.String(length=8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("variant_widths", sa.JSON(), nullable=False),
        sa.Column("caption", sa.String(length=300), nullable=False),
        sa.Column("credit", sa.String(length=120), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", editorial.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", editorial.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_images_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
        sa.UniqueConstraint("file_key", name=op.f("uq_images_file_key")),
    )
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_images_uploaded_by_id"), ["uploaded_by_id"], unique=False
        )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hero_image_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_hero_image_id"), ["hero_image_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_hero_image_id_images"),
            "images",
            ["hero_image_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_articles_hero_image_id_images"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_articles_hero_image_id"))
        batch_op.drop_column("hero_image_id")
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_images_uploaded_by_id"))
    op.drop_table("images")
