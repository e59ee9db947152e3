"""speed (issue 28): related news walks a tag's newest stories on a (tag, article) index; the
scheduled stories due by now are found on a (state, publish time) index

Revision ID: 0033_speed_indexes
Revises: 0030_fronts
Create Date: 2026-12-05 13:35:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0033_speed_indexes"
down_revision = "0030_fronts"
branch_labels = None
depends_on = None


def upgrade():
    # The (tag, article) index serves every lookup the tag-only one did, and walks one tag's
    # stories newest id first, so related news stops after a window instead of counting them all.
    with op.batch_alter_table("article_tags", schema=None) as batch_op:
        batch_op.create_index("ix_article_tags_tag_article", ["tag_id", "article_id"], unique=False)
        batch_op.drop_index("ix_article_tags_tag_id")
    # The alarm's "scheduled and due by now" (every editor's banner poll) walked every published
    # story's publish time.
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_state_published", ["state", "published_at"], unique=False)


def downgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_state_published")
    with op.batch_alter_table("article_tags", schema=None) as batch_op:
        batch_op.create_index("ix_article_tags_tag_id", ["tag_id"], unique=False)
        batch_op.drop_index("ix_article_tags_tag_article")
