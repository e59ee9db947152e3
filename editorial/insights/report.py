"""The report: every figure of /insights as a table (and its chart), with the stories behind
each number kept under the number's key. Pure: it reads what `queries.load` read, so a
hand-built `Loaded` gives known answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from editorial.insights import figures as f
from editorial.insights.filters import Filters
from editorial.insights.queries import Loaded
from editorial.insights.tables import Cell, Table

FILED = ("submit",)
PUBLISHED = ("publish", "publish_now", "release")


@dataclass
class Report:
    """The tables in page order, and the story ids behind every key."""

    tables: list[Table] = field(default_factory=list)
    stories: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def table(self, key: str) -> Table | None:
        """The table called `key`."""
        return next((t for t in self.tables if t.key == key), None)


def _in(at: datetime | None, filters: Filters) -> bool:
    return at is not None and filters.start <= f._utc(at) < filters.end


class Builder:
    """Builds one report; each method adds one figure."""

    def __init__(
        self,
        loaded: Loaded,
        filters: Filters,
        zone: str,
        now: datetime,
        sections: dict[int, str],
        people: dict[int, str],
        language_name: Callable[[str], str],
    ) -> None:
        self.d, self.filters, self.zone, self.now = loaded, filters, zone, now
        self.sections, self.people, self.language_name = sections, people, language_name
        self.report = Report()

    def cell(
        self,
        key: str,
        ids: set[int] | list[int],
        text: str | None = None,
        value: float | None = None,
    ) -> Cell:
        """A number with its stories kept under `key`."""
        self.report.stories[key].update(ids)
        count = len(set(ids))
        return Cell(
            text if text is not None else str(count), value if value is not None else count, key
        )

    def _label(self, name: str, value: object) -> str:
        """A group's name in a table of time in stage (stage_tables.py draws them)."""
        if name == "section":
            return (
                self.sections.get(value, "No section") if isinstance(value, int) else "No section"
            )
        if name == "language":
            return self.language_name(str(value))
        return self.people.get(value, "Nobody") if isinstance(value, int) else "Nobody"
