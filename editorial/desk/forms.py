"""The board's filter form (a GET: no CSRF token, nothing changes)."""

from __future__ import annotations

from wtforms import BooleanField, SearchField, SelectField
from wtforms.validators import Length, Optional

from editorial.forms import Form

SEARCH_MAX = 300  # the longest headline there can be


class FilterForm(Form):
    """The board's filters, read from the query string. Values that don't fit are ignored."""

    class Meta:
        csrf = False  # a GET that changes nothing

    q = SearchField("Headline", validators=[Optional(), Length(max=SEARCH_MAX)])
    section = SelectField("Section")
    region = SelectField("Region")
    person = SelectField("Person")
    mine = BooleanField("Mine")
    lang = SelectField("Language")
