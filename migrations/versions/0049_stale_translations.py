"""translations (issue 28): a stored "out of date" mark on each translation, with the indexes
that let My queue's count read only a translator's marked rows

Revision ID: 0049_stale_translations
Revises: 0048_public_speed
Create Date: 2026-12-06 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0049_stale_translations"
down_revision = "0048_public_speed"
branch_labels = None
depends_on = None


def backfill(connection) -> None:
    """Mark each translation whose source has a revision newer than the one it was made from
    (or marked up to date with) that changed its text: any reason but a transition's copy.
    The app's rule (`models.families.stale_rule`), written out in SQL."""
    connection.execute(
        sa.text(
            "UPDATE articles SET source_changed = :yes"
            " WHERE source_revision_id IS NOT NULL AND EXISTS ("
            " SELECT 1 FROM article_revisions AS made_from"
            " JOIN article_revisions AS newer ON newer.article_id = made_from.article_id"
            " WHERE made_from.id = articles.source_revision_id"
            " AND newer.id > made_from.id AND newer.reason NOT IN ('transition'))"
        ).bindparams(sa.bindparam("yes", True, type_=sa.Boolean()))
    )


def upgrade():
    # My queue's count ran the rule (a correlated EXISTS over the source's revisions) for every
    # translation its person ever made: 0.11 ms for the seeded editor's 2 at 10,000 stories,
    # 0.76 ms for 62 at 100,000. With the answer stored and indexed with the translator, it
    # reads the marked ones alone (BENCHMARKS.md, bench:stale-mark). Added in place (a constant
    # default), so SQLite does not copy the table.
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source_changed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    backfill(op.get_bind())
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_articles_translator_stale", ["translator_id", "source_changed"], unique=False
        )
        batch_op.create_index(
            "ix_articles_translator_state", ["translator_id", "state"], unique=False
        )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's planner weighs a new index by its statistics (as 0048).
        op.execute("ANALYZE articles")


def downgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_translator_state")
        batch_op.drop_index("ix_articles_translator_stale")
        batch_op.drop_column("source_changed")
