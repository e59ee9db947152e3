"""The seeded newsroom's Arabic edition: an Arabic translation of every tenth published story.

Each translation joins its English story's family with the same section, region, byline and
publish time, so an Arabic story page does the same work as an English one (related stories,
read next, most read) and the two can be compared (`make bench` prints their ratios side by
side). The text is one of a few short news stories written in Arabic for the benchmark.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article
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


def seed_arabic(share: int = SHARE) -> int:
    """Add an Arabic translation of every `share`-th published story; how many were added.

    Through the ORM (so the search index follows by its flush hook); the caller commits.
    """
    sources = db.session.scalars(
        select(Article)
        .where(Article.state == workflow.PUBLISHED, Article.language != LANGUAGE)
        .order_by(Article.id)
        .options(selectinload(Article.authors))
    ).all()
    added = 0
    for n, source in enumerate(sources[::share]):
        headline, summary, body = STORIES[n % len(STORIES)]
        translation = Article(
            slug=f"{story_slug(headline)}-{source.id}",
            headline=headline,
            summary=summary,
            body=body,
            body_html=render_markdown(body),
            word_count=count_words(body),
            section_id=source.section_id,
            region_id=source.region_id,
            state=workflow.PUBLISHED,
            published_at=source.published_at,
            language=LANGUAGE,
            family_id=source.family_id,
            created_by_id=source.created_by_id,
        )
        translation.authors = list(source.authors)
        db.session.add(translation)
        added += 1
    db.session.flush()
    return added


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
