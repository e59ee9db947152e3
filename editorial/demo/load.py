"""The demo newsroom loaded by `flask demo`: people of every role and articles in every state.

The newsroom itself is data, in `newsroom.json` beside this module (read by `content`); how each
article got to its state is worked out from the workflow table and played through the real
transition service (`history`), so the demo's history is the one the app would have written.

The passwords are published in the README on purpose: this is demo data for a laptop, never for a
real newsroom (`flask demo` refuses a database that already has people).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from importlib.resources import files
from itertools import cycle

from sqlalchemy import func, select

from editorial import clock, workflow
from editorial.articles.claims.service import start_the_ledger
from editorial.articles.comments import service as comments
from editorial.articles.revisions.service import keep_revision
from editorial.audit import record
from editorial.clock import FrozenClock
from editorial.demo.breaking import add_earlier_headlines, add_headlines, add_hubs
from editorial.demo.checklists import add_house_rules
from editorial.demo.content import Conversation, DemoArticle, DemoHeadline, read_newsroom
from editorial.demo.deadlines import add_deadlines
from editorial.demo.fronts import add_fronts
from editorial.demo.history import Desk, StatePath, paths_from_draft, walk
from editorial.demo.live import add_live
from editorial.demo.pictures import attach_picture, attach_portrait
from editorial.demo.plans import add_plans
from editorial.demo.translations import add_translations
from editorial.desk.staleness import PATIENCE
from editorial.embargo.service import set_embargo
from editorial.extensions import db
from editorial.insights.weekly import send_due
from editorial.models import Article, Region, Role, Section, Tag, User
from editorial.models.taxonomy import get_or_create_tag
from editorial.passwords import hash_password
from editorial.people.service import set_active
from editorial.rendering import render_markdown
from editorial.site_settings.service import save_settings
from editorial.taxonomy.owners import set_owner
from editorial.text import count_words, story_slug
from editorial.workflow import DRAFT, FACT_CHECK, PUBLISHED, READY, SCHEDULED

__all__ = [
    "NEWSROOM",
    "ARTICLES",
    "BREAKING",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "NOTES",
    "STATE_COUNTS",
    "load_demo",
    "state_plan",
]

DEMO_PASSWORD = "newsroom-demo-2026"  # noqa: S105 - documented demo credential, see module doc

NEWSROOM = read_newsroom()
DEMO_USERS: list[tuple[str, str, Role]] = NEWSROOM.people
ARTICLES: list[DemoArticle] = NEWSROOM.articles
BREAKING: list[DemoHeadline] = NEWSROOM.breaking
NOTES: dict[str, str] = NEWSROOM.notes
# How many demo articles end in each state. They are dealt out in turn (newest first, 90 minutes
# apart over the first day, `ago_of`, then further apart back three weeks), so the last day has
# publications and /insights has weeks to compare; the work stages' columns are spread within their
# stage's patience instead (`waited`), so the board marks only the story that overstayed.
STATE_COUNTS: dict[str, int] = NEWSROOM.state_counts

SPACING = timedelta(minutes=90)  # between one article's last move and the next one's
# Past the first day's articles, the older ones are this far apart, so the demo's history spans
# three weeks and every chart of /insights (by week, by day) shows something real.
FIRST_DAY, OLDER_SPACING = 16, timedelta(hours=14)
NEWEST = timedelta(minutes=40)  # how long ago the newest article made its last move
TRANSLATING = timedelta(minutes=30)  # the translations start this long before now
LIFETIME = timedelta(hours=6)  # from an article's creation to its last move, when it has moves


def lifetime(index: int) -> timedelta:
    """From the `index`-th article's creation to its last move: 2 to 18 hours, varied, around
    LIFETIME, so time in each stage differs from story to story."""
    return LIFETIME + timedelta(hours=(index * 5) % 17 - 4)


def looped(path: StatePath, index: int) -> StatePath:
    """Every third published story was flagged back once by its fact-checker and sent again,
    so the fact-check desk's figures (cleared first time or flagged back) show both."""
    if index % 3 or [r.name for r in path[:3]] != ["submit", "send_to_fact_check", "clear"]:
        return path
    rows = {r.name: r for r in workflow.TRANSITIONS}
    return (path[0], path[1], rows["flag"], path[1], *path[2:])


def ago_of(index: int) -> timedelta:
    """How long ago the `index`-th article (newest first) made its last move, outside the work
    stages: SPACING apart over the first day, OLDER_SPACING apart before that."""
    if index <= FIRST_DAY:
        return NEWEST + SPACING * index
    return NEWEST + SPACING * FIRST_DAY + OLDER_SPACING * (index - FIRST_DAY)


# The demo board's one stale card: the oldest story in fact-check, this far past its limit.
OVERSTAYED, OVERSTAYED_BY = FACT_CHECK, timedelta(minutes=90)


