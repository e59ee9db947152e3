"""insights at 100,000 stories (issue 27's cost): each stage row keeps its story's section,
language, editor and fact-checker, so a period's time in stage reads no story row; kept by the
summary's flush hook whenever the story's history or one of those changes, backfilled here

Revision ID: 0045_insights_story
Revises: 0044_insights_cover
Create Date: 2026-12-06 03:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0045_insights_story"
down_revision = "0044_insights_cover"
branch_labels = None
depends_on = None

COLUMNS = ("section_id", "language", "editor_id", "fact_checker_id")


def backfill(connection) -> None:
    """Copy each stage row's story columns from its story (the app keeps them so after)."""
    copied = ", ".join(
        f"{column} = (SELECT articles.{column} FROM articles"
        " WHERE articles.id = insight_stage_totals.article_id)"
        for column in COLUMNS
    )
    connection.execute(sa.text(f"UPDATE insight_stage_totals SET {copied}"))


def upgrade():
    # Each of the 44,000 rows of a 90-day period at 100,000 stories read its story's row for
    # these four columns; SQLite keeps them after the body, on overflow pages: 78 ms of reading
    # against 34 for the stage rows alone (BENCHMARKS.md, bench:insights-collector).
    with op.batch_alter_table("insight_stage_totals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("section_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("editor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fact_checker_id", sa.Integer(), nullable=True))
    backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table("insight_stage_totals", schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)
