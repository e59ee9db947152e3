"""indexes: a section's newest public stories, and a tag's stories

Revision ID: 0004_section_published_index
Revises: 0003_site_version
Create Date: 2026-12-01 11:20:00

"""
from alembic import op

revision = "0004_section_published_index"
down_revision = "0003_site_version"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_articles_section_published", ["section_id", "published_at"], unique=False
        )
    with op.batch_alter_table("article_tags", schema=None) as batch_op:
        batch_op.create_index("ix_article_tags_tag_id", ["tag_id"], unique=False)


def downgrade():
    with op.batch_alter_table("article_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_article_tags_tag_id")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_section_published")
