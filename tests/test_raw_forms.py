"""The raw forms read top to bottom: checked on their source, with ``ast``.

A raw exercise shows the WSGI exchange itself (EXERCISES.md, "What each form is
for"): its module defines ``application(environ, start_response)`` with no
decorator to change the request or the response out of sight, and calls
``start_response`` in its own code.  The first exercises import nothing but the
standard library and write every chore out inline; later ones may call
``examples/raw/_plumbing.py``, but only helpers whose docstring names the
exercise that wrote them out first.

Every raw module is in the first list; the second holds the exercises that
write every chore out inline.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

RAW = Path(__file__).resolve().parent.parent / "examples" / "raw"

#: raw modules whose ``application`` is a plain function that calls start_response
RAW_READ_TOP_TO_BOTTOM = (
    "hello",
    "greet",
    "status",
    "headers",
    "request_info",
    "json_info",
    "methods",
    "login",
    "variables",
    "slashes",
    "url_building",
    "template",
    "wsgi_environ",
    "wsgi_body",
    "json_echo",
    "calculator",
    "upload",
    "static",
    "counter",
    "errors",
    "hooks",
    "context_locals",
    "login_form",
    "debug",
    "cgi_vs_wsgi",
    "responses",
    "log_file",
)

#: raw modules that import only the standard library (every chore inline)
STDLIB_ONLY = (
    "hello",
    "greet",
    "status",
    "headers",
    "request_info",
    "json_info",
    "wsgi_environ",
    "wsgi_body",
)


def parse(module: str) -> ast.Module:
    return ast.parse((RAW / f"{module}.py").read_text(encoding="utf-8"))


def top_level_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def called_names(function: ast.FunctionDef) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def assigned_names(tree: ast.Module) -> set[str]:
    """Names bound at module level other than by ``def``."""
    names: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def test_every_raw_module_is_checked() -> None:
    modules = {path.stem for path in RAW.glob("*.py") if not path.name.startswith("_")}
    assert modules == set(RAW_READ_TOP_TO_BOTTOM)


@pytest.mark.parametrize("module", RAW_READ_TOP_TO_BOTTOM)
def test_application_is_a_plain_function(module: str) -> None:
    tree = parse(module)
    functions = top_level_functions(tree)
    assert "application" in functions, f"{module}: no top-level def application"
    application = functions["application"]
    assert not application.decorator_list, f"{module}: application is decorated"
    assert [arg.arg for arg in application.args.args] == ["environ", "start_response"]
    assert "application" not in assigned_names(tree), f"{module}: application is rebound"


@pytest.mark.parametrize("module", RAW_READ_TOP_TO_BOTTOM)
def test_application_calls_start_response_itself(module: str) -> None:
    """In its own body, or in a function of the same module that it calls."""
    functions = top_level_functions(parse(module))
    seen: set[str] = set()
    todo = ["application"]
    while todo:
        name = todo.pop()
        seen.add(name)
        called = called_names(functions[name])
        if "start_response" in called:
            return
        todo.extend(n for n in called if n in functions and n not in seen)
    pytest.fail(f"{module}: start_response is never called in the module's own code")


def imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(relative level, module) of every import, TYPE_CHECKING blocks included."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((0, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or ""))
    return found


@pytest.mark.parametrize("module", STDLIB_ONLY)
def test_imports_only_the_standard_library(module: str) -> None:
    for level, name in imports(parse(module)):
        assert level == 0, f"{module}: relative import from {'.' * level}{name}"
        top = name.split(".")[0]
        assert top in sys.stdlib_module_names, f"{module}: imports {name}, not the stdlib"


def slug(module: str) -> str:
    return module.replace("_", "-")


@pytest.mark.parametrize(
    "module", [m for m in RAW_READ_TOP_TO_BOTTOM if m not in STDLIB_ONLY]
)
def test_plumbing_helpers_name_the_exercise_that_wrote_them(module: str) -> None:
    """A later exercise calls only helpers an inline exercise wrote out first."""
    from examples.raw import _plumbing

    written_by = re.compile(r"\b(" + "|".join(map(re.escape, map(slug, STDLIB_ONLY))) + r")\b")
    for node in ast.walk(parse(module)):
        if not (isinstance(node, ast.ImportFrom) and node.level == 1):
            continue
        assert node.module == "_plumbing", f"{module}: imports from .{node.module}"
        for alias in node.names:
            assert alias.name != "exercise", f"{module}: uses @exercise"
            doc = getattr(_plumbing, alias.name).__doc__ or ""
            assert written_by.search(doc), f"{module}: {alias.name}'s docstring names no exercise"
