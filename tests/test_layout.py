"""The package's shape holds: no import cycles, and layers that only point down.

Read from the source with `ast` (nothing is imported), function-level imports included, so a
cycle can't hide inside a function. The layers (docs/architecture.md):

- the app's assembly (`editorial/__init__.py`, `cli`, `gunicorn_conf`, `workflow_doc`) may import
  anything;
- a feature (a package of `editorial/` with a `blueprint.py`, and `backup`, `demo`) imports the
  shared plumbing, the models and other features' non-view modules (their writes, their reads),
  never another feature's views or blueprint;
- the shared plumbing (the other modules directly in `editorial/`) and `models/` never import a
  feature.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path

from flask import Flask

PACKAGE = Path(__file__).resolve().parent.parent / "editorial"
ASSEMBLY = {"editorial", "editorial.cli", "editorial.gunicorn_conf", "editorial.workflow_doc"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def nearest(dotted: str) -> str | None:
    """The package's own module that `dotted` names (or lies inside)."""
    while dotted and dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def imports_of(name: str) -> set[str]:
    """The package's modules that module `name` imports, anywhere in its body."""
    path = MODULES[name]
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                stem = here
                for _ in range(node.level - 1):
                    stem = stem.rpartition(".")[0]
                base = f"{stem}.{base}" if node.module else stem
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
        else:
            continue
        for target in targets:
            found_module = nearest(target)
            # A module taking a name from its own package (`from editorial.x import y`, where y is
            # a submodule or a name in x/__init__.py) is how packages work, not a cycle.
            if found_module and found_module != name and not name.startswith(found_module + "."):
                found.add(found_module)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def feature_of(name: str) -> str | None:
    """`editorial.articles.claims.views` -> `articles`; None for plumbing, models and assembly."""
    parts = name.split(".")
    if name in ASSEMBLY or len(parts) < 2 or parts[1] == "models":
        return None
    package = PACKAGE / parts[1]
    return parts[1] if package.is_dir() else None


def view_modules(app: Flask) -> set[str]:
    """Every blueprint module, and every module whose functions the app serves as views."""
    served = {inspect.unwrap(view).__module__ for view in app.view_functions.values()}
    blueprints = {name for name in MODULES if name.endswith(".blueprint")}
    return blueprints | (served & set(MODULES))


def cycles() -> Iterator[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = [0]
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return iter(found)


def test_the_graph_is_read(app: Flask) -> None:
    assert "editorial.workflow" in GRAPH["editorial.models.article"]
    assert "editorial.articles.claims.queries" in GRAPH["editorial.articles.panels"]
    assert {"editorial.articles.page", "editorial.media.editor"} <= view_modules(app)
    assert "editorial.articles.panels" not in view_modules(app)


def test_no_import_cycles() -> None:
    found = [" -> ".join(group) for group in cycles()]
    assert found == [], "import cycles:\n" + "\n".join(found)


def test_plumbing_and_models_never_import_a_feature() -> None:
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name not in ASSEMBLY and feature_of(name) is None
        for target in targets
        if feature_of(target) is not None
    )
    assert upward == []


def test_a_feature_never_imports_another_features_views(app: Flask) -> None:
    views = view_modules(app)
    crossing = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if feature_of(name) is not None
        for target in targets & views
        if feature_of(target) != feature_of(name)
    )
    assert crossing == []


def test_package_inits_hold_no_code() -> None:
    """A feature's `__init__.py` is its docstring: nothing runs on import, nothing to order."""
    busy = []
    for name, path in MODULES.items():
        if path.name != "__init__.py" or feature_of(name) is None:
            continue
        body = ast.parse(path.read_text(encoding="utf-8")).body
        if any(
            not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
            for node in body
        ):
            busy.append(name)
    assert busy == []
