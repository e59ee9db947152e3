"""The seeded newsroom's Arabic edition: an Arabic translation of every tenth published story.

Each translation joins its English story's family with the same section, region, byline and
publish time, so an Arabic story page does the same work as an English one (related stories,
read next, most read) and the two can be compared (`make bench` prints their ratios side by
side). The text is one of a few short news stories written in Arabic for the benchmark.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, article_authors
from editorial.rendering import render_markdown
from editorial.text import count_words, story_slug

CHUNK = 500  # rows per executemany, as bench.seed
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


def seed_arabic(share: int = SHARE) -> int:
    """Add an Arabic translation of every `share`-th published story; how many were added.

    Through SQLAlchemy Core, as `bench.seed` inserts the English stories (the search index is
    rebuilt after: `upkeep.reindex_all`); the ids follow the last article's, in the sources'
    order, as the ORM's inserts gave them. The caller commits.
    """
    sources = db.session.execute(
        select(
            Article.id,
            Article.section_id,
            Article.region_id,
            Article.published_at,
            Article.family_id,
            Article.created_by_id,
        )
        .where(Article.state == workflow.PUBLISHED, Article.language != LANGUAGE)
        .order_by(Article.id)
    ).all()[::share]
    if not sources:
        return 0
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
    first_id = (db.session.scalar(select(func.max(Article.id))) or 0) + 1
    articles, authors = [], []
    for n, source in enumerate(sources):
        headline, summary, body, body_html, words, slug = texts[n % len(texts)]
        article_id = first_id + n
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
                "published_at": source.published_at,
                "language": LANGUAGE,
                "family_id": source.family_id,
                "created_by_id": source.created_by_id,
            }
        )
        # No position, as the ORM's relationship wrote them before (the column's default, 0).
        authors += [
            {"article_id": article_id, "user_id": user_id} for user_id in bylines.get(source.id, [])
        ]
    statement = insert(Article.metadata.tables[Article.__tablename__])
    for start in range(0, len(articles), CHUNK):
        db.session.execute(statement, articles[start : start + CHUNK])
    for start in range(0, len(authors), CHUNK):
        db.session.execute(insert(article_authors), authors[start : start + CHUNK])
    return len(articles)


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
