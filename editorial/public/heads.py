"""What a story's or a section's page shows outside its kept parts, read without the ORM
(issue 28).

A story's page draws its body, its head's meta and its masthead from kept parts
(`public.fragments`); outside them it shows only the story's headline (the title), its address
(the canonical link), its language (the page's `lang` and `dir`) and its family (the language
links and `hreflang`, kept per family), and keys the parts on its id and version. Loading the
story as an ORM object for that began the request's session (a connection, BEGIN, an ORM
result, a rollback at the end): about a quarter of a kept story page's CPU (bench:public3). So
the page reads those few columns on a pooled connection (`raw_reads.RawReads`, as the poll
gate reads) under the same visibility rule as `queries.story`, and the story is loaded by its
id only when a part that shows more is drawn (`loaded`). A section's page likewise reads
its section's id, slug, names and group (`section_head`), for its title, its feed link and
the masthead's key.

On PostgreSQL that read was still a round trip to a server sharing the CPUs, on a statement
its planner plans anew each time (the story's: 0.4 ms of planning over `articles`' indexes for
0.05 ms of reading; bench:pgpages). What it finds is kept as the parts are, under the site's
version and the next moment the clock alone changes what readers may see
(`fragments.site_key`), the edition and the slug: a kill, a publish, an edit, a renamed section
or a new slug move the version in their own transaction, so the next request in every process
reads again; a scheduled story's time and an embargo's lifting end the window. A page drawn
from its kept parts then reads the site's version and nothing else. A slug that finds nothing
is read again at every request (`FragmentCache.get_or_read`): anyone may ask for any address,
and misses must not push out what is kept.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select

from editorial import clock, editions, languages
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, Section, publicly_visible
from editorial.public.fragments import Deferred, site_key
from editorial.raw_reads import RawReads


class StoryHead(Deferred):
    """A visible story's id, version, slug, headline, family and language (`lang`, its
    catalogue entry), answered without loading it; any other attribute loads the story (by id,
    once). Always true, as the story it stands for."""

    def __bool__(self) -> bool:
        return True


def story_head(slug: str) -> StoryHead | None:
    """The visible story at `slug` in this request's edition (as `queries.story` finds it), or
    None; read on a pooled connection, past the request's session."""
    language = editions.code()

    def read() -> tuple[int, int, str, str, int, str] | None:
        values = {"slug": slug, "now": clock.now(), "language": language}
        with RawReads(db.engine) as reads:
            row = reads.execute(_statement(), values).first()
        if row is None:
            return None
        return (int(row.id), row.version, row.slug, row.headline, row.family_id, row.language)

    found = fragment_cache().get_or_read(("public-head", "story", site_key(), slug), read)
    if found is None:
        return None
    story_id, version, found_slug, headline, family_id, code = found
    return StoryHead(
        lambda: db.session.get(Article, story_id),
        id=story_id,
        version=version,
        slug=found_slug,
        headline=headline,
        family_id=family_id,
        language=code,
        lang=languages.get(code),
    )


class SectionHead(Deferred):
    """A section's id, slug, name, names by language (`label`), and group, answered without
    loading it; any other attribute loads the section (by id, once). Always true."""

    def __bool__(self) -> bool:
        return True


def section_head(slug: str) -> SectionHead | None:
    """The section whose address is `slug` now (as `queries.by_slug` finds it), or None (then
    `addresses.term_at` follows an old slug); read on a pooled connection."""

    def read() -> tuple[int, str, str, tuple[tuple[str, str], ...], Any] | None:
        with RawReads(db.engine) as reads:
            row = reads.execute(_section_statement(), {"slug": slug}).first()
        if row is None:
            return None
        names = tuple(dict(row.labels or {}).items())  # kept immutable, in its order
        return (int(row.id), row.slug, row.name, names, row.group)

    found = fragment_cache().get_or_read(("public-head", "section", site_key(), slug), read)
    if found is None:
        return None
    section_id, found_slug, name, names, group = found
    labels = dict(names)
    return SectionHead(
        lambda: db.session.get(Section, section_id),
        id=section_id,
        slug=found_slug,
        name=name,
        labels=labels,
        group=group,
        label=lambda code: labels.get(code) or name,  # `Named.label`
    )


def loaded(story: Any) -> Any:
    """The story itself for a `StoryHead` (loaded now, once), anything else as it is (the desk's
    previews draw the same template with the story loaded): the `loaded` global, which a kept
    part's body asks before it shows more than the head."""
    return story.value() if isinstance(story, StoryHead | SectionHead) else story


@cache
def _statement() -> Select[int, int, str, str, int, str]:
    """`queries.story`'s rule (`visible(text=True)` at one slug, the newest first), for the
    head's columns only; built once, the slug, time and language bound at each read."""
    return (
        select(
            Article.id,
            Article.version,
            Article.slug,
            Article.headline,
            Article.family_id,
            Article.language,
        )
        .where(
            publicly_visible(bindparam("now")),
            Article.language == bindparam("language"),
            Article.slug == bindparam("slug"),
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(1)
    )


@cache
def _section_statement() -> Select[int, str, str, dict[str, str], Any]:
    """`section_head`'s read, built once."""
    return select(Section.id, Section.slug, Section.name, Section.labels, Section.group).where(
        Section.slug == bindparam("slug")
    )
