"""What a row action is: one thing an editor can do to a headline from its row on the desk, with
its buttons (`Choice`) and the row they are drawn on (`Placed`). The table of them,
`service.ROW_ACTIONS`, sits beside the operations it runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from editorial.models import BreakingHeadline


class Placed(Protocol):
    """What decides whether a row shows a button: the headline, and where it can move."""

    @property
    def headline(self) -> BreakingHeadline: ...

    @property
    def up(self) -> bool: ...

    @property
    def down(self) -> bool: ...


def _always(_row: Placed) -> bool:
    return True


@dataclass(frozen=True)
class Choice:
    """One button of a row action: its words, the value it posts, what it tells the editor.

    `done` is the message once it worked; a mapping picks one by what the operation answered (the
    status the headline had, or has now). `{ends}` in it stands for the new end, in the newsroom's
    time. `shown` says whether a given row gets the button (only a movable row gets "↑ Up").
    """

    label: str
    done: str | Mapping[str, str]
    value: str = ""
    argument: Any = None
    shown: Callable[[Placed], bool] = _always

    def message(self, outcome: Any = None, **values: str) -> str:
        """What to tell the editor once the operation answered `outcome`."""
        text = self.done if isinstance(self.done, str) else self.done[outcome]
        return text.format(**values)


@dataclass(frozen=True)
class RowAction:
    """One thing an editor can do to a headline from its row on the desk.

    Allowed only while the headline's status is one of `statuses`, else refused with `refused`.
    A button posts `field` set to its choice's value, and `operation` gets the choice's argument.
    An action without choices is one button, `label`, saying `done`. `opens_form` marks Edit: a
    link to its own form, not a button that posts.
    """

    name: str
    label: str
    statuses: tuple[str, ...]
    operation: Callable[..., Any]
    refused: str
    done: str | Mapping[str, str] = ""
    field: str | None = None
    choices: tuple[Choice, ...] = ()
    style: str = ""  # "danger" for what takes a headline off the ticker
    opens_form: bool = False

    @property
    def buttons(self) -> tuple[Choice, ...]:
        """Every button the action has, whatever the row."""
        return self.choices or (Choice(self.label, self.done),)

    def message(self, outcome: Any = None, **values: str) -> str:
        """What an action without choices (edit, end, withdraw, restore) says once done."""
        return self.buttons[0].message(outcome, **values)

    def shown(self, row: Placed) -> tuple[Choice, ...]:
        """The buttons `row` gets for this action."""
        return tuple(choice for choice in self.buttons if choice.shown(row))

    def pressed(self, form: Mapping[str, str]) -> Choice | None:
        """The button that posted `form`; None for a value no button sends."""
        if self.field is None:
            return self.buttons[0]
        return next((c for c in self.choices if c.value == form.get(self.field)), None)
