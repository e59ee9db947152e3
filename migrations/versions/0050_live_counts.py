"""live desk counts (issue 28): how many posts a story has out and waiting, read from one index

Revision ID: 0050_live_counts
Revises: 0049_stale_translations
Create Date: 2026-12-07 09:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0050_live_counts"
down_revision = "0049_stale_translations"
branch_labels = None
depends_on = None


def upgrade():
    # Every post's answer (and the desk's page) counts the story's posts out and waiting. With
    # the deletion and publish times beside the story's id in one index, the count reads the
    # index alone; it read every post's row, body and HTML included (a story of 1,000 posts:
    # more pages than SQLite's 512 KiB cache holds, read again at every post: bench:live8).
    with op.batch_alter_table("live_posts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_live_posts_article_counted",
            ["article_id", "deleted_at", "published_at"],
            unique=False,
        )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's planner takes the index once it knows its size (the scheduler's ANALYZE
        # would tell it within the hour).
        op.execute("ANALYZE live_posts")


def downgrade():
    with op.batch_alter_table("live_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_live_posts_article_counted")
