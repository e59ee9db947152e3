"""An article's conditional UPDATE that reads its row back in the same statement.

A save or a transition claims the row with `UPDATE articles ... WHERE id = ? AND version = ?`
(or `AND state = ?`) and then needs the row as the database now holds it (the version it moved
to, the moment it wrote). `RETURNING` brings those columns back with the UPDATE itself, so the
claim no longer pays a second statement (`Session.refresh`'s SELECT) on every save and every
transition; SQLite (3.35 and later) and PostgreSQL both have it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, Update, bindparam, inspect, update
from sqlalchemy.orm.attributes import set_committed_value

from editorial.extensions import db
from editorial.models import Article

_MAPPER = inspect(Article)
# Each column attribute's key and its column, in one order: the RETURNING list and the row's.
_KEYS = [prop.key for prop in _MAPPER.column_attrs]
_COLUMNS = [prop.columns[0] for prop in _MAPPER.column_attrs]
_RELATIONSHIPS = [prop.key for prop in _MAPPER.relationships]


# A save's claim, built once (every save and autosave sends it): the next version, if the row is
# still at the version the save read. A statement of the table, not of the mapped class: the
# session runs it without the ORM's bulk UPDATE (its compile state and execution, ~0.18 ms of
# an autosave on SQLite and PostgreSQL alike, bench:autosave11), and its `do_orm_execute`
# listeners still see an UPDATE of `articles` and the columns it sets, and what is pending is
# flushed first as before (the session autoflushes before a Core statement too, SQLAlchemy #9809).
_TABLE = cast(Table, _MAPPER.local_table)
_SAVE_CLAIM = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("claim_id"), _TABLE.c.version == bindparam("claim_version"))
    .values(
        version=_TABLE.c.version + 1,
        updated_at=bindparam("claim_at", type_=_TABLE.c.updated_at.type),
    )
    .returning(*_COLUMNS)
)


# The claim writing content columns too, one statement per set of columns (built on first use).
_CONTENT_CLAIMS: dict[tuple[str, ...], Any] = {}


def _content_claim(keys: tuple[str, ...]) -> Any:
    statement = _CONTENT_CLAIMS.get(keys)
    if statement is None:
        columns = {key: bindparam(f"claim_{key}", type_=_TABLE.c[key].type) for key in keys}
        statement = _CONTENT_CLAIMS[keys] = _SAVE_CLAIM.values(**columns)
    return statement


def claim_version(
    article: Article, from_version: int, at: datetime, content: dict[str, Any] | None = None
) -> bool:
    """A save's claim: `article`'s row moved from `from_version` to the next, stamped `at`, and
    read back onto `article` (as `claim_row`); False when someone saved first.

    `content`: column values the same UPDATE writes (a save whose changes are all plain columns:
    the row is written once, and the ORM's unit of work has nothing of the article to flush)."""
    params = {"claim_id": article.id, "claim_version": from_version, "claim_at": at}
    statement: Any = _SAVE_CLAIM
    if content:
        keys = tuple(sorted(content))
        statement = _content_claim(keys)
        params.update({f"claim_{key}": content[key] for key in keys})
    row = db.session.execute(statement, params).first()
    if row is None:
        return False
    _put(article, row)
    return True


def claim_row(statement: Update, article: Article, *, whole: bool = False) -> bool:
    """Run `statement` (a conditional UPDATE of `article`'s row) and say whether it changed it.

    When it did, the row's columns as the UPDATE left them are put on `article`, as
    `Session.refresh(article, <its columns>)` would read them (the object's refresh event too);
    `whole` also forgets the relationships it holds, as `Session.refresh(article)` does, so each
    is read again when asked. When it did not, `article` is left as it was.
    """
    row = db.session.execute(statement.returning(*_COLUMNS)).first()
    if row is None:
        return False
    if whole:
        held = [key for key in _RELATIONSHIPS if key in inspect(article).dict]
        if held:
            db.session.expire(article, held)
        article.remember_tag_names(None)
    _put(article, row)
    return True


def _put(article: Article, row: Any) -> None:
    """The row's columns on `article`, as a refresh leaves them."""
    for key, value in zip(_KEYS, row, strict=True):
        set_committed_value(article, key, value)
    _refreshed(inspect(article))


def _refreshed(state: Any) -> None:
    """Tell the article's refresh listeners (`models.article`: the translation's lag, the claims'
    tally) that its row was read again, as a refresh does."""
    state.manager.dispatch.refresh(state, None, _KEYS)
