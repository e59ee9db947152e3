"""The desk's form that makes a link, and the reviewer's answer form (CSRF through the session
Flask-WTF gives an anonymous visitor)."""

from __future__ import annotations

from wtforms import EmailField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from editorial.forms import Form
from editorial.previews.service import APPROVE, CHANGES, DEFAULT_HOURS, MAX_HOURS


class LinkForm(Form):
    """Who the link is for, what it shows and for how long."""

    reviewer_name = StringField(
        "Reviewer's name",
        validators=[
            DataRequired("Give the reviewer's name: the page greets them by it."),
            Length(max=120, message="Keep the name under 120 characters."),
        ],
    )
    reviewer_email = EmailField(
        "Their email (optional)",
        validators=[
            Optional(),
            Email("That doesn't look like an email address."),
            Length(max=254, message="Keep the address under 254 characters."),
        ],
    )
    note = TextAreaField(
        "Note for the desk (optional)",
        validators=[Length(max=1000, message="Keep the note under 1,000 characters.")],
        description="Why they are reading it: “legal read”, “quote check”. Not shown to them.",
    )
    follows = RadioField(
        "Shows",
        choices=[
            SelectChoice("pinned", "This version (later saves don't change what they read)"),
            SelectChoice("latest", "The latest version, whenever they open it"),
        ],
        default="pinned",
    )
    hours = IntegerField(
        "Expires after (hours)",
        default=DEFAULT_HOURS,
        validators=[
            DataRequired("Give how many hours the link lasts."),
            NumberRange(1, MAX_HOURS, "From 1 hour to 336 (14 days)."),
        ],
    )


class AnswerForm(Form):
    """The reviewer's verdict and comment."""

    verdict = RadioField(
        "Your answer",
        choices=[SelectChoice(APPROVE, "Approve"), SelectChoice(CHANGES, "Request changes")],
        validators=[DataRequired("Choose Approve or Request changes.")],
    )
    comment = TextAreaField(
        "Comment",
        validators=[Length(max=5000, message="Keep your comment under 5,000 characters.")],
    )


class ActionForm(Form):
    """A button's form (Revoke): only the CSRF token."""
