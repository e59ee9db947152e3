"""The seeded newsroom's Arabic edition: an Arabic translation of every tenth published story.

Each translation joins its English story's family with the same section, region and byline,
made from its source's revision and published within hours of it, so an Arabic story page
does the same work as an English one (related stories, read next, most read, and a
translation's own: its source's lag) and the two can be compared (`make bench` prints their
ratios side by side). The text is one of a few short news stories written in Arabic for the
benchmark.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bench.bulk import insert_rows
from bench.story_history import history_rows
from editorial import clock, workflow
from editorial.demo.history import paths_from_draft
from editorial.extensions import db
from editorial.models import Article, article_authors
from editorial.models.history import ArticleRevision, ArticleTransition
from editorial.rendering import render_markdown
from editorial.text import count_words, story_slug

SHARE = 10  # one Arabic translation for every this many published stories
LANGUAGE = "ar"

STORIES: tuple[tuple[str, str, str], ...] = (
    (
        "الحكومة تعلن خطة جديدة لدعم المدارس الحكومية",
        "تشمل الخطة ترميم المباني وتدريب المعلمين خلال العامين المقبلين.",
        "أعلنت وزارة التربية والتعليم يوم الخميس عن خطة لدعم المدارس الحكومية في جميع "
        "المحافظات. وقال الوزير إن الخطة تشمل ترميم أكثر من مئتي مدرسة وتوفير أجهزة حاسوب "
        "للطلاب.\n\nوأضاف أن برنامجاً لتدريب المعلمين سيبدأ في الخريف المقبل، بالتعاون مع "
        "الجامعات المحلية.\n\nورحّبت نقابة المعلمين بالخطة، لكنها طالبت بزيادة الرواتب قبل "
        "بداية العام الدراسي.",
    ),
    (
        "ارتفاع أسعار الوقود يثير قلق السائقين",
        "رفعت الحكومة أسعار البنزين والديزل للمرة الثانية هذا العام.",
        "ارتفعت أسعار الوقود في محطات العاصمة صباح اليوم بنسبة ثمانية في المئة. وقال سائقو "
        "سيارات الأجرة إن الزيادة ستجبرهم على رفع الأجرة.\n\nوأوضحت وزارة الطاقة أن القرار جاء "
        "بعد ارتفاع الأسعار العالمية، ووعدت بمراجعته بعد ثلاثة أشهر.\n\nودعا نواب في البرلمان "
        "إلى دعم النقل العام للتخفيف عن المواطنين.",
    ),
    (
        "افتتاح مستشفى جديد في شمال المدينة",
        "يضم المستشفى مئة وخمسين سريراً وقسماً للطوارئ يعمل على مدار الساعة.",
        "افتتح وزير الصحة مستشفى جديداً في شمال المدينة بعد ثلاث سنوات من العمل. ويضم "
        "المستشفى قسماً للأطفال وآخر لأمراض القلب.\n\nوقال مدير المستشفى إن الطاقم الطبي يضم "
        "أكثر من ثلاثمئة موظف، معظمهم من أبناء المنطقة.\n\nوكان سكان الأحياء الشمالية يقطعون "
        "مسافات طويلة للوصول إلى أقرب مستشفى.",
    ),
)


def seed_arabic(now: datetime, rng: random.Random, admin_id: int) -> tuple[int, int]:
    """Add an Arabic translation of every `SHARE`-th published story; how many stories and
    transitions were added.

    Each is a translation as the app makes one: made from its source's revision (so it is not
    a family's second source), by its source's first author (its translator), then edited,
    checked and published on the way its state implies (`bench.story_history`), up to four
    hours after its source (never later than a minute ago). In bulk (`bench.bulk`), as
    `bench.seed` inserts the English stories (the search index and the insights' summary are
    rebuilt after); the ids follow the last article's, in the sources' order, as the ORM's
    inserts gave them. The caller commits.
    """
    sources = db.session.execute(
        select(
            Article.id,
            Article.section_id,
            Article.region_id,
            Article.published_at,
            Article.family_id,
            Article.created_by_id,
            Article.editor_id,
            Article.fact_checker_id,
        )
        .where(Article.state == workflow.PUBLISHED, Article.language != LANGUAGE)
        .order_by(Article.id)
    ).all()[::SHARE]
    if not sources:
        return 0, 0
    # Each source's newest revision, grouped in one pass: as a correlated `max()` per story,
    # PostgreSQL without statistics yet (a fresh seed) walked the revisions' primary key
    # backwards for each of 98,000 stories and the seed never finished.
    newest: dict[int, int] = dict(
        db.session.execute(
            select(ArticleRevision.article_id, func.max(ArticleRevision.id)).group_by(
                ArticleRevision.article_id
            )
        ).all()
    )
    chosen = {source.id for source in sources}
    bylines: dict[int, list[int]] = {}
    for article_id, user_id in db.session.execute(
        select(article_authors.c.article_id, article_authors.c.user_id).order_by(
            article_authors.c.article_id, article_authors.c.position
        )
    ):
        if article_id in chosen:
            bylines.setdefault(article_id, []).append(user_id)
    texts = [
        (headline, summary, body, render_markdown(body), count_words(body), story_slug(headline))
        for headline, summary, body in STORIES
    ]
    path = paths_from_draft()[workflow.PUBLISHED]
    first_id = (db.session.scalar(select(func.max(Article.id))) or 0) + 1
    articles: list[dict[str, Any]] = []
    authors: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for n, source in enumerate(sources):
        headline, summary, body, body_html, words, slug = texts[n % len(texts)]
        article_id = first_id + n
        translator = (bylines.get(source.id) or [source.created_by_id])[0]
        published = min(
            clock.as_utc(source.published_at) + timedelta(minutes=rng.uniform(40, 240)),
            now - timedelta(minutes=1),
        )
        created = published - timedelta(minutes=rng.uniform(30, 180))
        articles.append(
            {
                "id": article_id,
                "slug": f"{slug}-{source.id}",
                "headline": headline,
                "summary": summary,
                "body": body,
                "body_html": body_html,
                "word_count": words,
                "section_id": source.section_id,
                "region_id": source.region_id,
                "state": workflow.PUBLISHED,
                "version": 1 + len(path),
                "created_at": created,
                "updated_at": published,
                "state_changed_at": published,
                "published_at": published,
                "first_published_at": published,
                "language": LANGUAGE,
                "family_id": source.family_id,
                "source_revision_id": newest.get(source.id),
                "created_by_id": translator,
                "translator_id": translator,
                "editor_id": source.editor_id,
                "fact_checker_id": source.fact_checker_id,
            }
        )
        # No position, as the ORM's relationship wrote them before (the column's default, 0).
        authors += [
            {"article_id": article_id, "user_id": user_id} for user_id in bylines.get(source.id, [])
        ]
        people = {
            "author": translator,
            "editor": source.editor_id,
            "checker": source.fact_checker_id,
            "admin": admin_id,
        }
        history += history_rows(article_id, path, created, published, people)
    for table, rows in (
        (Article.metadata.tables[Article.__tablename__], articles),
        (article_authors, authors),
        (ArticleTransition.metadata.tables[ArticleTransition.__tablename__], history),
    ):
        insert_rows(table, rows)
    return len(articles), len(history)


def arabic_target() -> str:
    """The slug of the newest published Arabic story with a region (as the English target)."""
    return (
        db.session.scalar(
            select(Article.slug)
            .where(
                Article.state == workflow.PUBLISHED,
                Article.language == LANGUAGE,
                Article.region_id.is_not(None),
            )
            .order_by(Article.published_at.desc())
            .limit(1)
        )
        or ""
    )
