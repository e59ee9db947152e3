"""insights (issue 27's cost): each finished stage's row keeps who held its duty when its last
visit ended (`held`, `holder_id`), so the figures by person read no assignment history; kept by
the summary's flush hook from the assignment history, backfilled here in SQL by the same rule

Revision ID: 0042_insights_holder
Revises: 0038_insights_summary
Create Date: 2026-12-05 20:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0042_insights_holder"
down_revision = "0038_insights_summary"
branch_labels = None
depends_on = None

# Who held the stage's duty just before the second its last visit ended (`stage_sql`'s rule):
# the last change of that duty before it names who held it after; with none before, the first
# change after it names who held it before; with no change at all, `held` stays 0 (the story's
# current person counts, read with the figures). Draft is the bylines': no holder.
DUTY = "CASE WHEN insight_stage_totals.stage = 'fact_check' THEN 'fact_checker' ELSE 'editor' END"
HOLDERS = """
UPDATE insight_stage_totals SET
    held = CASE WHEN EXISTS (
        SELECT 1 FROM article_assignments a
        WHERE a.article_id = insight_stage_totals.article_id AND a.duty = {duty}
    ) THEN 1 ELSE 0 END,
    holder_id = CASE
        WHEN EXISTS (
            SELECT 1 FROM article_assignments a
            WHERE a.article_id = insight_stage_totals.article_id AND a.duty = {duty}
              AND {epoch_at} < insight_stage_totals.ended
        ) THEN (
            SELECT a.after_id FROM article_assignments a
            WHERE a.article_id = insight_stage_totals.article_id AND a.duty = {duty}
              AND {epoch_at} < insight_stage_totals.ended
            ORDER BY a.at DESC, a.id DESC LIMIT 1
        )
        ELSE (
            SELECT a.before_id FROM article_assignments a
            WHERE a.article_id = insight_stage_totals.article_id AND a.duty = {duty}
              AND {epoch_at} >= insight_stage_totals.ended
            ORDER BY a.at, a.id LIMIT 1
        )
    END
WHERE ended IS NOT NULL AND stage IN ('edit', 'ready', 'fact_check')
"""


def _epoch(dialect: str, column: str) -> str:
    """SQL: the Unix second a stored (naive UTC) moment falls in, the same on both databases."""
    if dialect == "sqlite":
        return f"CAST(strftime('%s', {column}) AS INTEGER)"
    return f"CAST(floor(extract(epoch FROM {column})) AS BIGINT)"


def backfill(connection) -> None:
    """Set every finished stage's holder from the assignment history, in SQL."""
    connection.execute(
        sa.text(HOLDERS.format(duty=DUTY, epoch_at=_epoch(connection.dialect.name, "a.at")))
    )


def upgrade():
    with op.batch_alter_table("insight_stage_totals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("holder_id", sa.Integer(), nullable=True))
    backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table("insight_stage_totals", schema=None) as batch_op:
        batch_op.drop_column("holder_id")
        batch_op.drop_column("held")
