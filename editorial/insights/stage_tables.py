"""The "Time in each stage" tables from the database's figures (`stage_sql`): the same tables,
sentences and keys `report.Builder.time_in_stage` makes from every story's history in Python,
without reading that history. The stories behind each number are read only when asked
(`behind`: for the list behind a figure), never for
/insights itself."""

from __future__ import annotations

from typing import Any

from editorial.insights import closed_days, stage_sql
from editorial.insights import figures as f
from editorial.insights.report import Builder
from editorial.insights.stage_sql import Stages
from editorial.insights.tables import Cell, Table

BREAKDOWNS = (
    ("section", "section"),
    ("language", "language"),
    ("person", "person (byline for draft, fact-checker, else editor, as they were then)"),
)


def _cell(b: Builder, st: Stages, key: str, at: stage_sql.Key, text: str, value: float) -> Cell:
    if st.asked:
        return b.cell(key, st.behind.get(at, set()), text, value)
    return Cell(text, value, key)


def _stat_cells(b: Builder, st: Stages, key: str, at: stage_sql.Key) -> list[Cell]:
    fig = st.figures.get(at, stage_sql.Figure(0, None, None))
    return [
        _cell(b, st, key, at, str(fig.count), fig.count),
        _cell(b, st, key, at, f.duration(fig.median), (fig.median or 0) / 3600),
        _cell(b, st, key, at, f.duration(fig.p90), (fig.p90 or 0) / 3600),
    ]


def time_in_stage(b: Builder, behind: bool = True) -> None:
    """The overall table, the three breakdowns and a week-by-week table per stage; `behind`:
    with the stories behind each number."""
    st = (
        stage_sql.figures(b.filters, b.now, b.zone, behind)
        if behind
        else closed_days.figures(b.filters, b.now, b.zone)
    )
    weeks = sorted(st.groups("week"))
    table = Table(
        "stages",
        "Time in each stage",
        "",
        ["Stage", "Stories", "Median", "90th percentile"],
        plot=(1, 2),
    )
    sentences = []
    for stage in f.STAGES:
        cells = _stat_cells(b, st, f"stage:{stage}", ("all", None, stage))
        table.rows.append((Cell(f.STAGE_NAMES[stage]), cells))
        if ("all", None, stage) not in st.figures:
            continue
        latest = st.figures.get(("week", weeks[-1], stage)) if weeks else None
        before = st.figures.get(("week", weeks[-2], stage)) if len(weeks) > 1 else None
        sentences.append(
            f"{f.STAGE_NAMES[stage]} took a median of {cells[1].text}"
            + (
                f" (the latest week {f.duration(latest.median)}"
                + f.change(latest.median, before.median if before else None)
                + ")"
                if latest is not None and len(weeks) > 1
                else ""
            )
        )
    table.summary = ("; ".join(sentences) + ".") if sentences else "No story moved in this period."
    b.report.tables.append(table)
    _breakdowns(b, st)
    _weekly(b, st, weeks)


def _breakdowns(b: Builder, st: Stages) -> None:
    for name, title in BREAKDOWNS:
        table = Table(
            f"stages-by-{name}",
            f"Median time in stage by {title}",
            "",
            [name.capitalize(), *(f"{f.STAGE_NAMES[s]} median" for s in f.STAGES)],
            chart="",
        )
        groups: list[Any] = st.groups(name)
        for g in sorted(groups, key=lambda g: b._label(name, g)):
            cells = []
            for stage in f.STAGES:
                fig = st.figures.get((name, g, stage))
                m = fig.median if fig else None
                cells.append(
                    _cell(
                        b,
                        st,
                        f"stage:{stage}:{name}:{g or 0}",
                        (name, g, stage),
                        f.duration(m),
                        (m or 0) / 3600,
                    )
                )
            table.rows.append((Cell(b._label(name, g)), cells))
        slowest = max(table.rows, key=lambda r: r[1][1].value or 0, default=None)
        table.summary = (
            f"Edit waited longest for {slowest[0].text}: a median of {slowest[1][1].text}."
            if slowest and slowest[1][1].value
            else "Nothing to compare yet."
        )
        b.report.tables.append(table)


def _weekly(b: Builder, st: Stages, weeks: list[Any]) -> None:
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
        for week in weeks:
            table.rows.append(
                (
                    Cell(week.isoformat()),
                    _stat_cells(b, st, f"week:{stage}:{week}", ("week", week, stage)),
                )
            )
        medians = [r[1][1] for r in table.rows if r[1][0].value]
        table.summary = (
            f"{f.STAGE_NAMES[stage]} took a median of {medians[-1].text} in the latest week"
            + f.change(medians[-1].value, medians[-2].value if len(medians) > 1 else None)
            + "."
            if medians
            else f"No story left {f.STAGE_NAMES[stage].lower()} in this period."
        )
        b.report.tables.append(table)
