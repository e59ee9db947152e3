"""The deadlines' forms: one stage's deadline (a time in the newsroom's zone, or cleared) and a
section's defaults (hours and minutes per stage)."""

from __future__ import annotations

from typing import Any

from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from editorial.forms import Form, LocalTimeField
from editorial.models.planning import DEADLINE_STAGES


class DeadlineForm(Form):
    """When the stage must be done; empty with "Clear" removes it."""

    due = LocalTimeField(
        unreadable="Give the deadline as YYYY-MM-DD HH:MM, for example 2026-12-05 16:00."
    )


class DefaultsForm(Form):
    """A section's rule per stage: done within so many hours and minutes of entering it."""

    def minutes(self) -> dict[str, int | None]:
        """Each stage's total in minutes (None: no rule)."""
        totals: dict[str, int | None] = {}
        for stage in DEADLINE_STAGES:
            hours, minutes = self[f"{stage}_hours"].data, self[f"{stage}_minutes"].data
            total = (hours or 0) * 60 + (minutes or 0)
            totals[stage] = total or None
        return totals


def _number(label: str, most: int) -> Any:
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=0, max=most, message=f"Give a whole number from 0 to {most}."),
        ],
    )


for _stage in DEADLINE_STAGES:
    setattr(DefaultsForm, f"{_stage}_hours", _number("hours", 168))
    setattr(DefaultsForm, f"{_stage}_minutes", _number("minutes", 59))
