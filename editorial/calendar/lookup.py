"""One calendar item found by its address (`/calendar/move/<address>/<id>`), as the
person sees it now: what "Move to…" shows and what a move changes. None when it is gone or not
theirs to see, so the view answers 404 either way."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from editorial import workflow
from editorial.calendar.items import (
    DEADLINE,
    EMBARGO,
    PLAN_DEADLINES,
    PUBLISH,
    SLOT,
    SLOTTED,
    Filters,
    Item,
)
from editorial.calendar.queries import article_scope, plan_href, plan_scope
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.planning import DEADLINE_LABELS, PLANNED, PROPOSED, ArticleDeadline, Plan


def at_address(user: User, address: str, ident: int) -> Item | None:
    """The item whose move address is `address`/`ident` (see `Item.address`)."""
    if address.startswith("plan-"):
        return one(user, "plan-deadline", ident, address.removeprefix("plan-"))
    return one(user, address, ident)


def one(user: User, source: str, ident: int, which: str = "") -> Item | None:
    """The movable item `source`/`ident` as `user` sees it now, or None (gone, or not theirs to
    see: the view answers 404 either way)."""
    none = Filters()
    if source == "slot":
        plan = db.session.scalar(
            select(Plan).where(Plan.id == ident, Plan.status.in_(SLOTTED), *plan_scope(user, none))
        )
        if plan is None:
            return None
        return Item(
            SLOT,
            source,
            plan.id,
            plan.slot_start,
            plan.working_title,
            "Slot" if plan.slot_start else "Unscheduled",
            plan_href(plan.id, plan.article_id),
            end=plan.slot_end,
        )
    if source == "plan-deadline":
        plan = db.session.scalar(
            select(Plan).where(
                Plan.id == ident,
                Plan.status.in_((PROPOSED, PLANNED)),
                Plan.article_id.is_(None),
                *plan_scope(user, none),
            )
        )
        if plan is None or which not in PLAN_DEADLINES:
            return None
        return Item(
            DEADLINE,
            source,
            plan.id,
            getattr(plan, which),
            plan.working_title,
            PLAN_DEADLINES[which],
            plan_href(plan.id, None),
            which=which,
        )
    if source == "deadline":
        row = db.session.execute(
            select(ArticleDeadline, Article)
            .join(Article, Article.id == ArticleDeadline.article_id)
            .where(ArticleDeadline.id == ident, *article_scope(user, none, inside=True))
        ).first()
        if row is None:
            return None
        deadline, article = row
        return Item(
            DEADLINE,
            source,
            deadline.id,
            deadline.due_at,
            article.headline or article.slug,
            DEADLINE_LABELS.get(deadline.stage, deadline.stage),
            url_for("articles.show", article_id=article.id),
        )
    if source in ("publish", "embargo"):
        story = db.session.scalar(
            select(Article).where(Article.id == ident, *article_scope(user, none))
        )
        if story is None:
            return None
        article = story
        href = url_for("articles.show", article_id=article.id)
        title = article.headline or article.slug
        if source == "publish" and article.state == workflow.SCHEDULED:
            return Item(PUBLISH, source, article.id, article.published_at, title, "Publishes", href)
        if source == "embargo" and article.embargo_holds:
            return Item(
                EMBARGO, source, article.id, article.embargo_until, title, "Embargo lifts", href
            )
    return None
