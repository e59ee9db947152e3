"""Articles: the stories that move through the desk and, once published, the public site."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    SQLColumnExpression,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    event,
    exists,
    false,
    insert,
    inspect,
    or_,
    select,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from editorial import languages, workflow
from editorial.checklist_rules import Checklist
from editorial.clock import as_utc, now, to_local
from editorial.extensions import Model, db
from editorial.models.byline_ids import KEPT as BYLINE_IDS_KEPT
from editorial.models.byline_ids import byline_ids
from editorial.models.checklists import checklist_of
from editorial.models.claim_locations import LocationTally, location_tally
from editorial.models.claims import ClaimTally, attach_tallies
from editorial.models.families import SourceLag, changed_after, source_lag
from editorial.models.history import ArticleRevision, ArticleTransition, Correction
from editorial.models.media import Image
from editorial.models.site import SiteSettingsRow
from editorial.models.taxonomy import Region, Section, Tag
from editorial.models.types import UTCDateTime
from editorial.models.user import User

article_authors = Table(
    "article_authors",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    # A person's bylines ("mine" on the board, a person filter): the key leads with the article.
    Index("ix_article_authors_user_id", "user_id", "article_id"),
)

article_tags = Table(
    "article_tags",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    # A tag's stories (tag pages, related news): the primary key leads with the article; this
    # index walks one tag's stories newest id first and stops (related news reads a window).
    Index("ix_article_tags_tag_article", "tag_id", "article_id"),
)


class ArticleFamily(Model):
    """A story told in several languages: the articles that are translations of each other.

    Every article belongs to one; a new article starts its own (see `_family_and_language`). The
    family's source is the member with no `source_revision_id`; the others are its translations.
    """

    __tablename__ = "article_families"

    id: Mapped[int] = mapped_column(primary_key=True)


def _new_family(context: DefaultExecutionContext) -> int:
    """A new family for an article inserted without one (column default: every way of making an
    article, the desk, the demo, an import, a test's bulk insert, keeps the rule)."""
    family_id: int = context.connection.execute(insert(ArticleFamily)).inserted_primary_key[0]
    return family_id


def _default_language(context: DefaultExecutionContext) -> str:
    """The site's default language (the first of its setting) for an article inserted without
    one; read with the insert's own connection, as the setting stands in the database."""
    setting = context.connection.scalar(
        select(SiteSettingsRow.languages).where(SiteSettingsRow.id == 1)
    )
    return languages.parse_codes(setting)[0]


class Article(Model):
    """A story. Its `state` is changed only by `editorial.articles.transitions.service`."""

    __tablename__ = "articles"
    __table_args__ = (
        # A section's newest public stories (front-page blocks, related, read next) by index alone.
        Index("ix_articles_section_published", "section_id", "published_at"),
        # A state's stories by time (the scheduled ones due by now: the alarm banner's poll and
        # every editor's desk page ask), without walking every published story's time.
        Index("ix_articles_state_published", "state", "published_at"),
        # Insights: the stories of a period (first published, created, moved in it) found on an
        # index, not a walk over the whole archive (`insights.queries`).
        Index("ix_articles_first_published_at", "first_published_at"),
        Index("ix_articles_created_at", "created_at"),
        Index("ix_articles_state_changed_at", "state_changed_at"),
        # A state's stories in the order they entered it (the board's waiting columns, the
        # fact-check queue), one range of this index however large the archive (0043).
        Index("ix_articles_state_changed", "state", "state_changed_at", "id"),
        # Whether a person holds a check now (the fact-check queue's people filter), one probe.
        Index("ix_articles_fact_checker_state", "fact_checker_id", "state"),
        # A state's stories of one editor, or of none (My queue and its count), one range each.
        Index("ix_articles_state_editor", "state", "editor_id"),
        # Whether a story is public now and in an edition's language, read from the index alone
        # (a search checks each of its newest 1,000 matches; those columns sit after the body in
        # the row, which SQLite read whole for each): 0048.
        Index(
            "ix_articles_visibility",
            "id",
            "state",
            "published_at",
            "language",
            "embargo_until",
            "source_revision_id",
            "state_changed_at",
        ),
        # A translator's translations out of date (My queue and its count), and those still being
        # written: one range each of the translator's rows, however many they translated (0049).
        Index("ix_articles_translator_stale", "translator_id", "source_changed"),
        Index("ix_articles_translator_state", "translator_id", "state"),
        # One article per language in a family.
        UniqueConstraint("family_id", "language", name="uq_articles_family_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    headline: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown as typed
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered and cleaned at save
    source: Mapped[str] = mapped_column(String(120), default="")
    hero_image_url: Mapped[str] = mapped_column(String(500), default="")
    hero_caption: Mapped[str] = mapped_column(String(300), default="")
    # The picture from the media library (hero_image_url stays as the older external address,
    # shown only when no library picture is set: see docs/architecture.md, "Pictures").
    hero_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), index=True
    )
    word_count: Mapped[int] = mapped_column(default=0)
    # A catalogue code (`editorial.languages`): by default the site's default language.
    language: Mapped[str] = mapped_column(String(12), default=_default_language)
    # By default a family of its own (every article has one).
    family_id: Mapped[int] = mapped_column(
        ForeignKey("article_families.id"), index=True, default=_new_family
    )
    # For a translation: the source's revision it was translated from, or last marked up to date
    # with. None for the family's source (and for a story in one language only). `use_alter`:
    # revisions point back at articles; one side is added last.
    source_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("article_revisions.id", ondelete="SET NULL", use_alter=True), index=True
    )
    # For a translation: out of date, its source changed since `source_revision_id` (the rule is
    # `models.families`'; kept by `models.translation_marks` at every flush). Every page that
    # says "out of date" reads this mark.
    source_changed: Mapped[bool] = mapped_column(default=False, server_default=false())

    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    fact_checker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Who translates it (a translation's duty, assigned like the editor and the fact-checker).
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    state: Mapped[str] = mapped_column(String(20), default=workflow.DRAFT, index=True)
    # Bumped by every save and transition; a save carrying an older number is refused (409).
    version: Mapped[int] = mapped_column(default=1)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # When it goes (or went) public: set by publish, or the chosen time while scheduled.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who cleared it through the claim ledger, and when ("Checked by" on the public page); None
    # when it was cleared with no claims recorded.
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An embargo (issue 22): nothing of the story is public, and it can't be published, before
    # `embargo_until` (UTC). Lifting it early takes two editors: the request waits here.
    embargo_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    embargo_source: Mapped[str] = mapped_column(String(200), default="")
    embargo_reason: Mapped[str] = mapped_column(String(300), default="")
    embargo_lift_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    embargo_lift_note: Mapped[str] = mapped_column(Text, default="")

    hero_image: Mapped[Image | None] = relationship()
    family: Mapped[ArticleFamily] = relationship()
    source_revision: Mapped[ArticleRevision | None] = relationship(
        foreign_keys=[source_revision_id]
    )
    section: Mapped[Section | None] = relationship()
    region: Mapped[Region | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    editor: Mapped[User | None] = relationship(foreign_keys=[editor_id])
    fact_checker: Mapped[User | None] = relationship(foreign_keys=[fact_checker_id])
    translator: Mapped[User | None] = relationship(foreign_keys=[translator_id])
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])
    embargo_lift_requested_by: Mapped[User | None] = relationship(
        foreign_keys=[embargo_lift_requested_by_id]
    )
    authors: Mapped[list[User]] = relationship(
        secondary=article_authors, order_by=article_authors.c.position
    )
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, order_by=Tag.name)
    transitions: Mapped[list[ArticleTransition]] = relationship(
        order_by="ArticleTransition.at", cascade="all, delete-orphan", passive_deletes=True
    )
    corrections: Mapped[list[Correction]] = relationship(
        order_by="Correction.at", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def read_minutes(self) -> int:
        """Minutes to read at its language's speed, never less than one ("4 Min Read")."""
        return languages.reading_minutes(self.word_count, self.language)

    @property
    def lang(self) -> languages.Language:
        """Its language's catalogue entry (the `lang` and `dir` of its text)."""
        return languages.get(self.language)

    @property
    def is_translation(self) -> bool:
        """It was translated from another member of its family."""
        return self.source_revision_id is not None

    @property
    def claim_tally(self) -> ClaimTally:
        """Its fact-check claims counted (the `clear` guard reads this): one query on first use,
        or none when a list page set them for all its articles at once (`claims.attach_tallies`)."""
        tally: ClaimTally | None = self.__dict__.get("_claim_tally")
        if tally is None:
            attach_tallies([self])
            tally = self.__dict__["_claim_tally"]
        return tally

    @property
    def checklist(self) -> Checklist:
        """Its house checklist (the `checklist_met` guard of every row a person applies reads
        this): the rules read once per request, the facts once per page (`checklists.attach`)."""
        return checklist_of(self)

    @property
    def location_tally(self) -> LocationTally | None:
        """For a translation of a story cleared through its ledger: its source claims counted,
        located or marked "not in this translation" (the `clear` guard reads this); else None.
        One query on first use, none for an article that is no translation."""
        if "_location_tally" not in self.__dict__:
            self.__dict__["_location_tally"] = location_tally(self.id, self.source_revision_id)
        tally: LocationTally | None = self.__dict__["_location_tally"]
        return tally

    @property
    def source_lag(self) -> SourceLag | None:
        """For a translation whose source changed since it was made (or marked up to date): how;
        else None. Read by the `publish` and `schedule` rows' guard. Whether is the stored mark
        (`source_changed`); how is one query on first use, and none for a translation not marked."""
        if "_source_lag" not in self.__dict__:
            self.__dict__["_source_lag"] = (
                source_lag(self.source_revision_id) if self.source_changed else None
            )
        lag: SourceLag | None = self.__dict__["_source_lag"]
        return lag

    def forget_source_lag(self) -> None:
        """Read the lag again at next use (after the source or `source_revision_id` changed)."""
        self.__dict__.pop("_source_lag", None)

    def tag_names(self) -> list[str]:
        """Its tags' names, by name: as a save read them with its other names while the tags
        stay unloaded (`articles.revisions.service.stored_names`, the search index's document
        reads them after), else the loaded tags'."""
        if "_tag_names" in self.__dict__ and "tags" in inspect(self).unloaded:
            return list(self.__dict__["_tag_names"])
        return [tag.name for tag in self.tags]

    def remember_tag_names(self, names: list[str] | None) -> None:
        """Keep (None: forget) the tags' names read without loading them, until the tags are
        expired (a commit, a refresh of the whole row)."""
        if names is None:
            self.__dict__.pop("_tag_names", None)
        else:
            self.__dict__["_tag_names"] = list(names)

    @property
    def embargo_holds(self) -> bool:
        """An embargo is set and its lift time has not come."""
        return self.embargo_until is not None and as_utc(self.embargo_until) > now()

    @property
    def embargo_notice(self) -> str | None:
        """While an embargo holds, what it is in words, its lift in the newsroom's zone ("under
        embargo until 06 Dec 2026 00:01 (Europe/London), The Lancet: journal embargo"); else
        None. Read by the `embargo_lifted` guard, so every refusal names the embargo."""
        if not self.embargo_holds or self.embargo_until is None:
            return None
        zone = db.session.scalar(
            select(SiteSettingsRow.time_zone).where(SiteSettingsRow.id == 1)
        ) or str(current_app.config["NEWSROOM_TZ"])
        lift = to_local(self.embargo_until, zone).strftime("%d %b %Y %H:%M")
        said = ": ".join(part for part in (self.embargo_source, self.embargo_reason) if part)
        return f"under embargo until {lift} ({zone})" + (f", {said}" if said else "")

    def is_author(self, user: workflow.UserLike) -> bool:
        """Whether `user` is on the byline."""
        ids = byline_ids(self)  # its people's ids alone when it is not loaded (bench:writes9)
        if ids is not None:
            return user.id in ids
        return any(author.id == user.id for author in self.authors)

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.state} {self.headline[:30]!r}>"


