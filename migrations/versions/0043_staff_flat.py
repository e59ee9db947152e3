"""staff pages flat in the archive (issue 28): a state's stories in the order they entered it,
on one (state, state_changed_at, id) index

Revision ID: 0043_staff_flat
Revises: 0042_insights_holder
Create Date: 2026-12-05 23:20:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0043_staff_flat"
down_revision = "0042_insights_holder"
branch_labels = None
depends_on = None


def upgrade():
    # The board's columns (draft, edit, fact-check, ready: longest waiting first) and the
    # fact-check queue read a state's stories ordered by when they entered it. With only
    # (state_changed_at) and (state, published_at) SQLite walked the time index from the oldest
    # story, the published archive included, until a column's 20 were found: the board drawn
    # afresh took 127 ms CPU at 10,000 stories and 720 ms at 100,000 with the same desk, the
    # fact-check queue 51 ms and 194 ms (BENCHMARKS.md, bench:staff-flat). On this index each
    # column is one range read in order, however large the archive.
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_articles_state_changed", ["state", "state_changed_at", "id"], unique=False
        )
        # The fact-check queue's people filter asks of each person whether they hold a check
        # now: one probe of this index each, where it read every story in fact-check (3,000 on
        # the stress seed's desk, 12 ms).
        batch_op.create_index(
            "ix_articles_fact_checker_state", ["fact_checker_id", "state"], unique=False
        )
        # My queue and the navigation's count for an editor: the stories in edit and ready that
        # are theirs or nobody's, one range each, where every story in the state was read
        # (the stress seed's 2,000 ready ones, most another editor's).
        batch_op.create_index("ix_articles_state_editor", ["state", "editor_id"], unique=False)


def downgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_state_editor")
        batch_op.drop_index("ix_articles_fact_checker_state")
        batch_op.drop_index("ix_articles_state_changed")
