"""The fronts editor's forms: a slot's own words, publishing, scheduling, the layout.

The small buttons (put a story here, move up/down, make automatic, restore) carry only the CSRF
token and a value or two; the views read those directly.
"""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from editorial.forms import Form, LocalTimeField


class WordsForm(Form):
    """This front's own headline, summary and picture for a slot's story."""

    headline = StringField(
        "Headline on this front",
        description="Leave empty to show the story's own headline.",
        render_kw={"autocomplete": "off", "maxlength": 300},
    )
    summary = TextAreaField(
        "Summary on this front",
        description="Leave empty to show the story's own summary.",
        render_kw={"rows": 2},
    )
    image_id = IntegerField(
        "Picture on this front (library number)",
        validators=[Optional()],
        description="The number of a picture in the media library; empty for the story's own.",
    )


class PublishForm(Form):
    """Publish the draft, with a note for the versions list."""

    note = StringField(
        "Note (optional)",
        description="Why the front changed, for the versions list.",
        render_kw={"autocomplete": "off"},
    )


class ScheduleForm(Form):
    """Publish the draft at a time."""

    at = LocalTimeField(
        "Publish the draft at",
        validators=[InputRequired("Give the date and time.")],
        unreadable="Give the date and time as YYYY-MM-DD HH:MM.",
    )


class LayoutForm(Form):
    """An admin's choice of layout."""

    layout = SelectField("Layout", choices=[])
