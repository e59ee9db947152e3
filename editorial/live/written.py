"""A new live post written past the session's unit of work (issue 28, bench:live8): one Core
INSERT on the session's connection (`rows_written.insert_as_read`), the post then the session's as
if read back. The post's answer no longer sets off a flush and every flush hook for one row; what
those hooks learnt from it is said by `service.create_post` otherwise (see `write_post`)."""

from __future__ import annotations

from sqlalchemy.orm.attributes import set_committed_value

from editorial.models import Image
from editorial.models.live import LivePost
from editorial.rows_written import insert_as_read


def write_post(post: LivePost, image: Image | None) -> None:
    """Write the new `post` with one Core INSERT on the session's connection, past the unit of
    work and its flush hooks (bench:live8), and make it the session's as if read back: the
    answer draws it with nothing read again. What those hooks learnt from a post's flush is
    said otherwise: the versions its story's rows move (`board_version`'s live desks',
    `insights.version`'s) by `moved`'s UPDATE of the story, always sent first; its event by
    `webhooks.post_went_out`; its text is cleaned as the mapper's hook cleans a row."""
    insert_as_read(post)
    set_committed_value(post, "image", image)
