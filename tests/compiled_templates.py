"""The test run's apps share the code Jinja compiles their templates into.

Each test builds an app of its own, and each app's Jinja environment parsed, optimized and
compiled every template it rendered again (`Environment.compile`): about two thirds of the
rendering in a sweep over every page (test_security's GET sweep), and part of every test that
renders a page. Jinja's own hook for keeping compiled templates, its bytecode cache, holds the
code here in memory, for every environment that compiles alike (`_compiles_as`) and by the
template's whole source, so a changed template, or an app whose filters differ, compiles anew.
Tests only: a server's app compiles each template once anyway.
"""

from __future__ import annotations

from types import CodeType
from typing import Any

from flask import Flask
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


class _SharedTemplates(BytecodeCache):
    """The compiled code of each template, by what it was compiled from and how."""

    def __init__(self) -> None:
        self.codes: dict[tuple[Any, ...], CodeType] = {}

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        bucket = Bucket(environment, name, "")
        key = (_compiles_as(environment, name), name, filename, source)
        bucket.code = self.codes.get(key)
        bucket.shared_key = key  # type: ignore[attr-defined]
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.codes[bucket.shared_key] = bucket.code  # type: ignore[attr-defined]

    def load_bytecode(self, bucket: Bucket) -> None:  # pragma: no cover - get_bucket reads
        raise NotImplementedError

    def dump_bytecode(self, bucket: Bucket) -> None:  # pragma: no cover - set_bucket keeps
        raise NotImplementedError


def _compiles_as(environment: Environment, name: str) -> tuple[Any, ...]:
    """What of `environment` Jinja's lexer, parser, optimizer and code generator read for the
    template `name`: two environments alike here compile its source to the same code. Filters
    and tests by identity (the generator writes how each is called, the optimizer may call one
    on constants), so an app with a filter of its own compiles its templates on its own; the
    autoescape chosen for `name` (compiled in), with the function that chose it (Flask's is
    each app's bound method, choosing by the name's extension)."""
    autoescape = environment.autoescape
    if callable(autoescape):
        autoescape = (getattr(autoescape, "__func__", autoescape), autoescape(name))
    return (
        type(environment),
        environment.code_generator_class,
        environment.is_async,
        environment.optimized,
        environment.sandboxed,
        autoescape,
        environment.finalize,
        environment.policies.get("ext.i18n.trimmed"),
        tuple(sorted((name, type(ext)) for name, ext in environment.extensions.items())),
        tuple(sorted(environment.filters.items(), key=lambda item: item[0])),
        tuple(sorted(environment.tests.items(), key=lambda item: item[0])),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
    )


SHARED = _SharedTemplates()


def share_compiled_templates() -> None:
    """Give every Flask app's Jinja environment made from now on the run's shared templates."""
    create = Flask.create_jinja_environment
    if getattr(create, "shared", False):
        return

    def shared(self: Flask) -> Any:
        environment = create(self)
        environment.bytecode_cache = SHARED
        return environment

    shared.shared = True  # type: ignore[attr-defined]
    Flask.create_jinja_environment = shared  # type: ignore[method-assign]
