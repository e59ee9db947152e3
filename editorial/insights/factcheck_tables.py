"""The fact-check desk's tables from the database's figures (`factcheck_sql`): the same tables,
sentences and keys the report made from every story's moves in Python, without reading them.
The stories behind each number are read only when asked (`behind`), never for /insights."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from editorial.insights import factcheck_sql
from editorial.insights import figures as f
from editorial.insights.factcheck_sql import FactCheck
from editorial.insights.report import Builder
from editorial.insights.tables import Cell, Table


def _cell(
    b: Builder, fc: FactCheck, key: str, at: tuple[str, Any], text: str | None = None
) -> Cell:
    """A number with its stories (when read) under `key`; its value is how many stories."""
    if fc.asked:
        return b.cell(key, fc.behind.get(at, set()), text)
    count = fc.counts.get(at, 0)
    return Cell(text if text is not None else str(count), count, key)


def fact_check(b: Builder, behind: bool = True) -> None:
    """Claims per story, verdicts, send-to-clear time, first-time clears, load per checker."""
    fc = factcheck_sql.compute(b.filters, behind)
    s = factcheck_sql.stats(fc)
    desk = Table("factcheck", "The fact-check desk", "", ["Figure", "Value"], chart="")
    median_claims = f.median(fc.claims)
    sent, cleared = ("sent", None), ("cleared", None)
    desk.rows += [
        (Cell("Stories sent to fact-check"), [_cell(b, fc, "fc:sent", sent)]),
        (
            Cell("Claims per story (median)"),
            [
                _cell(
                    b,
                    fc,
                    "fc:sent",
                    sent,
                    f"{median_claims:g}" if median_claims is not None else "–",
                )
            ],
        ),
        (
            Cell("Send to clear, median"),
            [_cell(b, fc, "fc:cleared", cleared, f.duration(s.median))],
        ),
        (
            Cell("Send to clear, 90th percentile"),
            [_cell(b, fc, "fc:cleared", cleared, f.duration(s.p90))],
        ),
        (Cell("Cleared first time"), [_cell(b, fc, "fc:first", ("first", None))]),
        (Cell("Flagged back before clearing"), [_cell(b, fc, "fc:flagged", ("flagged", None))]),
    ]
    rounds = len(fc.seconds)
    pct = f.share(fc.count("first"), rounds)
    desk.summary = (
        f"{rounds} checks cleared, a median of {f.duration(s.median)} from send to clear; "
        f"{pct}% cleared the first time."
        if rounds
        else "No fact-check was cleared in this period."
    )
    b.report.tables.append(desk)
    _verdicts(b, fc)
    _load(b, fc)


def _verdicts(b: Builder, fc: FactCheck) -> None:
    table = Table("verdicts", "Claim verdicts given", "", ["Verdict", "Claims", "Stories"])
    for verdict in factcheck_sql.VERDICTS:
        claims, stories = fc.verdicts.get(verdict, (0, 0))
        key = f"verdict:{verdict}"
        if fc.asked:
            ids = fc.behind.get(("verdict", verdict), set())
            cells = [b.cell(key, ids, str(claims), claims), b.cell(key, ids)]
        else:
            cells = [Cell(str(claims), claims, key), Cell(str(stories), stories, key)]
        table.rows.append((Cell(verdict.capitalize()), cells))
    table.summary = (
        ", ".join(f"{r[1][0].text} {r[0].text.lower()}" for r in table.rows) + " claims checked."
    )
    b.report.tables.append(table)


def _load(b: Builder, fc: FactCheck) -> None:
    load = Table(
        "checkers",
        "Load per fact-checker",
        "",
        ["Fact-checker", "Cleared", "Flagged back", "Waiting now"],
        chart="columns",
        plot=(0, 1, 2),
    )
    waiting: dict[int | None, set[int]] = defaultdict(set)
    for story in b.d.stories.values():
        if story.state == "fact_check":
            waiting[story.fact_checker_id].add(story.id)
    for person in sorted(fc.people() | set(waiting), key=lambda p: b._label("person", p)):
        load.rows.append(
            (
                Cell(b._label("person", person)),
                [
                    _cell(b, fc, f"checker:{person or 0}:cleared", ("checker_cleared", person)),
                    _cell(b, fc, f"checker:{person or 0}:flagged", ("checker_flagged", person)),
                    b.cell(f"checker:{person or 0}:waiting", waiting.get(person, set())),
                ],
            )
        )
    busiest = max(load.rows, key=lambda r: r[1][2].value or 0, default=None)
    load.summary = (
        f"{busiest[0].text} has the most waiting: {busiest[1][2].text}."
        if busiest and busiest[1][2].value
        else "No story waits for a fact-checker now."
    )
    b.report.tables.append(load)
