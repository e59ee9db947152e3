"""After the run: open the database directly and check what the server said against what it kept.

Every check compares the ledger (what the actors were told) with the rows, read through the app's
own models with a plain SQLAlchemy session (no Flask app, no server). Acknowledged writes must be
there exactly once; refused ones not at all; ones whose answer never came (the kill, a timeout)
may be either, and the report says how many landed.

- drafts created: one article with the headline, one "created" revision, one audit event;
- saves: one "saved" revision with exactly the text sent (and the tags), and each article's text
  is that of the last save that landed (no acknowledged save overwritten by an older one);
- transitions: one `article_transitions` row per acknowledged press (by that person) and, for
  every row, one `audit_events` row `article.<name>`;
- every article is in a state of `workflow.STATES` and its history chains through the machine's
  rows (`from_state` among the row's sources, `to_state` its target, each step starting where the
  last ended, the last ending in the article's state);
- scheduled stories: each `schedule` that came due before the run ended was released exactly once,
  not before its time, published as of the chosen time;
- BREAKING headlines, presence heartbeats and read-count beacons: there, once;
- SQLite: `PRAGMA integrity_check` and `foreign_key_check`; the server's log: no "database is
  locked", no traceback.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from editorial import workflow
from editorial.models import (
    Article,
    ArticleRead,
    ArticleRevision,
    ArticleTransition,
    AuditEvent,
    BreakingHeadline,
    EditorPresence,
)
from loadtest.actors import ROW_AUDIT
from loadtest.ledger import ACK, REFUSED, UNKNOWN, Ledger, Write

EXAMPLES = 8  # problems listed per check
TOKEN = re.compile(r"lt[0-9a-f]+-[\w-]+?-\d+(?=\.)")  # as made by `Actor.token` (then a full stop)


@dataclass
class Check:
    """One verification: what was checked, whether it held, and the first few problems."""

    name: str
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: int = 0

    @property
    def passed(self) -> bool:
        """Whether the check held for everything it looked at."""
        return self.failures == 0

    def fail(self, message: str) -> None:
        """One thing that didn't hold."""
        self.failures += 1
        if len(self.problems) < EXAMPLES:
            self.problems.append(message)


@dataclass
class Findings:
    """Every check's result, and the writes found lost or duplicated."""

    checks: list[Check] = field(default_factory=list)
    lost: list[Write] = field(default_factory=list)
    duplicated: list[Write] = field(default_factory=list)
    refused_but_written: list[Write] = field(default_factory=list)
    unknown_landed: Counter[str] = field(default_factory=Counter)
    unknown_total: Counter[str] = field(default_factory=Counter)
    release_lag: list[float] = field(default_factory=list)

    def check(self, name: str) -> Check:
        """Start a check."""
        found = Check(name)
        self.checks.append(found)
        return found

    @property
    def passed(self) -> bool:
        """Whether every check held."""
        return all(c.passed for c in self.checks)


@dataclass
class Baseline:
    """What the database held before the load started."""

    reads: int
    last_transition: int  # the highest article_transitions id (the seeded history)
    last_audit: int  # the highest audit_events id


