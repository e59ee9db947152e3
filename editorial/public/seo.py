"""What a public story tells crawlers and link previews: its image, JSON-LD, share links.

`story_image` is the one place that decides which image stands for a story (OpenGraph, Twitter
cards, JSON-LD): its library picture's widest variant, else an older story's external address.
Every address is absolute on `PUBLIC_BASE_URL` (`editorial.urls`), never the request's Host.

The JSON-LD is a dict that the template writes with Flask's `tojson`, which escapes `<`, `>`, `&`
and `'` as `\\u003c`..., so a headline holding `</script>` stays data inside its
`<script type="application/ld+json">` block. A data block is never run, so the CSP (no inline
scripts) doesn't apply to it and needs no exception.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from editorial import clock, newsroom
from editorial.media.service import image_absolute_url
from editorial.models import Article
from editorial.public.assets import publisher_logo
from editorial.public.views import image_src
from editorial.urls import absolute, public_url


def story_image(article: Article) -> str | None:
    """The absolute address of the image that stands for `article`, if it has a usable one."""
    if article.hero_image is not None and article.hero_image.ready:
        return image_absolute_url(article.hero_image)
    src = image_src(article.hero_image_url)
    return absolute(src) if src else None


def story_image_alt(article: Article) -> str:
    """The words for that image (its alt text; an external picture has only its caption)."""
    if article.hero_image is not None and article.hero_image.ready:
        return article.hero_image.alt
    return article.hero_caption


def _image_object(article: Article, url: str) -> dict[str, Any] | str:
    """The story's image for JSON-LD: with its size when it is a library picture (Google wants
    one at least 1,200 px wide; an external address's size is unknown, so it goes bare)."""
    picture = article.hero_image
    if picture is None or not picture.ready or not picture.variant_widths:
        return url
    width = picture.variant_widths[-1]
    return {"@type": "ImageObject", "url": url, "width": width, "height": picture.height_at(width)}


def updated_at(article: Article) -> datetime | None:
    """When a published story last changed: its newest correction, if it has one."""
    return max((c.at for c in article.corrections), default=None)


def _author_url(user: Any) -> str:
    if user.slug:
        return public_url("public.author_page", slug=user.slug)
    return public_url("public.author", user_id=user.id)


def news_article(article: Article) -> dict[str, Any]:
    """schema.org `NewsArticle` for `article`: headline, language, dates, authors, image, section,
    and each correction as a `CorrectionComment`."""
    name = newsroom.current().newsroom_name
    url = public_url("public.article", slug=article.slug)
    published = article.published_at or clock.now()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": clock.machine_time(published),
        "dateModified": clock.machine_time(updated_at(article) or published),
        "author": [
            {"@type": "Person", "name": a.display_name, "url": _author_url(a)}
            for a in article.authors
        ]
        or [{"@type": "Organization", "name": name}],
        "publisher": {
            "@type": "Organization",
            "name": name,
            "url": public_url("public.home"),
            "logo": publisher_logo(),
        },
        "inLanguage": article.language,
        "wordCount": article.word_count,
        "isAccessibleForFree": True,
    }
    image = story_image(article)
    if image:
        data["image"] = [_image_object(article, image)]
    if article.section:
        data["articleSection"] = article.section.name
    if article.tags:
        data["keywords"] = [t.name for t in article.tags]
    if article.corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": c.notice,
                "datePublished": clock.machine_time(c.at),
            }
            for c in article.corrections
        ]
    return data


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(network, address) for sharing `url`: plain links, no third-party script on our page."""
    text = f"{title} {url}"
    return [
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("Email", f"mailto:?subject={quote(title)}&body={quote(url)}"),
    ]
