"""The full-text index of articles in the database's own engine: SQLite FTS5, PostgreSQL tsvector.

Everything engine-specific about search lives here and in `search.documents` (the index table's
DDL and how a story's text is written into it, `document`, `write`; `search.upkeep` decides
when): how a query finds and ranks stories (`search`; the readers' `search_public`). The index
holds text only (headline, summary, the body as plain text, tag names), folded by
`text.search_fold` (accents, Arabic tashkeel, tatweel and letter variants), as is every word of
a query; who may see a story, and in which language, is decided at query time by the caller's
SQL condition joined to `articles`, so a transition never leaves a hidden story findable.

- SQLite: `article_search` is an FTS5 table (porter stemming), its rowid the article's id,
  ranked by bm25 with the headline weighted above tags and summary, above the body.
- PostgreSQL: `article_search(article_id, language, document tsvector)` with a GIN index, the
  document built with the text search configuration of the article's language (`arabic`,
  `spanish`, `english`; `simple` for another) and `setweight` (headline A, summary and tags B,
  body C), ranked by `ts_rank_cd`; a query is parsed with the configuration of the language
  searched (each language's own, when searching them all).

The table is not a model (FTS5 tables can't be): `after_create`/`before_drop` hooks on the
metadata make `create_all`/`drop_all` handle it (`search.upkeep`), migrations 0011 and
0017_search_languages create it, and migrations/env.py leaves it out of `db check`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    Float,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.util import ClauseAdapter

from editorial.clock import now
from editorial.extensions import db
from editorial.models import Article, publicly_visible
from editorial.text import search_fold

TABLE = "article_search"
#: Names `db check` must not compare against the models (FTS5 keeps shadow tables beside it).
TABLE_NAMES = re.compile(rf"^{TABLE}(_(data|idx|content|docsize|config))?$")
MAX_TERMS = 12  # a longer query is cut here: each term costs a lookup
#: The most matches a search counts and ranks, newest first (issue 28: a search's cost must not
#: grow with the archive). A word found in more stories ("minister": 10,400 of 100,000) is
#: "more than 1,000 results", the best of its newest 1,000 first, as a reader of a news site
#: expects: nobody pages past a hundred pages, and a search engine's count is a size, not a
#: promise. Counting and ranking every match read and scored each one: 4× the CPU at 100,000
#: stories that it took at 10,000 (BENCHMARKS.md, bench:staff-flat).
MATCHES = 1_000
MAX_TERM_LENGTH = 60
#: PostgreSQL's text search configuration for each catalogue language (`editorial.languages`).
CONFIGURATIONS = {"en": "english", "ar": "arabic", "es": "spanish"}
OTHER_CONFIGURATION = "simple"  # a language PostgreSQL has no stemmer for: words as they are

# bm25 column weights, in the FTS5 table's column order (headline, summary, body, tags).
SQLITE_WEIGHTS = (10.0, 4.0, 1.0, 4.0)
# ts_rank_cd weights for {D, C, B, A}: body is C, summary and tags B, headline A.
POSTGRES_WEIGHTS = "'{0.05, 0.2, 0.5, 1.0}'::float4[]"

_WORD = re.compile(r"\w+", re.UNICODE)
# The fold writes ة as ه; PostgreSQL's Arabic stemmer strips a final ة after the article (ال) as
# well as without it, but a final ه only without it: so "حكومة" would miss "الحكومة". Its input
# gets a word's final ه back as ة, on both sides (documents and queries), for that stemmer only.
_FINAL_HA = re.compile(r"ه\b")


@dataclass(frozen=True)
class Page:
    """One page of search results: the articles, best first, and how many match in all."""

    articles: list[Article]
    total: int  # at most MATCHES
    page: int
    per_page: int
    capped: bool = False  # more than MATCHES match: `total` is MATCHES, ranked among those

    @property
    def has_more(self) -> bool:
        """Whether a later page holds more."""
        return self.page * self.per_page < self.total


# -- Text ----------------------------------------------------------------------------------------


def terms(query: str) -> list[str]:
    """The words of what someone typed, folded as the index is (`search_fold`: lower case, no
    accents or tashkeel, Arabic letter variants as one), each once: punctuation and operators
    dropped.

    Both engines get only these words, so no input is ever a syntax error (`"`, `*`, `-`,
    `NEAR`, parentheses are either dropped or searched as plain words).
    """
    words = [word[:MAX_TERM_LENGTH] for word in _WORD.findall(search_fold(query or ""))]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def configuration(language: str | None) -> str:
    """PostgreSQL's text search configuration for the catalogue code `language`."""
    return CONFIGURATIONS.get(language or "", OTHER_CONFIGURATION)


def stemmer_text(folded: str, config: str) -> str:
    """Folded text as PostgreSQL's `config` stemmer should get it (see `_FINAL_HA`)."""
    return _FINAL_HA.sub("ة", folded) if config == "arabic" else folded


# -- Reading -------------------------------------------------------------------------------------


