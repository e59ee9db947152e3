"""Growth with the archive (issue 28): each endpoint's cost at a larger seed over its cost at the
smallest, from the ratios to hello world measured in the same run, so the machine's drift cancels.

A seed is a number of articles, optionally with the desk's share of them (`--desk-of`) and how
many a day: written `100000`, `100000/10000` or `100000/10000@44`. Without `@`, the published
stories go back 180 days at every size (`bench.seed_articles.ARCHIVE`), so a larger seed also
publishes faster and a period holds more stories (100,000: 599 a day, translations included,
against 49 at 10,000: 12x the stories in /insights' 90 days; BENCHMARKS.md,
bench:insights-growth); `@44` spreads the archive over `articles // 44` days instead, about the
10,000 seed's rate (its 8,000 published in 180 days).

An endpoint's cost is the inverse of its ratio to hello world, so its growth from the baseline
seed (the first one given) to another is `baseline ratio ÷ ratio`: 1.00 is flat, 1.25 costs a
quarter more per request. Issue 28 asks for every endpoint within 1.25× from 10,000 to 100,000
stories (both seeds).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bench.endpoints import ENDPOINTS
from bench.report import Run, section

GROWTH_LIMIT = 1.25  # issue 28: every endpoint at 100,000 within 1.25× of its cost at 10,000


@dataclass(frozen=True)
class Seed:
    """What one run of a growth series seeds."""

    articles: int
    desk_of: int | None = None
    per_day: int | None = None

    @classmethod
    def parse(cls, text: str) -> Seed:
        """`10000`, `100000/10000` (articles, then how many of them are on the desk), either with
        `@44` (articles a day: the archive spans `articles // 44` days)."""
        text, _, per_day = text.strip().replace("_", "").partition("@")
        articles, _, desk_of = text.partition("/")
        seed = cls(
            int(articles), int(desk_of) if desk_of else None, int(per_day) if per_day else None
        )
        if (
            seed.articles <= 0
            or (seed.desk_of is not None and not 0 < seed.desk_of)
            or (seed.per_day is not None and not 0 < seed.per_day)
        ):
            raise ValueError(
                f"{text}: give a positive number of articles (and of desk stories, a day)"
            )
        return seed

    @property
    def archive_days(self) -> int | None:
        """How far back its published stories go (`bench.seed.seed`'s `archive_days`), if `@`."""
        return None if self.per_day is None else max(1, self.articles // self.per_day)

    @property
    def label(self) -> str:
        """How the report names it: "100,000", "100,000, desk of 10,000" or "..., 44 a day"."""
        shown = f"{self.articles:,}"
        if self.desk_of is not None:
            shown += f", desk of {self.desk_of:,}"
        if self.per_day is not None:
            shown += f", {self.per_day:,} a day"
        return shown

    @property
    def argument(self) -> str:
        """How `--seeds` takes it back."""
        return (
            f"{self.articles}"
            + (f"/{self.desk_of}" if self.desk_of is not None else "")
            + (f"@{self.per_day}" if self.per_day is not None else "")
        )


DEFAULT_SEEDS = (Seed(10_000), Seed(100_000), Seed(100_000, 10_000))

# One measured row's identity across seeds, and its ratio to hello world at one seed.
Key = tuple[str, str, int]  # endpoint key, server, connections


@dataclass(frozen=True)
class Row:
    """One endpoint on one server at one connection count, across the seeds."""

    key: Key
    title: str
    ratios: tuple[float | None, ...]  # per seed, in the series' order (None: not measured there)

    @property
    def growths(self) -> tuple[float | None, ...]:
        """Per seed after the first: cost there ÷ cost at the first (None when either is missing
        or nothing was answered at the first; infinite when the first answered and the larger
        seed answered nothing in its window: it grew past any limit, as PostgreSQL's insights
        at 100,000 did in stop 40's run, shown flat before)."""
        base = self.ratios[0]
        return tuple(
            None if not base or ratio is None else base / ratio if ratio else math.inf
            for ratio in self.ratios[1:]
        )

    @property
    def flat(self) -> bool:
        """Whether every growth measured is within the limit (a missing one is not judged)."""
        return all(g is None or g <= GROWTH_LIMIT for g in self.growths)


def rows(
    series: Sequence[dict[Key, float]], titles: dict[str, str], order: Sequence[str]
) -> list[Row]:
    """The rows of the growth table: `series` holds each seed's ratios by key (in seed order),
    `titles` each endpoint's title by its key, `order` the endpoints' keys as the report lists
    them. Rows come by endpoint, then server, then connections."""
    keys = {key for ratios in series for key in ratios}
    rank = {name: place for place, name in enumerate(order)}
    ordered = sorted(keys, key=lambda k: (rank.get(k[0], len(rank)), k[0], k[1], k[2]))
    return [
        Row(key, titles.get(key[0], key[0]), tuple(ratios.get(key) for ratios in series))
        for key in ordered
    ]


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _growth(value: float | None) -> str:
    if value is None:
        return "—"
    if value == math.inf:
        return "nothing answered ✗"
    return f"{value:.2f}×" + (" ✗" if value > GROWTH_LIMIT else "")


def table(seeds: Sequence[Seed], measured: list[Row]) -> list[str]:
    """The growth table in Markdown: each seed's ratio, then each larger seed's growth."""
    if len(seeds) < 2:
        return []
    base = seeds[0].label
    head = ["endpoint", "server", "conns"]
    head += [f"ratio at {seed.label}" for seed in seeds]
    head += [f"growth {base} → {seed.label}" for seed in seeds[1:]]
    head.append(f"within {GROWTH_LIMIT}×")
    lines = [
        "| " + " | ".join(head) + " |",
        "| --- | --- |" + " ---: |" * (len(head) - 3) + " --- |",
    ]
    for row in measured:
        cells = [row.title, row.key[1], str(row.key[2])]
        cells += [_ratio(r) for r in row.ratios] + [_growth(g) for g in row.growths]
        cells.append("✓" if row.flat else "✗")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary(measured: list[Row]) -> str:
    """One sentence: how many rows stay flat, and which grew past the limit."""
    grown = [row for row in measured if not row.flat]
    text = f"{len(measured) - len(grown)} of {len(measured)} rows within {GROWTH_LIMIT}×"
    if grown:
        names = ", ".join(f"{r.key[0]} ({r.key[1]}, {r.key[2]})" for r in grown)
        text += f"; grew past it: {names}"
    return text + "."


def growth_rows(runs: list[Run]) -> list[Row]:
    """The growth table's rows from the runs of a series (in seed order)."""
    series = [
        {(m.endpoint.key, m.server, m.connections): m.ratio for m in run.measured} for run in runs
    ]
    titles = {endpoint.key: endpoint.title for endpoint in ENDPOINTS}
    return rows(series, titles, [endpoint.key for endpoint in ENDPOINTS])


def database_section(seeds: Sequence[Seed], runs: list[Run]) -> str:
    """A database's section of BENCHMARKS.md: the growth table, then each seed's own."""
    if len(runs) == 1:
        return section(runs[0])
    rows = growth_rows(runs)
    lines = [
        f"## {runs[0].database.split(',')[0]}",
        "",
        f"**Growth**: {summary(rows)} Ratios to hello world at each seed, and each "
        f"endpoint's cost at a larger seed over its cost at {seeds[0].label} (the first "
        f"ratio over the other): within {GROWTH_LIMIT}× is flat. The seeds were measured "
        "one after the other on the same machine; each seed's table follows.",
        "",
        *table(seeds, rows),
        "",
    ]
    return "\n".join(lines) + "\n" + "\n".join(section(run) for run in runs)
