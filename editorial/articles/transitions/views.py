"""The one endpoint that moves an article through the state machine.

A normal POST redirects back (to the article, or a local `next`) with a message; an htmx POST
gets the refreshed actions panel (and, from the desk page, every other panel out of band) and an
`articleTransitioned` event the board listens to. A refusal keeps what was typed and says why,
beside the field it concerns (`refusal.answer`: a 403 is audited).
"""

from __future__ import annotations

from functools import partial

from flask import abort, request, url_for
from werkzeug.wrappers import Response

from editorial import clock, htmx, loaded_rows, newsroom, workflow
from editorial.articles.panels import actions_context, refreshed, show_context
from editorial.articles.presence.service import leave
from editorial.articles.transitions.service import Request, apply
from editorial.commits import commit_keeping_loaded
from editorial.extensions import db
from editorial.forms import optional_database_int
from editorial.identity import current_person
from editorial.models import Article
from editorial.permissions import get_visible_article
from editorial.refusal import Answer, Refused, answer
from editorial.security import safe_next


def _parse_request() -> Request:
    """The note, publish time (local, in the newsroom's zone) and fact-checker from the form."""
    publish_at = None
    raw_time = (request.form.get("publish_at") or "").strip()
    if raw_time:
        try:
            publish_at = clock.parse_local(raw_time, newsroom.zone())
        except clock.TimeProblem as problem:
            raise Refused(str(problem), field="publish_at") from None
    checker = request.form.get("fact_checker_id") or ""
    return Request(
        note=request.form.get("note", ""),
        publish_at=publish_at,
        fact_checker_id=_optional_int(checker),
        waiver=request.form.get("waiver", ""),
    )


def _optional_int(value: str) -> int | None:
    try:
        return optional_database_int(value)
    except ValueError:
        return None


def transition(article_id: int, name: str) -> Response:
    """Apply transition `name` to the article, as the signed-in user."""
    person = current_person()
    row = workflow.BY_NAME.get(name)
    # Whoever's role may never take this step is refused without holding the story's row (the
    # refusal reads the story unheld, as any page does; every check below runs as before).
    may = row is not None and workflow.may_ever(row, person)
    _held = _hold_story(article_id) if may else None  # referenced: the session keeps it weakly
    article = get_visible_article(person, article_id)
    if row is None:
        abort(404)
    from_state = article.state
    fields = ("note", "publish_at", "fact_checker_id", "waiver")
    typed = {key: request.form.get(key, "") for key in fields}
    try:
        step = apply(article, name, person, _parse_request())
    except Refused as refused:
        return _refused(article_id, name, answer(refused, f"transition:{name}", article), typed)
    # Whoever moves a story on has left its editor (a transition from the editor's own buttons).
    leave(article, person)
    commit_keeping_loaded()
    moved = {"id": article.id, "from": from_state, "to": step.to_state}
    return htmx.done(
        _done_message(article.headline, step.to_state),
        partial(refreshed, article, "actions"),
        safe_next(request.form.get("next")) or url_for("articles.show", article_id=article.id),
        trigger={"articleTransitioned": moved},
    )


def _hold_story(article_id: int) -> Article | None:
    """On PostgreSQL, read the story with its row held until the commit, so a transition of
    the same story still in flight is waited for and this one starts from the state it left,
    as SQLite's writes (which take their turns for the write lock) always do. Read without the
    hold, a return sent while its submit was committing saw the draft and was refused 409 (half
    of the benchmark's transitions on PostgreSQL, one in twenty on SQLite: bench:pgtransition9).
    The lock is the one its conditional UPDATE takes anyway (`FOR NO KEY UPDATE`: a comment or
    a heartbeat inserted meanwhile, whose foreign key checks the row with `FOR KEY SHARE`, does
    not wait for it), and the story's row is the first a transition locks, so holding it sooner
    adds no lock order. The permission check's read finds the row in the session (one
    statement, as before) while the caller holds what this returns. Not asked for a person
    whose role may never take the step (`workflow.may_ever`): their refusal holds nothing."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    # FOR NO KEY UPDATE: the UPDATE's own lock, no child row waits; read past the ORM's load.
    return loaded_rows.get_holding(Article, article_id)


def _done_message(headline: str, state: str) -> str:
    short = headline if len(headline) <= 60 else headline[:57] + "..."
    return f"“{short or 'Untitled'}” is now in {workflow.STATE_LABELS[state]}."


def _refused(article_id: int, name: str, refusal: Answer, typed: dict[str, str]) -> Response:
    """Re-render with the reason beside the form it concerns and the typed text kept."""
    article = db.session.get(Article, article_id) or abort(404)
    build = actions_context if htmx.wants_fragment() else show_context
    context = build(
        article, error=refusal.message, error_for=name, error_field=refusal.field, typed=typed
    )
    return htmx.render(
        "articles/show.html", "articles/_actions.html", status=refusal.status, **context
    )