def _sqlite_match(words: list[str]) -> str:
    # Each word quoted: FTS5 then reads it as a string, never as an operator or a column name.
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _tsquery(config: str, words: list[str] | BindParameter[str]) -> ColumnElement[Any]:
    """`plainto_tsquery` in `config` of the folded `words`, or of a value bound at run time
    (already through `stemmer_text`: the readers' statement, built once)."""
    typed = words if isinstance(words, BindParameter) else stemmer_text(" ".join(words), config)
    return func.plainto_tsquery(literal_column(f"'{config}'::regconfig"), typed)


def _language_match(
    config: str, words: list[str] | BindParameter[str], language: Any
) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
    """The match condition and tsquery of a search in one language (a code, or bound)."""
    index = _POSTGRES_INDEX
    query = _tsquery(config, words)
    return and_(index.c.language == language, index.c.document.op("@@")(query)), query


# The index as the readers' and the desk's statements join it, one per engine.
_POSTGRES_INDEX = table(
    TABLE, column("article_id", Integer), column("language"), column("document")
)
_SQLITE_INDEX = table(TABLE, column("rowid", Integer))


def _postgres_match(
    words: list[str], language: str | None
) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
    """The match condition and the tsquery to rank by: the language's configuration, or each
    row's own (its language's) when `language` is None."""
    if language is not None:
        return _language_match(configuration(language), words, language)
    index = _POSTGRES_INDEX
    per_language = {code: _tsquery(config, words) for code, config in CONFIGURATIONS.items()}
    other = _tsquery(OTHER_CONFIGURATION, words)
    condition = or_(
        *(
            and_(index.c.language == code, index.c.document.op("@@")(query))
            for code, query in per_language.items()
        ),
        and_(index.c.language.not_in(list(per_language)), index.c.document.op("@@")(other)),
    )
    return condition, case(per_language, value=index.c.language, else_=other)


class Found(NamedTuple):
    """What a search matches, before its ranking (`_ranking`): the matching `articles` ids the
    caller may see, their score (lower is better), the index's newest-first order, and where
    the score is read from: None when it must be read in the matching statement itself
    (SQLite's bm25), else the index table again, joined by id (PostgreSQL: only the newest
    `MATCHES` are scored, so the matches are sorted by id alone)."""

    found: Select[Any]
    score: ColumnElement[Any]
    newest: ColumnElement[Any]
    scored: FromClause | None = None


def _postgres_found(
    condition: ColumnElement[bool], query: ColumnElement[Any], visible: ColumnElement[bool]
) -> Found:
    """PostgreSQL's matching ids that `visible` allows, their score (lower is better:
    `ts_rank_cd` negated) and the index's newest-first order: `ranked`'s and `search_public`'s
    one statement, whatever their condition and tsquery are made of (words, or bound values).

    The score is read from the index's row again once the newest matches are picked
    (`scored`): sorting the matches with their documents (a few KB each) carried every
    document through the sort, which spilled to disk at 100,000 stories (4,278 matches of two
    words: 70 ms against 8 at 10,000; bench:pgpages)."""
    index = _POSTGRES_INDEX
    scored = index.alias("scored")
    rescored: ColumnElement[Any] = ClauseAdapter(scored).traverse(query)
    score: ColumnElement[Any] = -func.ts_rank_cd(
        literal_column(POSTGRES_WEIGHTS), scored.c.document, rescored, type_=Float
    )
    found = (
        select(Article.id).join(index, index.c.article_id == Article.id).where(condition, visible)
    )
    return Found(found, score, index.c.article_id.desc(), scored)


def _sqlite_found(match: Any, visible: ColumnElement[bool], language: Any) -> Found:
    """SQLite's matching ids for the FTS5 query `match` (a string or a bound value) that
    `visible` allows, in `language` (None: any), their bm25 score and the newest-first order."""
    index = _SQLITE_INDEX
    fts: ColumnElement[Any] = literal_column(TABLE)
    score = func.bm25(fts, *SQLITE_WEIGHTS, type_=Float)  # bm25: lower is better
    found = (
        select(Article.id)
        .join(index, index.c.rowid == Article.id)
        .where(fts.op("MATCH")(match), visible)
    )
    if language is not None:
        found = found.where(Article.language == language)
    # FTS5 walks a word's list of rows backwards itself, so the newest come first unsorted.
    return Found(found, score, index.c.rowid.desc())


