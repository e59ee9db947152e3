"""House checklists (issue 25): rules on rows of the workflow table, sign-offs and waivers, and
the reads that give an article its `Checklist` (`editorial.checklist_rules`, pure).

The rules are read once per request (`flask.g`), and kept by the process between requests under
the number every committed change of them moves on, when the app says which (`RULES_VERSION`:
the desk's version, `articles.checklists.kept`); the facts the rules read of a page of stories
(tags, open comment threads, sign-offs, waivers, pictures) are one query per kind for the whole
page (`attach`), never one per story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import current_app, g, has_app_context
from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial import checklist_rules as rules
from editorial.clock import now
from editorial.extensions import Model, db
from editorial.kept_at_version import KeptAtVersion
from editorial.models.claims import attach_tallies
from editorial.models.comments import Comment
from editorial.models.media import Image
from editorial.models.taxonomy import Tag
from editorial.models.types import UTCDateTime
from editorial.models.user import User

# An `Article` (models.article imports this module, so it is not named here).
Article = Any


class ChecklistRule(Model):
    """One house rule: a kind with its parameters, on one row of the table, for some sections
    and languages (empty: all); blocking or advisory; who may waive it."""

    __tablename__ = "checklist_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    transition: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    blocking: Mapped[bool] = mapped_column(Boolean, default=True)
    waiver_role: Mapped[str | None] = mapped_column(String(20))
    sections: Mapped[list[int]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    def as_rule(self) -> rules.Rule:
        """The pure rule the checklist evaluates."""
        return rules.Rule(
            id=self.id,
            transition=self.transition,
            kind=self.kind,
            params=dict(self.params or {}),
            blocking=self.blocking,
            waiver_role=self.waiver_role,
            sections=tuple(self.sections or ()),
            languages=tuple(self.languages or ()),
        )


class ChecklistSignoff(Model):
    """A sign-off rule met for one story: who signed it off, and when (it stays with the story)."""

    __tablename__ = "checklist_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[int] = mapped_column(ForeignKey("checklist_rules.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    user: Mapped[User] = relationship()


class ChecklistWaiver(Model):
    """A blocking rule waived for one story and one transition, with the reason. It holds until
    the story next moves (`ended_at` set by any transition), so it never carries over."""

    __tablename__ = "checklist_waivers"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[int] = mapped_column(ForeignKey("checklist_rules.id", ondelete="CASCADE"))
    transition: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


_KEY = "_checklist"
#: app.extensions: a function giving the number every committed change of the rules moves on
#: (installed by `articles.checklists.kept`); without it the rules are read every request.
RULES_VERSION = "editorial.checklist_rules_version"
#: The rules kept per process (`articles.checklists.kept` watches their table and carries them).
KEPT_RULES: KeptAtVersion[tuple[rules.Rule, ...]] = KeptAtVersion("editorial.checklist_rules_kept")
_RULES = select(ChecklistRule).order_by(ChecklistRule.id)


def house_rules() -> tuple[rules.Rule, ...]:
    """Every house rule, read once per request (outside one: each call), and kept by the
    process under the rules' version between requests (read again once it moved)."""
    if has_app_context() and "checklist_rules" in g:
        cached: tuple[rules.Rule, ...] = g.checklist_rules
        return cached
    found = _kept_or_read()
    if has_app_context():
        g.checklist_rules = found
    return found


def _read() -> tuple[rules.Rule, ...]:
    return tuple(r.as_rule() for r in db.session.scalars(_RULES).all())


def _kept_or_read() -> tuple[rules.Rule, ...]:
    """The process's rules if kept at the rules' version now, else read (after the version, so
    what is kept under a number is never older than it). A transaction that wrote rules reads
    its own and keeps nothing."""
    if not has_app_context():
        return _read()
    version_of: Callable[[], int] | None = current_app.extensions.get(RULES_VERSION)
    if version_of is None or KEPT_RULES.written(db.session()):
        return _read()
    return KEPT_RULES.get(version_of(), _read)


def forget_rules() -> None:
    """After the rules changed: the next read loads them again (this transaction's own reads
    skip the kept rules until it ends)."""
    if has_app_context():
        g.pop("checklist_rules", None)
        KEPT_RULES.note_written(db.session())


