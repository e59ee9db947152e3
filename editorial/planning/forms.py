"""The planning desk's forms: a plan (new, proposed or edited) and the smaller forms of the
plan's page (move the slot, a deadline, reassign, a note to kill or decline). Messages are
written for a person; what is typed comes back as it was typed when something is refused."""

from __future__ import annotations

from typing import Any

from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from editorial import newsroom
from editorial.forms import Form, LocalTimeField, optional_database_int
from editorial.models import Role
from editorial.models.taxonomy import regions_in_order, sections_in_order
from editorial.planning import queries
from editorial.planning.checks import TITLE_MAX, WORDS_MAX, PlanInput


def _choice(value: Any) -> int | None:
    """A picker's value as an id, or None for "none"; a hand-made value that is no id becomes
    -1, which no choice has, so the field says "choose from the list"."""
    try:
        return optional_database_int(value)
    except ValueError:
        return -1


class Checkboxes(SelectMultipleField):
    """A group of checkboxes (the languages)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        """Refuse a language the newsroom doesn't publish in, in words."""
        offered = {value for value, _ in self.choices or []}
        if any(value not in offered for value in self.data or []):
            raise ValidationError("Choose from the newsroom's languages.")


class Picker(SelectField):
    """A choice from a list, saying so in words when a value is not on it."""

    def pre_validate(self, form: Any) -> None:
        """Refuse a value that is not one of the choices."""
        if self.data is not None and self.data not in {value for value, _ in self.choices or []}:
            raise ValidationError("Choose from the list.")


class Words(IntegerField):
    """A number of words, in ASCII digits."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the number; anything else is this field's error, in words."""
        raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if raw and not (raw.isascii() and raw.isdigit()):
            raise ValueError(f"Give the length as a number of words, like 800 (not “{raw[:20]}”).")
        self.data = int(raw) if raw else None


def _picker(label: str, description: str = "") -> Picker:
    return Picker(
        label,
        coerce=_choice,
        description=description,
        validators=[Optional()],
    )


class VersionForm(Form):
    """A button's form: the version of the plan its page showed."""

    version = HiddenField()


class WindowForm(VersionForm):
    """A slot: a time, or a window with an end; both empty is the unscheduled tray."""

    slot_start = LocalTimeField("Publish slot", description="Empty: the unscheduled tray.")
    slot_end = LocalTimeField(
        "Slot ends (optional)", description="For a window rather than a time."
    )

    def validate_slot_end(self, field: LocalTimeField) -> None:
        """An end needs a start, and comes after it."""
        if field.data is None:
            return
        if self.slot_start.data is None:
            raise ValidationError("Give the slot's start too, or clear the end.")
        if field.data <= self.slot_start.data:
            raise ValidationError("The slot must end after it starts.")


class PlanForm(WindowForm):
    """A planned story: what, who, how long, when, and its deadlines."""

    working_title = StringField(
        "Working title",
        validators=[InputRequired("Give the plan a working title, like “budget-vote”.")],
        description="Short and slug-like: “budget-vote”. The draft's headline starts from it.",
        render_kw={"maxlength": TITLE_MAX, "autocomplete": "off"},
    )
    languages = Checkboxes("Languages", description="The first is the draft's language.")
    section_id = _picker("Section")
    region_id = _picker("Region")
    owner_id = _picker("Desk owner", "The editor who owns the story on the desk.")
    reporter_id = _picker("Reporter")
    planned_words = Words(
        "Planned length (words)",
        validators=[
            Optional(),
            NumberRange(0, WORDS_MAX, f"Give a number of words from 0 to {WORDS_MAX:,}."),
        ],
        render_kw={"inputmode": "numeric"},
    )
    filed_by = LocalTimeField("Filed by")
    edited_by = LocalTimeField("Edited by")
    checked_by = LocalTimeField("Checked by")
    notes = TextAreaField("Notes", render_kw={"rows": 5})

    def __init__(self, *args: Any, proposing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposing = proposing
        self.languages.choices = [
            (language.code, language.english_name)
            for language in newsroom.current().published_languages
        ]
        none: list[tuple[Any, str]] = [(None, "—")]
        self.section_id.choices = none + [(s.id, s.name) for s in sections_in_order()]
        self.region_id.choices = none + [(r.id, r.name) for r in regions_in_order()]
        editors = queries.people(Role.EDITOR, Role.ADMIN)
        self.owner_id.choices = none + [(p.id, p.display_name) for p in editors]
        writers = queries.people(Role.REPORTER, Role.EDITOR, Role.ADMIN)
        self.reporter_id.choices = none + [(p.id, p.display_name) for p in writers]
        for name in ("filed_by", "edited_by", "checked_by"):
            self[name].description = f"In {newsroom.zone()}."
        self.slot_start.label.text = f"Publish slot ({newsroom.zone()})"

    def validate_working_title(self, field: StringField) -> None:
        """Words, not only spaces."""
        if not (field.data or "").strip():
            raise ValidationError("Give the plan a working title, like “budget-vote”.")

    def validate_languages(self, field: Checkboxes) -> None:
        """At least one, from the newsroom's."""
        if not field.data:
            raise ValidationError("Choose at least one language.")

    def validate_edited_by(self, field: LocalTimeField) -> None:
        """Deadlines in the order the stages run."""
        if field.data and self.filed_by.data and field.data < self.filed_by.data:
            raise ValidationError("Edited by comes after filed by.")

    def validate_checked_by(self, field: LocalTimeField) -> None:
        """Checked after edited (or filed)."""
        before = self.edited_by.data or self.filed_by.data
        if field.data and before and field.data < before:
            raise ValidationError("Checked by comes after edited by.")

    def plan_input(self) -> PlanInput:
        """What the form says, for the service."""
        return PlanInput(
            working_title=self.working_title.data or "",
            languages=list(self.languages.data or []),
            section_id=self.section_id.data,
            region_id=self.region_id.data,
            owner_id=self.owner_id.data,
            reporter_id=self.reporter_id.data,
            planned_words=self.planned_words.data or 0,
            slot_start=self.slot_start.data,
            slot_end=self.slot_end.data,
            filed_by=self.filed_by.data,
            edited_by=self.edited_by.data,
            checked_by=self.checked_by.data,
            notes=self.notes.data or "",
        )


class DeadlineForm(VersionForm):
    """One of a plan's deadlines moved (or cleared)."""

    which = SelectField("Deadline")
    due_at = LocalTimeField("New time", description="Empty: no deadline.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.which.choices = [
            ("filed_by", "Filed by"),
            ("edited_by", "Edited by"),
            ("checked_by", "Checked by"),
        ]


class ReassignForm(VersionForm):
    """Who owns the plan on the desk and who reports it."""

    owner_id = _picker("Desk owner")
    reporter_id = _picker("Reporter")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none: list[tuple[Any, str]] = [(None, "—")]
        editors = queries.people(Role.EDITOR, Role.ADMIN)
        self.owner_id.choices = none + [(p.id, p.display_name) for p in editors]
        writers = queries.people(Role.REPORTER, Role.EDITOR, Role.ADMIN)
        self.reporter_id.choices = none + [(p.id, p.display_name) for p in writers]


class NoteForm(VersionForm):
    """The note a kill or a decline needs."""

    note = TextAreaField("Why", render_kw={"rows": 2})  # the service says when it is missing
