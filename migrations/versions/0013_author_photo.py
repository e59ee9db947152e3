"""users: an author page's photo, a picture from the media library

Revision ID: 0013_author_photo
Revises: 0012_coverage_hubs
Create Date: 2026-12-05 03:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0013_author_photo"
down_revision = "0012_coverage_hubs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("photo_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_photo_id_images"),
            "images",
            ["photo_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_users_photo_id_images"), type_="foreignkey")
        batch_op.drop_column("photo_id")
