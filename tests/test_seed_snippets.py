"""examples/gallery/seeds.toml: an entry for every exercise, and the seeds' own code.

Every snippet's ``code`` must be the seed document's own text, word for word.
The rule, and nothing looser: both texts are normalised by

1. turning CRLF line endings into LF,
2. removing trailing spaces and tabs from every line,
3. dropping the snippet's leading and trailing blank lines (the seed is kept whole);

then the snippet's lines must equal a run of consecutive whole lines of the seed
document.  Everything else counts: indentation, tabs inside a line, Korean, the
author's typos.  The snippet's ``reference`` (the heading it comes under) must
occur in the same document, on the snippet's first line or above it.

The seeds live beside the checkout (``../shared/seeds``, as in CI); without them
these tests fail, they never skip.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from examples.catalog import EXERCISES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SNIPPETS_FILE = ROOT / "examples" / "gallery" / "seeds.toml"

ENTRY_KEYS = {"flask_does", "snippets"}
SNIPPET_KEYS = {"seed", "reference", "code"}
MAX_SNIPPETS = 3

with SNIPPETS_FILE.open("rb") as _file:
    DATA: dict[str, Any] = tomllib.load(_file)

SNIPPETS = [
    pytest.param(slug, snippet, id=f"{slug}-{index}")
    for slug, entry in DATA.items()
    for index, snippet in enumerate(entry.get("snippets", []))
]


def normalised_lines(text: str) -> list[str]:
    """Rules 1 and 2: LF line endings, no trailing spaces or tabs."""
    return [line.rstrip(" \t") for line in text.replace("\r\n", "\n").split("\n")]


def snippet_lines(code: str) -> list[str]:
    """Rules 1 to 3: the snippet without its leading and trailing blank lines."""
    lines = normalised_lines(code)
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def seed_document(seed: str) -> Path:
    """The one file ``<seed>_*.txt`` in the seeds folder; a failure (never a skip) if not."""
    assert SEEDS.is_dir(), (
        f"the seed documents are missing: expected the folder {SEEDS} "
        "(../shared/seeds beside the checkout, as in CI)"
    )
    matches = sorted(SEEDS.glob(f"{seed}_*.txt"))
    assert len(matches) == 1, (
        f"seed {seed!r}: expected exactly one {seed}_*.txt in {SEEDS}, found {matches}"
    )
    return matches[0]


def find_run(document: list[str], lines: list[str]) -> int | None:
    """The index where ``lines`` starts as consecutive whole lines of ``document``, or None."""
    size = len(lines)
    for start in range(len(document) - size + 1):
        if document[start : start + size] == lines:
            return start
    return None


def nearest_miss(document: list[str], lines: list[str]) -> str:
    """Where the snippet comes closest to the document, for the failure message."""
    best_start, best_length = -1, 0
    for start in range(len(document)):
        length = 0
        while (
            length < len(lines)
            and start + length < len(document)
            and document[start + length] == lines[length]
        ):
            length += 1
        if length > best_length:
            best_start, best_length = start, length
    if best_start < 0:
        return f"not even its first line occurs in the document: {lines[0]!r}"
    line_no = best_start + best_length + 1
    seed_line = document[line_no - 1] if line_no <= len(document) else "<end of document>"
    return (
        f"its first {best_length} line(s) match from line {best_start + 1}; then "
        f"snippet line {best_length + 1} is {lines[best_length]!r}, "
        f"document line {line_no} is {seed_line!r}"
    )


def test_every_exercise_has_an_entry_and_no_other() -> None:
    slugs = {exercise.slug for exercise in EXERCISES}
    missing = sorted(slugs - DATA.keys())
    unknown = sorted(DATA.keys() - slugs)
    assert not missing, f"no entry in {SNIPPETS_FILE.name} for: {missing}"
    assert not unknown, f"entries in {SNIPPETS_FILE.name} for unknown slugs: {unknown}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.slug for e in EXERCISES])
def test_entry_has_flask_does_and_snippets(exercise: Any) -> None:
    entry = DATA.get(exercise.slug)
    assert isinstance(entry, dict), f"no table [{exercise.slug}]"
    assert set(entry) == ENTRY_KEYS, f"[{exercise.slug}] keys are {sorted(entry)}"
    flask_does = entry["flask_does"]
    assert isinstance(flask_does, str) and flask_does.strip(), "flask_does is empty"
    snippets = entry["snippets"]
    assert isinstance(snippets, list), "snippets must be an array of tables"
    assert 1 <= len(snippets) <= MAX_SNIPPETS, f"{len(snippets)} snippets, want 1 to 3"
    # The snippets come from the seeds the catalog names ("002, 003", "000 Test #1-#2").
    seeds = set(re.findall(r"\b\d{3}\b", exercise.seed))
    for snippet in snippets:
        assert isinstance(snippet, dict) and set(snippet) == SNIPPET_KEYS, (
            f"a snippet must have exactly the keys {sorted(SNIPPET_KEYS)}: {snippet!r}"
        )
        assert snippet["seed"] in seeds, (
            f"seed {snippet['seed']!r} is not one of this exercise's seeds ({exercise.seed})"
        )


@pytest.mark.parametrize(("slug", "snippet"), SNIPPETS)
def test_snippet_is_verbatim_from_its_seed(slug: str, snippet: dict[str, Any]) -> None:
    seed, reference, code = snippet.get("seed"), snippet.get("reference"), snippet.get("code")
    assert isinstance(seed, str) and re.fullmatch(r"\d{3}", seed), f"seed is {seed!r}"
    assert isinstance(reference, str) and reference.strip(), f"reference is {reference!r}"
    assert "\n" not in reference, "a reference is one line of the document"
    assert isinstance(code, str), f"code is {code!r}"
    lines = snippet_lines(code)
    assert lines, "code is empty"

    path = seed_document(seed)
    document = normalised_lines(path.read_text("utf-8"))
    start = find_run(document, lines)
    assert start is not None, (
        f"{slug}: the code is not word for word in {path.name}: {nearest_miss(document, lines)}"
    )

    above = "\n".join(document[: start + 1])
    assert reference in "\n".join(document), f"{reference!r} does not occur in {path.name}"
    assert reference in above, (
        f"{reference!r} occurs in {path.name} only below the snippet (line {start + 1})"
    )
