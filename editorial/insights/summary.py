"""The insights' summary, kept current: each story's finished time per stage and its fact-check
rounds' sends, flags and clears, worked out from its transitions whenever they change.

`recompute` is the definition, in Python, over one story's transitions: the same as
`stage_sql`'s and `factcheck_sql`'s SQL had (their docstrings), in whole Unix seconds; a
finished edit, ready or fact-check stage also keeps who held its duty when it ended (`holder`,
from the story's assignment history). Each stage row also keeps its story's section, language,
editor and fact-checker (`STORY_COLUMNS`), so a period's figures read no story row. A flush hook
(`init_summary`) refreshes the summary of every story whose transitions or assignment changes a
flush inserted, changed or deleted, or whose creation time or kept columns it changed, in the
same transaction, whoever wrote them (the transition service, the demo, the tests' factories);
a column changed by an UPDATE past the ORM is followed because every such write in the app
records its change (an assignment, a transition); a story deleted takes its rows with it
(`ON DELETE CASCADE`).
Rows inserted in bulk past the ORM (`bench.seed`) are summarised by `rebuild`, which
`flask insights-rebuild` also runs (a repair: safe while the app serves; it moves the closed
days' version). A refresh compares the stories' stage rows ending before today's start around
it: when they changed, the closed days' version moves (`version.note_closed_changed`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Table,
    delete,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Session

from editorial import clock, newsroom, workflow
from editorial.insights.figures import STAGES
from editorial.insights.summary_read import STAGE_KEYS, STORY_COLUMNS, Change, Kept, Move
from editorial.insights.summary_read import histories as read_histories
from editorial.insights.summary_sync import sync
from editorial.insights.summary_write import write_rows
from editorial.insights.version import note_closed_changed
from editorial.models import Article, ArticleAssignment, ArticleTransition
from editorial.models.insight_summary import InsightFactCheckEvent, InsightStageTotal

ENDING_STATES = (workflow.DRAFT, workflow.SPIKED)
# Whose duty a finished stage was, for the figures by person (draft is the bylines').
DUTIES = {"edit": "editor", "ready": "editor", "fact_check": "fact_checker"}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def holder(
    changes: Sequence[Change], duty: str, ended: int, dialect: str
) -> tuple[int, int | None]:
    """Who held `duty` just before the second `ended` (`stage_sql`'s rule), from the story's
    changes in order (`at`, then id): the last change before it names who held it after; with
    none before, the first change after names who held it before. (1, who), or (0, None) when
    the duty never changed (the story's current person counts, read with the figures)."""
    of_duty = [c for c in changes if c.duty == duty]
    earlier = [c for c in of_duty if _second(c.at, dialect) < ended]
    if earlier:
        return 1, earlier[-1].after_id
    if of_duty:
        return 1, of_duty[0].before_id
    return 0, None


def _second(moment: datetime, dialect: str) -> int:
    """The Unix second `moment` falls in, as the database's `stage_sql.epoch` finds it: SQLite
    rounds a time to the millisecond first (its `strftime('%s')`), PostgreSQL does not."""
    utc = clock.as_utc(moment)
    # The whole seconds since the epoch (`calendar.timegm` of its `timetuple`, without building
    # the tuple: a rebuild at 100,000 stories asks this 660,000 times).
    since = utc - _EPOCH
    whole = since.days * 86400 + since.seconds
    if dialect == "sqlite":
        return (whole * 1000 + (utc.microsecond + 500) // 1000) // 1000
    return whole


def stage_rows(
    article_id: int,
    created_at: datetime,
    moves: Sequence[Move],
    dialect: str,
    changes: Sequence[Change] = (),
) -> list[dict[str, Any]]:
    """The story's `insight_stage_totals` rows, from its moves in order (`at`, then id), each
    finished stage with who held its duty when it ended (`holder`, from `changes`)."""
    totals: dict[str, int] = {}
    ended: dict[str, int] = {}
    since, last = _second(created_at, dialect), None
    for move in moves:
        if move.from_state == move.to_state:
            continue  # a reschedule: no change of stage
        at = _second(move.at, dialect)
        stage = move.from_state
        totals[stage] = totals.get(stage, 0) + max(at - since, 0)
        ended[stage] = at
        since, last = at, move
    rows = {
        stage: {
            "article_id": article_id,
            "stage": stage,
            "seconds": totals[stage],
            "ended": ended[stage],
            "open_since": None,
            "held": 0,
            "holder_id": None,
        }
        for stage in totals
        if stage in STAGES
    }
    if last is not None and last.to_state in STAGES:
        row = rows.setdefault(
            last.to_state,
            {"article_id": article_id, "stage": last.to_state, "seconds": 0, "held": 0},
        )
        row["open_since"], row["ended"], row["holder_id"] = since, None, None
    for stage, row in rows.items():
        duty, end = DUTIES.get(stage), row["ended"]
        if duty and isinstance(end, int):
            row["held"], row["holder_id"] = holder(changes, duty, end, dialect)
    return list(rows.values())


def fact_check_rows(article_id: int, moves: Sequence[Move], dialect: str) -> list[dict[str, Any]]:
    """The story's `insight_fact_check_events` rows, from its moves in order (`at`, then id):
    a round begins at a move into fact-check when none is open (a send); a flag while one is
    open is a flag; a clear ends it (its seconds since the send, whether it was flagged); a
    return to draft or a spike (not by a flag) ends it without a clear."""
    rows: list[dict[str, Any]] = []
    began: Move | None = None
    flagged = False
    for move in moves:
        into = move.to_state == workflow.FACT_CHECK
        is_flag = not into and move.name == "flag"
        ends = not into and (
            move.name == "clear" or (move.to_state in ENDING_STATES and move.name != "flag")
        )
        kind = None
        if into and began is None:
            began, flagged, kind = move, False, "send"
        elif is_flag and began is not None:
            flagged, kind = True, "flag"
        elif ends and move.name == "clear" and began is not None:
            kind = "clear"
        if kind and began is not None:
            clear = kind == "clear"
            rows.append(
                {
                    "article_id": article_id,
                    "kind": kind,
                    "actor_id": move.actor_id,
                    "at": move.at,
                    "seconds": _second(move.at, dialect) - _second(began.at, dialect)
                    if clear
                    else 0,
                    "flagged": int(flagged and clear),
                }
            )
        if ends:
            began, flagged = None, False
    return rows


def recompute(
    article_id: int,
    created_at: datetime,
    moves: Sequence[Move],
    dialect: str,
    changes: Sequence[Change] = (),
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A story's summary rows (stage totals, fact-check events) worked out from its moves (and
    its duties' `changes`), its seconds as `dialect`'s database counts them."""
    return (
        stage_rows(article_id, created_at, moves, dialect, changes),
        fact_check_rows(article_id, moves, dialect),
    )


_STAGE_TABLE = cast(Table, InsightStageTotal.__table__)
_CHECK_TABLE = cast(Table, InsightFactCheckEvent.__table__)


def refresh(
    connection: Connection,
    ids: Iterable[int] | None = None,
    chunk: int = 2000,
    written: list[dict[str, Any]] | None = None,
    removed: list[tuple[Any, ...]] | None = None,
) -> int:
    """Bring the summary of the stories `ids` (every story: None) up to date with their
    transitions; returns how many stories have a history. Named stories' rows are changed in
    place, only where they differ (`summary_sync`); every story's are deleted and inserted
    again. `written` gets the stage rows the stories now have, `removed` (with `ids`) the stage
    rows they had (`_STAGE_COLUMNS`)."""
    if ids is None:
        connection.execute(delete(InsightStageTotal))
        connection.execute(delete(InsightFactCheckEvent))
        wanted = list(connection.scalars(select(Article.id).order_by(Article.id)))
    else:
        wanted = sorted(set(ids))
    count = 0
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        stages: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
        kept = Kept({}, defaultdict(list))
        histories, changes = read_histories(connection, part, between=ids is None, kept=kept)
        for article_id, created, moves, columns in histories:
            count += 1
            found_stages, found_checks = recompute(
                article_id, created, moves, connection.dialect.name, changes.get(article_id, ())
            )
            stages += [{**row, **columns} for row in found_stages]
            checks += found_checks
        if ids is None:
            write_rows(connection, _STAGE_TABLE, stages)
            write_rows(connection, _CHECK_TABLE, checks)
        else:
            sync(connection, kept, stages, checks)
            if removed is not None:
                removed += [_without_open(row) for row in kept.stages.values()]
        if written is not None:
            written += stages
    return count


def rebuild(connection: Connection) -> int:
    """Rewrite the whole summary from every story's transitions (after bulk inserts; a repair)."""
    return refresh(connection, None)


def _story_changed(article: Article) -> bool:
    """Whether this flush changed the story's creation time or a column its rows keep."""
    state = inspect(article).attrs
    return any(state[name].history.has_changes() for name in ("created_at", *STORY_COLUMNS))


def _after_flush(session: Session, _context: Any) -> None:
    """Refresh the summary of every story whose transitions, duties' changes (who held a
    finished stage), creation time or kept columns (`STORY_COLUMNS`) this flush wrote."""
    ids = {
        obj.article_id
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, (ArticleTransition, ArticleAssignment)) and obj.article_id is not None
    }
    ids |= {obj.id for obj in session.dirty if isinstance(obj, Article) and _story_changed(obj)}
    if ids:
        refresh_written(session, ids)


def refresh_written(session: Session, ids: set[int]) -> None:
    """Refresh the summary of the stories `ids` whose rows this transaction wrote, and say when
    that changed a closed day: what `_after_flush` does for a flush, for a writer that writes
    its rows past the unit of work (a transition: `articles.transitions.written`)."""
    connection = session.connection()
    before = _today_start()
    written: list[dict[str, Any]] = []
    removed: list[tuple[Any, ...]] = []
    refresh(connection, ids, written=written, removed=removed)
    if _closed(written, before) != _closed_removed(removed, before):
        note_closed_changed(session)


_STAGE_COLUMNS = [c for c in _STAGE_TABLE.c if c.key != "open_since"]
_STAGE_KEYS = [column.key for column in _STAGE_COLUMNS]
_ENDED = _STAGE_KEYS.index("ended")
_OPEN = STAGE_KEYS.index("open_since")


def _without_open(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A kept stage row (`STAGE_KEYS`) as `_STAGE_COLUMNS`: its values but `open_since`."""
    return row[:_OPEN] + row[_OPEN + 1 :]


def _closed_removed(rows: list[tuple[Any, ...]], before: int) -> set[tuple[Any, ...]]:
    """The deleted stage rows (`_STAGE_COLUMNS`) that ended before the second `before`
    (today's start): what the kept closed days (`closed_days`) counted of them."""
    return {row for row in rows if row[_ENDED] is not None and row[_ENDED] < before}


def _closed(rows: list[dict[str, Any]], before: int) -> set[tuple[Any, ...]]:
    """`_closed_removed` of the stage rows as `refresh` inserted them: the same values, compared
    without reading them back (one statement fewer in every transition's flush)."""
    return {
        tuple(row[key] for key in _STAGE_KEYS)
        for row in rows
        if row["ended"] is not None and row["ended"] < before
    }


def _today_start() -> int:
    """Today's start in the newsroom's zone, as a Unix second (a closed day ends by it); now,
    if the zone cannot be read here (no app: a closed day's change is then over-reported)."""
    now = clock.now()
    try:
        zone = newsroom.zone()
    except RuntimeError:
        return int(clock.as_utc(now).timestamp())
    midnight = datetime.combine(clock.to_local(now, zone).date(), time())
    return int(clock.from_local(midnight, zone).timestamp())


def init_summary() -> None:
    """Keep the summary current on every flush (once per process)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def stories_by_id(rows: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Rows grouped by story (the tests compare a story's rows with its recomputation)."""
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["article_id"]].append(row)
    return grouped
