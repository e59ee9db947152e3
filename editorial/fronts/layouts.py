"""The layouts the app ships: named containers of slots, for a front page or a section front.

A container has a name, a label, how many slots it has, whether its story must have a picture
(the lead), and whether an empty slot falls back to the newest story ("Also today" shows only
what editors chose, and is left out while they chose nothing). The front page also has a block
per section, filled by the newest-first rule (not slots); a section front's list is the rest of
the section, newest first, paged.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Container:
    """A named group of slots."""

    name: str
    label: str
    size: int
    picture_required: bool = False
    # An empty slot shows the newest story not on the page; a list that only carries what the
    # editors chose (Also today) leaves it out instead, so the section blocks keep their stories.
    falls_back: bool = True


@dataclass(frozen=True)
class Layout:
    """A front's shape: its containers, in reading order."""

    name: str
    label: str
    for_front_page: bool
    containers: tuple[Container, ...]

    def container(self, name: str) -> Container | None:
        """The container called `name`, if this layout has it."""
        return next((c for c in self.containers if c.name == name), None)

    @property
    def slot_count(self) -> int:
        """How many slots all containers hold together."""
        return sum(c.size for c in self.containers)

    def places(self) -> list[tuple[str, int]]:
        """Every slot as (container, position), in reading order."""
        return [(c.name, n) for c in self.containers for n in range(c.size)]


LEAD = Container("lead", "Lead story", 1, picture_required=True)


def _also(size: int) -> Container:
    return Container("also", "Also today", size, falls_back=False)


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout("classic", "Lead, four top stories, Also today", True,
               (LEAD, Container("top", "Top stories", 4), _also(5))),
        Layout("busy", "Lead, six top stories, Also today", True,
               (LEAD, Container("top", "Top stories", 6), _also(8))),
        Layout("calm", "Lead, three top stories, Also today", True,
               (LEAD, Container("top", "Top stories", 3), _also(3))),
        Layout("section", "Lead, then the section's list", False, (LEAD,)),
        Layout("section-top", "Lead, three top stories, then the list", False,
               (LEAD, Container("top", "Top stories", 3))),
    )
}  # fmt: skip
DEFAULT_FRONT_PAGE = "classic"
DEFAULT_SECTION = "section"


def default(front_page: bool) -> Layout:
    """The layout a front has until an admin picks another."""
    return LAYOUTS[DEFAULT_FRONT_PAGE if front_page else DEFAULT_SECTION]


def choices(front_page: bool) -> list[Layout]:
    """The layouts an admin may pick for a front page (or a section front)."""
    return [layout for layout in LAYOUTS.values() if layout.for_front_page == front_page]


def get(name: str, front_page: bool) -> Layout:
    """The layout called `name`, or the default if it is unknown or of the other kind."""
    found = LAYOUTS.get(name)
    if found is None or found.for_front_page != front_page:
        return default(front_page)
    return found
