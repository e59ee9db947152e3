"""Article body rendering: Markdown (markdown-it-py) then cleaned (nh3) to an allowlist.

One function serves the editor's live preview, the save (body_html is stored cleaned) and so the
public page: what an editor previews is exactly what readers get.

Raw HTML typed in the body is kept only when it is on the allowlist: an allowlisted tag with
only allowlisted attributes. Anything else (`<script>`, `<iframe>`, `<textarea>`, `<title>`, a
comment, `a<b and c>d`, an unclosed `<`) is escaped so it shows as the text it was: a sanitiser
left to swallow it would delete every word after it, later paragraphs included. `render_body`
also says what the cleaning still left out (a javascript: link, an off-site image), so the editor
can warn the writer. Body images must be on this site (`same_site_image`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import nh3
from flask import current_app, has_app_context
from markdown_it import MarkdownIt
from markdown_it.token import Token

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
MAX_LISTED = 10  # what the editor's warning lists, at most

# One raw tag as HTML writes it: name, attributes (quoted, unquoted or bare), an optional "/".
_TAG = re.compile(
    r"""<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)"""
    r"""(?P<attrs>(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)"""
    r"""\s*/?>"""
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ATTRIBUTE_NAME = re.compile(r"""\s+([^\s"'<>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


@dataclass
class RenderedBody:
    """A body's cleaned HTML, the raw tags shown as text, and what the cleaning left out."""

    html: str
    shown_as_text: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _allowed(match: re.Match[str]) -> bool:
    name = match["name"].lower()
    if name not in ALLOWED_TAGS:
        return False
    attributes = [a.lower() for a in _ATTRIBUTE_NAME.findall(match["attrs"] or "")]
    if match["close"]:
        return not attributes
    return all(a in ALLOWED_ATTRIBUTES.get(name, set()) for a in attributes)


def escape_raw_html(raw: str, shown: list[str] | None = None) -> str:
    """`raw` HTML with every `<` that does not open an allowlisted tag escaped as text.

    Text and entities stay as they are; an allowlisted tag is left for nh3 to check its values.
    The escaped tags are appended to `shown`.
    """
    out: list[str] = []
    position = 0
    while (start := raw.find("<", position)) != -1:
        out.append(raw[position:start])
        match = _TAG.match(raw, start)
        if match and _allowed(match):
            out.append(match[0])
            position = match.end()
            continue
        if shown is not None:
            shown.append(match[0] if match else raw[start : start + 20].split("\n")[0])
        out.append("&lt;")
        position = start + 1
    out.append(raw[position:])
    return "".join(out)


def _raw_html_rule(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    shown = env.setdefault("shown_as_text", [])
    before = len(shown)
    escaped = escape_raw_html(token.content, shown)
    if token.type != "html_block" or len(shown) == before:
        return escaped
    # A block that opened with markup now shown as text (an unclosed <textarea> or comment runs to
    # the end of the body): its paragraphs stay paragraphs.
    chunks = (chunk.strip() for chunk in _BLANK_LINE.split(escaped))
    return "".join(f"<p>{chunk}</p>\n" for chunk in chunks if chunk)


# CommonMark with tables and strikethrough. Raw HTML is allowed through the parser, with what is
# not on the allowlist escaped (above), then the whole is cleaned by nh3.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_markdown.add_render_rule("html_block", _raw_html_rule)
_markdown.add_render_rule("html_inline", _raw_html_rule)


def same_site_image(src: str) -> bool:
    """Whether a body image's address is on this site: a relative path, or under PUBLIC_BASE_URL.

    Any other address would let a writer plant a tracking pixel that fires whenever an editor
    opens the draft (until the media library, body images come from here only).
    """
    src = src.strip()
    if "\\" in src or any(ord(c) < 32 for c in src):
        return False
    parts = urlsplit(src)
    if not parts.scheme and not parts.netloc:
        return not src.startswith("//")
    base = urlsplit(str(current_app.config["PUBLIC_BASE_URL"])) if has_app_context() else None
    return base is not None and (parts.scheme, parts.netloc) == (base.scheme, base.netloc)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not same_site_image(value):
        return None
    return value


def clean_html(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes; drop script/style content."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        # Raw markup never reaches nh3 unescaped; this stays as the second line of defence.
        clean_content_tags={"script", "style", "template", "iframe", "object", "svg", "math"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_body(text: str) -> RenderedBody:
    """Markdown as typed -> safe HTML, with what was shown as text and what cleaning dropped."""
    env: dict[str, Any] = {}
    rendered = _markdown.render(text or "", env)
    cleaned = clean_html(rendered)
    shown = list(dict.fromkeys(env.get("shown_as_text", [])))  # each once, in order
    return RenderedBody(cleaned, shown[:MAX_LISTED], _lost(rendered, cleaned)[:MAX_LISTED])


def render_markdown(text: str) -> str:
    """Markdown as typed -> safe HTML for the public page and the preview.

    `render_body`'s HTML without its report (what was shown as text, what cleaning dropped),
    which only the editor shows: every save and live post stores the HTML, and working out
    what was lost parsed the body twice more for nobody.
    """
    return clean_html(_markdown.render(text or "", {}))


class _Inventory(HTMLParser):
    """The words and the (tag, attribute, value) triples of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.words: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not (tag == "a" and name == "rel"):  # nh3 adds rel itself
                self.attributes[(tag, name, value or "")] += 1

    def handle_data(self, data: str) -> None:
        self.words.update(data.split())


def _lost(before: str, after: str) -> list[str]:
    """What is in `before` but not in `after`, in words a writer can find in their text."""
    was, now = _Inventory(before), _Inventory(after)
    lost = [f'{tag} {name}="{value}"' for (tag, name, value) in was.attributes - now.attributes]
    words = list((was.words - now.words).elements())
    if words:
        lost.append("text: " + " ".join(words[:12]) + (" …" if len(words) > 12 else ""))
    return lost
