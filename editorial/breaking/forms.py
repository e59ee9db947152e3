"""The breaking-headline form: what an editor types, in the newsroom's zone, checked for people.

Times are read by `clock.parse_local` (the app's one date-time parser, through
`forms.LocalTimeField`); the rules (what "too long" or "already past" means, and the words for
it) are the pure `check` in `editorial.breaking.rules`, so the form, the live validation
and the tests share them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from wtforms import BooleanField, Field, HiddenField, SelectField, StringField
from wtforms.validators import Optional

from editorial import clock, newsroom
from editorial.breaking import rules
from editorial.forms import Form, LocalTimeField
from editorial.models import BreakingHeadline
from editorial.models.breaking import TEXT_LIMIT

# Which messages to refresh when one field is typed in: the two times depend on each other.
SCOPES = {
    "text": ("text",),
    "article": ("article",),
    "starts_at": ("starts_at", "ends_at"),
    "ends_at": ("starts_at", "ends_at"),
}
CHECKED = ("text", "article", "starts_at", "ends_at")  # the language is a choice: nothing to type


def local_minute(value: datetime, zone: str) -> datetime:
    """A UTC time as the naive wall-clock minute a `datetime-local` input shows in `zone`."""
    return clock.to_local(value, zone).replace(tzinfo=None, second=0, microsecond=0)


def _local_time(label: str, unreadable: str, description: str) -> Any:
    """A wall-clock time in the newsroom's zone (the form says which); empty is allowed."""
    return LocalTimeField(
        label, validators=[Optional()], unreadable=unreadable, description=description
    )


class HeadlineForm(Form):
    """A headline as typed: its edition's language, text, an optional article link, start and
    end, pin."""

    language = SelectField(
        "Edition", description="The ticker of this language's edition shows it.", choices=[]
    )
    text = StringField(
        "Headline", description=f"One line of plain text, at most {TEXT_LIMIT} characters."
    )
    article = StringField(
        "Link to a published article (optional)",
        description="Type part of its headline and pick it, or paste its address.",
    )
    starts_at = _local_time(
        "Starts", "Give the start as a date and time.", "A time that has passed means now."
    )
    ends_at = _local_time(
        "Ends", "Give the end as a date and time.", "Empty means six hours after the start."
    )
    pinned = BooleanField("Pin it: keep it first on the ticker")
    # Which edition's ticker shows it; a value that is no choice (an older page) means the default.
    language = SelectField("Language", validate_choice=False)
    version = HiddenField()

    def __init__(self, *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.language.choices = [
            (language.code, language.english_name)
            for language in newsroom.current().published_languages
        ]
        if not self.language.data:
            self.language.data = newsroom.default_language()
        self.starts_at.label.text = f"Starts ({zone})"
        self.ends_at.label.text = f"Ends ({zone})"

    def utc(self, name: str) -> datetime | None:
        """The time typed in field `name` as aware UTC, or None if empty or unreadable."""
        field = self[name]
        if field.data is None or field.errors:
            return None
        return clock.as_utc(field.data)

    def check(
        self, at: datetime, headline: BreakingHeadline | None = None
    ) -> rules.Prepared | None:
        """Validate at time `at`, putting each problem beside its field; None if any."""
        self.validate()
        prepared = rules.prepare(
            self.text.data or "",
            self.article.data or "",
            self.utc("starts_at"),
            self.utc("ends_at"),
            bool(self.pinned.data),
            at,
            headline=headline,
            language=self.language.data,
        )
        codes = newsroom.current().languages
        prepared.language = self.language.data if self.language.data in codes else codes[0]
        for name, message in prepared.problems.items():
            if not self[name].errors:
                self[name].errors.append(message)
        return None if self.has_errors() else prepared

    def has_errors(self) -> bool:
        """Whether any field has a message (read fresh, unlike WTForms' cached `errors`)."""
        return any(field.errors for field in self)

    def in_scope(self, trigger_name: str) -> Iterable[Field]:
        """The fields whose messages to refresh after typing in the field named `trigger_name`."""
        short = trigger_name.removeprefix(self._prefix)
        return [self[name] for name in SCOPES.get(short, CHECKED)]


def new_form(at: datetime, zone: str, *, posted: bool, language: str | None = None) -> HeadlineForm:
    """The new-headline form: as posted, or blank with a start of now and an end 6 h later, in
    edition `language` (the desk's filter; default the default language's)."""
    if posted:
        return HeadlineForm(zone=zone, prefix="new")
    start = clock.from_local(local_minute(at, zone), zone)
    data = {"starts_at": start, "ends_at": start + rules.DEFAULT_RUN, "language": language}
    return HeadlineForm(formdata=None, zone=zone, prefix="new", data=data)


def edit_form(headline: BreakingHeadline, zone: str, *, posted: bool) -> HeadlineForm:
    """The edit form for `headline`: as posted, or filled from the headline."""
    prefix = f"h{headline.id}"
    if posted:  # a post without the language keeps the headline's
        return HeadlineForm(zone=zone, prefix=prefix, data={"language": headline.language})
    data = {
        "text": headline.text,
        "article": headline.article.headline if headline.article else "",
        "starts_at": headline.starts_at,
        "ends_at": headline.ends_at,
        "pinned": headline.pinned,
        "language": headline.language,
        "version": str(headline.version),
    }
    return HeadlineForm(formdata=None, zone=zone, prefix=prefix, data=data)
