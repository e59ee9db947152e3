"""The demo's budget: a week of planned stories around today, as a day desk would have it.

Made through the planning service (so each is audited and its people are told), on the
loader's frozen clock: stories already on the board are the started plans (linked to their
drafts, in edit, in fact-check, scheduled and one published yesterday); the rest are planned in
the days ahead with their deadlines, two wait in the unscheduled tray, a reporter's pitch waits
for an editor, and one plan was killed with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from editorial import clock, newsroom, workflow
from editorial.audit import record
from editorial.extensions import db
from editorial.models import Article, Region, Role, Section, User
from editorial.models.planning import STARTED, Plan
from editorial.planning.checks import PlanInput
from editorial.planning.service import create_plan, kill

AHEAD = 4  # days ahead of today the budget reaches


@dataclass(frozen=True)
class DemoPlan:
    """One planned story of the demo: `day` from today (None: the unscheduled tray)."""

    title: str
    section: str
    region: str | None
    reporter: int  # which of the demo's reporters (0, 1, 2)
    words: int
    day: int | None
    at: time = time(9, 0)
    until: time | None = None
    languages: str = "en"
    notes: str = ""


PLANNED: tuple[DemoPlan, ...] = (
    DemoPlan(
        "municipal-budget-vote",
        "Politics",
        "MENA",
        0,
        900,
        2,
        time(9, 0),
        languages="en,ar",
        notes="Council votes on the 2027 budget at 10:00 the day before. Amal has the finance "
        "committee's draft; the cuts to street lighting and the school bus line are the story. "
        "Get the mayor's office and one opposition councillor on the record by Wednesday noon.",
    ),
    DemoPlan(
        "heatwave-hospitals",
        "Health",
        "MENA",
        2,
        1100,
        3,
        time(7, 0),
        time(10, 0),
        languages="en,ar,es",
        notes="Window before the midday peak. Maya is at the south's two public hospitals: "
        "admissions for heatstroke this week against last summer, and whether the generators "
        "held. Ministry figures are promised for Thursday; run without them if they slip.",
    ),
    DemoPlan(
        "derby-preview",
        "Sports",
        None,
        1,
        700,
        4,
        time(17, 0),
        notes="Preview for the weekend derby: both coaches' press conferences are on Friday "
        "morning. Injury list, the ticket row with the league, and the last five meetings. "
        "Photo desk has the training-ground pictures.",
    ),
    DemoPlan(
        "fuel-import-tender",
        "Economy",
        "MENA",
        1,
        850,
        1,
        time(15, 0),
        notes="The energy ministry opens the fuel-import bids at 11:00. Jad to get the bidders' "
        "names and prices from the session; the question is why two of the three bids came in "
        "after the deadline. Keep it to the numbers; the analysis piece can follow.",
    ),
)
TRAY: tuple[DemoPlan, ...] = (
    DemoPlan(
        "port-workers-pensions",
        "Economy",
        None,
        1,
        1200,
        None,
        notes="Dockers' pension fund has not paid since August. No date until the union "
        "shares the fund's accounts; Jad has asked twice.",
    ),
    DemoPlan(
        "school-year-for-displaced-children",
        "Features",
        "MENA",
        2,
        1500,
        None,
        languages="en,ar",
        notes="Long read for a weekend, once the ministry confirms how many displaced children "
        "are enrolled. Maya has three families who agreed to be named.",
    ),
)
PITCH = DemoPlan(
    "fuel-subsidy-queues",
    "Economy",
    None,
    1,
    600,
    2,
    time(12, 0),
    notes="Queues are back at the stations on the coast road since the subsidy change on "
    "Monday. I can spend the morning there and talk to drivers and two station owners.",
)
KILLED_PLAN = DemoPlan(
    "stadium-tender",
    "Sports",
    None,
    0,
    800,
    1,
    time(11, 0),
    notes="The ministry was to award the national stadium's renovation on Tuesday.",
)
KILL_NOTE = "The ministry postponed the award until January. Revisit then."
# The stories already on the board that were planned: which state, and the slot they keep.
STARTED_IN = (workflow.EDIT, workflow.FACT_CHECK, workflow.DRAFT, workflow.SCHEDULED)
STARTED_NOTES = {
    workflow.EDIT: "In edit now: it runs in the evening file if the quotes stand up. Trim to "
    "the planned length; the background can go in a box.",
    workflow.FACT_CHECK: "Every figure and name checked against the reporter's sources before it "
    "runs; the checker has the reporter's notes and recordings.",
    workflow.DRAFT: "Reporter files by late afternoon; the desk owner reads it first and decides "
    "whether it holds for tomorrow's morning file.",
    workflow.SCHEDULED: "Set for its slot; the morning newsletter links it, so don't move the "
    "time without telling the newsletter editor.",
    workflow.PUBLISHED: "Ran yesterday on the morning file. A follow-up is likely once the "
    "response comes in; keep the contacts.",
}


def _at(day: date, at: time, zone: str) -> datetime:
    return clock.from_local(datetime.combine(day, at), zone)


def _input(item: DemoPlan, today: date, zone: str, reporter: User, owner: User) -> PlanInput:
    sections = {s.name: s.id for s in db.session.scalars(select(Section))}
    regions = {r.name: r.id for r in db.session.scalars(select(Region))}
    slot = end = None
    filed = edited = checked = None
    if item.day is not None:
        day = today + timedelta(days=item.day)
        slot = _at(day, item.at, zone)
        end = _at(day, item.until, zone) if item.until else None
        filed = slot - timedelta(hours=17)
        edited, checked = filed + timedelta(hours=2), filed + timedelta(hours=4)
    return PlanInput(
        working_title=item.title,
        languages=item.languages.split(","),
        section_id=sections.get(item.section),
        region_id=regions.get(item.region) if item.region else None,
        owner_id=owner.id,
        reporter_id=reporter.id,
        planned_words=item.words,
        slot_start=slot,
        slot_end=end,
        filed_by=filed,
        edited_by=edited,
        checked_by=checked,
        notes=item.notes,
    )


def add_plans(staff: Mapping[Role, list[User]], now: datetime) -> int:
    """The demo's week of plans; returns how many were made."""
    zone = newsroom.zone()
    today = clock.to_local(now, zone).date()
    reporters, editors = staff[Role.REPORTER], staff[Role.EDITOR]
    count = 0
    for index, item in enumerate((*PLANNED, *TRAY, KILLED_PLAN)):
        owner = editors[index % len(editors)]
        reporter = reporters[item.reporter % len(reporters)]
        plan = create_plan(owner, _input(item, today, zone, reporter, owner))
        if item is KILLED_PLAN:
            kill(plan, owner, KILL_NOTE)
        count += 1
    pitcher = reporters[PITCH.reporter % len(reporters)]
    create_plan(pitcher, _input(PITCH, today, zone, pitcher, editors[0]))
    return count + 1 + _link_started(editors, now, zone)


