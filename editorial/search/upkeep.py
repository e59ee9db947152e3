"""Keeping the search index current: a flush hook for every change to an article's text, and the
rebuilds (`reindex_all` for the whole table, `index_tagged` after a tag's rename or merge).

A tag's rename or merge re-indexes its stories in a background job queued after the commit
(`reindex_tagged_later`): a tag on thousands of stories took the request about 0.2 s a thousand
on SQLite; now the request answers at once and the stories' documents follow within moments (the
job is idempotent: it writes what the rows hold when it runs, so running it twice is harmless).

What the index holds and how it is written are `search.index`'s (`document`, `write`); this module
decides when.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, column, event, inspect, select, table, text
from sqlalchemy.orm import Session, selectinload

from editorial import jobs, page_cache
from editorial.board_version import note_written
from editorial.extensions import db
from editorial.models import Article, Tag
from editorial.search.documents import (
    DELETE,
    Document,
    create_index,
    document,
    drop_index,
    write,
)
from editorial.text import html_text, search_fold


def index_article(article: Article) -> None:
    """Bring the index up to date with `article`, in the caller's transaction.

    Flushes already do this for every change to an article's text (`init_search_index`); this is
    for a caller that changed what the index holds some other way (a tag renamed in bulk).
    """
    db.session.flush()
    write(db.session.connection(), [document(article)])


def index_moved() -> None:
    """The index was written past an article's flush (a rebuild, a tag's stories): the site's
    and the desk's versions move on with this transaction, so no kept search (`search.kept`)
    outlives it."""
    page_cache.bump_site_version()
    note_written()


def index_tagged(tag_id: int, batch: int = 200) -> int:
    """Re-index every article tagged `tag_id` (a tag renamed, or another merged into it): the
    tag's words are in each story's document, and those writes bypass the article's flush."""
    db.session.flush()
    index_moved()
    ids = list(db.session.scalars(select(Article.id).where(Article.tags.any(Tag.id == tag_id))))
    count = 0
    for start in range(0, len(ids), batch):
        chunk = select(Article).where(Article.id.in_(ids[start : start + batch]))
        articles = db.session.scalars(chunk.options(selectinload(Article.tags))).all()
        count += write(db.session.connection(), [document(a) for a in articles])
    return count


@jobs.job("search.reindex_tagged", retries=3, retry_delay=30)
def reindex_tagged_job(tag_id: int) -> int:
    """The job: re-index every story tagged `tag_id`, as it is when the job runs."""
    return index_tagged(tag_id)


def reindex_tagged_later(tag_id: int) -> None:
    """Re-index the stories tagged `tag_id` in a job, once the current transaction commits."""
    jobs.after_commit(reindex_tagged_job, tag_id)


def remove(article_id: int) -> None:
    """Take the article `article_id` out of the index."""
    connection = db.session.connection()
    connection.execute(text(DELETE[connection.dialect.name]), {"id": article_id})


def reindex_all(connection: Connection, batch: int = 500) -> int:
    """Rebuild the whole index from the articles table on `connection`; how many were indexed.

    Core SQL only, so the migration can run it without the ORM's models being current.
    """
    connection.execute(text("DELETE FROM article_search"))
    articles = table(
        "articles",
        column("id"),
        column("headline"),
        column("summary"),
        column("body_html"),
        column("language"),
    )
    tags = table("tags", column("id"), column("name"))
    links = table("article_tags", column("article_id"), column("tag_id"))
    done = 0
    last = 0
    # A restore or the benchmark's seed repeats bodies; reading HTML and folding the text were
    # most of a rebuild's time in Python (folding the bodies: 3 s of CPU at 100,000 stories).
    body_text = lru_cache(maxsize=64)(html_text)
    body_fold = lru_cache(maxsize=64)(search_fold)
    while True:
        rows = connection.execute(
            select(articles).where(articles.c.id > last).order_by(articles.c.id).limit(batch)
        ).all()
        if not rows:
            if connection.dialect.name == "postgresql":
                # A bulk fill leaves GIN's pending list long, and the planner then prefers a
                # sequential scan (60 ms at 10,000 stories, against 0.1 ms through the index).
                # (None to clean while a bulk load has dropped the index to build it after.)
                connection.execute(
                    text("SELECT gin_clean_pending_list(to_regclass('ix_article_search_document'))")
                )
                # The join's other side too: after a bulk load (a restore, the benchmark's
                # seeding) articles has no statistics yet, and the public search then walked
                # every story by its publish time (270 ms) instead of joining the matches (20 ms).
                connection.execute(text("ANALYZE article_search, articles"))
            return done
        ids = [row.id for row in rows]
        names: dict[int, list[str]] = {}
        for article_id, name in connection.execute(
            select(links.c.article_id, tags.c.name)
            .join(tags, tags.c.id == links.c.tag_id)
            .where(links.c.article_id.in_(ids))
            .order_by(tags.c.name)
        ):
            names.setdefault(article_id, []).append(name)
        done += write(
            connection,
            (
                Document(
                    row.id,
                    row.headline or "",
                    row.summary or "",
                    body_text(row.body_html or ""),
                    " ".join(names.get(row.id, [])),
                    row.language or "",
                )
                for row in rows
            ),
            body_fold,
        )
        last = ids[-1]


# -- Keeping it current --------------------------------------------------------------------------

_TEXT = ("headline", "summary", "body_html", "tags", "language")


def _text_changed(article: Article) -> bool:
    state = inspect(article)
    return any(state.attrs[name].history.has_changes() for name in _TEXT)


def _after_flush(session: Session, _context: Any) -> None:
    """Index what this flush wrote: every writer is covered, signal or not (CLI, demo, imports)."""
    changed = [
        obj
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, Article) and _text_changed(obj)
    ]
    gone = [obj.id for obj in session.deleted if isinstance(obj, Article)]
    if not (changed or gone):
        return
    connection = session.connection()
    if gone:
        connection.execute(text(DELETE[connection.dialect.name]), [{"id": i} for i in gone])
    write(connection, [document(article) for article in changed])


def index_written(session: Session, articles: list[Article]) -> None:
    """Index stories whose text a statement wrote past the unit of work (a save's claim writes
    its row's content itself): what `_after_flush` does for a flushed one."""
    write(session.connection(), [document(article) for article in articles])


def _create(_target: Any, connection: Connection, **_: Any) -> None:
    create_index(connection)


def _drop(_target: Any, connection: Connection, **_: Any) -> None:
    drop_index(connection)


def init_search_index() -> None:
    """Index every flushed change to an article's text; `create_all`/`drop_all` make the table.

    A flush hook rather than the `article_saved` signal alone: saves, corrections and revision
    restores send that signal, but the demo loader, the CLI and the test factories write
    articles directly, and the index must follow them too. Transitions change no text (who may
    see a story is decided at query time), so they need no write here.
    """
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    if not event.contains(db.metadata, "after_create", _create):
        event.listen(db.metadata, "after_create", _create)
        event.listen(db.metadata, "before_drop", _drop)
