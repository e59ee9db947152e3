"""the live desk reads its newest posts from an index: (article_id, created_at, id)

Revision ID: 0047_live_writes
Revises: 0045_insights_story
Create Date: 2026-12-06 03:05:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0047_live_writes"
down_revision = "0045_insights_story"
branch_labels = None
depends_on = None


def upgrade():
    # The desk's stream (the 60 newest posts, newest first by time) found the story's posts on
    # (article_id, seq), read every one of them, bodies included, and sorted them: 1,000 rows
    # for a story of 1,000 posts on every view and every button's answer. On this index the read
    # walks the newest 60 and stops (BENCHMARKS.md, bench:live-writes).
    with op.batch_alter_table("live_posts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_live_posts_article_created", ["article_id", "created_at", "id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("live_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_live_posts_article_created")
