"""The curated front page's cost (issue 23): `python -m bench.fronts`.

Seeds the large newsroom (`bench.pages.seeded_app`), times the automatic front page, arranges
the front page through the fronts' service (a lead with a picture, four top stories, three in
"Also today"), then times `/` for an anonymous reader with the page cache off (every request
renders: the front resolved at read time) and on (a second app on the same database, as another
process would be).
"""

from __future__ import annotations

import argparse

from sqlalchemy import select

from bench.pages import measure, seeded_app
from editorial import create_app
from editorial.extensions import db
from editorial.fronts import service
from editorial.models import Article, Role, User, publicly_visible


def _curate() -> None:
    editor = db.session.scalar(select(User).where(User.role == Role.EDITOR).limit(1))
    visible = (
        select(Article)
        .where(publicly_visible(), Article.language == "en")
        .order_by(Article.published_at.desc())
    )
    pictured = db.session.scalar(
        visible.where(Article.hero_image_url != "").offset(3).limit(1)
    ) or db.session.scalar(visible.limit(1))
    if editor is None or pictured is None:
        raise SystemExit("The seed has no editor or no public story")
    others = [a for a in db.session.scalars(visible.offset(10).limit(20)) if a.id != pictured.id]
    front = service.front_of("en", None)
    if pictured.hero_image_url or pictured.hero_image_id:
        service.put_story(front, "lead", 0, pictured.id, editor)
    for position, article in enumerate(others[:4]):
        service.put_story(front, "top", position, article.id, editor)
    for position, article in enumerate(others[4:7]):
        service.put_story(front, "also", position, article.id, editor)
    service.publish(front, editor, "Bench front")
    db.session.commit()


def main(argv: list[str] | None = None) -> None:
    """Seed, curate, then print `/`'s median and p90 ms and statements, cache off and on."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    args = parser.parse_args(argv)
    with seeded_app(args.database_url, args.articles, "fronts") as app:
        print(f"\n{'front page':<26}{'median ms':>10}{'p90 ms':>9}{'SQL':>7}{'KB':>9}")
        print(f"{'automatic, cache off':<26}{measure(app, app.test_client(), '/', {}, args.runs)}")
        with app.app_context():
            _curate()
        cached = create_app({**app.config, "PUBLIC_PAGE_CACHE_SECONDS": 30})
        off = measure(app, app.test_client(), "/", {}, args.runs)
        print(f"{'curated, cache off':<26}{off}")
        on = measure(cached, cached.test_client(), "/", {}, args.runs)
        print(f"{'curated, cache on':<26}{on}")


if __name__ == "__main__":
    main()
