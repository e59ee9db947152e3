"""Article body rendering: Markdown (markdown-it-py) then cleaned (nh3) to an allowlist.

One function serves the editor's live preview, the save (body_html is stored cleaned) and so the
public page: what an editor previews is exactly what readers get.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# CommonMark with tables and strikethrough. Raw HTML in the Markdown is allowed through the parser
# and then cleaned, so a pasted <em> survives while <script>, on*= and javascript: do not.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "strong", "em", "b", "i",
    "s", "del", "ins", "sub", "sup", "code", "pre", "a", "img", "figure", "figcaption", "table",
    "thead", "tbody", "tr", "th", "td", "caption", "abbr", "cite", "q", "mark", "small",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes; drop script/style content."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "template", "iframe", "object", "svg", "math"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown as typed -> safe HTML for the public page and the preview."""
    return clean_html(_markdown.render(text or ""))
