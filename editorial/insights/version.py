"""Insights' version: a number that moves on with every committed write that changes what
/insights counts or names, and with no other (issue 28).

The page was kept under the desk's version (`board_version`) and the site's, which every
autosave, comment, claim's wording, checklist tick and published story's edit move on: each
drew the figures again, 0.3 s of CPU at 10,000 stories and 2.3 s at the 100,000 seed. What
the figures read (`queries`, `stage_sql`, `flow_sql`, `factcheck_sql`, `live_figures`,
`views.kept_page`):

- whole tables (`TABLES`): the transitions and duties' changes (and the summary the flush
  hook derives from them), corrections, planning deadlines, live stories, sections, the
  settings (zone and languages);
- some columns of others (`COLUMNS`): a story's state, times, section, language, people,
  family and source; a claim's story, verdict and check time (a claim added or removed
  changes the claims per story); a live post's story, publish time and deletion; a breaking
  headline's story and time; a person's name (the filter lists everyone); the bylines;
- a new revision (not a transition's) of a story a translation was made from: it makes that
  translation out of date (`queries.load`'s `stale`).

A row added or deleted in one of them moves it, as does an UPDATE statement setting one of
those columns (an UPDATE whose columns cannot be told moves it too). The number is row 4 of
`site_version` (`board_version.INSIGHTS_ROW`), moved in the writer's transaction as the desk's
is, and read with the desk's in one statement (`board_version.insights_version_this_request`).
A write past the ORM and its statements (a Core statement on a bare connection) is not seen:
none of the app's writes to these tables is made so but the summary's own rows, which follow
a transition or a duty's change that is.

The closed days' version (row 5, `CLOSED_ROW`) moves only when a write changes what the time
in stage figures count for a day before today (`closed_days` keeps those per day): the summary
says so when a story's finished stages ending before today's start changed (`summary`
compares them around its refresh: a story re-entering a stage it left on an earlier day, a
backdated or deleted transition, a story's section, language or people changed); and this
module when a story is deleted (its rows go by cascade) or its byline or translator changes
(the draft's person and the person filter read them as they are now).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, exists, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from editorial.board_version import CLOSED_CHANGED, INSIGHTS_CHANGED
from editorial.models import Article
from editorial.models.families import NOT_A_CHANGE
from editorial.models.history import ArticleRevision

TABLES = frozenset(
    {
        "article_transitions",
        "article_assignments",
        "article_authors",
        "insight_stage_totals",
        "insight_fact_check_events",
        "corrections",
        "article_deadlines",
        "live_stories",
        "sections",
        "site_settings",
    }
)
COLUMNS: dict[str, frozenset[str]] = {
    "articles": frozenset(
        {
            "id",
            "state",
            "created_at",
            "state_changed_at",
            "first_published_at",
            "section_id",
            "language",
            "editor_id",
            "fact_checker_id",
            "translator_id",
            "family_id",
            "source_revision_id",
            # The stored "out of date" mark main's stale-mark branch adds (migration 0049): the
            # figure reads it once merged; named here so its changes move the version then.
            "source_changed",
            "authors",  # the relationship: a byline changed writes `article_authors`
        }
    ),
    "claims": frozenset({"article_id", "verdict", "checked_at"}),
    "live_posts": frozenset({"article_id", "published_at", "deleted_at"}),
    "breaking_headlines": frozenset({"article_id", "created_at"}),
    "users": frozenset({"display_name"}),
    "article_revisions": frozenset({"article_id", "reason"}),
}
# Session.info: this transaction wrote what insights counts, and changed a closed day's stage
# figures; `board_version` moves the rows at the commit, with the desk's, in the rows' order.
_CHANGED = INSIGHTS_CHANGED
_CLOSED = CLOSED_CHANGED
# What changes closed days past the summary: a story's byline or translator (read as they are).
_CLOSED_COLUMNS = frozenset({"authors", "translator_id"})


def note_closed_changed(session: Session) -> None:
    """Say that this transaction changed a figure of a day before today (`closed_days`), so
    the closed days' version moves on at its commit."""
    session.info[_CLOSED] = True
    session.info[_CHANGED] = True


def _table_of(instance: Any) -> str | None:
    return getattr(getattr(type(instance), "__table__", None), "name", None)


