"""The comment box: its rules are the service's (`articles.comments.service.checked_body`)."""

from __future__ import annotations

from wtforms import HiddenField, TextAreaField

from editorial.forms import Form


class CommentForm(Form):
    """A new comment, a reply (`parent_id`) or an edit. Length and emptiness are checked by the
    service, so the same message reaches every way in."""

    body = TextAreaField("Comment")
    parent_id = HiddenField()
