"""Before/after of `writes3a`'s two reads, in one process, request by request (`bench:writes3a`).

`python -m bench.writes3a_ab --database-url sqlite:////tmp/x-s10k.sqlite3 --runs 40` asks the
full comment post and the unstamped verdict (as `bench.writes_cpu` sends them, as wrk does)
with the earlier code and with the current code, request by request, so the machine's load falls
on both alike: the thread list (`Comment` objects before), the assignment panel's choices
(`User` objects), the translations panel's family (read twice) and the deadlines panel's mark
(read again). It prints each one's median CPU (`time.process_time`) and the ratio. The writes
add rows: run it on a copy, never a seed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bench import claims
from bench.cpu import signed_in
from bench.seed import targets
from bench.writes_cpu import ask, requests
from editorial.articles.assignment import service as assignment
from editorial.articles.comments import queries as comments
from editorial.articles.translations import queries as translations
from editorial.articles.translations import service as family
from editorial.deadlines import queries as deadlines
from editorial.extensions import db
from editorial.models import Article, Comment, User


def threads_before(article_id: int, *, everything: bool = False) -> comments.Thread:
    """The thread list as it was read before: `Comment` objects with their people loaded."""
    top = Comment.parent_id.is_(None)
    total = (
        db.session.scalar(
            select(func.count(Comment.id)).where(Comment.article_id == article_id, top)
        )
        or 0
    )
    query = (
        select(Comment)
        .where(Comment.article_id == article_id, top)
        .order_by(Comment.at.desc(), Comment.id.desc())
        .options(
            selectinload(Comment.actor),
            selectinload(Comment.resolved_by),
            selectinload(Comment.replies).selectinload(Comment.actor),
        )
    )
    if not everything:
        query = query.limit(comments.PAGE)
    shown: list[Any] = list(db.session.scalars(query))
    shown.reverse()
    return comments.Thread(shown, total - len(shown))


def candidates_before(article: Article, duty: assignment.Duty) -> list[Any]:
    """The assignment panel's choices as they were read before: `User` objects."""
    people = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_(duty.roles))
        .order_by(User.display_name)
    )
    if duty is assignment.FACT_CHECKER:
        return [person for person in people if not article.is_author(person)]
    return list(people)


def missing_before(article: Article, members: list[Article] | None = None) -> list[Any]:
    """The translations panel's missing languages as before: the family read again."""
    return family.missing_languages(article)


def remember_before(article: Article, rows: dict[str, Any]) -> None:
    """The deadlines panel as before: the kept mark dropped, so the template reads it again."""
    article.__dict__.pop("_deadline_mark", None)


# Each part: where it is looked up, its name there, the code before and the code now.
PARTS = [
    (comments, "threads_of", threads_before, comments.threads_of),
    (assignment, "candidates", candidates_before, assignment.candidates),
    (translations, "missing_languages", missing_before, family.missing_languages),
    (deadlines, "remember", remember_before, deadlines.remember),
]


def use(version: str) -> None:
    """Put every part's code of `version` ("before" or "after") in place."""
    for module, name, before, after in PARTS:
        setattr(module, name, before if version == "before" else after)


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keys", default="comment-post,claim-verdict")
    args = parser.parse_args(argv)
    app, client = signed_in(args.database_url)
    asked = requests(app, client)
    with app.app_context():
        claim_id = targets().ledger_claim_id
    turn = int(time.time()) * 2
    for key in args.keys.split(","):
        with app.app_context():  # the verdict's history as seeded, for both alike
            claims.remove_bench_checks(claim_id)
            db.session.commit()
        spent: dict[str, list[float]] = {"before": [], "after": []}
        for run in range(args.runs + 2):
            for name in spent:
                use(name)
                turn += 1
                took = ask(client, asked[key], turn)[0]
                if run >= 2:  # two warm-ups each
                    spent[name].append(took)
        before, after = (statistics.median(spent[name]) for name in ("before", "after"))
        print(f"{key:<14} before {before:6.1f} ms  after {after:6.1f} ms  {after / before:.2f}×")
    use("after")


if __name__ == "__main__":
    main()
