"""Issue 28's additions to what is measured: the pages, polls and a write `bench.endpoints` lacked.

Staff pages (My queue, the fact-check queue, an article's desk page, the live desk), public pages
(a section, the Arabic edition's live story), the polls editors' pages send (the inbox badge,
the missed-publish alarm, a picture's state, the live desk's stream), each with the ETag of a
first answer as a browser's poll carries it, and a workflow transition.
"""

from __future__ import annotations

import time
from urllib.parse import quote, urlencode

from flask import Flask
from sqlalchemy import delete, func, select, update

from bench.session import Context, with_etag
from bench.wrk import VARY, HttpRequest
from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, ArticleTransition, Image, Section, User

BENCH_IMAGE_KEY = "bench-state-poll"  # the processing picture whose state poll is measured
BENCH_TRANSITION_NOTE = "Bench transition"  # the note of every "return" the benchmark sends
TRANSITION_DRAFTS = 32  # drafts taken in turn, more than the 16 connections (`transition_turns`)
MINUTE_MARGIN_S = 15.0  # a board poll's ETag carries the minute: start a run well inside one


def queue(ctx: Context) -> HttpRequest:
    """My queue: what waits on the signed-in editor."""
    return HttpRequest("GET", "/queue/", ctx.staff_headers())


def factcheck_queue(ctx: Context) -> HttpRequest:
    """The fact-check queue, as an editor sees it."""
    return HttpRequest("GET", "/factcheck", ctx.staff_headers())


def article_desk(ctx: Context) -> HttpRequest:
    """A draft's desk page (its panels, history, comments), not the 200-claim ledger's."""
    return HttpRequest("GET", f"/articles/{ctx.targets.presence_draft_id}", ctx.staff_headers())


def live_desk(ctx: Context) -> HttpRequest:
    """The live story's desk, where editors post (1,000 posts)."""
    return HttpRequest("GET", f"/articles/{ctx.targets.live_article_id}/live", ctx.staff_headers())


def _section_slug(ctx: Context) -> str:
    with ctx.app.app_context():
        slug = db.session.scalar(select(Section.slug).where(Section.id == ctx.targets.section_id))
        db.session.rollback()
    if not slug:
        raise RuntimeError("The board's section is missing")
    return slug


def section(ctx: Context) -> HttpRequest:
    """The first section's public page."""
    return HttpRequest("GET", f"/section/{_section_slug(ctx)}")


def arabic_live(ctx: Context) -> HttpRequest:
    """The Arabic edition's live story (1,000 posts, the first 20 shown), at its address."""
    if not ctx.targets.arabic_live_slug:
        raise RuntimeError("The seeding made no Arabic live story")
    return HttpRequest("GET", "/ar/news/" + quote(ctx.targets.arabic_live_slug))


def _htmx(ctx: Context, page: str, target: str) -> dict[str, str]:
    headers = ctx.staff_headers(htmx=True)
    return headers | {"HX-Current-URL": ctx.base_url + page, "HX-Target": target}


def inbox_badge(ctx: Context) -> HttpRequest:
    """The navigation's unread count, polled on every staff page (from the board here)."""
    return with_etag(ctx, "/inbox/badge", _htmx(ctx, "/desk/", "inbox-badge"))


def alarm_banner(ctx: Context) -> HttpRequest:
    """The missed-publish banner's poll on an editor's board (nothing late: unchanged)."""
    headers = _htmx(ctx, "/desk/", "publish-alarm") | {"HX-Trigger": "publish-alarm"}
    return with_etag(ctx, "/alarms/banner?next=%2Fdesk%2F", headers)


def _processing_image(ctx: Context) -> int:
    """The harness's own picture, "processing" (its thumbnail polls its state until ready)."""
    with ctx.app.app_context():
        found = db.session.scalar(select(Image.id).where(Image.file_key == BENCH_IMAGE_KEY))
        if found is None:
            owner = db.session.scalar(select(User.id).where(User.email == ctx.staff.email))
            image = Image(
                file_key=BENCH_IMAGE_KEY,
                extension="jpg",
                width=4000,
                height=3000,
                variant_widths=[],
                uploaded_by_id=owner,
                status="processing",
            )
            db.session.add(image)
            db.session.commit()
            found = image.id
        else:
            db.session.rollback()
    return found


