"""An article's conditional UPDATE that reads its row back in the same statement.

A save or a transition claims the row with `UPDATE articles ... WHERE id = ? AND version = ?`
(or `AND state = ?`) and then needs the row as the database now holds it (the version it moved
to, the moment it wrote). `RETURNING` brings those columns back with the UPDATE itself, so the
claim no longer pays a second statement (`Session.refresh`'s SELECT) on every save and every
transition; SQLite (3.35 and later) and PostgreSQL both have it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Update, inspect
from sqlalchemy.orm.attributes import set_committed_value

from editorial.extensions import db
from editorial.models import Article

_MAPPER = inspect(Article)
# Each column attribute's key and its column, in one order: the RETURNING list and the row's.
_KEYS = [prop.key for prop in _MAPPER.column_attrs]
_COLUMNS = [prop.columns[0] for prop in _MAPPER.column_attrs]
_RELATIONSHIPS = [prop.key for prop in _MAPPER.relationships]


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
    state = inspect(article)
    if whole:
        held = [key for key in _RELATIONSHIPS if key in state.dict]
        if held:
            db.session.expire(article, held)
        article.remember_tag_names(None)
    for key, value in zip(_KEYS, row, strict=True):
        set_committed_value(article, key, value)
    _refreshed(state)
    return True


def _refreshed(state: Any) -> None:
    """Tell the article's refresh listeners (`models.article`: the translation's lag, the claims'
    tally) that its row was read again, as a refresh does."""
    state.manager.dispatch.refresh(state, None, _KEYS)
