"""The seeded newsroom's curated front page (issue 23): what `bench.seed` arranges last, so that
`make bench`'s home rows measure the front page a newsroom has, arranged by its editors."""

from __future__ import annotations

from sqlalchemy import select

from editorial.extensions import db
from editorial.fronts import service
from editorial.models import Article, Role, User, publicly_visible


def curate_front() -> None:
    """Arrange and publish the English front page as an editor would: a lead with a picture, four
    top stories, three in "Also today" (the service's own writes); the caller commits."""
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
