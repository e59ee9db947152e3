"""public search (issue 28): whether a match is public now read from one index, not from its
story's row

Revision ID: 0048_public_speed
Revises: 0047_live_writes
Create Date: 2026-12-06 03:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0048_public_speed"
down_revision = "0047_live_writes"
branch_labels = None
depends_on = None


def upgrade():
    # A public search asks, of each of the newest 1,000 matches, whether its story is public now
    # (state, publish time, embargo, the scheduled translation's source) and in the edition's
    # language. Those columns come after the body and its HTML in a story's row, so SQLite read
    # each match's whole row, overflow pages included; with every column the check reads in one
    # index keyed on the id, it reads the index alone: the search's statement took 2.3 ms CPU
    # at 10,000 stories, 1.5 ms with it (BENCHMARKS.md, bench:public-speed).
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_articles_visibility",
            [
                "id",
                "state",
                "published_at",
                "language",
                "embargo_until",
                "source_revision_id",
                "state_changed_at",
            ],
            unique=False,
        )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's planner takes the index only once it knows its size (the scheduler's ANALYZE
        # would tell it within the hour; until then each match read its row).
        op.execute("ANALYZE articles")


def downgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_visibility")