def waited(state: str, order: int, count: int) -> timedelta | None:
    """How long ago the `order`-th (0: newest) of the `count` demo articles in a work stage made
    its last move; None for the other stages (dealt out SPACING apart).

    Spread over four fifths of the stage's patience (`desk.staleness.PATIENCE`): each column holds
    fresh and older work and none of it is stale, but for the oldest story in OVERSTAYED, which
    waited past its limit (the board's one STALE card, as a real desk's board would have).
    """
    patience = PATIENCE.get(state)
    if patience is None:
        return None
    if state == OVERSTAYED and count > 1 and order == count - 1:
        return patience.after + OVERSTAYED_BY
    return NEWEST + (patience.after - NEWEST) * 0.8 * (order / max(count - 1, 1))


# The stories that go public get a picture (drawn at load time: editorial/demo/pictures.py).
PICTURED = (PUBLISHED, SCHEDULED)


def state_plan(counts: Mapping[str, int]) -> list[str]:
    """Each article's final state, newest first: one of each state in turn while any are left."""
    remaining = dict(counts)
    plan: list[str] = []
    while any(remaining.values()):
        for state, left in remaining.items():
            if left:
                plan.append(state)
                remaining[state] -= 1
    return plan


# Which sections have a desk owner, who gets their weekly summary (a role's first or second
# person); Miscellaneous and Blog keep none, so the admin page shows what that means.
DESK_OWNERS: dict[str, tuple[Role, int]] = {
    "Politics": (Role.EDITOR, 0),
    "Economy": (Role.EDITOR, 0),
    "Health": (Role.EDITOR, 0),
    "Sports": (Role.EDITOR, 1),
    "Technology": (Role.EDITOR, 1),
    "Environment": (Role.EDITOR, 1),
    "Features": (Role.ADMIN, 0),
    "Arts&Culture": (Role.ADMIN, 0),
    "Opinion": (Role.ADMIN, 0),
    "Analysis": (Role.ADMIN, 0),
}


def _give_desk_owners(staff: Mapping[Role, list[User]], sections: Mapping[str, Section]) -> None:
    """Give most sections a desk owner, as an admin would on each section's page."""
    admin = staff[Role.ADMIN][0]
    for name, (role, n) in DESK_OWNERS.items():
        people = staff[role]
        if name in sections and people:
            set_owner(sections[name], people[min(n, len(people) - 1)].id, actor=admin)


def load_demo() -> int:
    """Create the demo people and articles, each walked to its state, and the translations of a
    few of them (`demo.translations`); returns the count of articles the data file gives.

    The caller commits. Every move is a real transition (with its audit event and revision) at a
    time in the past, under a frozen clock; scheduled articles publish a few hours from now. The
    BREAKING ticker gets headlines timed from now, live, upcoming and expired (`demo.breaking`).
    """
    now = clock.now()
    paths = paths_from_draft()
    plan = state_plan(STATE_COUNTS)
    with clock.frozen(now) as frozen:
        people = _add_people()
        # Former staff write no new story: each is on the byline of one published story, then
        # leaves (deactivated), so the demo shows a byline that outlives its author's account.
        former = [u for u in people if NEWSROOM.profiles[u.email].former]
        leavers = iter(former)
        gone = {u.id for u in former}  # by id: a User's == compares its session id
        staff = {role: [u for u in people if u.role == role and u.id not in gone] for role in Role}
        sections = {s.name: s for s in db.session.scalars(select(Section))}
        regions = {r.name: r for r in db.session.scalars(select(Region))}
        reporters, editors = cycle(staff[Role.REPORTER]), cycle(staff[Role.EDITOR])
        checkers = cycle(staff[Role.FACT_CHECKER])
        count = 0
        talked: dict[str, list[tuple[Article, Desk, datetime]]] = {}
        dealt: dict[str, int] = {}
        for index, (item, state) in enumerate(zip(ARTICLES, plan, strict=False)):
            path = looped(paths[state], index) if state == PUBLISHED else paths[state]
            order = dealt[state] = dealt.get(state, -1) + 1
            ago = waited(state, order, STATE_COUNTS[state])
            end = now - (ago if ago is not None else ago_of(index))
            start = end - lifetime(index) if path else end  # a draft's last move is its creation
            author = next(reporters)
            leaver = next(leavers, None) if state == PUBLISHED and index % 5 else None
            desk = Desk(
                authors=(
                    [author, leaver]
                    if leaver
                    else [author]
                    if index % 5
                    else [author, next(reporters)]
                ),
                editor=next(editors) if path else None,
                fact_checker=next(checkers) if any(r.needs_fact_checker for r in path) else None,
                admin=staff[Role.ADMIN][0],
            )
            frozen.set(start)
            article = _new_draft(item, desk, sections, regions)
            if state in PICTURED:
                attach_picture(article, index, author)
            walk(
                article,
                path,
                desk,
                start=start,
                end=end,
                clock=frozen,
                notes=NOTES,
                publish_at=now + timedelta(hours=2 + index % 5),
            )
            talked.setdefault(state, []).append((article, desk, end))
            count += 1
            if state == FACT_CHECK and len(talked[state]) == 1 and desk.fact_checker:
                start_the_ledger(article, desk.fact_checker)
        for conversation in NEWSROOM.conversations:
            article, desk, end = talked[conversation["state"]].pop(0)
            _converse(article, desk, staff, conversation, end, frozen)
        # The translations come last, in the half hour before now (after every other move).
        translated = add_translations(staff, paths, NOTES, now - TRANSLATING, frozen)
        _embargo_one(now, staff[Role.EDITOR][0])
        add_deadlines(now, frozen, staff[Role.EDITOR][0], staff[Role.ADMIN][0])
        planned = add_plans(staff, now)
        for person in former:
            set_active(person, False, actor=staff[Role.ADMIN][0])
        add_earlier_headlines(staff[Role.EDITOR][0], now, frozen)
        add_headlines(BREAKING, staff[Role.EDITOR][0], now, frozen)
        add_hubs(NEWSROOM.coverage, staff[Role.EDITOR][0])
        add_live(staff, now, frozen)
        _label_tags()
        add_house_rules(staff[Role.ADMIN][0])
        fronts = add_fronts(staff[Role.EDITOR][0], now, frozen)
        _give_desk_owners(staff, sections)
    save_settings({f"{page}_md": text for page, text in NEWSROOM.footer_pages.items()}, actor=None)
    # The owners find last week's summary in their inbox now; the worker sends no week twice.
    send_due(late=True)
    record(
        "demo.loaded",
        None,
        people=len(people),
        articles=count,
        translations=translated,
        breaking=len(BREAKING),
        plans=planned,
        fronts=fronts,
    )
    return count


