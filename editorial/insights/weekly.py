"""The weekly summary for each section's desk owner (issue 27): last week's figures of the
section, in the owner's inbox every Monday from 07:00 newsroom time, and by email if they chose it.

Who: a section's desk owner (`Section.owner_id`, an active editor or admin an admin chose on the
section's page, `taxonomy.owners`). A section with no owner has its summary sent to nobody; an
owner no longer active or no longer an editor or admin is told nothing (checked at sending by
`inbox.service.notify_weekly`, the only writer of notifications).

When: a periodic job (`send_weekly`, every hour on the hour) works out the newsroom week whose
summary is due: the week (Monday to Sunday, `newsroom.zone()`) before the last Monday 07:00 at or
before now (`editorial.clock`). For each owned section it inserts the (section, week) row of
`WeeklySummary` with `ON CONFLICT DO NOTHING`; only the run whose insert wins sends, so a second
run, or a second worker at the same moment, sends nothing again (SQLite serialises the writes; on
PostgreSQL the second insert waits for the first's unique key, then finds it). A worker that was
stopped on Monday morning sends at its next run within `CATCH_UP` of 07:00; later than that the
week is left out (a summary of last week on a Thursday, or to an owner named midweek, would
surprise more than help). The demo sends its owners' latest week whenever it is loaded.

What: stories filed, published and corrected in the week, the median time in edit and in
fact-check of the stays that ended in it, and the stages overdue when it is sent, with a link to
/insights filtered to the section and the week's seven days. The figures are those /insights
shows for the same filters (`reading.compute`), so the link shows the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from editorial import clock, jobs, newsroom
from editorial.database import insert_missing
from editorial.extensions import db
from editorial.inbox import service as inbox
from editorial.insights import reading
from editorial.insights.filters import Filters
from editorial.insights.report import Report
from editorial.models import Section, User, WeeklySummary

SEND_HOUR = 7  # Mondays at 07:00 in the newsroom's zone
CATCH_UP = timedelta(hours=24)  # how late a stopped worker may still send a week's summary


def due(now: datetime, zone: str) -> tuple[date, datetime]:
    """The Monday starting the newsroom week whose summary is due at `now`, and when it fell
    due (the following Monday at 07:00, in UTC)."""
    local = clock.to_local(now, zone)
    monday = local.date() - timedelta(days=local.weekday())
    send_at = clock.from_local(datetime.combine(monday, time(SEND_HOUR)), zone)
    if clock.as_utc(now) < send_at:
        monday -= timedelta(days=7)
        send_at = clock.from_local(datetime.combine(monday, time(SEND_HOUR)), zone)
    return monday - timedelta(days=7), send_at


def week_filters(week: date, section_id: int, zone: str) -> Filters:
    """/insights' filters for one section over the seven days starting `week`."""
    return Filters(
        week,
        week + timedelta(days=6),
        None,
        clock.from_local(datetime.combine(week, time()), zone),
        clock.from_local(datetime.combine(week + timedelta(days=7), time()), zone),
        section_id=section_id,
    )


@dataclass(frozen=True)
class Summary:
    """One section's week in numbers."""

    filed: int
    published: int
    corrected: int
    edit_median: str
    fact_check_median: str
    overdue: int

    def text(self, section: str, week: date) -> str:
        """The summary as the inbox and the email say it."""
        return (
            f"{section}, week of {week.strftime('%d %b %Y')}: {self.filed} filed, "
            f"{self.published} published, {self.corrected} corrected; median time in edit "
            f"{self.edit_median}, in fact-check {self.fact_check_median}; "
            f"{self.overdue} overdue now."
        )


def _ids(report: Report, prefix: str) -> set[int]:
    return {i for key, ids in report.stories.items() if key.startswith(prefix) for i in ids}


def _median(report: Report, stage_name: str) -> str:
    table = report.table("stages")
    for label, cells in table.rows if table else []:
        if label.text == stage_name:
            return cells[1].text
    return "–"


def summarise(section_id: int, week: date, now: datetime) -> Summary:
    """The figures of `section_id`'s week starting `week`, as /insights computes them at `now`."""
    report = reading.compute(week_filters(week, section_id, newsroom.zone()), now)
    return Summary(
        filed=len(_ids(report, "flow:filed:")),
        published=len(_ids(report, "flow:published:")),
        corrected=len(_ids(report, "flow:corrected:")),
        edit_median=_median(report, "Edit"),
        fact_check_median=_median(report, "Fact-check"),
        overdue=len(_ids(report, "overdue:")),
    )


def send_for(section: Section, owner: User, week: date, now: datetime) -> bool:
    """Send `section`'s summary of `week` to `owner` unless it went already; whether it went."""
    if not insert_missing(
        WeeklySummary,
        {"section_id": section.id, "week_of": week, "recipient_id": owner.id, "sent_at": now},
    ):
        return False  # another run (or worker) sent this week's
    summary = summarise(section.id, week, now)
    row = db.session.scalar(
        select(WeeklySummary).where(
            WeeklySummary.section_id == section.id, WeeklySummary.week_of == week
        )
    )
    assert row is not None  # just inserted  # noqa: S101
    told = inbox.notify_weekly(
        owner, section, summary.text(section.name, week), row.insights_query()
    )
    row.notification_id = told.id if told is not None else None
    return told is not None


@jobs.periodic("insights.weekly", minutes=60)
def send_weekly() -> int:
    """The worker's hourly run: on Monday from 07:00 (within `CATCH_UP`), send each owned
    section's summary of last week, once; how many were sent."""
    return send_due(late=False)


def send_due(*, late: bool) -> int:
    """Send each owned section's summary of the week now due, unless sent already; past
    `CATCH_UP` only when `late` (the demo). How many were sent."""
    now = clock.now()
    week, due_at = due(now, newsroom.zone())
    if not late and clock.as_utc(now) - due_at > CATCH_UP:
        return 0
    sent = 0
    owned = db.session.execute(
        select(Section, User)
        .join(User, User.id == Section.owner_id)
        .where(User.active)
        .order_by(Section.id)
    ).all()
    for section, owner in owned:
        if send_for(section, owner, week, now):
            sent += 1
    return sent