def read_baseline(url: str) -> Baseline:
    """Counts taken before the run, to compare with after."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            reads = session.scalar(select(func.coalesce(func.sum(ArticleRead.count), 0))) or 0
            last = session.scalar(select(func.coalesce(func.max(ArticleTransition.id), 0))) or 0
            audit = session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0))) or 0
    finally:
        engine.dispose()
    return Baseline(reads=int(reads), last_transition=int(last), last_audit=int(audit))


def verify(
    url: str,
    ledger: Ledger,
    baseline: Baseline,
    *,
    due_cutoff: datetime,
    server_log: str,
) -> Findings:
    """Run every check against the database at `url`.

    `due_cutoff`: a scheduled story whose time is at or before this must have been released
    (the run waits a couple of scheduler passes after the load before stopping the server).
    """
    findings = Findings()
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            data = _load(session)
            _check_activity(findings, ledger)
            _check_creates(findings, ledger, data)
            _check_saves(findings, ledger, data)
            _check_final_text(findings, ledger, data)
            _check_transitions(findings, ledger, data, baseline)
            _check_audit(findings, data)
            _check_chains(findings, data)
            _check_schedules(findings, data, due_cutoff)
            _check_breaking(findings, ledger, session)
            _check_breaking_actions(findings, ledger, data, baseline)
            _check_presence(findings, ledger, session, data)
            _check_reads(findings, ledger, session, baseline)
            if engine.dialect.name == "sqlite":
                _check_sqlite(findings, session)
    finally:
        engine.dispose()
    _check_log(findings, server_log)
    return findings


# -- loading -----------------------------------------------------------------------------------


@dataclass
class Data:
    """The rows the checks read, grouped by article."""

    articles: dict[int, Article]
    revisions: dict[int, list[ArticleRevision]]
    transitions: dict[int, list[ArticleTransition]]
    audit: dict[tuple[str, str], list[AuditEvent]]  # (action, object_id) -> events


def _load(session: Session) -> Data:
    articles = {a.id: a for a in session.scalars(select(Article))}
    revisions: dict[int, list[ArticleRevision]] = defaultdict(list)
    for revision in session.scalars(select(ArticleRevision).order_by(ArticleRevision.id)):
        revisions[revision.article_id].append(revision)
    transitions: dict[int, list[ArticleTransition]] = defaultdict(list)
    for step in session.scalars(select(ArticleTransition).order_by(ArticleTransition.id)):
        transitions[step.article_id].append(step)
    audit: dict[tuple[str, str], list[AuditEvent]] = defaultdict(list)
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        audit[(event.action, event.object_id or "")].append(event)
    return Data(articles, revisions, transitions, audit)


def _judge(findings: Findings, check: Check, write: Write, count: int, what: str) -> None:
    """Exactly once for an acknowledged write, never for a refused one, at most once otherwise."""
    check.checked += 1
    when = _stamp(write.finished)
    if write.outcome == ACK:
        if count == 0:
            findings.lost.append(write)
            check.fail(f"LOST: {what} (acknowledged {write.status} at {when} to {write.actor})")
        elif count > 1:
            findings.duplicated.append(write)
            check.fail(f"DUPLICATED x{count}: {what} (acknowledged at {when})")
    elif write.outcome == REFUSED:
        if count:
            findings.refused_but_written.append(write)
            check.fail(f"WRITTEN DESPITE {write.status}: {what} (at {when}, x{count})")
    else:
        findings.unknown_total[write.kind] += 1
        if count == 1:
            findings.unknown_landed[write.kind] += 1
        elif count > 1:
            findings.duplicated.append(write)
            check.fail(f"DUPLICATED x{count} (unanswered write): {what}")


def _stamp(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%H:%M:%S.%f")[:-3]


# -- writes ------------------------------------------------------------------------------------


ESSENTIAL = ("create", "save", "transition", "breaking", "heartbeat", "read")


def _check_activity(findings: Findings, ledger: Ledger) -> None:
    check = findings.check("the load ran: every kind of write was acknowledged at least once")
    acked = Counter(w.kind for w in ledger.writes if w.outcome == ACK)
    names = Counter(w.name for w in ledger.writes if w.kind == "transition" and w.outcome == ACK)
    check.checked = sum(acked.values())
    for kind in ESSENTIAL:
        if not acked[kind]:
            check.fail(f"no {kind} was acknowledged: the load did not exercise it")
    check.notes.append(", ".join(f"{name} {n}" for name, n in sorted(names.items())))


def _check_creates(findings: Findings, ledger: Ledger, data: Data) -> None:
    check = findings.check("drafts created: one article, one 'created' revision, one audit event")
    created_by_token: dict[str, list[ArticleRevision]] = defaultdict(list)
    for revisions in data.revisions.values():
        for revision in revisions:
            if revision.reason == "created":
                for token in TOKEN.findall(revision.body):
                    created_by_token[token].append(revision)
    for write in (w for w in ledger.writes if w.kind == "create"):
        found = created_by_token[write.text]
        _judge(findings, check, write, len(found), f"draft {write.text} ({write.headline!r})")
        if write.outcome != ACK or len(found) != 1:
            continue
        revision = found[0]
        article = data.articles.get(revision.article_id)
        if write.article_id != revision.article_id or article is None:
            check.fail(
                f"draft {write.text} answered as #{write.article_id}, is #{revision.article_id}"
            )
            continue
        if revision.body != write.body or revision.headline != write.headline:
            check.fail(f"draft {write.text}: its first revision is not what was sent")
        events = data.audit[("article.created", str(article.id))]
        if len(events) != 1:
            check.fail(f"#{article.id}: {len(events)} article.created audit events")


def _check_saves(findings: Findings, ledger: Ledger, data: Data) -> None:
    check = findings.check("saves: exactly one 'saved' revision with the text and tags sent")
    for write in (w for w in ledger.writes if w.kind == "save"):
        assert write.article_id is not None  # noqa: S101 - saves always name their article
        found = [
            r
            for r in data.revisions[write.article_id]
            if r.reason == "saved" and write.text in r.body
        ]
        _judge(findings, check, write, len(found), f"save {write.text} of #{write.article_id}")
        if write.outcome == ACK and len(found) == 1:
            revision = found[0]
            if revision.body != write.body:
                check.fail(f"save {write.text}: the revision's text differs from what was sent")
            kept = {_fold(t) for t in (revision.fields or {}).get("tags", [])}
            sent = {_fold(t) for t in write.tags}
            if kept != sent:
                check.fail(f"save {write.text}: tags {sorted(kept)} kept, {sorted(sent)} sent")


def _fold(tag: str) -> str:
    return " ".join(tag.lower().split())


def _check_final_text(findings: Findings, ledger: Ledger, data: Data) -> None:
    check = findings.check("each article's text is its last landed save (no lost update)")
    by_article: dict[int, list[Write]] = defaultdict(list)
    for write in ledger.writes:
        if write.kind in ("create", "save") and write.article_id is not None:
            by_article[write.article_id].append(write)
    for article_id, writes in by_article.items():
        article = data.articles.get(article_id)
        if article is None:
            check.fail(f"#{article_id} is gone")
            continue
        check.checked += 1
        reasons = ("created", "saved")
        landed: list[tuple[int, Write]] = []
        for write in writes:
            for revision in data.revisions[article_id]:
                if revision.reason in reasons and write.text in revision.body:
                    landed.append((revision.version, write))
        if not landed:
            continue
        version, last = max(landed, key=lambda pair: pair[0])
        if article.body != last.body:
            check.fail(
                f"#{article_id}: its text is not that of its last save ({last.text}, v{version})"
            )


def _check_transitions(findings: Findings, ledger: Ledger, data: Data, baseline: Baseline) -> None:
    check = findings.check("transitions: one row per acknowledged press, none for a refused one")
    presses: dict[tuple[int, str, int], list[Write]] = defaultdict(list)
    for write in ledger.writes:
        if write.kind == "transition" and write.article_id and write.user_id:
            presses[(write.article_id, write.name, write.user_id)].append(write)
    for (article_id, name, user_id), writes in presses.items():
        rows = [
            t
            for t in data.transitions[article_id]
            if t.name == name and t.actor_id == user_id and t.id > baseline.last_transition
        ]
        acked = [w for w in writes if w.outcome == ACK]
        unknown = [w for w in writes if w.outcome == UNKNOWN]
        check.checked += len(writes)
        what = f"{name} of #{article_id} by user {user_id}"
        findings.unknown_total["transition"] += len(unknown)
        extra = len(rows) - len(acked)
        if extra < 0:
            # Which acknowledged presses are missing: the latest ones, by the rows' count.
            missing = sorted(acked, key=lambda w: w.finished)[len(rows) :]
            findings.lost.extend(missing)
            check.fail(f"LOST: {what}: {len(acked)} acknowledged, {len(rows)} rows")
        elif extra > len(unknown):
            refused = [w for w in writes if w.outcome == REFUSED]
            findings.refused_but_written.extend(refused[: extra - len(unknown)])
            check.fail(
                f"EXTRA: {what}: {len(rows)} rows for {len(acked)} acknowledged "
                f"and {len(unknown)} unanswered presses"
            )
        else:
            findings.unknown_landed["transition"] += extra


def _check_audit(findings: Findings, data: Data) -> None:
    check = findings.check("every transition row has exactly one audit event article.<name>")
    for article_id, steps in data.transitions.items():
        for name, count in Counter(t.name for t in steps).items():
            check.checked += count
            events = len(data.audit[(f"article.{name}", str(article_id))])
            if events != count:
                check.fail(f"#{article_id}: {count} {name} rows, {events} audit events")


def _check_chains(findings: Findings, data: Data) -> None:
    check = findings.check("states and histories follow the machine (workflow.TRANSITIONS)")
    for article in data.articles.values():
        check.checked += 1
        if article.state not in workflow.STATES:
            check.fail(f"#{article.id} is in {article.state!r}, not a state of the machine")
        state = workflow.DRAFT
        for step in data.transitions[article.id]:
            row = workflow.BY_NAME.get(step.name)
            if row is None:
                check.fail(f"#{article.id}: transition {step.name!r} is not in the machine")
                break
            if step.from_state != state:
                check.fail(f"#{article.id}: {step.name} from {step.from_state}, but was in {state}")
            if step.from_state not in row.sources or step.to_state != row.target:
                check.fail(
                    f"#{article.id}: {step.name} {step.from_state}->{step.to_state} "
                    "is not the machine's row"
                )
            state = step.to_state
        if state != article.state:
            check.fail(f"#{article.id}: history ends in {state}, article is in {article.state}")


def _check_schedules(findings: Findings, data: Data, due_cutoff: datetime) -> None:
    check = findings.check("scheduled stories due during the run released exactly once, on time")
    for article_id, steps in data.transitions.items():
        chosen = [
            _aware(e.details.get("published_at"))
            for e in data.audit[("article.schedule", str(article_id))]
        ]
        schedules = [i for i, s in enumerate(steps) if s.name == "schedule"]
        if len(chosen) != len(schedules):
            check.fail(f"#{article_id}: {len(schedules)} schedules, {len(chosen)} audit events")
            continue
        for index, at in zip(schedules, chosen, strict=True):
            check.checked += 1
            after = steps[index + 1] if index + 1 < len(steps) else None
            if at is None:
                check.fail(f"#{article_id}: a schedule without its publish time in the audit log")
            elif after is None:
                if at <= due_cutoff:
                    late = (due_cutoff - at).total_seconds()
                    check.fail(
                        f"#{article_id}: due at {at:%H:%M:%S} ({late:.0f} s before the "
                        "end) and never released"
                    )
            elif after.name == "release":
                if after.at < at:
                    check.fail(f"#{article_id}: released at {after.at:%H:%M:%S.%f}, before {at}")
                findings.release_lag.append((after.at - at).total_seconds())
            following = steps[index + 1 :]
            until = next((n for n, s in enumerate(following) if s.name == "schedule"), None)
            releases = [s for s in following[:until] if s.name == "release"]
            if len(releases) > 1:
                check.fail(f"#{article_id}: one schedule, {len(releases)} releases")
        article = data.articles.get(article_id)
        if article is not None and steps and steps[-1].name == "release":
            last_at = chosen[-1] if chosen else None
            if last_at is not None and article.published_at != last_at:
                check.fail(
                    f"#{article_id}: published_at {article.published_at}, scheduled for {last_at}"
                )


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _check_breaking(findings: Findings, ledger: Ledger, session: Session) -> None:
    check = findings.check("BREAKING headlines: each acknowledged one there once, with its audit")
    rows = list(session.scalars(select(BreakingHeadline)))
    by_text = Counter(row.text for row in rows)
    ids = {row.id: row for row in rows}
    created = Counter(
        e.object_id
        for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "breaking.created"))
    )
    for write in (w for w in ledger.writes if w.kind == "breaking"):
        _judge(findings, check, write, by_text[write.text], f"headline {write.text!r}")
        if write.outcome == ACK and write.item_id is not None:
            row = ids.get(write.item_id)
            if row is None or row.text != write.text:
                check.fail(f"headline #{write.item_id} is not {write.text!r}")
            elif created[str(row.id)] != 1:
                check.fail(f"headline #{row.id}: {created[str(row.id)]} audit events")


def _check_breaking_actions(
    findings: Findings, ledger: Ledger, data: Data, baseline: Baseline
) -> None:
    check = findings.check("BREAKING row buttons: one audit event per acknowledged press")
    presses: dict[tuple[int, str, int], list[Write]] = defaultdict(list)
    for write in ledger.writes:
        if write.kind == "breaking action" and write.item_id and write.user_id:
            action = ROW_AUDIT[write.name]
            if write.name == "pin" and write.text == "0":
                action = "breaking.unpinned"
            presses[(write.item_id, action, write.user_id)].append(write)
    for (item_id, action, user_id), writes in presses.items():
        events = [
            e
            for e in data.audit[(action, str(item_id))]
            if e.actor_id == user_id and e.id > baseline.last_audit
        ]
        acked = [w for w in writes if w.outcome == ACK]
        unknown = [w for w in writes if w.outcome == UNKNOWN]
        check.checked += len(writes)
        findings.unknown_total["breaking action"] += len(unknown)
        what = f"{action} of headline #{item_id} by user {user_id}"
        if len(events) < len(acked):
            findings.lost.extend(sorted(acked, key=lambda w: w.finished)[len(events) :])
            check.fail(f"LOST: {what}: {len(acked)} acknowledged, {len(events)} audit events")
        elif len(events) > len(acked) + len(unknown):
            refused = [w for w in writes if w.outcome == REFUSED]
            findings.refused_but_written.extend(refused[: len(events) - len(acked) - len(unknown)])
            check.fail(f"EXTRA: {what}: {len(events)} events, {len(acked)} acknowledged")
        else:
            findings.unknown_landed["breaking action"] += len(events) - len(acked)


def _check_presence(findings: Findings, ledger: Ledger, session: Session, data: Data) -> None:
    check = findings.check("presence heartbeats: a row at least as recent as each one that counts")
    seen = {(p.article_id, p.user_id): p.last_seen for p in session.scalars(select(EditorPresence))}
    skipped = 0
    for write in (w for w in ledger.writes if w.kind == "heartbeat" and w.outcome == ACK):
        # The heartbeat answers 200 with the notice whoever sends it, but only someone who may
        # edit the article is recorded as editing it: a reporter's beat counts while it is a
        # draft. A move near the beat (its time is taken before its commit) leaves it open.
        if not _draft_throughout(data, write.article_id or 0, write.started, write.finished):
            skipped += 1
            continue
        check.checked += 1
        last = seen.get((write.article_id or 0, write.user_id or 0))
        sent = datetime.fromtimestamp(write.started, UTC) - timedelta(seconds=2)
        if last is None or last < sent:
            findings.lost.append(write)
            check.fail(f"LOST: heartbeat on #{write.article_id} by user {write.user_id}")
    check.notes.append(f"{skipped} sent when the article was (or may have been) out of draft")


def _draft_throughout(data: Data, article_id: int, started: float, finished: float) -> bool:
    """Whether the article was a draft from well before `started` to after `finished`."""
    margin = 5.0
    state = workflow.DRAFT
    for step in data.transitions[article_id]:
        at = step.at.timestamp()
        if started - margin <= at <= finished + margin:
            return False
        if at < started:
            state = step.to_state
    return state == workflow.DRAFT


def _check_reads(findings: Findings, ledger: Ledger, session: Session, baseline: Baseline) -> None:
    check = findings.check("read-count beacons: every acknowledged one counted, once")
    reads = [w for w in ledger.writes if w.kind == "read"]
    acked = sum(1 for w in reads if w.outcome == ACK)
    unknown = sum(1 for w in reads if w.outcome == UNKNOWN)
    total = int(session.scalar(select(func.coalesce(func.sum(ArticleRead.count), 0))) or 0)
    added = total - baseline.reads
    check.checked = len(reads)
    check.notes.append(f"{acked} acknowledged, {unknown} unanswered, {added} counted")
    findings.unknown_total["read"] += unknown
    if added < acked:
        check.fail(f"LOST: {acked - added} of {acked} acknowledged reads not counted")
        findings.lost.extend(w for w in reads[: acked - added] if w.outcome == ACK)
    elif added > acked + unknown:
        check.fail(f"EXTRA: {added} reads counted for {acked} acknowledged, {unknown} unanswered")
    else:
        findings.unknown_landed["read"] += added - acked


def _check_sqlite(findings: Findings, session: Session) -> None:
    check = findings.check("SQLite: PRAGMA integrity_check and foreign_key_check")
    check.checked = 1
    result = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
    if result != ["ok"]:
        check.fail(f"integrity_check: {result[:5]}")
    broken = list(session.execute(text("PRAGMA foreign_key_check")))
    if broken:
        check.fail(f"foreign_key_check: {len(broken)} rows, e.g. {broken[:3]}")


LOCKED = re.compile(r"database is locked", re.IGNORECASE)
# Where a new log record starts: Flask's "[date] LEVEL", gunicorn's access log, a traceback.
RECORD = re.compile(r"^(\[\d{4}-\d\d-\d\d |127\.0\.0\.1 - |Traceback )")


def _check_log(findings: Findings, log: str) -> None:
    check = findings.check("server log: no 'database is locked', no traceback")
    check.checked = log.count("\n")
    locked = len(LOCKED.findall(log))
    if locked:
        check.fail(f"'database is locked' appears {locked} times")
    found = tracebacks(log)
    for block in found[:EXAMPLES]:
        check.fail(
            "traceback (the app's frames; the whole one is in the server log):\n" + brief(block)
        )
    check.failures = (1 if locked else 0) + len(found)


def brief(block: str) -> str:
    """A traceback cut to what a reader needs: the logged line, the app's frames, the errors."""
    kept = []
    lines = block.splitlines()
    for number, line in enumerate(lines):
        app_frame = line.lstrip().startswith("File ") and "/editorial/" in line
        code = number > 0 and "/editorial/" in lines[number - 1] and line.startswith("    ")
        if number == 0 or app_frame or code or (line and not line.startswith((" ", "\t"))):
            kept.append("      " + line)
    return "\n".join(kept)


def tracebacks(log: str) -> list[str]:
    """Each traceback in the log (chained ones together), with the line before it."""
    lines = log.splitlines()
    blocks: list[str] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith("Traceback (most recent call last)"):
            index += 1
            continue
        start, end = max(0, index - 1), index
        while True:
            end += 1  # past "Traceback ..."
            while end < len(lines) and lines[end].startswith((" ", "\t")):
                end += 1
            # The exception's own line(s) (psycopg adds DETAIL:), up to a blank or a new record.
            while end < len(lines) and lines[end].strip() and not RECORD.match(lines[end]):
                end += 1
            after = end
            while after < len(lines) and not lines[after].strip():
                after += 1
            chained = after < len(lines) and lines[after].startswith(
                ("During handling of the above exception", "The above exception was")
            )
            if not chained:
                break
            end = after + 1
            while end < len(lines) and not lines[end].startswith("Traceback"):
                end += 1
            if end >= len(lines):
                break
        blocks.append("\n".join(lines[start : min(end, len(lines))]))
        index = max(end, index + 1)
    return blocks