def reading_minutes(words: int, language: str | None = None) -> int:
    """Read time in whole minutes for `words` words (of `language`, default the default's)."""
    return languages.reading_minutes(words, language)


@event.listens_for(Article, "expire")
@event.listens_for(Article, "refresh")
def _forget_source_lag(article: Article, *_args: object) -> None:
    """An article read again from the database reads its translation's lag again too.

    `article` is None when SQLAlchemy expires a state whose object was already collected.
    """
    if article is not None:
        article.forget_source_lag()
        article.__dict__.pop("_location_tally", None)
        article.__dict__.pop(BYLINE_IDS_KEPT, None)


@event.listens_for(Article, "expire")
def _forget_tag_names(article: Article, attrs: Any) -> None:
    """Names kept by `remember_tag_names` go with the tags they stand for."""
    if article is not None and (attrs is None or "tags" in attrs):
        article.remember_tag_names(None)


def publicly_visible(at: Any = None) -> ColumnElement[bool]:
    """SQL condition: the article is public now (or at `at`: a time, or a bound parameter for a
    statement built once and run at request time, as the ticker's is).

    Published, or scheduled and its time has come: a scheduled article counts from its publish
    time even before the scheduler has run, so the public site never depends on a late job. And
    no embargo holds: whatever path a story took, nothing of it is public before its lift (every
    public surface, feeds, search, sitemaps, the ticker, asks this).
    Written as one range (both states carry a publish time, and a published story's is in the
    past) so the database walks the `published_at` index instead of sorting every story.
    """
    moment = now() if at is None else at
    return and_(
        Article.state.in_((workflow.PUBLIC_STATE, workflow.DUE_STATE)),
        Article.published_at <= moment,
        or_(Article.embargo_until.is_(None), Article.embargo_until <= moment),
        # A due scheduled translation whose source changed after it was scheduled is refused
        # by `release` (`source_unchanged_since_scheduled`), so it is not public either.
        _source_unchanged_since_scheduled(),
    )


@cache
def _source_unchanged_since_scheduled() -> ColumnElement[bool]:
    """The part of `publicly_visible` that holds no time: built once, as the same expression
    serves every statement (building its correlated subquery cost more than running it: a front
    page asks `publicly_visible` once per section block)."""
    return or_(
        Article.state == workflow.PUBLIC_STATE,
        Article.source_revision_id.is_(None),
        ~changed_after(Article.source_revision_id, Article.state_changed_at),
    )


def on_byline(user_id: int | SQLColumnExpression[int]) -> ColumnElement[bool]:
    """SQL condition: the person `user_id` (a number, or a column: a statement's `users.id`)
    is one of the article's byline authors."""
    return exists(
        select(article_authors.c.article_id).where(
            article_authors.c.article_id == Article.id, article_authors.c.user_id == user_id
        )
    )