def media_state(ctx: Context) -> HttpRequest:
    """A processing picture's state poll from the media library (unchanged: 304)."""
    path = f"/media/{_processing_image(ctx)}/state"
    return with_etag(ctx, path, _htmx(ctx, "/media/", "media-thumb"))


def live_stream(ctx: Context) -> HttpRequest:
    """The live desk's stream poll (nothing new: 304)."""
    article_id = ctx.targets.live_article_id
    headers = _htmx(ctx, f"/articles/{article_id}/live", "live-stream")
    return with_etag(ctx, f"/articles/{article_id}/live/stream", headers)


def wait_for_a_fresh_minute(margin: float = MINUTE_MARGIN_S) -> None:
    """Sleep past the turn of the minute when fewer than `margin` seconds are left in this one:
    the board's ETag carries the minute, and a run that crossed it would measure renders."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.5)


def desk_refresh(ctx: Context) -> HttpRequest:
    """The board's own poll (every minute, hx-trigger on #board) with the ETag it was given."""
    wait_for_a_fresh_minute()
    headers = _htmx(ctx, "/desk/", "board") | {"HX-Trigger": "board"}
    return with_etag(ctx, "/desk/refresh", headers)


def presence_poll(ctx: Context) -> HttpRequest:
    """The presence notice's poll on a draft's desk page (nobody came or went: 304)."""
    article_id = ctx.targets.presence_draft_id
    headers = _htmx(ctx, f"/articles/{article_id}", "presence")
    return with_etag(ctx, f"/articles/{article_id}/presence", headers)


def drafts_for_transitions(app: Flask) -> list[int]:
    """Drafts no other endpoint uses (the last ones), put back in the draft column."""
    with app.app_context():
        ids = list(
            db.session.scalars(
                select(Article.id)
                .where(Article.state.in_((workflow.DRAFT, workflow.EDIT)))
                .where(Article.body != "")
                .order_by(Article.id.desc())
                .limit(TRANSITION_DRAFTS)
            )
        )
        db.session.execute(update(Article).where(Article.id.in_(ids)).values(state=workflow.DRAFT))
        db.session.commit()
    return ids


def _transition_drafts(ctx: Context) -> list[int]:
    """`drafts_for_transitions`, with the newest transition marked for the clean-up."""
    ids = drafts_for_transitions(ctx.app)
    with ctx.app.app_context():
        ctx.marks["transition"] = db.session.scalar(select(func.max(ArticleTransition.id))) or 0
    return ids


def transition(ctx: Context) -> HttpRequest:
    """An editor's transition buttons through htmx: drafts submitted for edit, then returned to
    their reporters with a note, in turn (`transition_turns`)."""
    turns = transition_turns(_transition_drafts(ctx))
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "article-actions"}
    (path, body), *rest = turns
    return HttpRequest("POST", path, headers, body, rotation=tuple(rest))


def transition_turns(article_ids: list[int]) -> list[tuple[str, str | None]]:
    """Every draft submitted, then every one returned, and again: a story's next move is
    `len(article_ids)` requests after its last, so with more drafts than connections it is sent
    after the one before it was answered. (Submit and return of one story one after the other
    put the two in flight at once: on PostgreSQL half the moves raced and were refused, 409,
    measured apart, and the ratio counted only the other half; SQLite's writes in turn hid it.)"""
    submits: list[tuple[str, str | None]] = []
    returns: list[tuple[str, str | None]] = []
    for article_id in article_ids:
        page = f"/articles/{article_id}"
        submits.append((f"{page}/transition/submit", urlencode({"note": "", "next": page})))
        note = f"{BENCH_TRANSITION_NOTE} {VARY}"
        returns.append((f"{page}/transition/return", urlencode({"note": note, "next": page})))
    return submits + returns


def undo_transitions(ctx: Context) -> None:
    """Put the drafts back and delete the history rows the run added (the board and insights
    measured later see the seeded newsroom)."""
    mark = ctx.marks.get("transition", 0)
    with ctx.app.app_context():
        moved = select(ArticleTransition.article_id).where(ArticleTransition.id > mark)
        db.session.execute(
            update(Article).where(Article.id.in_(moved)).values(state=workflow.DRAFT)
        )
        db.session.execute(delete(ArticleTransition).where(ArticleTransition.id > mark))
        db.session.commit()
