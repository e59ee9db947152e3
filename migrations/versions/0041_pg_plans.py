"""PostgreSQL plans at 100,000 stories (issue 28): a person's bylines are found on a
(user, article) index instead of a scan of every byline

Revision ID: 0041_pg_plans
Revises: 0034_insights_indexes
Create Date: 2026-12-05 20:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0041_pg_plans"
down_revision = "0034_insights_indexes"
branch_labels = None
depends_on = None


def upgrade():
    # The board's "mine" (and a person filter): article_authors' key is (article, user), so
    # "the stories this person is on" read every byline. On PostgreSQL at 100,000 stories
    # (131,414 bylines) the board's counts for "mine" went from two sequential scans to index
    # scans (BENCHMARKS.md, bench:pg-plans).
    with op.batch_alter_table("article_authors", schema=None) as batch_op:
        batch_op.create_index("ix_article_authors_user_id", ["user_id", "article_id"], unique=False)


def downgrade():
    with op.batch_alter_table("article_authors", schema=None) as batch_op:
        batch_op.drop_index("ix_article_authors_user_id")