def _changed_columns(instance: Any, names: frozenset[str]) -> bool:
    attrs = inspect(instance).attrs
    return any(name in attrs and attrs[name].history.has_changes() for name in names)


def _revision_counts(session: Session, revision: ArticleRevision) -> bool:
    """Whether a new revision makes a translation out of date: not a transition's, of a story
    some translation was made from (one indexed read; a story with none is most of them)."""
    if revision.reason in NOT_A_CHANGE:
        return False
    made_from = ArticleRevision.__table__.alias("made_from")
    translation = (
        select(Article.id)
        .join(made_from, made_from.c.id == Article.source_revision_id)
        .where(Article.source_revision_id > 0, made_from.c.article_id == revision.article_id)
    )
    return bool(session.connection().execute(select(exists(translation))).scalar())


def _counts(session: Session, instance: Any, new: bool, deleted: bool) -> bool:
    """Whether writing `instance` (added, deleted or changed) changes what insights shows."""
    name = _table_of(instance)
    if name in TABLES:
        return True
    columns = COLUMNS.get(name or "")
    if columns is None:
        return False
    if isinstance(instance, ArticleRevision):
        if new:
            return _revision_counts(session, instance)
        return deleted or _changed_columns(instance, columns)
    if name == "breaking_headlines" and (new or deleted):
        return getattr(instance, "article_id", None) is not None
    return new or deleted or _changed_columns(instance, columns)


def _closes(instance: Any, deleted: bool) -> bool:
    """Whether writing `instance` changes a closed day's stage figures past the summary."""
    if not isinstance(instance, Article):
        return False
    return deleted or _changed_columns(instance, _CLOSED_COLUMNS)


def _note_flush(session: Session, _context: Any) -> None:
    if not session.info.get(_CLOSED) and any(
        _closes(instance, instance in session.deleted)
        for instance in (*session.deleted, *session.dirty)
    ):
        note_closed_changed(session)
    if session.info.get(_CHANGED):
        return
    for group, new, deleted in (
        (session.new, True, False),
        (session.deleted, False, True),
        (session.dirty, False, False),
    ):
        if any(_counts(session, instance, new, deleted) for instance in group):
            session.info[_CHANGED] = True
            return


def _set_columns(statement: Any) -> set[str] | None:
    """The columns an UPDATE statement sets (None: it cannot be told, e.g. a bulk update by
    primary key whose values come with the parameters)."""
    values = getattr(statement, "_values", None) or dict(
        getattr(statement, "_ordered_values", None) or ()
    )
    if not values:
        return None
    return {str(getattr(key, "key", key)) for key in values}


def _note_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    name = getattr(getattr(state.statement, "table", None), "name", None)
    if name in TABLES:
        state.session.info[_CHANGED] = True
    elif name in COLUMNS:
        columns = _set_columns(state.statement) if state.is_update else None
        if columns is None or columns & COLUMNS[name]:
            state.session.info[_CHANGED] = True
    if _closes_by_statement(state, name):
        note_closed_changed(state.session)


def _closes_by_statement(state: ORMExecuteState, name: str | None) -> bool:
    """Whether a statement changes a closed day's stage figures past the summary: a story or
    a summary row deleted, a byline added or removed, a translator set (a story's section,
    language and people set by a statement come with a duty's change the summary follows)."""
    if name == "articles":
        if state.is_delete:
            return True
        columns = _set_columns(state.statement) if state.is_update else set()
        return columns is None or "translator_id" in columns
    if name == "article_authors":
        return not state.is_update  # an update is the byline's order
    return name == "insight_stage_totals"


def _flush_before_commit(session: Session) -> None:
    """Flush what is still pending before the commit's listeners run: the summary learns
    whether a closed day changed only in its flush hook, which the commit's own flush would run
    after `board_version` has moved the rows."""
    if session.new or session.dirty or session.deleted:
        session.flush()


def init_insights_version() -> None:
    """Follow every session's writes (once per process: the events are the Session class's).
    `board_version` moves the rows at the commit and forgets the marks when it ends."""
    if event.contains(Session, "before_commit", _flush_before_commit):
        return
    event.listen(Session, "after_flush", _note_flush)
    event.listen(Session, "do_orm_execute", _note_statement)
    event.listen(Session, "before_commit", _flush_before_commit)
