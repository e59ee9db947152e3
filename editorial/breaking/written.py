"""A new breaking headline written past the session's unit of work (issue 28, bench:live8): one
Core INSERT on the session's connection, the headline then the session's as if read back. The
desk's post no longer sets off a flush and every flush hook for one row; what those hooks learnt
from it is said here (the versions) and by `service.create` (its event, its audit row)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from editorial import page_cache
from editorial.board_version import INSIGHTS_CHANGED, note_written
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, User
from editorial.text import clean_text

# The new headline's INSERT, built once: every column but its id, in the table's order.
_HEADLINES = cast(Table, BreakingHeadline.__table__)
_COLUMNS = tuple(column.key for column in _HEADLINES.columns if column.key != "id")
_INSERT = insert(_HEADLINES).returning(_HEADLINES.c.id)


def write_headline(headline: BreakingHeadline, article: Article | None, actor: User) -> None:
    """Write the new `headline` (every column set, its version 1) with one INSERT and make it
    the session's as if read back, its story and people with it. What the flush hooks learnt
    from a new headline: the desk's version moves at the commit (`board_version.note_written`),
    insights' when it links a story (`insights.version` counts a new headline only then), and
    the site's (the ticker is on every page: once a transaction, as the write request's commit
    would); its text is cleaned as the mapper's hook cleans a row (`database.clean_stored_text`).
    """
    values = {key: getattr(headline, key) for key in _COLUMNS}
    for key, value in values.items():
        if type(value) is str:
            values[key] = clean_text(value)
    headline.id = db.session.connection().execute(_INSERT, values).scalar_one()
    make_transient_to_detached(headline)
    db.session.add(headline)
    set_committed_value(headline, "article", article)
    set_committed_value(headline, "created_by", actor)
    set_committed_value(headline, "updated_by", actor)
    note_written()
    if headline.article_id is not None:
        db.session().info[INSIGHTS_CHANGED] = True
    page_cache.bump_site_version()
