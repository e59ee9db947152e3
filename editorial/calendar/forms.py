"""The calendar's one form: "Move to…", a date and time in the newsroom's zone."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import InputRequired

from editorial.forms import Form, LocalTimeField


class MoveForm(Form):
    """An item's new time; `back` is the calendar it was moved from (view, date, filters)."""

    class Meta:
        """CSRFProtect has checked the token already (the field, or htmx's header: a drop on a
        day posts only these two values)."""

        csrf = False

    when = LocalTimeField(
        "New date and time",
        validators=[InputRequired("Choose the new date and time.")],
        unreadable="Write the date and time as YYYY-MM-DD HH:MM, e.g. 2026-06-04 09:30.",
    )
    back = HiddenField()
