"""A render's context starts from the environment's globals as one flat dict
(`editorial.template_globals`), not from Jinja's ChainMap copied key by key, and still sees
every global as it is now."""

from __future__ import annotations

from collections import ChainMap
from typing import Any

import pytest
from flask import Flask, render_template_string

from editorial.template_globals import CountedGlobals


@pytest.fixture
def chain_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every key looked up through a `ChainMap` while the test runs."""
    looked: list[str] = []
    lookup = ChainMap.__getitem__

    def counting(self: ChainMap[str, Any], key: str) -> Any:
        looked.append(key)
        return lookup(self, key)

    monkeypatch.setattr(ChainMap, "__getitem__", counting)
    return looked


def test_a_render_copies_no_globals_through_a_chain_map(
    app: Flask, chain_lookups: list[str]
) -> None:
    template = app.jinja_env.get_template("_flashes.html")
    with app.test_request_context("/"):
        template.render()
        rendered = render_template_string("{{ zone_name() }}")
    assert rendered
    assert chain_lookups == []  # before: each of the ~80 globals, at every render


def test_a_global_changed_after_templates_loaded_is_seen_by_the_next_render(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = app.jinja_env.from_string("{{ shout() }}")
    with app.test_request_context("/"):
        with pytest.raises(Exception, match="undefined"):
            template.render()
        monkeypatch.setitem(app.jinja_env.globals, "shout", lambda: "loud")
        assert template.render() == "loud"
        app.jinja_env.globals.update(shout=lambda: "louder")
        assert template.render() == "louder"
    monkeypatch.undo()
    with app.test_request_context("/"), pytest.raises(Exception, match="undefined"):
        template.render()


def test_a_template_with_globals_of_its_own_sees_them_over_the_environment_s(app: Flask) -> None:
    template = app.jinja_env.from_string("{{ zone_name }}", globals={"zone_name": "mine"})
    with app.test_request_context("/"):
        assert template.render() == "mine"


def test_every_change_to_the_globals_is_counted() -> None:
    counted = CountedGlobals(a=1)
    seen = [counted.flat()]
    counted["b"] = 2
    seen.append(counted.flat())
    counted.update(c=3)
    seen.append(counted.flat())
    counted |= {"d": 4}
    seen.append(counted.flat())
    counted.setdefault("e", 5)
    seen.append(counted.flat())
    del counted["a"]
    seen.append(counted.flat())
    counted.pop("b")
    seen.append(counted.flat())
    counted.popitem()
    seen.append(counted.flat())
    assert seen == [
        {"a": 1},
        {"a": 1, "b": 2},
        {"a": 1, "b": 2, "c": 3},
        {"a": 1, "b": 2, "c": 3, "d": 4},
        {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5},
        {"b": 2, "c": 3, "d": 4, "e": 5},
        {"c": 3, "d": 4, "e": 5},
        {"c": 3, "d": 4},
    ]
    assert counted.flat() is counted.flat()  # kept while nothing changes
    counted.clear()
    assert counted.flat() == {}
