"""Jinja's globals copied into each render from one flat dict, not from a `ChainMap`.

Every render of a template (Flask's `render_template`, a row's `get_template(...).render`, a
macro module made with context) starts its context with `dict(template.globals, **vars)`.
A template's `globals` is Jinja's `ChainMap(its own, the environment's)`, and a `ChainMap` is
copied key by key in Python, each lookup missing the empty first map with a `KeyError`: about
70 us for the app's ~80 globals on every render, where a plain dict copies in about 1 us
(BENCHMARKS.md, bench:fixed12). A write's answer renders one to six templates.

So the environment's globals are a `CountedGlobals` dict, which counts its changes, and each
template (`FlatGlobalsTemplate`) whose own globals are empty hands Jinja the environment's as one
flat dict, copied again only after they changed (Jinja asks that they not change once templates
are loaded; a test that swaps one in is seen at its next render all the same). A template
given globals of its own (`get_template(name, globals=...)`) keeps Jinja's `ChainMap`.
What a render sees is the same mapping either way, in the same order.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment, Template
from jinja2.runtime import Context, new_context


class CountedGlobals(dict[str, Any]):
    """The environment's globals: a dict that counts its changes, and keeps one flat copy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._changes = 0
        self._flat: tuple[int, dict[str, Any]] = (-1, {})

    def flat(self) -> dict[str, Any]:
        """A plain dict of the globals as they are now (the same one until they change)."""
        changes, kept = self._flat
        if changes == self._changes:
            return kept
        changes = self._changes  # read first: a change during the copy is seen next time
        kept = dict(self)
        self._flat = (changes, kept)
        return kept

    def _changed(self) -> None:
        self._changes += 1

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        """`dict.update`, counted."""
        super().update(*args, **kwargs)
        self._changed()

    def setdefault(self, key: str, default: Any = None) -> Any:
        """`dict.setdefault`, counted."""
        found = super().setdefault(key, default)
        self._changed()
        return found

    def pop(self, key: str, *default: Any) -> Any:
        """`dict.pop`, counted."""
        found = super().pop(key, *default)
        self._changed()
        return found

    def popitem(self) -> tuple[str, Any]:
        """`dict.popitem`, counted."""
        found = super().popitem()
        self._changed()
        return found

    def clear(self) -> None:
        """`dict.clear`, counted."""
        super().clear()
        self._changed()

    def __ior__(self, other: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> CountedGlobals:  # type: ignore[override,misc]
        self.update(other)
        return self


class FlatGlobalsTemplate(Template):
    """Jinja's `Template`, whose renders copy the environment's globals from their flat dict."""

    def new_context(
        self,
        vars: dict[str, Any] | None = None,  # noqa: A002  (Jinja's own argument names)
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,  # noqa: A002
    ) -> Context:
        """`Template.new_context`, with the globals flat when the template has none of its own."""
        found = self.globals
        if type(found) is ChainMap and len(found.maps) == 2 and not found.maps[0]:
            environment_globals = found.maps[1]
            if isinstance(environment_globals, CountedGlobals):
                found = environment_globals.flat()
        return new_context(self.environment, self.name, self.blocks, vars, shared, found, locals)


def init_flat_globals(environment: Environment) -> None:
    """Make `environment`'s globals counted and its templates `FlatGlobalsTemplate`s; before
    any template is loaded (one loaded earlier keeps Jinja's own copying, as correct)."""
    if not isinstance(environment.globals, CountedGlobals):
        environment.globals = CountedGlobals(environment.globals)
    environment.template_class = FlatGlobalsTemplate
