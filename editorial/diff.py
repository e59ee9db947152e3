"""Word-by-word comparison of two versions of an article, for the history and conflict views.

Pure Python (difflib), no Flask. `word_diff` returns segments ("equal", "insert", "delete") that
`templates/articles/_diff.html` renders as <ins>/<del>, escaped like any other text: no markup is
ever built here, so nothing a writer typed can become HTML.

Bodies are compared line by line first and word by word only inside the lines that changed: it
keeps the work small on long articles and keeps an edit in one paragraph from being matched
against words in another. Short runs of spaces between two changes are folded into the change,
so "the quick brown" -> "a slow red" reads as one deletion and one insertion, not six.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

# A word (letters, digits, apostrophes and hyphens inside it), one punctuation mark, or a run of
# whitespace: joining the tokens gives back the text exactly.
_TOKEN = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)

# The fields a writer can change, in the order the comparison shows them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("headline", "Headline"),
    ("summary", "Summary"),
    ("body", "Body"),
    ("section", "Section"),
    ("region", "Region"),
    ("tags", "Tags"),
    ("authors", "Byline"),
    ("source", "Source"),
    ("picture", "Picture"),
    ("hero_image_url", "Image address"),
    ("hero_caption", "Image caption"),
)


@dataclass(frozen=True)
class Segment:
    """A piece of text that is the same in both versions, or only in the new, or only in the old."""

    kind: str  # EQUAL, INSERT or DELETE
    text: str
    elided: bool = False  # an EQUAL run shortened for display ("…" stands for the middle)


@dataclass
class FieldDiff:
    """One field's comparison: its label and segments, and whether it changed at all."""

    name: str
    label: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything was inserted or deleted."""
        return any(segment.kind != EQUAL for segment in self.segments)

    @property
    def inserted_words(self) -> int:
        """How many words were added."""
        return sum(_words(s.text) for s in self.segments if s.kind == INSERT)

    @property
    def deleted_words(self) -> int:
        """How many words were removed."""
        return sum(_words(s.text) for s in self.segments if s.kind == DELETE)


def tokenize(text: str) -> list[str]:
    """Split `text` into words, punctuation marks and whitespace runs; "".join() gives it back."""
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn `old` into `new`, word by word, line by line."""
    old, new = old or "", new or ""
    if old == new:
        return [Segment(EQUAL, old)] if old else []
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    segments: list[Segment] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            segments.append(Segment(EQUAL, "".join(old_lines[i1:i2])))
        else:
            segments.extend(_words_diff("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])))
    return _slide(_merge(segments))


def _slide(segments: list[Segment]) -> list[Segment]:
    """Move a lone insertion's or deletion's leading space behind it: "council[ narrowly] approved"
    reads better as "council [narrowly ]approved" (the same text, the change on whole words)."""
    result = list(segments)
    for index in range(1, len(result) - 1):
        before, change, after = result[index - 1], result[index], result[index + 1]
        if change.kind == EQUAL or before.kind != EQUAL or after.kind != EQUAL:
            continue
        space = change.text[: len(change.text) - len(change.text.lstrip())]
        if space and not change.text.isspace() and after.text.startswith(space):
            result[index - 1] = Segment(EQUAL, before.text + space)
            result[index] = Segment(change.kind, change.text[len(space) :] + space)
            result[index + 1] = Segment(EQUAL, after.text[len(space) :])
    return [segment for segment in result if segment.text]


def _words_diff(old: str, new: str) -> list[Segment]:
    a, b = tokenize(old), tokenize(new)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segments: list[Segment] = []
    index = 0
    while index < len(opcodes):
        tag, i1, i2, j1, j2 = opcodes[index]
        if tag == EQUAL:
            segments.append(Segment(EQUAL, "".join(a[i1:i2])))
            index += 1
            continue
        # Grow the change over whitespace-only equal runs that sit between two changes.
        end = index
        while (
            end + 2 < len(opcodes)
            and opcodes[end + 1][0] == EQUAL
            and "".join(a[opcodes[end + 1][1] : opcodes[end + 1][2]]).isspace()
            and opcodes[end + 2][0] != EQUAL
        ):
            end += 2
        last = opcodes[end]
        deleted, inserted = "".join(a[i1 : last[2]]), "".join(b[j1 : last[4]])
        if deleted:
            segments.append(Segment(DELETE, deleted))
        if inserted:
            segments.append(Segment(INSERT, inserted))
        index = end + 1
    return segments


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbours of the same kind, and put each deletion before its insertion."""
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def condense(segments: list[Segment], context: int = 160) -> list[Segment]:
    """Shorten long unchanged stretches to `context` characters either side of a change.

    The comparison of a 2,000-word article where one sentence changed then shows that sentence
    and its surroundings, not the whole article. A field with no change at all is left whole.
    """
    if all(s.kind == EQUAL for s in segments):
        return segments
    result: list[Segment] = []
    last = len(segments) - 1
    for position, segment in enumerate(segments):
        text = segment.text
        if segment.kind != EQUAL or len(text) <= 2 * context + 40:
            result.append(segment)
            continue
        head = "" if position == 0 else _cut_after(text, context)
        tail = "" if position == last else _cut_before(text, context)
        result.append(Segment(EQUAL, head + "…" + tail if (head or tail) else "…", elided=True))
    return result


def _cut_after(text: str, size: int) -> str:
    """The first `size` characters of `text`, ending at a word boundary."""
    cut = text[:size]
    space = cut.rfind(" ")
    return cut[:space] + " " if space > size // 2 else cut


def _cut_before(text: str, size: int) -> str:
    """The last `size` characters of `text`, starting at a word boundary."""
    cut = text[-size:]
    space = cut.find(" ")
    return " " + cut[space + 1 :] if 0 <= space < size // 2 else cut


def as_text(value: Any) -> str:
    """A snapshot value as comparable text: lists (tags, bylines) joined with commas."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldDiff]:
    """Every field of two snapshots (see `FIELDS`), compared word by word."""
    return [
        FieldDiff(name, label, word_diff(as_text(old.get(name)), as_text(new.get(name))))
        for name, label in FIELDS
    ]


def changed_labels(diffs: list[FieldDiff]) -> list[str]:
    """The labels of the fields that changed, lower-cased for a sentence ("headline, body")."""
    return [diff.label.lower() for diff in diffs if diff.changed]


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """`changed_labels(compare(old, new))` without the word diffs: a field's segments hold a
    change exactly when its texts differ (they join back to each text), and a save that names
    what it changed (its audit row, a recheck's note) shows no segment (bench:autosave11)."""
    return [
        label.lower() for name, label in FIELDS if as_text(old.get(name)) != as_text(new.get(name))
    ]


def _words(text: str) -> int:
    return sum(1 for token in tokenize(text) if not token.isspace() and re.match(r"\w", token))
