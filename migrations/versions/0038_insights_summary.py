"""insights (issue 27): a summary of each story's history, kept current with its transitions
(`editorial.insights.summary`), so a period's time in stage and fact-check rounds read only the
rows that end in it, on an index, instead of every transition of every candidate story

Revision ID: 0038_insights_summary
(and the period's stories on indexes of their own: first published, created, moved, corrected)

Revises: 0041_pg_plans
Create Date: 2026-12-05 20:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0038_insights_summary"
down_revision = "0041_pg_plans"
branch_labels = None
depends_on = None

STAGES = "('draft', 'edit', 'fact_check', 'ready')"
ARTICLE_INDEXES = ("first_published_at", "created_at", "state_changed_at")

# Each stage's finished visits (their total, when the last ended) and the open visit's start:
# the real moves (not a reschedule) in order, each closing a visit to its from_state begun at
# the move before it (or the story's creation); the last move opens a visit to its to_state.
STAGE_TOTALS = """
WITH real_moves AS (
    SELECT t.article_id, t.from_state, t.to_state, {epoch_at} AS at_s,
           LAG({epoch_at}) OVER w AS prev_s, LEAD(t.id) OVER w AS next_id
    FROM article_transitions t
    WHERE t.from_state <> t.to_state
    WINDOW w AS (PARTITION BY t.article_id ORDER BY t.at, t.id)
),
visits AS (
    SELECT r.article_id, r.from_state AS stage,
           CASE WHEN r.at_s - COALESCE(r.prev_s, {epoch_created}) > 0
                THEN r.at_s - COALESCE(r.prev_s, {epoch_created}) ELSE 0 END AS secs,
           r.at_s AS ended, NULL AS open_since
    FROM real_moves r JOIN articles a ON a.id = r.article_id
    UNION ALL
    SELECT article_id, to_state, 0, NULL, at_s FROM real_moves WHERE next_id IS NULL
)
INSERT INTO insight_stage_totals (article_id, stage, seconds, ended, open_since)
SELECT article_id, stage, SUM(secs),
       CASE WHEN MAX(open_since) IS NULL THEN MAX(ended) END, MAX(open_since)
