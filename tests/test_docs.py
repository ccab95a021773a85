"""The generated pages agree with their sources: docs/exercises.md and docs/flask-differences.md."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from examples.catalog import EXERCISES
from tests.casekit import load_cases, with_head_twins

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import exercise_docs  # noqa: E402


def test_the_generated_pages_are_current() -> None:
    assert exercise_docs.main(["--check"]) == 0, "run: python scripts/exercise_docs.py"


def test_code_lines_leave_out_docstrings_comments_and_blank_lines(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text('"""Module\n\ndocstring."""\n\n# a comment\nimport os  # why\n\n\n'
                      'def f(\n    x: int,\n) -> str:\n    """One line."""\n    return (\n'
                      '        "a"\n        "b"\n    )\n')
    assert exercise_docs.code_lines(source) == 8


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.slug for e in EXERCISES])
def test_every_status_a_contract_names_is_in_its_case_table(exercise: object) -> None:
    """The contract's prose and the case table cannot drift apart on a status code."""
    named = {int(code) for code in re.findall(r"(?<![\w%/])([1-5]\d\d)(?![\w%])",
                                              exercise.contract)}  # type: ignore[attr-defined]
    statuses = {case.status for case in with_head_twins(load_cases(exercise.module))}  # type: ignore[attr-defined]
    assert named <= statuses, f"{exercise.slug}: {named - statuses} not in its cases"  # type: ignore[attr-defined]


def test_the_readme_reading_table_counts_every_module_as_it_is() -> None:
    """Its lines and code columns are the modules' own, it lists every module, and, as
    it says, each module imports only modules listed above it."""
    readme = (ROOT / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| `(\w+\.py)` \| (\d+) \| (\d+) \|", readme, re.MULTILINE)
    modules = sorted((ROOT / "wsgikit").glob("*.py"))
    assert sorted(name for name, _, _ in rows) == [path.name for path in modules]
    above: set[str] = set()
    for name, lines, code in rows:
        path = ROOT / "wsgikit" / name
        source = path.read_text("utf-8")
        counted = (len(source.splitlines()), exercise_docs.code_lines(path))
        assert (int(lines), int(code)) == counted, f"README's reading table, {name}: {counted}"
        imported = {f"{module}.py" for module in re.findall(r"from \.(\w+) import", source)}
        assert imported <= above, f"README's reading table: {name} imports {imported - above}"
        above.add(name)
