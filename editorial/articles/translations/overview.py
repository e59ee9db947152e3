"""The Translations view's reads: every story family against the newsroom's languages.

One query for the newest families the person can see (by the latest change of any member), one
for their members, two for how far each translation lags (`models.families.attach_lags`): the
page costs the same whatever the number of families. The filters ("missing", "out of date") keep
the families of that page that match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from editorial import languages, newsroom, workflow
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.families import SourceLag, attach_lags
from editorial.permissions import visible_articles

PAGE = 100
SHOWS = {"": "Every family", "missing": "A language missing", "out_of_date": "Out of date"}


@dataclass(frozen=True)
class Cell:
    """One language of one family: its article (None: missing), state and lag."""

    language: languages.Language
    article: Article | None = None
    lag: SourceLag | None = None

    @property
    def state_label(self) -> str:
        """The article's state as the desk says it."""
        return workflow.STATE_LABELS.get(self.article.state, "") if self.article else ""


@dataclass
class Family:
    """A row: the family's source (or its first member seen) and a cell per language."""

    source: Article
    cells: list[Cell] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        """Some language of the newsroom has no article in the family."""
        return any(cell.article is None for cell in self.cells)

    @property
    def out_of_date(self) -> bool:
        """Some translation's source changed since it was made (or marked up to date)."""
        return any(cell.lag is not None for cell in self.cells)


def families(person: User, show: str = "") -> list[Family]:
    """The newest families `person` can see, filtered by `show` ("missing", "out_of_date")."""
    visible = visible_articles(person)
    newest = (
        select(Article.family_id)
        .where(visible)
        .group_by(Article.family_id)
        .order_by(func.max(Article.updated_at).desc(), Article.family_id.desc())
        .limit(PAGE)
    )
    family_ids = list(db.session.scalars(newest))
    members = list(
        db.session.scalars(
            select(Article)
            .where(Article.family_id.in_(family_ids), visible)
            .order_by(Article.id)
            .options(selectinload(Article.translator))
        )
    )
    attach_lags(members)
    by_family: dict[int, list[Article]] = {}
    for article in members:
        by_family.setdefault(article.family_id, []).append(article)
    codes = newsroom.current().published_languages
    rows = []
    for family_id in family_ids:
        group = by_family.get(family_id, [])
        if not group:
            continue
        source = next((a for a in group if not a.is_translation), group[0])
        by_language = {a.language: a for a in group}
        cells = [
            Cell(lang, by_language.get(lang.code), _lag(by_language.get(lang.code)))
            for lang in codes
        ]
        rows.append(Family(source, cells))
    if show == "missing":
        return [row for row in rows if row.missing]
    if show == "out_of_date":
        return [row for row in rows if row.out_of_date]
    return rows


def _lag(article: Article | None) -> SourceLag | None:
    return article.source_lag if article is not None else None
