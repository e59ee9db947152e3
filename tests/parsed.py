"""Reading a rendered page in tests: tags by id or attribute, an element's text (stdlib only)."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"img", "input", "meta", "link", "br", "hr", "source"}


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside each element that has an id."""

    def __init__(self, html: str | bytes) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str | None] = []
        self.all_text: list[str] = []
        self.feed(html.decode() if isinstance(html, bytes) else html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: (v if v is not None else "") for k, v in attrs}
        self.tags.append((tag, found))
        if tag not in VOID:
            self._open.append(found.get("id"))
            if found.get("id"):
                self.texts.setdefault(found["id"], [])

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        for element_id in self._open:
            if element_id:
                self.texts[element_id].append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """Tags named `tag` with (at least) these attributes; `class_` matches one class."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        matches = []
        for name, have in self.tags:
            if name != tag:
                continue
            if "class" in wanted and wanted["class"] not in have.get("class", "").split():
                continue
            if all(have.get(k) == v for k, v in wanted.items() if k != "class"):
                matches.append(have)
        return matches

    def by_id(self, element_id: str) -> dict[str, str]:
        """The attributes of the element with this id (KeyError when there is none)."""
        for _, have in self.tags:
            if have.get("id") == element_id:
                return have
        raise KeyError(element_id)

    def meta(self, name: str) -> str | None:
        """The content of the <meta> whose property or name is `name` (OpenGraph, Twitter...)."""
        for tag, have in self.tags:
            if tag == "meta" and name in (have.get("property"), have.get("name")):
                return have.get("content")
        return None

    def text_of(self, element_id: str) -> str:
        """The text inside the element with this id."""
        return " ".join("".join(self.texts[element_id]).split())

    @property
    def text(self) -> str:
        """All the page's text, whitespace folded."""
        return " ".join("".join(self.all_text).split())
