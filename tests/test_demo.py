"""The demo newsroom: every article's history is made of the machine's rows, with audit events.

The expectations come from `workflow.TRANSITIONS` itself, never from a copy of the graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial import clock, workflow
from editorial.articles.validation import byline_candidates
from editorial.demo.history import paths_from_draft
from editorial.demo.load import DEMO_PASSWORD, DEMO_USERS, NEWSROOM, STATE_COUNTS
from editorial.desk.staleness import PATIENCE
from editorial.extensions import db
from editorial.models import (
    Article,
    ArticleAssignment,
    ArticleRevision,
    ArticleTransition,
    AuditEvent,
    BreakingHeadline,
    ClaimLocation,
    Comment,
    Kind,
    Notification,
    User,
)
from tests.demo_copy import LOADED_AT, copy_demo
from tests.factories import make_user
from tests.helpers import sign_in


@pytest.fixture
def demo(app: Flask) -> list[Article]:
    """The demo newsroom as loaded at LOADED_AT (a copy of this process's: tests/demo_copy.py);
    the articles of its data file (not the translations made of some of them:
    tests/test_translations.py looks at those)."""
    copy_demo(app)
    stories = select(Article).where(Article.source_revision_id.is_(None)).order_by(Article.id)
    return list(db.session.scalars(stories))


def _steps(article: Article) -> list[ArticleTransition]:
    return list(
        db.session.scalars(
            select(ArticleTransition)
            .where(ArticleTransition.article_id == article.id)
            .order_by(ArticleTransition.at, ArticleTransition.id)
        )
    )


def test_every_path_from_draft_is_a_chain_of_rows_a_person_makes() -> None:
    paths = paths_from_draft()
    assert set(paths) == set(workflow.STATES)
    for state, path in paths.items():
        current = workflow.DRAFT
        for row in path:
            assert row is workflow.BY_NAME[row.name]
            assert not row.automatic, (state, row.name)
            assert current in row.sources, (state, row.name)
            current = row.target
        assert current == state
    # The way forward is taken where there is one: publishing doesn't wait for a schedule.
    assert all(row.style == "primary" for row in paths[workflow.PUBLISHED])


def test_demo_articles_reach_their_state_through_rows_of_the_table(demo: list[Article]) -> None:
    assert {article.state for article in demo} == set(workflow.STATES)
    for article in demo:
        current = workflow.DRAFT
        for step in _steps(article):
            row = workflow.BY_NAME[step.name]
            assert not row.automatic, step.name
            assert step.from_state == current and current in row.sources, step.name
            assert step.to_state == row.target, step.name
            actor = db.session.get(User, step.actor_id)
            assert actor is not None
            assert actor.role.value in row.roles or (
                current in row.author_sources and article.is_author(actor)
            ), (step.name, actor.role)
            if row.note_required:
                assert step.note.strip(), step.name
            current = step.to_state
        assert current == article.state, article.headline
        # One revision when created, one per move (by its actor, at its time), as the service keeps.
        revisions = list(
            db.session.scalars(
                select(ArticleRevision)
                .where(ArticleRevision.article_id == article.id)
                .order_by(ArticleRevision.version)
            )
        )
        steps = _steps(article)
        assert [r.version for r in revisions] == list(range(1, article.version + 1))
        # A story corrected after it was translated (demo.translations) has one more.
        revisions = [r for r in revisions if r.reason != "corrected"]
        assert len(revisions) == len(steps) + 1
        assert revisions[0].reason == "created"
        assert clock.as_utc(revisions[0].at) == clock.as_utc(article.created_at)
        for revision, step in zip(revisions[1:], steps, strict=True):
            assert (revision.reason, revision.actor_id) == ("transition", step.actor_id)
            assert clock.as_utc(revision.at) == clock.as_utc(step.at)


def test_each_demo_transition_has_its_audit_event(demo: list[Article]) -> None:
    events = defaultdict(list)
    assigned = []
    for event in db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "article")):
        if event.action.startswith("article.assigned."):
            assigned.append(event)  # the fact-checker chosen in "Send to fact-check"
        else:
            events[(event.object_id, event.action)].append(event)
    steps = list(db.session.scalars(select(ArticleTransition)))
    assert steps
    for step in steps:
        matching = [
            event
            for event in events[(str(step.article_id), f"article.{step.name}")]
            if event.details["from_state"] == step.from_state
            and event.details["to_state"] == step.to_state
            # A story flagged back is sent to fact-check twice: each send has its own event.
            and clock.as_utc(event.at) == clock.as_utc(step.at)
        ]
        assert len(matching) == 1, step.name
        event = matching[0]
        assert event.actor_id == step.actor_id
        assert clock.as_utc(event.at) == clock.as_utc(step.at)
        assert event.details["note"] == step.note
    moves = [found for (_, action), found in events.items() if action[8:] in workflow.BY_NAME]
    assert sum(len(found) for found in moves) == len(steps)
    assignments = list(db.session.scalars(select(ArticleAssignment)))
    assert assignments and len(assigned) == len(assignments)


def test_demo_times_give_every_column_fresh_and_ageing_work(demo: list[Article]) -> None:
    by_state: dict[str, list[datetime]] = defaultdict(list)
    for article in demo:
        steps = _steps(article)
        last_move = clock.as_utc(steps[-1].at) if steps else clock.as_utc(article.created_at)
        assert clock.as_utc(article.state_changed_at) == last_move
        assert last_move < LOADED_AT
        by_state[article.state].append(last_move)
        if article.state == workflow.SCHEDULED:
            assert article.published_at is not None
            assert clock.as_utc(article.published_at) > LOADED_AT
        if article.state == workflow.PUBLISHED:
            assert article.published_at is not None
            assert clock.as_utc(article.published_at) == last_move
    assert {state: len(times) for state, times in by_state.items()} == STATE_COUNTS
    day_ago = LOADED_AT - timedelta(hours=24)
    for state, times in by_state.items():
        # A work stage's column spans most of its patience; the others, half a day and more.
        span = PATIENCE[state].after / 2 if state in PATIENCE else timedelta(hours=12)
        assert max(times) > LOADED_AT - span, state
        if len(times) > 1:
            assert min(times) < LOADED_AT - span, state
    assert sum(time > day_ago for time in by_state[workflow.PUBLISHED]) > 1  # publications


def test_the_demo_board_marks_only_the_story_that_overstayed(
    app: Flask, demo: list[Article]
) -> None:
    """STALE means something: one card of the demo board, the oldest story in fact-check."""
    editor = db.session.scalar(select(User).where(User.role == workflow.EDITOR))
    client = sign_in(app.test_client(), editor, DEMO_PASSWORD)
    with clock.frozen(LOADED_AT):
        board = client.get("/desk/").get_data(as_text=True)
    stale = re.findall(r'<li class="card is-stale" id="card-(\d+)"', board)
    checks = [a for a in demo if a.state == workflow.FACT_CHECK]
    oldest = min(checks, key=lambda a: clock.as_utc(a.state_changed_at))
    assert stale == [str(oldest.id)]
    assert board.count('class="card"') + board.count('class="card is-stale"') > 20


def test_demo_refuses_a_newsroom_that_has_people(app: Flask) -> None:
    make_user()
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "already has people" in result.output
    assert db.session.scalar(select(func.count(Article.id))) == 0
    assert db.session.scalar(select(User.id).where(User.email == DEMO_USERS[0][0])) is None


def test_the_demo_desk_is_talking(demo: list[Article]) -> None:
    """Threads on stories in progress, one resolved, and the people they mention notified."""
    threads = list(db.session.scalars(select(Comment).where(Comment.parent_id.is_(None))))
    assert len(threads) == len(NEWSROOM.conversations)
    assert sum(1 for thread in threads if thread.resolved) == sum(
        1 for c in NEWSROOM.conversations if c["resolved"]
    )
    assert all(clock.as_utc(thread.at) < LOADED_AT for thread in threads)
    mentions = db.session.scalars(
        select(Notification).where(Notification.kind == Kind.MENTIONED)
    ).all()
    assert mentions and all(n.recipient_id != n.actor_id for n in mentions)


@pytest.mark.parametrize(
    ("path", "words"),
    [("/about", "Who we are"), ("/contact", "Corrections"), ("/privacy", "What we collect")],
)
def test_the_demo_footer_pages_are_written(
    app: Flask, demo: list[Article], path: str, words: str
) -> None:
    page = app.test_client().get(path).get_data(as_text=True)
    assert f"<h2>{words}</h2>" in page and "This page has not been written yet." not in page


def test_the_demo_has_a_former_colleague_on_a_published_byline(
    app: Flask, demo: list[Article]
) -> None:
    """Issue 20, item 2: a byline outlives its author's account, and the byline picker keeps it."""
    former = [a for a in demo if any(not person.active for person in a.authors)]
    assert former and {a.state for a in former} == {workflow.PUBLISHED}
    story = former[0]
    gone = next(person for person in story.authors if not person.active)
    assert gone.display_name in app.test_client().get(f"/news/{story.slug}").get_data(as_text=True)
    assert gone.id in {person.id for person in byline_candidates(story.authors)}
    assert gone.id not in {person.id for person in byline_candidates()}
    signins = app.test_cli_runner().invoke(args=["demo", "--if-empty"]).output
    assert gone.email not in signins  # a deactivated account is no demo sign-in


def test_the_demo_has_arabic_and_spanish_translations_one_out_of_date(
    demo: list[Article],
) -> None:
    translations = list(
        db.session.scalars(select(Article).where(Article.source_revision_id.is_not(None)))
    )
    assert {t.language for t in translations} == {"ar", "es"}
    assert len({t.family_id for t in translations}) >= 3
    out_of_date = [t for t in translations if t.source_lag is not None]
    assert [(t.language, t.state) for t in out_of_date] == [("ar", workflow.READY)]
    assert "12.1" in out_of_date[0].body  # made before the source's correction to 12.2
    assert any(t.state == workflow.DRAFT for t in translations)  # one still in progress
    for translation in translations:
        source = db.session.get(Article, translation.source_revision.article_id)
        assert source is not None and source.language == "en"
        assert translation.family_id == source.family_id
        assert translation.section_id == source.section_id


def test_the_demo_has_a_translation_in_fact_check_with_located_claims(
    demo: list[Article],
) -> None:
    (checking,) = db.session.scalars(
        select(Article).where(
            Article.source_revision_id.is_not(None), Article.state == workflow.FACT_CHECK
        )
    )
    assert checking.language == "es"
    located = list(
        db.session.scalars(select(ClaimLocation).where(ClaimLocation.article_id == checking.id))
    )
    assert len(located) == 3 and [loc.absent for loc in located].count(True) == 1
    assert all(loc.passage in checking.body for loc in located if not loc.absent)
    tally = checking.location_tally
    assert tally is not None and tally.total == 3 and tally.problem() is None


def test_the_demo_ticker_has_arabic_and_spanish_headlines(demo: list[Article]) -> None:
    languages = db.session.scalars(select(BreakingHeadline.language)).all()
    assert languages.count("ar") >= 3 and languages.count("es") >= 3
    arabic = db.session.scalars(
        select(BreakingHeadline.text).where(BreakingHeadline.language == "ar")
    ).all()
    assert all(re.search("[\u0600-\u06ff]", text) for text in arabic)


def test_eight_stories_are_in_three_languages_and_others_in_one(demo: list[Article]) -> None:
    languages: dict[int, set[str]] = defaultdict(set)
    for family_id, language in db.session.execute(select(Article.family_id, Article.language)):
        languages[family_id].add(language)
    assert sum(1 for found in languages.values() if found == {"en", "ar", "es"}) >= 8
    assert sum(1 for found in languages.values() if len(found) == 1) >= 3
    translations = db.session.scalars(
        select(Article).where(Article.source_revision_id.is_not(None))
    ).all()
    for translation in translations:  # written for the demo: several paragraphs of real text
        if translation.state != workflow.DRAFT:  # a draft is still being written
            assert translation.body.count("\n\n") >= 2, translation.headline
        script = "[\u0600-\u06ff]" if translation.language == "ar" else "[áéíóúñ]"
        assert re.search(script, translation.headline + translation.body), translation.headline


def test_the_demo_has_one_embargoed_story(demo: list[Article]) -> None:
    """Issue 22: one ready story under embargo, in one language, kept off the public site."""
    with clock.frozen(LOADED_AT):
        held = [article for article in demo if article.embargo_holds]
    assert len(held) == 1
    (article,) = held
    assert article.state == "ready" and article.embargo_source == "The Lancet"
    family = select(func.count()).where(Article.family_id == article.family_id)
    assert db.session.scalar(family.select_from(Article)) == 1


def test_the_demo_has_deadlines_some_overdue(demo: list[Article], app: Flask) -> None:
    """Issue 22: stories being worked on carry deadlines of their stage, a few already overdue;
    an editor is on duty; the first scheduler pass escalates what is late, each step once."""
    from editorial.deadlines.service import escalate
    from editorial.models.planning import ArticleDeadline, SectionDeadlineDefault

    deadlines = list(db.session.scalars(select(ArticleDeadline)))
    states = {article.id: article.state for article in demo}
    assert len(deadlines) >= 5
    assert all(states.get(d.article_id, d.stage) == d.stage for d in deadlines)
    overdue = [d for d in deadlines if clock.as_utc(d.due_at) < LOADED_AT]
    assert 2 <= len(overdue) < len(deadlines)
    assert db.session.scalar(select(func.count()).select_from(SectionDeadlineDefault))
    assert db.session.scalar(select(func.count()).select_from(User).where(User.on_duty))
    with clock.frozen(LOADED_AT):
        assert escalate() > 0
        assert escalate() == 0
    db.session.commit()


def test_the_demo_has_a_week_of_plans(app: Flask, demo: list[Article]) -> None:
    """Issue 22: plans around today, some started (linked to their stories on the board), two in
    the unscheduled tray, a reporter's proposal, one killed with its reason; the budget shows
    today's, grouped by section."""
    from editorial.models.planning import KILLED, PLANNED, PROPOSED, STARTED, Plan

    plans = list(db.session.scalars(select(Plan)))
    by_status: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        by_status[plan.status].append(plan)
    assert len(by_status[STARTED]) >= 4 and len(by_status[PLANNED]) >= 4
    assert len(by_status[PROPOSED]) == 1 and len(by_status[KILLED]) == 1
    (pitch,) = by_status[PROPOSED]
    assert pitch.reporter is not None and pitch.created_by_id == pitch.reporter_id
    assert by_status[KILLED][0].kill_note.startswith("The ministry postponed")
    assert sum(1 for plan in plans if plan.slot_start is None) == 2
    slots = [clock.as_utc(plan.slot_start) for plan in plans if plan.slot_start]
    assert min(slots) < LOADED_AT < max(slots) <= LOADED_AT + timedelta(days=5)
    for plan in by_status[STARTED]:
        assert plan.article is not None and plan.article.headline
    for plan in plans:  # real planning notes, not filler
        assert len(plan.notes.split()) >= 8 and "lorem" not in plan.notes.lower()
    editor = db.session.scalar(select(User).where(User.role == workflow.EDITOR))
    client = sign_in(app.test_client(), editor, DEMO_PASSWORD)
    with clock.frozen(LOADED_AT):
        budget = client.get("/plans/budget").get_data(as_text=True)
        board = client.get("/desk/").get_data(as_text=True)
    assert "Planned: " in board
    assert 'class="budget-section"' in budget
    told = db.session.scalar(
        select(func.count(Notification.id)).where(Notification.kind == Kind.PLAN)
    )
    assert told and told >= len(plans) - len(by_status[STARTED])


def test_the_demo_runs_one_live_story_and_has_one_that_ended(
    demo: list[Article], client: FlaskClient
) -> None:
    from editorial.models import LivePost, LiveStory

    stories = list(db.session.scalars(select(LiveStory).order_by(LiveStory.started_at)))
    assert [s.is_live for s in stories] == [False, True]
    running = stories[1]
    posts = list(
        db.session.scalars(select(LivePost).where(LivePost.article_id == running.article_id))
    )
    assert 28 <= len(posts) <= 35
    assert sum(p.pinned for p in posts) == 1 and sum(p.key_event for p in posts) >= 2
    assert any(not p.is_public for p in posts) and any(p.waits_for_check for p in posts)
    held = next(p for p in posts if p.waits_for_check)
    assert [c.verdict for c in held.claims] == ["verified", "unchecked"]
    co_written = next(p for p in posts if p.coauthors)
    assert co_written.is_public and len(co_written.authors) == 2
    with clock.frozen(LOADED_AT):
        page = client.get(f"/news/{running.article.slug}").get_data(as_text=True)
    assert "Key events" in page and "Older updates" in page and "sitenav-live" in page
    assert ", ".join(f"<bdi>{p.display_name}</bdi>" for p in co_written.authors) in page


def test_every_figure_of_insights_shows_something_real_in_the_demo(
    demo: list[Article], client: FlaskClient
) -> None:
    """Issue 27's "the demo newsroom's history is long and varied enough that every chart shows
    something real", breaking news becoming stories among them (headlines of the past weeks that
    came before their story, linked once it was out)."""
    editor = db.session.scalar(select(User).where(User.email == "editor@example.com"))
    assert editor is not None
    sign_in(client, editor, DEMO_PASSWORD)
    with clock.frozen(LOADED_AT + timedelta(minutes=5)):
        page = client.get("/insights/?period=30").get_data(as_text=True)
    summaries = re.findall(r'<p class="figure-summary"[^>]*>([^<]*)</p>', page)
    assert len(summaries) >= 18
    empty = [s for s in summaries if s.startswith("No ") or "Nothing" in s]
    assert empty == []
    assert "Breaking news became a published story in a median of" in page
    earlier = db.session.scalars(
        select(BreakingHeadline).where(BreakingHeadline.ends_at < LOADED_AT)
    ).all()
    linked = [h for h in earlier if h.article is not None]
    assert linked and all(h.created_at < h.article.first_published_at for h in linked)
