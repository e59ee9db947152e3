"""A new breaking headline written past the session's unit of work (issue 28, bench:live8): one
Core INSERT on the session's connection (`rows_written.insert_as_read`), the headline then the
session's as if read back. The desk's post no longer sets off a flush and every flush hook for
one row; what those hooks learnt from it is said here (the versions) and by `service.create`
(its event, its audit row)."""

from __future__ import annotations

from sqlalchemy.orm.attributes import set_committed_value

from editorial import page_cache
from editorial.board_version import INSIGHTS_CHANGED, note_written
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, User
from editorial.rows_written import insert_as_read


def write_headline(headline: BreakingHeadline, article: Article | None, actor: User) -> None:
    """Write the new `headline` (every column set, its version 1) with one INSERT and make it
    the session's as if read back, its story and people with it. What the flush hooks learnt
    from a new headline: the desk's version moves at the commit (`board_version.note_written`),
    insights' when it links a story (`insights.version` counts a new headline only then), and
    the site's (the ticker is on every page: once a transaction, as the write request's commit
    would); its text is cleaned as the mapper's hook cleans a row (`database.clean_stored_text`).
    """
    insert_as_read(headline)
    set_committed_value(headline, "article", article)
    set_committed_value(headline, "created_by", actor)
    set_committed_value(headline, "updated_by", actor)
    note_written()
    if headline.article_id is not None:
        db.session().info[INSIGHTS_CHANGED] = True
    page_cache.bump_site_version()
