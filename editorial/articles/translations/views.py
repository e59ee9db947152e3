"""Translate a story, and mark a translation up to date: plain form posts from the article page
(and the editor), answered with a message and a redirect; a refusal shows the article page again
with the reason in its Translations panel, and nothing changes. And the Translations view."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx, languages, newsroom
from editorial.articles.panels import show_context
from editorial.articles.translations import service
from editorial.articles.translations.overview import SHOWS, families
from editorial.articles.translations.queries import panel_context
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article
from editorial.permissions import get_visible_article
from editorial.refusal import Answer, Refused, answer
from editorial.security import safe_next


def translate(article_id: int) -> Response:
    """Start a translation of the story into the chosen language; opens its editor."""
    person = current_person()
    article = get_visible_article(person, article_id)
    language = (request.form.get("language") or "").strip()
    try:
        translation = service.translate(
            article, person, language, request.form.get("headline") or ""
        )
    except Refused as refused:
        return _refused(article_id, answer(refused, "article.translate", article))
    db.session.commit()
    name = languages.get(language).english_name
    flash(f"{name} translation started. The source is beside the text.", "success")
    return redirect(url_for("articles.edit", article_id=translation.id))


def up_to_date(article_id: int) -> Response:
    """Record that the translation now matches its source's newest revision."""
    person = current_person()
    article = get_visible_article(person, article_id)
    try:
        revision = service.mark_up_to_date(article, person)
    except Refused as refused:
        return _refused(article_id, answer(refused, "article.translation_up_to_date", article))
    db.session.commit()
    flash(f"Marked up to date with the source's revision {revision.version}.", "success")
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("articles.show", article_id=article.id))


def _refused(article_id: int, refusal: Answer) -> Response:
    """The article page again, the reason in its Translations panel."""
    article = db.session.get(Article, article_id)
    if article is None:
        return redirect(url_for("desk.index"))
    context = show_context(article)
    context |= panel_context(article, current_person(), refusal.message)
    return htmx.respond(render_template("articles/show.html", **context), status=refusal.status)


@read_only
def overview() -> Response:
    """Every family (the newest first) by language: state, up to date or out of date since
    revision N, or missing. `?show=missing` or `?show=out_of_date` narrows it."""
    show = request.args.get("show", "")
    if show not in SHOWS:
        show = ""
    return htmx.render(
        "translations/overview.html",
        families=families(current_person(), show),
        columns=newsroom.current().published_languages,
        show=show,
        shows=SHOWS,
    )
