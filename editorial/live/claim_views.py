"""A live post's claims on the desk: add a claim quoting the post, give it a verdict, remove it.
Each answer is the post alone (`live/_desk_post.html`), swapped in place; without JavaScript a
plain form post comes back to the desk at the post. The rules are `checks.py`'s."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import clock, htmx
from editorial.extensions import db
from editorial.identity import current_person
from editorial.live import checks, queries
from editorial.live.answers import post_context
from editorial.live.forms import ActionForm
from editorial.live.views import desk_article, refused_desk
from editorial.models import Article, LivePost, LivePostClaim
from editorial.page_cache import changes_no_page
from editorial.refusal import Refused, answer


def _post(article: Article, post_id: int) -> LivePost:
    post = queries.desk_post(article.id, post_id)
    if post is None or post.deleted_at is not None:
        abort(404)
    return post


def _claim(post: LivePost, claim_id: int) -> LivePostClaim:
    found = next((claim for claim in post.claims if claim.id == claim_id), None)
    return found if found is not None else abort(404)


def _shown(article: Article, post_id: int, **extra: object) -> str:
    post = queries.desk_post(article.id, post_id)
    return render_template("live/_desk_post.html", **post_context(article, post=post, **extra))


def _run(
    article: Article, post: LivePost, change: Callable[[], object], said: str, typed: str = ""
) -> Response:
    """Check the form, make the change, answer with the post redrawn (or the refusal on it,
    the claim that was `typed` still in its box)."""
    kept = {"claim_typed": {post.id: typed}}
    back = url_for("live.desk", article_id=article.id, _anchor=post.anchor)
    try:
        if not ActionForm().validate_on_submit():
            raise Refused("The form expired: try again.")
        change()
    except Refused as refused:
        if not htmx.wants_fragment():  # the desk's page with why, as the other buttons answer
            return refused_desk(article, refused, "live.check", **kept)
        refusal = answer(refused, "live.check", article)
        html = _shown(article, post.id, error=refusal.message, **kept)
        return htmx.respond(html, status=refusal.status, trigger=htmx.toast(refusal.message))
    db.session.commit()
    return htmx.done(said, lambda: _shown(article, post.id), back)


@changes_no_page  # a held post's claims are the desk's only
def add(article_id: int, post_id: int) -> Response:
    """Record a claim quoting the post."""
    article = desk_article(article_id)
    post = _post(article, post_id)
    text = request.form.get("text", "")
    return _run(
        article,
        post,
        lambda: checks.add(post, current_person(), text, clock.now()),
        "Claim added.",
        typed=text,
    )


@changes_no_page
def verdict(article_id: int, post_id: int, claim_id: int) -> Response:
    """A claim's verdict, evidence and note."""
    article = desk_article(article_id)
    post = _post(article, post_id)
    claim = _claim(post, claim_id)
    form = request.form
    return _run(
        article,
        post,
        lambda: checks.verdict(
            claim,
            current_person(),
            verdict=form.get("verdict", ""),
            sources=form.get("sources", ""),
            note=form.get("note", ""),
            at=clock.now(),
        ),
        "Verdict saved.",
    )


@changes_no_page
def remove(article_id: int, post_id: int, claim_id: int) -> Response:
    """Take a claim off the post's check."""
    article = desk_article(article_id)
    post = _post(article, post_id)
    claim = _claim(post, claim_id)
    return _run(article, post, lambda: checks.remove(claim, current_person()), "Claim removed.")
