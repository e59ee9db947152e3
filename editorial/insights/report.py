"""The report: every figure of /insights as a table (and its chart), with the stories behind
each number kept under the number's key. Pure: it reads what `queries.load` read, so a
hand-built `Loaded` gives known answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from editorial.insights import figures as f
from editorial.insights.filters import Filters
from editorial.insights.queries import Loaded, Story
from editorial.insights.tables import Cell, Table

FILED = ("submit",)
PUBLISHED = ("publish", "publish_now", "release")
VERDICTS = ("verified", "false", "unverifiable", "unchecked")


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
        self.weeks: dict[tuple[int, str], Any] = {}

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

    def stat_cells(self, key: str, times: list[f.StageTime]) -> list[Cell]:
        """Stories, median, p90 of `times`, each linked to the same stories."""
        s = f.stats([t.seconds for t in times])
        ids = {t.article_id for t in times}
        return [
            self.cell(key, ids),
            self.cell(key, ids, f.duration(s.median), (s.median or 0) / 3600),
            self.cell(key, ids, f.duration(s.p90), (s.p90 or 0) / 3600),
        ]

    def week(self, t: f.StageTime) -> Any:
        """The newsroom's week (its Monday) that `t` ended in, worked out once per figure."""
        key = (t.article_id, t.stage)
        if key not in self.weeks:
            self.weeks[key] = f.week_of(t.ended, self.zone)
        return self.weeks[key]

    # -- time in stage --------------------------------------------------------------------

    def stage_times(self) -> dict[str, list[tuple[Story, f.StageTime]]]:
        by_stage: dict[str, list[tuple[Story, f.StageTime]]] = defaultdict(list)
        for story in self.d.stories.values():
            moves = [m for m, _ in story.moves]
            for t in f.stage_times(story.id, story.created_at, moves, self.now):
                if _in(t.ended, self.filters) or (t.still_open and self.now < self.filters.end):
                    by_stage[t.stage].append((story, t))
        return by_stage

    def time_in_stage(self) -> None:
        by_stage = self.stage_times()
        weeks = sorted({self.week(t) for v in by_stage.values() for _, t in v})
        table = Table(
            "stages",
            "Time in each stage",
            "",
            ["Stage", "Stories", "Median", "90th percentile"],
            plot=(1, 2),
        )
        sentences = []
        for stage in f.STAGES:
            times = [t for _, t in by_stage.get(stage, [])]
            cells = self.stat_cells(f"stage:{stage}", times)
            table.rows.append((Cell(f.STAGE_NAMES[stage]), cells))
            this_week = [t.seconds for t in times if weeks and self.week(t) == weeks[-1]]
            last_week = [t.seconds for t in times if len(weeks) > 1 and self.week(t) == weeks[-2]]
            if times:
                latest = f.median(this_week)
                sentences.append(
                    f"{f.STAGE_NAMES[stage]} took a median of {cells[1].text}"
                    + (
                        f" (the latest week {f.duration(latest)}"
                        + f.change(latest, f.median(last_week))
                        + ")"
                        if latest is not None and len(weeks) > 1
                        else ""
                    )
                )
        table.summary = (
            ("; ".join(sentences) + ".") if sentences else "No story moved in this period."
        )
        self.report.tables.append(table)
        self._breakdowns(by_stage)
        self._weekly(by_stage, weeks)

    def _breakdowns(self, by_stage: dict[str, list[tuple[Story, f.StageTime]]]) -> None:
        def people_of(story: Story, stage: str) -> list[int | None]:
            if stage == "draft":
                return list(story.authors) or [None]
            return [story.fact_checker_id if stage == "fact_check" else story.editor_id]

        groupings: list[tuple[str, str, Callable[[Story, str], list[Any]]]] = [
            ("section", "section", lambda s, _: [s.section_id]),
            ("language", "language", lambda s, _: [s.language]),
            ("person", "person (byline for draft, fact-checker, else editor)", people_of),
        ]
        for name, title, group in groupings:
            table = Table(
                f"stages-by-{name}",
                f"Median time in stage by {title}",
                "",
                [name.capitalize(), *(f"{f.STAGE_NAMES[s]} median" for s in f.STAGES)],
                chart="",
            )
            groups: dict[object, dict[str, list[f.StageTime]]] = defaultdict(
                lambda: defaultdict(list)
            )
            for stage, items in by_stage.items():
                for story, t in items:
                    for g in group(story, stage):
                        groups[g][stage].append(t)
            for g in sorted(groups, key=lambda g: self._label(name, g)):
                cells = []
                for stage in f.STAGES:
                    times = groups[g][stage]
                    m = f.median([t.seconds for t in times])
                    cells.append(
                        self.cell(
                            f"stage:{stage}:{name}:{g or 0}",
                            {t.article_id for t in times},
                            f.duration(m),
                            (m or 0) / 3600,
                        )
                    )
                table.rows.append((Cell(self._label(name, g)), cells))
            slowest = max(table.rows, key=lambda r: r[1][1].value or 0, default=None)
            table.summary = (
                f"Edit waited longest for {slowest[0].text}: a median of {slowest[1][1].text}."
                if slowest and slowest[1][1].value
                else "Nothing to compare yet."
            )
            self.report.tables.append(table)

    def _label(self, name: str, value: object) -> str:
        if name == "section":
            return (
                self.sections.get(value, "No section") if isinstance(value, int) else "No section"
            )
        if name == "language":
            return self.language_name(str(value))
        return self.people.get(value, "Nobody") if isinstance(value, int) else "Nobody"

    def _weekly(
        self, by_stage: dict[str, list[tuple[Story, f.StageTime]]], weeks: list[Any]
    ) -> None:
        for stage in f.STAGES:
            table = Table(
                f"weekly-{stage}",
                f"{f.STAGE_NAMES[stage]}: median by week",
                "",
                ["Week of", "Stories", "Median", "90th percentile"],
                chart="columns",
                plot=(1,),
                unit="h",
            )
            in_week: dict[Any, list[f.StageTime]] = defaultdict(list)
            for _, t in by_stage.get(stage, []):
                in_week[self.week(t)].append(t)
            for week in weeks:
                times = in_week.get(week, [])
                table.rows.append(
                    (Cell(week.isoformat()), self.stat_cells(f"week:{stage}:{week}", times))
                )
            medians = [r[1][1] for r in table.rows if r[1][0].value]
            table.summary = (
                f"{f.STAGE_NAMES[stage]} took a median of {medians[-1].text} in the latest week"
                + f.change(medians[-1].value, medians[-2].value if len(medians) > 1 else None)
                + "."
                if medians
                else f"No story left {f.STAGE_NAMES[stage].lower()} in this period."
            )
            self.report.tables.append(table)
