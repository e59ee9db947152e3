"""The live desk's forms: the composer, a post's edit form, and the bare form every action
button posts (its CSRF token)."""

from __future__ import annotations

from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from editorial.forms import Form
from editorial.models.live import HEADLINE_LIMIT


class PostForm(Form):
    """A new post: Ctrl+Enter (or the button) sends it."""

    headline = StringField(
        "Headline (optional)",
        validators=[Length(max=HEADLINE_LIMIT, message="Keep the headline to 200 characters.")],
    )
    body = TextAreaField("Post", validators=[DataRequired("Write the post.")])
    key_event = BooleanField("Key event")
    needs_check = BooleanField("Needs check")


class EditForm(Form):
    """A post's words, changed (the old ones are kept as a revision)."""

    headline = StringField(
        "Headline (optional)",
        validators=[Length(max=HEADLINE_LIMIT, message="Keep the headline to 200 characters.")],
    )
    body = TextAreaField("Post", validators=[DataRequired("Write the post.")])


class ActionForm(Form):
    """A button's form: only its CSRF token."""
