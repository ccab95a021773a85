"""The Flask twins are the Flask a learner writes: nothing in them patches Flask.

Checked from the source with ``ast``: no twin subclasses a Flask or Werkzeug
class, none replaces what Flask answers with (``app.json``, ``response_class``,
``request_class``, the URL map's converters), and none imports anything from
``_common`` but the ``client_failed`` error handler.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from examples.catalog import EXERCISES

TWINS = Path(__file__).resolve().parent.parent / "examples" / "flask_twins"
PATCHES = {"json", "response_class", "request_class", "json_provider_class", "converters",
           "merge_slashes", "strict_slashes"}


def _flask_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "flask", "werkzeug"
        ):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.asname or alias.name.split(".")[0] for alias in node.names
                         if alias.name.split(".")[0] in ("flask", "werkzeug"))
    return names


@pytest.mark.parametrize("module", [e.module for e in EXERCISES])
def test_a_twin_patches_nothing(module: str) -> None:
    tree = ast.parse((TWINS / f"{module}.py").read_text("utf-8"))
    flask_names = _flask_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {ast.unparse(base).split(".")[0] for base in node.bases}
            assert not bases & (flask_names | {"flask", "werkzeug"}), (
                f"{module}: class {node.name} subclasses {bases}")
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute):
                        assert part.attr not in PATCHES, f"{module}: sets .{part.attr}"
        if isinstance(node, ast.ImportFrom) and node.module == "_common" and node.level == 1:
            assert {alias.name for alias in node.names} <= {"client_failed"}, module


def test_the_twins_start_from_flask_name() -> None:
    for exercise in EXERCISES:
        source = (TWINS / f"{exercise.module}.py").read_text("utf-8")
        assert "Flask(__name__" in source, exercise.module
