"""The form that registers an endpoint; the other actions are buttons (CSRF token only)."""

from __future__ import annotations

from wtforms import SelectMultipleField, StringField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from editorial.forms import Form
from editorial.webhooks.events import EVENTS


class EndpointForm(Form):
    """Where to send, what it is for, and which events."""

    url = URLField(
        "Address",
        validators=[DataRequired("Give the address the receiver listens on.")],
        description="Where the events are sent, e.g. https://cdn.example.org/hooks/purge.",
    )
    description = StringField(
        "What it is for",
        validators=[Length(max=200, message="Keep it under 200 characters.")],
        description="For the people who read the log later: “CDN purge”, “Partner app”.",
    )
    events = SelectMultipleField(
        "Events to send",
        choices=[SelectChoice(code, label) for code, label in EVENTS.items()],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[DataRequired("Choose at least one event to send.")],
    )


class ActionForm(Form):
    """A button's form: only the CSRF token."""
