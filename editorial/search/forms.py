"""The search box: a GET form (no CSRF token, nothing changes)."""

from __future__ import annotations

from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from editorial.forms import Form

QUERY_MAX = 200


class SearchForm(Form):
    """What to search for, read from the query string."""

    class Meta:
        csrf = False  # a GET that changes nothing

    # The desk's search only: one language's stories (a value that is no choice means all).
    lang = SelectField("Language", validate_choice=False)
    q = SearchField(
        "Search",
        validators=[Optional(), Length(max=QUERY_MAX, message="Keep it under 200 characters.")],
    )


class StaffSearchForm(SearchForm):
    """The desk's search: the words, and which language (every one when empty). The view sets
    the choices from the newsroom's languages; a value that isn't one is dropped (as on the
    board). None given is all languages, a valid choice: an invalid one is told apart by a
    message WTForms translates, and loading its catalogue cost a search a millisecond."""

    lang = SelectField("Language", default="")
