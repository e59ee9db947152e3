"""The fact-check desk counted by the database (`factcheck_sql`) gives the figures the old Python
walk over every story's moves gave (kept here as the definition), on hand-built histories: no
story, one, several; flag-back loops; a round sent before the period; one ended by a return or a
spike; a recheck; a story still in fact-check; a period ending before now. /insights shows the
same desk without reading the stories behind it."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from editorial.extensions import db
from editorial.insights import factcheck_sql, reading
from editorial.insights import figures as f
from editorial.insights import filters as filtering
from editorial.models import Role
from editorial.models.claims import Claim
from editorial.models.history import ArticleTransition
from tests.factories import make_article, make_user

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ZONE = "Asia/Beirut"
H = timedelta(hours=1)
SEND = ("send_to_fact_check", "edit", "fact_check")
FLAG = ("flag", "fact_check", "edit")
CLEAR = ("clear", "fact_check", "ready")


def story(moves: list[tuple[float, tuple[str, str, str], Any]], created: float) -> Any:
    """An article created `created` hours from NOW whose moves (hours, move, actor) happened."""
    state = moves[-1][1][2] if moves else "draft"
    article = make_article(state, created_at=NOW + created * H)
    last = NOW + created * H
    for hours, (name, a, b), actor in moves:
        last = NOW + hours * H
        db.session.add(
            ArticleTransition(
                article_id=article.id,
                name=name,
                from_state=a,
                to_state=b,
                at=last,
                actor_id=actor.id if actor else None,
            )
        )
    article.state_changed_at = last
    db.session.commit()
    return article


def claims(article: Any, *verdicts: tuple[str, float | None]) -> None:
    for verdict, hours in verdicts:
        checked = NOW + hours * H if hours is not None else None
        db.session.add(
            Claim(article_id=article.id, text="A claim.", verdict=verdict, checked_at=checked)
        )
    db.session.commit()


def python_desk(found: filtering.Filters) -> dict[str, Any]:
    """The old definition (`flow.fact_check` before the database counted it): each story's
    fact-check moves walked in order."""

    def inside(at: Any) -> bool:
        return at is not None and found.start <= f._utc(at) < found.end

    moves: dict[int, list[Any]] = defaultdict(list)
    for t in db.session.scalars(
        select(ArticleTransition).order_by(ArticleTransition.at, ArticleTransition.id)
    ):
        moves[t.article_id].append(t)
    rounds: list[tuple[int, float, bool]] = []
    ids: dict[tuple[str, Any], set[int]] = defaultdict(set)
    for article_id, history in moves.items():
        began, flagged = None, False
        for move in history:
            at = f._utc(move.at)
            if move.to_state == "fact_check" and began is None:
                began, flagged = at, False
                if inside(at):
                    ids[("sent", None)].add(article_id)
            elif move.name == "flag" and began is not None:
                flagged = True
                if inside(at):
                    ids[("checker_flagged", move.actor_id)].add(article_id)
            elif move.name == "clear" and began is not None:
                if inside(at):
                    rounds.append((article_id, (at - began).total_seconds(), flagged))
                    ids[("checker_cleared", move.actor_id)].add(article_id)
                began = None
            elif move.to_state in ("draft", "spiked"):
                began = None
    for article_id, _, was_flagged in rounds:
        ids[("cleared", None)].add(article_id)
        ids[("flagged" if was_flagged else "first", None)].add(article_id)
    per_story: dict[int, int] = defaultdict(int)
    verdicts: dict[str, list[int]] = defaultdict(list)
    for claim in db.session.scalars(select(Claim)):
        per_story[claim.article_id] += 1
        if claim.verdict != "unchecked" and inside(claim.checked_at):
            verdicts[claim.verdict].append(claim.article_id)
    return {
        "behind": dict(ids),
        "seconds": sorted(r[1] for r in rounds),
        "claims": sorted(per_story.get(i, 0) for i in ids.get(("sent", None), set())),
        "verdicts": {v: (len(a), len(set(a))) for v, a in verdicts.items()},
    }


def sql_desk(found: filtering.Filters) -> dict[str, Any]:
    got = factcheck_sql.compute(found, behind=True)
    counted = factcheck_sql.compute(found)  # as /insights reads it: no story ids
    assert counted.behind == {} and not counted.asked
    assert counted.counts == {k: len(v) for k, v in got.behind.items() if k[0] != "verdict"}
    assert sorted(counted.seconds) == sorted(got.seconds)
    assert sorted(counted.claims) == sorted(got.claims)
    assert counted.verdicts == got.verdicts
    return {
        "behind": {k: v for k, v in got.behind.items() if k[0] != "verdict"},
        "seconds": sorted(got.seconds),
        "claims": sorted(got.claims),
        "verdicts": got.verdicts,
    }


def test_no_story_no_figure(app: Any) -> None:
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    empty = {"behind": {}, "seconds": [], "claims": [], "verdicts": {}}
    assert sql_desk(found) == python_desk(found) == empty


def test_one_story_cleared_first_time(app: Any) -> None:
    checker = make_user(Role.FACT_CHECKER)
    one = story([(-5, SEND, None), (-3, CLEAR, checker)], -6)
    claims(one, ("verified", -4), ("unverifiable", -3.5))
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    got = sql_desk(found)
    assert got == python_desk(found)
    assert got["seconds"] == [2 * 3600]
    assert got["claims"] == [2]
    assert got["behind"][("first", None)] == {one.id}
    assert got["behind"][("checker_cleared", checker.id)] == {one.id}
    assert got["verdicts"] == {"verified": (1, 1), "unverifiable": (1, 1)}


def test_loops_returns_spikes_rechecks_and_a_story_still_in_fact_check(app: Any) -> None:
    ana, bo = make_user(Role.FACT_CHECKER), make_user(Role.FACT_CHECKER)
    # Flagged back twice, then cleared: one round of 6 h from the first send.
    looped = story(
        [
            (-30, SEND, None),
            (-29, FLAG, ana),
            (-28, SEND, None),
            (-27, FLAG, bo),
            (-26, SEND, None),
            (-24, CLEAR, ana),
        ],
        -31,
    )
    claims(looped, ("false", -29), ("verified", -25), ("unchecked", None))
    # Sent before the period (7 days), cleared in it: a round, but not sent in the period.
    old = story([(-200, SEND, None), (-100, CLEAR, bo)], -201)
    claims(old, ("verified", -300))  # checked before the period: no verdict counted
    # Flagged, returned to the reporter (ends the round), resent and cleared: a first-time round
    # of 1 h from the second send.
    returned = story(
        [
            (-50, SEND, None),
            (-49, FLAG, ana),
            (-48, ("return", "edit", "draft"), None),
            (-47, ("submit", "draft", "edit"), None),
            (-46, SEND, None),
            (-45, CLEAR, bo),
        ],
        -51,
    )
    # Spiked in fact-check: sent, never cleared.
    story([(-20, SEND, None), (-19, ("spike", "fact_check", "spiked"), None)], -21)
    # Cleared, then sent back by a change (recheck) and cleared again: two rounds.
    rechecked = story(
        [
            (-12, SEND, None),
            (-11, CLEAR, ana),
            (-10, ("recheck", "ready", "fact_check"), None),
            (-9, FLAG, ana),
            (-8, SEND, None),
            (-6, CLEAR, ana),
        ],
        -13,
    )
    # Still in fact-check: sent, flagged, sent again, waiting.
    waiting = story([(-4, SEND, None), (-3, FLAG, bo), (-2, SEND, None)], -5)
    claims(waiting, ("unchecked", None))
    story([(-3, ("submit", "draft", "edit"), None)], -4)  # never sent
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    got = sql_desk(found)
    assert got == python_desk(found)
    assert got["seconds"] == sorted(
        [6 * 3600, 100 * 3600, 3600, 3600, 4 * 3600]
    )  # looped, old, returned, rechecked twice
    assert got["behind"][("flagged", None)] == {looped.id, rechecked.id}
    assert got["behind"][("first", None)] == {old.id, returned.id, rechecked.id}
    assert waiting.id in got["behind"][("sent", None)]
    assert old.id not in got["behind"][("sent", None)]
    assert got["behind"][("checker_flagged", bo.id)] == {looped.id, waiting.id}
    assert got["verdicts"] == {"false": (1, 1), "verified": (1, 1)}


def test_a_period_ending_before_now(app: Any) -> None:
    checker = make_user(Role.FACT_CHECKER)
    # In the period (the two days before NOW's day): sent and flagged; cleared after it ends.
    late = story(
        [(-40, SEND, None), (-39, FLAG, checker), (-38, SEND, None), (-2, CLEAR, checker)], -41
    )
    # Sent and cleared in it.
    story([(-44, SEND, None), (-42, CLEAR, checker)], -45)
    found = filtering.parse({"from": "2026-05-29", "to": "2026-05-30"}, ZONE, NOW)
    assert found.end < NOW
    got = sql_desk(found)
    assert got == python_desk(found)
    assert got["behind"][("checker_flagged", checker.id)] == {late.id}
    assert late.id not in got["behind"][("cleared", None)]


def test_the_page_shows_the_desk_without_reading_its_stories(app: Any) -> None:
    checker = make_user(Role.FACT_CHECKER)
    looped = story(
        [(-30, SEND, None), (-29, FLAG, checker), (-28, SEND, None), (-24, CLEAR, checker)], -31
    )
    story([(-10, SEND, None), (-9, CLEAR, checker)], -11)
    story([(-4, SEND, None)], -5)
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    page = reading.compute(found, NOW, behind=False)
    listed = reading.compute(found, NOW, behind=True)
    for key in ("factcheck", "verdicts", "checkers"):
        shown, full = page.table(key), listed.table(key)
        assert shown is not None and full is not None
        assert shown.summary == full.summary
        assert [(r[0].text, [(c.text, c.value) for c in r[1]]) for r in shown.rows] == [
            (r[0].text, [(c.text, c.value) for c in r[1]]) for r in full.rows
        ]
    assert not any(k.startswith(("fc:", "verdict:")) for k in page.stories)
    desk = page.table("factcheck")
    assert desk is not None
    assert desk.summary == (
        "2 checks cleared, a median of 3 h 30 min from send to clear; 50% cleared the first time."
    )
    assert [c.text for r in desk.rows for c in r[1]][:1] == ["3"]  # stories sent
    assert listed.stories["fc:flagged"] == {looped.id}
