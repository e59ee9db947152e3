"""The visibility rules written against a statement's `users` row (`permissions.visible_to_row`,
`inside_to_row`), which the polls read with the session check (`cheap_poll(joined=...)`), give
exactly what the Python rules give: every role, every state, each way a person is on a story;
and the polls through the gate (presence, comments, the live desk's stream) answer as Flask
answers for each role."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial import clock, workflow
from editorial.articles.presence.service import heartbeat
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.live import service as live
from editorial.models import Article, Role, User
from editorial.permissions import can, inside_to_row, visible_to_row
from tests.factories import make_article, make_user
from tests.helpers import HX, flask_answers, flask_only

# How the person is on the story: not at all (someone else on its byline), on the byline (and
# someone else too), its translator, its assigned editor, its assigned fact-checker.
WAYS = ("none", "byline", "translator", "editor", "fact_checker")


def _story(state: str, way: str, person: User, other: User) -> Article:
    fields: dict[str, Any] = {}
    if way in ("translator", "editor", "fact_checker"):
        fields[f"{way}_id"] = person.id
    authors = [person, other] if way == "byline" else [other]
    return make_article(state, authors=authors, **fields)


def test_the_rules_against_the_users_row_are_the_python_rules(app: Flask) -> None:
    other = make_user(Role.REPORTER)
    for role in Role:
        person = make_user(role)
        stories = [_story(state, way, person, other) for state in workflow.STATES for way in WAYS]
        ids = [story.id for story in stories]
        for rule, action in ((visible_to_row, "article.view"), (inside_to_row, "article.comment")):
            found = set(
                db.session.scalars(
                    select(Article.id).where(User.id == person.id, Article.id.in_(ids), rule())
                )
            )
            expected = {story.id for story in stories if can(person, action, story)}
            assert found == expected, (role, action)
        # Not a rule that lets everything through: only editors and admins see every story.
        seen = {story.id for story in stories if can(person, "article.view", story)}
        assert (seen == set(ids)) == (role in (Role.EDITOR, Role.ADMIN)), role


def test_the_gates_polls_answer_as_flask_for_every_role(
    app: Flask, client_as: Any, frozen: Any
) -> None:
    """Presence and comments, for each role, on a story they may see inside, one they may see
    but not inside, and one they may not see: the gate's 304 where Flask gives 304, else
    Flask's own answer (404, 403)."""
    other = make_user(Role.REPORTER)
    for role in Role:
        person = make_user(role)
        client = client_as(person)
        stories = [
            make_article("draft", authors=[person]),
            make_article("published", authors=[other]),
            make_article("fact_check", authors=[other], fact_checker_id=person.id),
            make_article("draft", authors=[other]),
        ]
        heartbeat(stories[0], other)
        db.session.commit()
        for story in stories:
            for url in (f"/articles/{story.id}/presence", f"/articles/{story.id}/comments"):
                etag = "never-given"
                first = flask_only(app, lambda url=url, c=client: c.get(url, headers=HX))
                if first.status_code == 200:
                    etag = first.headers["ETag"]
                ask = {**HX, "If-None-Match": etag}
                gate = client.get(url, headers=ask)
                slow = flask_only(app, lambda url=url, c=client, ask=ask: c.get(url, headers=ask))
                assert gate.status_code == slow.status_code, (role, story.state, url)
                assert (gate.status_code == 304) == (first.status_code == 200), (role, url)


def test_the_live_desks_stream_poll_answers_as_flask_in_one_statement(
    app: Flask, client_as: Any, frozen: Any
) -> None:
    """The stream's live version read with the session's row (`live.views.stream_joined`): one
    statement for each role on a story they may see; a story they may not see (another's
    draft, for a reporter) is Flask's answer, as before."""
    editor = make_user(Role.EDITOR)
    other = make_user(Role.REPORTER)
    shown = make_article("published", authors=[other])
    hidden = make_article("draft", authors=[other])
    for article in (shown, hidden):
        live.start(article, editor, clock.now())
    db.session.commit()
    for role in Role:
        client = client_as(make_user(role))
        for article in (shown, hidden):
            url = f"/articles/{article.id}/live/stream"
            first = flask_only(app, lambda url=url, c=client: c.get(url, headers=HX))
            etag = first.headers.get("ETag", "never-given")
            ask = {**HX, "If-None-Match": etag}
            with flask_answers(app) as calls, counted_statements(app) as sent:
                gate = client.get(url, headers=ask)
            slow = flask_only(app, lambda url=url, c=client, ask=ask: c.get(url, headers=ask))
            assert gate.status_code == slow.status_code, (role, article.state)
            if first.status_code == 200:
                assert (gate.status_code, calls, len(sent)) == (304, [], 1), (role, sent)
