"""Every case of JSONTestSuite's ``test_parsing`` through ``JSONBody`` and ``load_json``.

The corpus (Nicolas Seriot's JSONTestSuite, MIT licence, in
``tests/data/jsontestsuite/``) names each file by the verdict RFC 8259 gives it:
``y_`` must be accepted, ``n_`` refused, and ``i_`` is the parser's choice.
Here that means: ``y_`` is a 200 with the value ``json.loads`` reads, ``n_`` is
a 400 problem, and ``i_`` is one of the two; never a 5xx, never a hang.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client

from wsgikit import HTTPError, JSONBody
from wsgikit.body import load_json

CORPUS = Path(__file__).parent / "data" / "jsontestsuite"
CASES = sorted(CORPUS.glob("*.json"))


def answer(value: Any, start_response: Any) -> list[bytes]:
    body = json.dumps({"value": value}).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]


def behind_json_body(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    return answer(environ["wsgikit.json"], start_response)


def reading_itself(environ: dict[str, Any], start_response: Any) -> Any:
    try:
        value = load_json(environ)
    except HTTPError as error:  # anything else escapes, and fails the test
        return error(environ, start_response)
    return answer(value, start_response)


APPS = [
    pytest.param(JSONBody(behind_json_body), id="JSONBody"),
    pytest.param(reading_itself, id="load_json"),
]


def test_the_corpus_is_there() -> None:
    prefixes = {path.name[:2] for path in CASES}
    assert len(CASES) == 318 and prefixes == {"y_", "n_", "i_"}
    assert (CORPUS / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_verdict(app: Any, path: Path) -> None:
    data = path.read_bytes()
    client = Client(validator(app))
    response = client.post("/", data=data, content_type="application/json", buffered=True)
    verdict = path.name[0]
    if verdict == "y":
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.get_json() == {"value": json.loads(data)}
    elif verdict == "n":
        assert response.status_code == 400, response.get_data(as_text=True)
    else:
        assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 400:
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == 400