def attach(articles: Iterable[Article]) -> None:
    """Give each article its checklist, reading what the rules need for all of them at once."""
    wanted = [a for a in articles if a.__dict__.get(_KEY, (None,))[0] != a.version]
    if not wanted:
        return
    found = house_rules()
    if not found:
        for a in wanted:
            a.__dict__[_KEY] = (a.version, rules.Checklist((), _facts(a)))
        return
    ids = [a.id for a in wanted]
    kinds = {r.kind for r in found}
    tags: dict[int, set[str]] = defaultdict(set)
    if kinds & {rules.TAGS, rules.SIGNOFF}:
        article_tags = db.metadata.tables["article_tags"]  # models.article imports this module
        rows = db.session.execute(
            select(article_tags.c.article_id, Tag.name)
            .join(Tag, Tag.id == article_tags.c.tag_id)
            .where(article_tags.c.article_id.in_(ids))
        )
        for article_id, name in rows:
            tags[article_id].add(name.strip().lower())
    threads: dict[int, int] = {}
    if rules.COMMENTS in kinds:
        threads = dict(
            db.session.execute(
                select(Comment.article_id, func.count())
                .where(
                    Comment.article_id.in_(ids),
                    Comment.parent_id.is_(None),
                    Comment.deleted_at.is_(None),
                    Comment.resolved_at.is_(None),
                )
                .group_by(Comment.article_id)
            ).all()
        )
    alts: dict[int, str] = {}
    if rules.PICTURE in kinds:
        pictures = {a.hero_image_id for a in wanted if a.hero_image_id}
        if pictures:
            alts = dict(
                db.session.execute(select(Image.id, Image.alt).where(Image.id.in_(pictures))).all()
            )
    signoffs: dict[int, dict[int, rules.Signoff]] = defaultdict(dict)
    if rules.SIGNOFF in kinds:
        for s, name in db.session.execute(
            select(ChecklistSignoff, User.display_name)
            .join(User, User.id == ChecklistSignoff.user_id)
            .where(ChecklistSignoff.article_id.in_(ids))
        ):
            signoffs[s.article_id][s.rule_id] = rules.Signoff(s.rule_id, name, s.at)
    waivers: dict[int, dict[tuple[int, str], rules.Waiver]] = defaultdict(dict)
    for w, name in db.session.execute(
        select(ChecklistWaiver, User.display_name)
        .join(User, User.id == ChecklistWaiver.user_id)
        .where(ChecklistWaiver.article_id.in_(ids), ChecklistWaiver.ended_at.is_(None))
    ):
        waivers[w.article_id][(w.rule_id, w.transition)] = rules.Waiver(
            w.rule_id, w.transition, name, w.reason, w.at
        )
    if rules.CLAIMS in kinds:
        attach_tallies(wanted)
    for a in wanted:
        facts = _facts(
            a,
            picture_alt=alts.get(a.hero_image_id) if a.hero_image_id else None,
            tags=frozenset(tags.get(a.id, ())),
            open_threads=threads.get(a.id, 0),
            claims=a.claim_tally if rules.CLAIMS in kinds else None,
            signoffs=signoffs.get(a.id, {}),
            waivers=waivers.get(a.id, {}),
        )
        a.__dict__[_KEY] = (a.version, rules.Checklist(found, facts))


def _facts(a: Article, **extra: Any) -> rules.Facts:
    return rules.Facts(
        state=a.state,
        headline=a.headline or "",
        summary=a.summary or "",
        word_count=a.word_count or 0,
        section_id=a.section_id,
        region_id=a.region_id,
        language=a.language or "",
        picture_alt=extra.pop("picture_alt", None),
        **extra,
    )


def checklist_of(article: Article) -> rules.Checklist:
    """The article's checklist: attached by its list, or read now."""
    attach([article])
    checklist: rules.Checklist = article.__dict__[_KEY][1]
    return checklist


def forget(article: Article) -> None:
    """After a change the rules read (a sign-off, a waiver, a tag): read again at next use."""
    article.__dict__.pop(_KEY, None)
