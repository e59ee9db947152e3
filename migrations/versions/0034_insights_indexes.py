"""insights (issue 27): the stories filed, published and spiked per day are found on a
(transition name, time) index instead of a scan of every transition

Revision ID: 0034_insights_indexes
Revises: 0037_media_processing
Create Date: 2026-12-05 17:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0034_insights_indexes"
down_revision = "0037_media_processing"
branch_labels = None
depends_on = None


def upgrade():
    # A period's submits, publishes and spikes (insights' flow per day): EXPLAIN QUERY PLAN went
    # from SCAN article_transitions to SEARCH ... (name=? AND at>? AND at<?); a 7-day period's
    # counts at 10,000 stories took half the CPU (BENCHMARKS.md, bench:insights-sql).
    with op.batch_alter_table("article_transitions", schema=None) as batch_op:
        batch_op.create_index("ix_article_transitions_name_at", ["name", "at"], unique=False)


def downgrade():
    with op.batch_alter_table("article_transitions", schema=None) as batch_op:
        batch_op.drop_index("ix_article_transitions_name_at")