FROM visits WHERE stage IN {stages}
GROUP BY article_id, stage
"""

# Each round's send, flags and clear: the moves cut into segments by the round-ending moves (a
# clear, or a return to draft or a spike not by a flag); a segment's first move into
# fact-check is its send, a flag after it a flag, the segment's clear its clear.
FACT_CHECK_EVENTS = """
WITH moves AS (
    SELECT t.article_id, t.actor_id, t.at, t.name,
           CASE WHEN t.to_state = 'fact_check' THEN 1 ELSE 0 END AS sent_to,
           CASE WHEN t.to_state <> 'fact_check' AND t.name = 'flag' THEN 1 ELSE 0 END AS flag,
           CASE WHEN t.to_state <> 'fact_check' AND (t.name = 'clear'
                     OR (t.to_state IN ('draft', 'spiked') AND t.name <> 'flag'))
                THEN 1 ELSE 0 END AS ending,
           ROW_NUMBER() OVER (PARTITION BY t.article_id ORDER BY t.at, t.id) AS rn
    FROM article_transitions t
    WHERE t.to_state IN ('fact_check', 'draft', 'spiked') OR t.name IN ('flag', 'clear')
),
segments AS (
    SELECT m.*, SUM(m.ending) OVER (PARTITION BY m.article_id ORDER BY m.rn
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - m.ending AS seg
    FROM moves m
),
marked AS (
    SELECT s.*,
           MIN(CASE WHEN s.sent_to = 1 THEN s.rn END) OVER p AS start_rn,
           MIN(CASE WHEN s.sent_to = 1 THEN s.at END) OVER p AS start_at,
           MAX(CASE WHEN s.flag = 1 THEN s.rn END) OVER p AS last_flag
    FROM segments s
    WINDOW p AS (PARTITION BY s.article_id, s.seg)
),
kinds AS (
    SELECT m.*, CASE WHEN m.rn = m.start_rn THEN 'send'
                     WHEN m.flag = 1 AND m.rn > m.start_rn THEN 'flag'
                     WHEN m.ending = 1 AND m.name = 'clear' THEN 'clear' END AS kind
    FROM marked m
    WHERE m.start_rn IS NOT NULL
)
INSERT INTO insight_fact_check_events (article_id, kind, actor_id, at, seconds, flagged)
SELECT article_id, kind, actor_id, at,
       CASE WHEN kind = 'clear' THEN {epoch_k_at} - {epoch_start} ELSE 0 END,
       CASE WHEN kind = 'clear' AND last_flag > start_rn THEN 1 ELSE 0 END
FROM kinds WHERE kind IS NOT NULL
"""


def _epoch(dialect: str, column: str) -> str:
    """SQL: the Unix second a stored (naive UTC) moment falls in, the same on both databases."""
    if dialect == "sqlite":
        return f"CAST(strftime('%s', {column}) AS INTEGER)"
    return f"CAST(floor(extract(epoch FROM {column})) AS BIGINT)"


def backfill(connection) -> None:
    """Fill the (empty) summary tables from every transition, in SQL."""
    name = connection.dialect.name
    connection.execute(
        sa.text(
            STAGE_TOTALS.format(
                epoch_at=_epoch(name, "t.at"),
                epoch_created=_epoch(name, "a.created_at"),
                stages=STAGES,
            )
        )
    )
    connection.execute(
        sa.text(
            FACT_CHECK_EVENTS.format(
                epoch_k_at=_epoch(name, "at"), epoch_start=_epoch(name, "start_at")
            )
        )
    )


def upgrade():
    op.create_table(
        "insight_stage_totals",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("seconds", sa.BigInteger(), nullable=False),
        sa.Column("ended", sa.BigInteger(), nullable=True),
        sa.Column("open_since", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_insight_stage_totals_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "stage", name=op.f("pk_insight_stage_totals")),
    )
    with op.batch_alter_table("insight_stage_totals", schema=None) as batch_op:
        batch_op.create_index("ix_insight_stage_totals_ended", ["ended"], unique=False)
        batch_op.create_index(
            "ix_insight_stage_totals_open",
            ["article_id"],
            unique=False,
            sqlite_where=sa.text("open_since IS NOT NULL"),
            postgresql_where=sa.text("open_since IS NOT NULL"),
        )
    op.create_table(
        "insight_fact_check_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("seconds", sa.BigInteger(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_insight_fact_check_events_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_fact_check_events")),
    )
    with op.batch_alter_table("insight_fact_check_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_insight_fact_check_events_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_insight_fact_check_events_at"), ["at"], unique=False)
    backfill(op.get_bind())
    # The period's stories on an index, not a walk over the archive: first published (stories
    # and translations published), created and moved (the candidates), corrections.
    with op.batch_alter_table("articles", schema=None) as batch_op:
        for column in ARTICLE_INDEXES:
            batch_op.create_index(f"ix_articles_{column}", [column], unique=False)
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index("ix_corrections_at", ["at"], unique=False)


def downgrade():
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index("ix_corrections_at")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        for column in ARTICLE_INDEXES:
            batch_op.drop_index(f"ix_articles_{column}")
    with op.batch_alter_table("insight_fact_check_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_insight_fact_check_events_at"))
        batch_op.drop_index(batch_op.f("ix_insight_fact_check_events_article_id"))
    op.drop_table("insight_fact_check_events")
    with op.batch_alter_table("insight_stage_totals", schema=None) as batch_op:
        batch_op.drop_index("ix_insight_stage_totals_open")
        batch_op.drop_index("ix_insight_stage_totals_ended")
    op.drop_table("insight_stage_totals")
