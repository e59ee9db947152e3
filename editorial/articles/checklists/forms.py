"""The admin page's form for a new house rule, and the story page's waiver form; sign-off and
remove are buttons (CSRF token only)."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from editorial import workflow
from editorial.checklist_rules import KINDS
from editorial.forms import Form

ROLE_LABELS = {
    "reporter": "Reporter",
    "fact_checker": "Fact-checker",
    "editor": "Editor",
    "admin": "Admin",
}


def _roles() -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in ROLE_LABELS.items()]


class RuleForm(Form):
    """A kind, its parameters, the step it holds, where it applies, and who may waive it."""

    transition = SelectField(
        "Step",
        choices=[
            SelectChoice(t.name, f"{t.label} ({t.name})")
            for t in workflow.TRANSITIONS
            if t.house_rules
        ],
    )
    kind = SelectField("Rule", choices=[SelectChoice(k, label) for k, (label, _) in KINDS.items()])
    minimum = IntegerField(
        "Minimum",
        validators=[Optional(), NumberRange(min=0, max=100000, message="A number from 0.")],
        description="Words, characters or tags, as the rule counts.",
    )
    maximum = IntegerField(
        "Maximum",
        validators=[Optional(), NumberRange(min=0, max=100000, message="A number from 0.")],
    )
    role = SelectField(
        "Sign-off by", choices=[SelectChoice("", "(not a sign-off rule)"), *_roles()]
    )
    tag = StringField(
        "When tagged",
        validators=[Length(max=80, message="Keep it under 80 characters.")],
        description="For a sign-off rule: the tag that calls for it, e.g. Courts.",
    )
    blocking = SelectField(
        "Kind of rule",
        choices=[
            SelectChoice("1", "Blocking: the step waits until it is met or waived"),
            SelectChoice("0", "Advisory"),
        ],
    )
    waiver_role = SelectField(
        "Who may waive it", choices=[SelectChoice("", "Nobody"), *_roles()], default="editor"
    )
    sections = SelectMultipleField(
        "Only in these sections",
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        description="None chosen: every section.",
    )
    languages = StringField(
        "Only in these languages",
        validators=[Length(max=120)],
        description="Language codes separated by commas, e.g. en, ar. Empty: every language.",
    )


class WaiverForm(Form):
    """Why a blocking rule may be set aside for this story's next step."""

    reason = TextAreaField(
        "Why",
        validators=[
            DataRequired("Say why it may go ahead without this rule."),
            Length(max=2000, message="Keep it under 2,000 characters."),
        ],
    )


class ActionForm(Form):
    """A button's form: only the CSRF token."""
