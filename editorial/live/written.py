"""A new live post written past the session's unit of work (issue 28, bench:live8): one Core
INSERT on the session's connection, the post then the session's as if read back. The post's
answer no longer sets off a flush and every flush hook for one row; what those hooks learnt
from it is said by `service.create_post` otherwise (see `write_post`)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from editorial.extensions import db
from editorial.models import Image
from editorial.models.live import LivePost
from editorial.text import clean_text

# The new post's INSERT, built once: every column but its id, in the table's order.
_POSTS = cast(Table, LivePost.__table__)
_POST_COLUMNS = tuple(column.key for column in _POSTS.columns if column.key != "id")
_INSERT_POST = insert(_POSTS).returning(_POSTS.c.id)


def write_post(post: LivePost, image: Image | None) -> None:
    """Write the new `post` with one Core INSERT on the session's connection, past the unit of
    work and its flush hooks (bench:live8), and make it the session's as if read back: the
    answer draws it with nothing read again. What those hooks learnt from a post's flush is
    said otherwise: the versions its story's rows move (`board_version`'s live desks',
    `insights.version`'s) by `moved`'s UPDATE of the story, always sent first; its event by
    `webhooks.post_went_out`; its text is cleaned as the mapper's hook cleans a row
    (`database.clean_stored_text`)."""
    values = {key: getattr(post, key) for key in _POST_COLUMNS}
    for key, value in values.items():
        if type(value) is str:
            values[key] = clean_text(value)
    post.id = db.session.connection().execute(_INSERT_POST, values).scalar_one()
    make_transient_to_detached(post)
    db.session.add(post)
    set_committed_value(post, "image", image)
