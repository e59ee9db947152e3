"""insights at 100,000 stories (issue 27's cost): the flow per day reads its moves from two
indexes alone, never from the transitions table

Revision ID: 0044_insights_cover
Revises: 0043_staff_flat
Create Date: 2026-12-06 00:25:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0044_insights_cover"
down_revision = "0043_staff_flat"
branch_labels = None
depends_on = None


def upgrade():
    # The period's submits, publishes and spikes found on (name, at) then each row's story read
    # from the table; with the story in the index the read stops at the index, and the "first
    # submit ever" check (a submit before this one, of the same story) is one probe of
    # (article_id, name, at). At 100,000 stories at 100 a day the flow's statement took 48 ms on
    # SQLite, 33 with both (BENCHMARKS.md, bench:insights-plain).
    with op.batch_alter_table("article_transitions", schema=None) as batch_op:
        batch_op.drop_index("ix_article_transitions_name_at")
        batch_op.create_index(
            "ix_article_transitions_name_at_article", ["name", "at", "article_id"], unique=False
        )
        batch_op.create_index(
            "ix_article_transitions_article_name_at", ["article_id", "name", "at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("article_transitions", schema=None) as batch_op:
        batch_op.drop_index("ix_article_transitions_article_name_at")
        batch_op.drop_index("ix_article_transitions_name_at_article")
        batch_op.create_index("ix_article_transitions_name_at", ["name", "at"], unique=False)
