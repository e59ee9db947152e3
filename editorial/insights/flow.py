"""The report's other figures: flow per day, the desk now, overdue stages, the fact-check desk,
breaking news, corrections and translations, built on `report`'s Builder. Time in stage
(`stage_tables`), the stories filed, published and spiked per day (`flow_sql`) and the fact-check
desk (`factcheck_tables`) are counted by the database; the rest is pure arithmetic over what
`queries.load` read."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from editorial.insights import factcheck_tables, flow_sql, stage_tables
from editorial.insights import figures as f
from editorial.insights.report import Builder, Report
from editorial.insights.tables import Cell, Table

ON_DESK_STAGES = ("draft", "edit", "fact_check", "ready", "scheduled")
STATE_NAMES = {**f.STAGE_NAMES, "scheduled": "Scheduled"}


def flow(b: Builder, behind: bool = True) -> None:
    """Filed, published, spiked (counted by the database, `flow_sql`) and corrected per day (the
    newsroom's days)."""
    days = f.days_between(b.filters.first_day, b.filters.last_day)
    counted = flow_sql.compute(b.filters, b.zone, behind)
    corrected: dict[object, set[int]] = defaultdict(set)
    for article_id, at, _, _ in b.d.corrections:
        corrected[f.local_day(at, b.zone)].add(article_id)

    def cell(kind: str, day: Any) -> Cell:
        if kind == "corrected":
            return b.cell(f"flow:{kind}:{day}", corrected.get(day, set()))
        if behind:
            return b.cell(f"flow:{kind}:{day}", counted.behind.get((kind, day), set()))
        count = counted.per_day.get((kind, day), 0)
        return Cell(str(count), count, f"flow:{kind}:{day}")

    table = Table(
        "flow",
        "Stories per day",
        "",
        ["Day", "Filed", "Published", "Spiked", "Corrected"],
        chart="columns",
        plot=(0, 1, 2, 3),
    )
    for day in days:
        table.rows.append(
            (
                Cell(day.isoformat()),
                [cell(k, day) for k in ("filed", "published", "spiked", "corrected")],
            )
        )
    totals = {
        **{k: counted.totals.get(k, 0) for k in ("filed", "published", "spiked")},
        "corrected": len({i for ids in corrected.values() for i in ids}),
    }
    table.summary = (
        f"{totals['filed']} filed, {totals['published']} published, {totals['spiked']} "
        f"spiked and {totals['corrected']} corrected over {len(days)} days."
    )
    b.report.tables.append(table)


def desk_now(b: Builder) -> None:
    """What is on the desk now, by stage and how long it has sat there; overdue stages."""
    buckets = [label for label, _ in f.AGE_BUCKETS]
    table = Table(
        "desk",
        "On the desk now, by how long in the stage",
        "",
        ["Stage", *buckets],
        chart="bars",
        plot=(),
    )
    grid: dict[str, dict[str, set[int]]] = {s: defaultdict(set) for s in ON_DESK_STAGES}
    for story in b.d.stories.values():
        if story.state in grid:
            age = (b.now - f._utc(story.state_changed_at)).total_seconds()
            grid[story.state][f.age_bucket(age)].add(story.id)
    for stage in ON_DESK_STAGES:
        table.rows.append(
            (
                Cell(STATE_NAMES[stage]),
                [
                    b.cell(f"desk:{stage}:{n}", grid[stage].get(bucket, set()))
                    for n, bucket in enumerate(buckets)
                ],
            )
        )
    table.chart, table.plot = "columns", tuple(range(len(buckets)))
    waiting = sum(len(v) for g in grid.values() for v in g.values())
    old = sum(len(g.get(buckets[-1], ())) + len(g.get(buckets[-2], ())) for g in grid.values())
    noun = "story" if waiting == 1 else "stories"
    table.summary = (
        f"{waiting} {noun} on the desk now; {old} of them sat in their stage over a day."
    )
    b.report.tables.append(table)
    overdue = Table(
        "overdue", "Overdue stages now (planning deadlines)", "", ["Stage", "Stories overdue"]
    )
    by_stage: dict[str, set[int]] = defaultdict(set)
    for article_id, stage, _ in b.d.overdue:
        by_stage[stage].add(article_id)
    for stage in ("draft", "edit", "fact_check"):
        overdue.rows.append(
            (Cell(STATE_NAMES[stage]), [b.cell(f"overdue:{stage}", by_stage[stage])])
        )
    total = sum(len(v) for v in by_stage.values())
    overdue.summary = f"{total} stories are past the deadline of the stage they are in."
    b.report.tables.append(overdue)


def breaking(b: Builder) -> None:
    """From a breaking headline to its linked story's publish."""
    table = Table(
        "breaking", "Breaking headline to published story", "", ["Figure", "Value"], chart=""
    )
    pairs = [
        (h[3], h[2], f.seconds_between([(h[1], h[3])])) for h in b.d.headlines if h[3] is not None
    ]
    after = [(aid, secs[0]) for _, aid, secs in pairs if secs]
    s = f.stats([x[1] for x in after])
    ids = {x[0] for x in after}
    before = {h[2] for h in b.d.headlines} - ids
    table.rows += [
        (
            Cell("Headlines linked to a story"),
            [
                b.cell(
                    "breaking:all",
                    {h[2] for h in b.d.headlines},
                    str(len(b.d.headlines)),
                    len(b.d.headlines),
                )
            ],
        ),
        (
            Cell("Story published after the headline, median wait"),
            [b.cell("breaking:after", ids, f.duration(s.median))],
        ),
        (Cell("90th percentile"), [b.cell("breaking:after", ids, f.duration(s.p90))]),
        (
            Cell("Story not yet published, or out before the headline"),
            [b.cell("breaking:other", before)],
        ),
    ]
    table.summary = (
        f"Breaking news became a published story in a median of {f.duration(s.median)}."
        if after
        else "No breaking headline led to a story published in this period."
    )
    b.report.tables.append(table)


def corrections(b: Builder) -> None:
    """Corrections per section, per 100 published, and the time from publish to correction."""
    published: dict[int | None, set[int]] = defaultdict(set)
    for article_id, section_id in b.d.published_in_period:
        published[section_id].add(article_id)
    corrected: dict[int | None, set[int]] = defaultdict(set)
    counts: dict[int | None, int] = defaultdict(int)
    waits: dict[int | None, list[float]] = defaultdict(list)
    for article_id, at, section_id, first_published in b.d.corrections:
        corrected[section_id].add(article_id)
        counts[section_id] += 1
        if first_published is not None:
            waits[section_id] += f.seconds_between([(first_published, at)])
    table = Table(
        "corrections",
        "Corrections by section",
        "",
        [
            "Section",
            "Corrections",
            "Published",
            "Per 100 published",
            "Publish to correction (median)",
        ],
        plot=(2,),
    )
    for section in sorted(set(published) | set(corrected), key=lambda s: b._label("section", s)):
        rate = f.per_hundred(counts[section], len(published[section]))
        table.rows.append(
            (
                Cell(b._label("section", section)),
                [
                    b.cell(
                        f"corr:{section or 0}",
                        corrected[section],
                        str(counts[section]),
                        counts[section],
                    ),
                    b.cell(f"pub:{section or 0}", published[section]),
                    b.cell(
                        f"corr:{section or 0}",
                        corrected[section],
                        "–" if rate is None else f"{rate:g}",
                        rate or 0,
                    ),
                    b.cell(
                        f"corr:{section or 0}",
                        corrected[section],
                        f.duration(f.median(waits[section])),
                    ),
                ],
            )
        )
    total, pub = sum(counts.values()), sum(len(v) for v in published.values())
    rate = f.per_hundred(total, pub)
    noun = "correction" if total == 1 else "corrections"
    shown = "–" if rate is None else f"{rate:g}"
    table.summary = f"{total} {noun}, {shown} per 100 stories published."
    b.report.tables.append(table)


def translations(b: Builder, languages: list[str]) -> None:
    """Missing and out-of-date translations per language; source publish to translation publish."""
    table = Table(
        "translations",
        "Translations by language",
        "",
        ["Language", "Missing", "Out of date now", "Published", "Source to translation (median)"],
        chart="columns",
        plot=(0, 1),
    )
    for code in languages:
        missing = {
            sid
            for sid, family, lang in b.d.sources
            if lang != code and code not in b.d.family_languages.get(family, ())
        }
        stale = {tid for tid, lang in b.d.stale if lang == code}
        done = [
            (tid, secs)
            for tid, lang, src, own in b.d.translated
            if lang == code
            for secs in f.seconds_between([(src, own)])
        ]
        table.rows.append(
            (
                Cell(b.language_name(code)),
                [
                    b.cell(f"missing:{code}", missing),
                    b.cell(f"stale:{code}", stale),
                    b.cell(f"translated:{code}", {t for t, _ in done}),
                    b.cell(
                        f"translated:{code}",
                        {t for t, _ in done},
                        f.duration(f.median([s for _, s in done])),
                    ),
                ],
            )
        )
    worst = max(table.rows, key=lambda r: r[1][0].value or 0, default=None)
    lacking = worst[1][0].value if worst else 0
    noun = "story" if lacking == 1 else "stories"
    table.summary = (
        f"{worst[0].text} lacks the most translations: {worst[1][0].text} {noun} published "
        "in the period."
        if worst and lacking
        else "No translation is missing."
    )
    b.report.tables.append(table)


def build(b: Builder, languages: list[str], behind: bool = True) -> Report:
    """Every figure, in page order (`behind`: keep the stories behind time in stage's numbers)."""
    stage_tables.time_in_stage(b, behind)
    flow(b, behind)
    desk_now(b)
    factcheck_tables.fact_check(b, behind)
    breaking(b)
    corrections(b)
    translations(b, languages)
    return b.report
