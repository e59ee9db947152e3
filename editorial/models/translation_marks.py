"""Keeps each translation's stored "out of date" mark (`Article.source_changed`) at every flush.

The rule is `models.families.stale_rule`: the source has a revision newer than the one the
translation was made from (or marked up to date with) that changed its text. Two writes change
its answer, and this hook follows both through the ORM, whoever writes them (a save, an autosave,
a correction, a restore, "Mark up to date", the demo, a test's factory):

- a revision of a source that changed its text (any reason but a transition's copy) is inserted:
  every translation made from an older revision of that source is marked (a new revision's id is
  larger than any kept before it);
- a translation's `source_revision_id` is set or changes: its mark is worked out again by the
  rule (cleared when it was brought up to date with the source's newest revision).

The marks are set on the translations' objects before the flush writes them, so they are written
with it, in the writer's transaction: the desk's version (`board_version`), which every kept
staff page and the queue count are keyed on, moves with the same commit, and the objects in the
session say what the rows say. Rows written past the ORM (`bench.seed`'s bulk inserts) are
marked by `refresh_marks`, as migration 0049 backfilled them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, false, inspect, select, true, update
from sqlalchemy.orm import Session, aliased

from editorial.models.article import Article
from editorial.models.families import NOT_A_CHANGE, stale_rule
from editorial.models.history import ArticleRevision


def _source_moved(article: Article) -> bool:
    """Whether this flush sets or changes the article's `source_revision_id`."""
    return bool(inspect(article).attrs.source_revision_id.history.has_changes())


def _set(article: Article, stale: bool) -> None:
    if bool(article.source_changed) != stale:
        article.source_changed = stale
        article.forget_source_lag()


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Mark or clear the translations this flush changes the rule's answer for (see above): one
    read of the moved translations' revisions, one of a changed source's unmarked translations;
    none when the flush holds neither."""
    changed_sources = {
        obj.article_id
        for obj in session.new
        if isinstance(obj, ArticleRevision)
        and obj.article_id is not None
        and (obj.reason or "saved") not in NOT_A_CHANGE
    }
    moved = [
        obj
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, Article) and _source_moved(obj)
    ]
    if moved:
        made_from = aliased(ArticleRevision)
        wanted = {a.source_revision_id for a in moved if a.source_revision_id is not None}
        known = (
            {
                row.id: (row.article_id, bool(row.stale))
                for row in session.execute(
                    select(
                        made_from.id, made_from.article_id, stale_rule(made_from.id).label("stale")
                    ).where(made_from.id.in_(wanted))
                )
            }
            if wanted
            else {}
        )
        for article in moved:
            source, stale = known.get(article.source_revision_id or 0, (None, False))
            # A change of the source kept in this same flush is newer than what it was made from.
            _set(article, stale or (source is not None and source in changed_sources))
    if changed_sources:
        made_from = aliased(ArticleRevision)
        skip = {id(article) for article in moved}
        for translation in session.scalars(
            select(Article)
            .join(made_from, made_from.id == Article.source_revision_id)
            .where(made_from.article_id.in_(changed_sources), Article.source_changed == false())
        ):
            if id(translation) not in skip:
                _set(translation, True)


def refresh_marks(connection: Connection) -> int:
    """Set every article's mark by the rule (after inserts past the ORM, as `bench.seed` makes;
    a repair); how many marks changed."""
    stale = Article.source_revision_id.is_not(None) & stale_rule(Article.source_revision_id)
    marked = connection.execute(
        update(Article)
        .where(Article.source_changed == false(), stale)
        .values(source_changed=true())
    )
    cleared = connection.execute(
        update(Article)
        .where(Article.source_changed == true(), ~stale)
        .values(source_changed=false())
    )
    return (marked.rowcount or 0) + (cleared.rowcount or 0)


def init_translation_marks() -> None:
    """Keep the marks at every flush (once per process: the event is the Session class's)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
