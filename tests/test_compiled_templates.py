"""The test run's shared compiled templates (`tests/compiled_templates.py`): shared only where
the code would be the same."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DictLoader, Environment

from tests.compiled_templates import SHARED, _SharedTemplates


def _environment(cache: _SharedTemplates, source: str, *, autoescape: bool) -> Environment:
    # Each test says whether it escapes (one compares with an environment that does not).
    loader = DictLoader({"page.html": source})
    return Environment(loader=loader, bytecode_cache=cache, autoescape=autoescape)  # noqa: S701


def _compiles(environment: Environment, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    compile_ = environment.compile

    def counted(source: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(source)
        return compile_(source, *args, **kwargs)

    monkeypatch.setattr(environment, "compile", counted)
    return compiled


def test_an_alike_environment_reuses_the_code_and_a_different_one_compiles_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = _SharedTemplates()
    source = "<p>{{ name|shout }}</p>"
    first = _environment(cache, source, autoescape=True)
    first.filters["shout"] = str.upper
    assert first.get_template("page.html").render(name="<b>") == "<p>&lt;B&gt;</p>"

    alike = _environment(cache, source, autoescape=True)
    alike.filters["shout"] = str.upper
    compiled = _compiles(alike, monkeypatch)
    assert alike.get_template("page.html").render(name="<b>") == "<p>&lt;B&gt;</p>"
    assert compiled == []

    # Escaping is compiled in; so is how a filter is called: each of these compiles anew.
    unescaped = _environment(cache, source, autoescape=False)
    unescaped.filters["shout"] = str.upper
    other_filter = _environment(cache, source, autoescape=True)
    other_filter.filters["shout"] = str.lower
    edited = _environment(cache, "<div>{{ name|shout }}</div>", autoescape=True)
    edited.filters["shout"] = str.upper
    for environment, expected in (
        (unescaped, "<p><B></p>"),
        (other_filter, "<p>&lt;b&gt;</p>"),
        (edited, "<div>&lt;B&gt;</div>"),
    ):
        compiled = _compiles(environment, monkeypatch)
        assert environment.get_template("page.html").render(name="<b>") == expected
        assert len(compiled) == 1


def test_every_app_of_the_run_gets_the_shared_templates(app: Any) -> None:
    assert app.jinja_env.bytecode_cache is SHARED