def ranked(words: list[str], visible: ColumnElement[bool], language: str | None = None) -> Found:
    """The matching `articles` ids that `visible` allows, in `language` (a catalogue code; None
    for every language), their score (lower is better) and the index's newest-first order.

    `words` must be non-empty and folded (see `terms`).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        return _postgres_found(*_postgres_match(words, language), visible)
    return _sqlite_found(_sqlite_match(words), visible, language)


def search(
    query: str,
    visible: ColumnElement[bool],
    *,
    language: str | None = None,
    page: int = 1,
    per_page: int = 20,
    options: Sequence[Any] = (),
) -> Page:
    """Articles matching `query` that `visible` lets through, best first, `per_page` at a time;
    only those in `language` (a catalogue code) unless it is None.

    Counted and ranked among the newest `MATCHES` matching stories (see `MATCHES`): a word in
    more of the archive gets `Page.capped`, and its total stops at `MATCHES`. Ties (and equal
    ranks) go newest first. A query with no words finds nothing.
    """
    words = terms(query)
    if not words:
        return Page([], 0, page, per_page)
    matched = ranked(words, visible, language)
    rows = db.session.execute(_ranking(matched, per_page, (page - 1) * per_page))
    return _page(rows.all(), matched.found, matched.newest, page, per_page, options)


def search_public(
    query: str,
    language: str,
    *,
    page: int = 1,
    per_page: int = 20,
    options: Sequence[Any] = (),
) -> Page:
    """`search(query, publicly_visible(), language=language, ...)`, the readers' search, on a
    statement built once per database and language's configuration: the words, the time, the
    language and the page are bound when it runs. Building the ranking's statement (the
    visibility rule, the index's match, the window) and its cache key cost the search page as
    much as the database's work (bench:public-speed)."""
    words = terms(query)
    if not words:
        return Page([], 0, page, per_page)
    dialect = db.session.get_bind().dialect.name
    config = configuration(language)
    found, newest, ranking = _public_statements(dialect, config, MATCHES)
    if dialect == "postgresql":
        match = stemmer_text(" ".join(words), config)
    else:
        match = _sqlite_match(words)
    values = {
        "match": match,
        "language": language,
        "now": now(),
        "per_page": per_page,
        "skipped": (page - 1) * per_page,
    }
    rows = db.session.execute(ranking, values).all()
    return _page(rows, found, newest, page, per_page, options, values)


@cache
def _public_statements(
    dialect: str, config: str, matches: int
) -> tuple[Select[Any], ColumnElement[Any], Select[Any]]:
    """The readers' search (`search_public`) for this database and configuration: what matches
    (ids, and the index's newest-first order, for the count past the last page) and the ranked
    page, with `match`, `language`,
    `now`, `per_page` and `skipped` bound at run time. `matches` is `MATCHES` (part of the key,
    so a changed cap builds anew)."""
    visible = publicly_visible(bindparam("now"))
    match: BindParameter[str] = bindparam("match")
    language: BindParameter[str] = bindparam("language")
    if dialect == "postgresql":
        matched = _postgres_found(*_language_match(config, match, language), visible)
    else:
        matched = _sqlite_found(match, visible, language)
    ranking = _ranking(matched, bindparam("per_page"), bindparam("skipped"), matches=matches)
    return matched.found, matched.newest, ranking


def _ranking(
    matched: Found, per_page: Any, skipped: Any, *, matches: int | None = None
) -> Select[Any]:
    """One page of `matched` ranked by its score among its newest `matches` (MATCHES), with
    their count: one walk of the index's list, the newest MATCHES + 1 (+1: whether there are
    more), counted by a window over the same rows as they are ranked (the count was a second
    statement, reading every candidate's story row again). Scored where `matched.scored` says:
    in the matching statement, or from the index's row of each of the newest."""
    matches = MATCHES if matches is None else matches
    found, score, newest, scored = matched
    if scored is None:  # SQLite: bm25 is read only inside its MATCH
        picked = found.add_columns(score.label("score"), Article.published_at)
    else:
        picked = found.add_columns(Article.published_at)
    candidates = picked.order_by(newest).limit(matches + 1).subquery()
    if scored is None:
        source: FromClause = candidates
        score = candidates.c.score
    else:
        source = candidates.join(scored, scored.c.article_id == candidates.c.id)
    numbered = (
        select(
            candidates.c.id,
            score.label("score"),
            candidates.c.published_at,
            func.count().over().label("total"),
            func.row_number().over(order_by=candidates.c.id.desc()).label("newest"),
        )
        .select_from(source)
        .subquery()
    )
    return (
        select(numbered.c.id, numbered.c.total)
        .where(numbered.c.newest <= matches)  # ranked among the newest MATCHES, as counted
        .order_by(numbered.c.score, numbered.c.published_at.desc(), numbered.c.id.desc())
        .limit(per_page)
        .offset(skipped)
    )


def _page(
    rows: Sequence[Any],
    found: Select[Any],
    newest: ColumnElement[Any],
    page: int,
    per_page: int,
    options: Sequence[Any],
    values: dict[str, Any] | None = None,
) -> Page:
    """The page of `rows` (ids and the count, from `_ranking`) with their stories loaded."""
    ids = [row.id for row in rows]
    if rows:
        total = int(rows[0].total)
    elif page > 1:  # past the last page: the count alone, as the page shows it
        counted = found.order_by(newest).limit(MATCHES + 1).subquery()
        total = db.session.scalar(select(func.count()).select_from(counted), values) or 0
    else:
        total = 0
    by_id = {
        article.id: article
        for article in db.session.scalars(
            select(Article).where(Article.id.in_(ids)).options(*options)
        )
    }
    shown = [by_id[i] for i in ids if i in by_id]
    return Page(shown, min(total, MATCHES), page, per_page, capped=total > MATCHES)