def _link_started(editors: list[User], now: datetime, zone: str) -> int:
    """The stories on the board that began as plans: each linked to a plan with its slot (a
    scheduled story's is its publish time), as "Start the draft" would have left it."""
    linked = 0
    states = (*STARTED_IN, workflow.PUBLISHED)
    for state in states:
        article = db.session.scalar(
            select(Article)
            .where(Article.state == state, Article.source_revision_id.is_(None))
            .order_by(Article.id.desc())
            .limit(1)
        )
        if article is None:
            continue
        if article.published_at is not None:
            slot = clock.as_utc(article.published_at)
        else:
            day = clock.to_local(now, zone).date() + timedelta(days=linked % 2)
            slot = _at(day, time(18 - 3 * (linked % 2), 0), zone)
        owner = article.editor or editors[0]
        plan = Plan(
            working_title="-".join(article.slug.split("-")[:4]),
            languages=article.language,
            section_id=article.section_id,
            region_id=article.region_id,
            owner_id=owner.id,
            reporter_id=article.authors[0].id if article.authors else None,
            created_by_id=owner.id,
            planned_words=max(300, round(article.word_count, -2)),
            slot_start=slot,
            status=STARTED,
            article_id=article.id,
            notes=STARTED_NOTES[state],
        )
        db.session.add(plan)
        db.session.flush()
        record("plan.started", plan, actor=owner, title=plan.working_title, article_id=article.id)
        linked += 1
    return linked