def _embargo_one(now: datetime, editor: User) -> None:
    """One ready story (in one language only) under a journal embargo lifting tomorrow."""
    alone = select(Article.family_id).group_by(Article.family_id).having(func.count() == 1)
    article = db.session.scalar(
        select(Article)
        .where(Article.state == READY, Article.family_id.in_(alone))
        .order_by(Article.id)
        .limit(1)
    )
    if article is not None:
        lift = (now + timedelta(days=1)).replace(minute=1, second=0, microsecond=0)
        set_embargo(article, editor, lift, "The Lancet", "Journal embargo")


def _converse(
    article: Article,
    desk: Desk,
    staff: Mapping[Role, list[User]],
    conversation: Conversation,
    after: datetime,
    frozen: FrozenClock,
) -> None:
    """Post `conversation` on `article` through the comment service, a few minutes apart after
    its last move (so its mentions and replies notify people as the app would)."""
    speakers = {
        "author": desk.authors[0],
        "editor": desk.editor or staff[Role.EDITOR][0],
        "checker": desk.fact_checker or staff[Role.FACT_CHECKER][0],
    }
    names = {key: person.display_name for key, person in speakers.items()}
    first = None
    for number, (who, text) in enumerate(conversation["thread"], start=1):
        frozen.set(after + timedelta(minutes=7 * number))  # NEWEST keeps it in the past
        posted = comments.post(article, speakers[who], text.format(**names), parent=first)
        first = first or posted.comment
        db.session.flush()
    if conversation["resolved"] and first is not None:
        comments.set_resolved(first, speakers["editor"], True)
        db.session.flush()


def _add_people() -> list[User]:
    """The demo's people, each with an author page (address and bio), some with a portrait."""
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    people = [
        User(email=email, display_name=name, role=role, password_hash=password_hash)
        for email, name, role in DEMO_USERS
    ]
    for person in people:
        profile = NEWSROOM.profiles[person.email]
        person.slug, person.bio = profile.slug, profile.bio
    db.session.add_all(people)
    db.session.flush()
    for index, person in enumerate(people):
        if NEWSROOM.profiles[person.email].portrait:
            attach_portrait(person, index)
    return people


def _label_tags() -> None:
    """The demo's tags in the other editions' languages (tag_labels.json), as an admin gives
    them on the tag's page, so the Arabic and Spanish editions show no English tag names."""
    labels: dict[str, dict[str, str]] = json.loads(
        files(__package__).joinpath("tag_labels.json").read_text(encoding="utf-8")
    )
    for tag in db.session.scalars(select(Tag).where(Tag.name.in_(labels))):
        tag.labels = dict(labels[tag.name])


def _new_draft(
    item: DemoArticle,
    desk: Desk,
    sections: Mapping[str, Section],
    regions: Mapping[str, Region],
) -> Article:
    """The article as its first author created it, now (on the frozen clock), with its revision."""
    article = Article(
        slug=story_slug(item["headline"]),
        headline=item["headline"],
        summary=item["summary"],
        body=item["body"],
        body_html=render_markdown(item["body"]),
        word_count=count_words(item["body"]),
        source=item["source"],
        section=sections[item["section"]],
        region=regions.get(item["region"]) if item["region"] else None,
        state=DRAFT,
    )
    article.authors = list(desk.authors)
    article.created_by = desk.authors[0]
    article.editor = desk.editor
    article.tags = [get_or_create_tag(name) for name in item["tags"]]
    db.session.add(article)
    db.session.flush()
    keep_revision(article, desk.authors[0], "created")
    db.session.flush()
    return article
