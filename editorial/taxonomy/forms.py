"""The taxonomy and settings forms: a section, region or tag's name and address, a tag merge, the
site settings (name, time zone, footer pages, "Checked by", languages)."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from editorial.forms import Form
from editorial.languages import CATALOGUE, unknown_codes
from editorial.models import SectionGroup

GROUP_CHOICES = [SelectChoice(group.value, group.value) for group in SectionGroup]
PAGE_MAX = 20_000


def _name() -> StringField:
    return StringField(
        "Name",
        validators=[
            DataRequired("Give it a name."),
            Length(max=80, message="A name is at most 80 characters."),
        ],
    )


def _slug(description: str) -> StringField:
    return StringField(
        "Address",
        validators=[Length(max=80, message="An address is at most 80 characters.")],
        description=description,
    )


class NewTermForm(Form):
    """A new section (with its menu), region or tag."""

    name = _name()
    slug = _slug("Leave it empty and it is made from the name.")
    group = SelectField("Menu", choices=GROUP_CHOICES, default=SectionGroup.NEWS.value)
    submit = SubmitField("Add")


class RenameForm(Form):
    """A new name; a new address only when the admin changes it on purpose."""

    name = _name()
    slug = _slug("Changing it moves the public page; the old address keeps working (it redirects).")
    group = SelectField("Menu", choices=GROUP_CHOICES, default=SectionGroup.NEWS.value)
    # The term as the page showed it (`service.version_of`): a save over a change someone made
    # since is refused with what it is now, as an assignment is.
    seen = HiddenField()
    submit = SubmitField("Save")


class MergeForm(Form):
    """The tag that takes this one's stories."""

    into = StringField(
        "Merge into the tag",
        validators=[
            DataRequired("Name the tag that takes these stories."),
            Length(max=80, message="A tag name is at most 80 characters."),
        ],
        description="Its stories move to that tag, and this tag's address redirects there.",
    )
    submit = SubmitField("Merge")


@cache
def zone_choices() -> list[SelectChoice]:
    """Every IANA zone this machine knows, sorted ("Africa/Abidjan", ...)."""
    return [SelectChoice(zone, zone) for zone in sorted(available_timezones())]


def _known_zone(_form: Form, field: StringField) -> None:
    if field.data not in available_timezones():
        raise ValidationError(
            f"{str(field.data)[:64]!r} is not a time zone this server knows; "
            'choose one from the list, such as "Asia/Beirut".'
        )


def _page(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[Length(max=PAGE_MAX, message=f"A page is at most {PAGE_MAX:,} characters.")],
        description="Markdown: **bold**, *italic*, [a link](https://example.com), lists.",
    )


def _known_languages(_form: Form, field: Field) -> None:
    unknown = unknown_codes(field.data)
    if unknown:
        raise ValidationError(
            "Not a language the newsroom knows: " + ", ".join(unknown) + ". Use the codes listed."
        )


class SettingsForm(Form):
    """The site settings an admin edits."""

    newsroom_name = StringField(
        "Newsroom name",
        validators=[
            DataRequired("Give the newsroom's name."),
            Length(max=120, message="The name is at most 120 characters."),
        ],
        description="Shown in the masthead, page titles, feeds and the footer.",
    )
    time_zone = SelectField(
        "Time zone",
        choices=zone_choices,
        validate_choice=False,
        validators=[_known_zone],
        description="Times are shown, and typed in, in this zone.",
    )
    about_md = _page("About us")
    contact_md = _page("Contact us")
    privacy_md = _page("Privacy policy")
    show_checked_by = BooleanField('Show "Checked by" on public stories')
    languages = StringField(
        "Languages",
        validators=[_known_languages],
        description="The codes of the languages the newsroom publishes in, separated by spaces, "
        "the default first ("
        + ", ".join(f"{c} {x.english_name}" for c, x in CATALOGUE.items())
        + "). The default is the language of a new story and of the / edition.",
    )
    submit = SubmitField("Save settings")
