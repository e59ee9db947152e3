"""The writes measured (`bench.endpoints`): each request as the browser sends it, and the clean-up
after a run that puts the newsroom back as seeded, so later runs measure the same pages."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import delete, select, update

from bench import claims
from bench.session import Context
from bench.wrk import VARY, HttpRequest
from editorial import page_cache
from editorial.articles.forms import new_editing_token
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, Comment, LivePost, LiveStory, Notification

BENCH_HEADLINE = "Bench headline"  # the text of every headline the benchmark posts
BENCH_COMMENT = "Bench comment"  # the text of every comment the benchmark posts
BENCH_LIVE_POST = "Bench live post"  # the text of every live post the benchmark posts


def editor_form(app: Flask, article_id: int, csrf: str) -> str:
    """The editor form as htmx's autosave posts it (hx-include="#article-form"), the body typed on.

    Read from the database at its current version, so the first save of a run is not stale; the
    body ends with a marker wrk replaces per request, so every autosave is a real change.
    """
    with app.app_context():
        db.session.expire_all()
        article = db.session.get(Article, article_id)
        if article is None:
            raise RuntimeError(f"No article {article_id}")
        fields = [
            ("csrf_token", csrf),
            ("version", str(article.version)),
            # The editor page's own token: later autosaves from the same page build on their
            # own saves (without it, each one after the first is refused as stale, 409).
            ("editing", new_editing_token()),
            ("headline", article.headline),
            ("summary", article.summary),
            ("body", article.body.split("\n\nStill typing:")[0] + f"\n\nStill typing: {VARY}"),
            ("section_id", str(article.section_id or "")),
            ("region_id", str(article.region_id or "")),
            ("tags", ", ".join(tag.name for tag in article.tags)),
            ("source", article.source),
            ("hero_image_url", article.hero_image_url),
            ("hero_caption", article.hero_caption),
            *[("author_ids", str(author.id)) for author in article.authors],
        ]
        db.session.rollback()
    return urlencode(fields)


def autosave(ctx: Context) -> HttpRequest:
    """Autosaves of the seeded drafts in turn: at 16 connections, 16 writers on their own drafts."""
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "autosave"}
    turns = [
        (f"/articles/{article_id}/autosave", editor_form(ctx.app, article_id, ctx.staff.csrf))
        for article_id in ctx.targets.autosave_draft_ids
    ]
    (path, body), *rest = turns
    return HttpRequest("POST", path, headers, body, rotation=tuple(rest))


def heartbeat(ctx: Context) -> HttpRequest:
    path = f"/articles/{ctx.targets.presence_draft_id}/presence"
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "presence"}
    return HttpRequest("POST", path, headers, "")


def breaking_post(ctx: Context) -> HttpRequest:
    """The desk's new-headline form posted without JavaScript: live now, six hours, no link."""
    body = urlencode(
        {
            "csrf_token": ctx.staff.csrf,
            "new-text": f"{BENCH_HEADLINE} {VARY}",
            "new-article": "",
            "new-starts_at": "",
            "new-ends_at": "",
        }
    )
    return HttpRequest("POST", "/breaking", ctx.staff_headers(post=True), body)


def comment_post(ctx: Context) -> HttpRequest:
    """Posting a comment through htmx: the thread comes back with the comment in it."""
    path = f"/articles/{ctx.targets.presence_draft_id}/comments"
    body = urlencode({"body": f"{BENCH_COMMENT} {VARY}", "parent_id": ""})
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "comment-thread"}
    return HttpRequest("POST", path, headers, body)


def claim_verdict(ctx: Context) -> HttpRequest:
    """A verdict change through htmx from the article's page: the ledger and every panel back.

    The verdicts go to the ledger story's claims in turn, as a fact-checker works down a ledger.
    (All on its first claim, each verdict read and drew a history that grew by one with every
    request: 4.2 ms a verdict on a fresh copy, 6.8 after 1,000, `bench:verdict10`; no claim of
    a newsroom's gathers hundreds of checks.)"""
    article_id = ctx.targets.ledger_article_id
    page = f"{ctx.base_url}/articles/{article_id}"
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Current-URL": page}
    body = urlencode(
        {"verdict": "verified", "sources": "https://example.org/bench-source", "note": VARY}
    )
    with ctx.app.app_context():
        claim_ids = claims.ledger_claim_ids(article_id)
    (path, body), *rest = [(f"/articles/{article_id}/claims/{claim}", body) for claim in claim_ids]
    return HttpRequest("POST", path, headers, body, rotation=tuple(rest))


def remove_bench_checks(ctx: Context) -> None:
    """Put the ledger's claims back as seeded (the ledger page stays the same for later runs)."""
    with ctx.app.app_context():
        claims.remove_bench_checks(ctx.targets.ledger_article_id)
        db.session.commit()


def remove_posted_comments(ctx: Context) -> None:
    """Delete the comments (and their notifications) a run posted."""
    with ctx.app.app_context():
        posted = select(Comment.id).where(Comment.body.startswith(BENCH_COMMENT))
        db.session.execute(delete(Notification).where(Notification.comment_id.in_(posted)))
        db.session.execute(delete(Comment).where(Comment.body.startswith(BENCH_COMMENT)))
        db.session.commit()


def remove_posted_headlines(ctx: Context) -> None:
    """Delete the headlines a run posted, so later runs see the seeded ticker (50, 10 live)."""
    with ctx.app.app_context():
        db.session.execute(
            delete(BreakingHeadline).where(BreakingHeadline.text.startswith(BENCH_HEADLINE))
        )
        db.session.commit()


def live_post(ctx: Context) -> HttpRequest:
    """An editor posting from the live desk's composer through htmx (the token in X-CSRFToken):
    the desk comes back with the post in it."""
    path = f"/articles/{ctx.targets.live_article_id}/live/posts"
    body = urlencode({"headline": "", "body": f"{BENCH_LIVE_POST} {VARY}"})
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "live-desk"}
    return HttpRequest("POST", path, headers, body)


def remove_posted_live_posts(ctx: Context) -> None:
    """Delete the posts a run added, and move the story's and the site's version on as a
    deletion does, so that pages and polls measured later show the seeded 1,000 again."""
    with ctx.app.app_context():
        db.session.execute(delete(LivePost).where(LivePost.body.startswith(BENCH_LIVE_POST)))
        db.session.execute(
            update(LiveStory)
            .where(LiveStory.article_id == ctx.targets.live_article_id)
            .values(version=LiveStory.version + 1)
        )
        page_cache.bump_site_version()
        db.session.commit()
