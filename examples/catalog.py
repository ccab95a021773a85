"""The list of exercises: one entry per lab step of the seeds (see EXERCISES.md).

The gallery, the tests and the benchmarks all read this list, so an exercise
added here shows up everywhere.  ``module`` is the file name under
``examples/raw/``, ``examples/kit/`` and ``examples/flask_twins/``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXERCISES", "FORMS", "Exercise", "by_slug"]


@dataclass(frozen=True)
class Exercise:
    slug: str
    seed: str
    teaches: str

    @property
    def module(self) -> str:
        return self.slug.replace("-", "_")


#: form name -> (package, attribute of the WSGI callable)
FORMS: dict[str, tuple[str, str]] = {
    "raw": ("examples.raw", "application"),
    "kit": ("examples.kit", "application"),
    "flask": ("examples.flask_twins", "app"),
}

EXERCISES: tuple[Exercise, ...] = (
    Exercise("hello", "000 Test #1-#2", "routes, methods, 405 with Allow"),
    Exercise("greet", "000 Test #3", "variables in the path, UTF-8 in PATH_INFO"),
    Exercise("status", "000 Test #4", "the status is independent of the body"),
    Exercise("headers", "000 Test #5", "response headers are (str, str) pairs"),
    Exercise("request-info", "000 Test #6", "the request: method, query, headers"),
    Exercise("json-info", "000 Test #7", "returning JSON"),
    Exercise("json-echo", "000 Test #8", "reading a JSON body, 415 and 400"),
    Exercise("template", "000 Test #9", "HTML with escaping"),
    Exercise("calculator", "000 Test #10", "int segments, an HTML form, form bodies"),
    Exercise("variables", "001 변수 규칙", "converters: string, int, float, path"),
    Exercise("slashes", "001 URL과 redirection", "trailing slashes and 308"),
    Exercise("url-building", "001 URL 생성", "url_for and SCRIPT_NAME"),
    Exercise("static", "001 정적 파일", "static files, ETag, 304, no traversal"),
    Exercise("wsgi-environ", "000 Test #11", "the bare WSGI callable and wsgi.errors"),
    Exercise("wsgi-body", "000 Test #12", "reading wsgi.input safely"),
    Exercise("counter", "000 Test #13", "state: globals versus an external store"),
    Exercise("methods", "002", "POST and PUT only"),
    Exercise("login", "003", "query-driven JSON answers"),
    Exercise("upload", "002, 003", "multipart uploads and limits"),
    Exercise("errors", "003, 004", "abort, a custom 404, a 500 that leaks nothing"),
    Exercise("hooks", "003", "before/after-request hooks as middleware"),
)

_BY_SLUG = {exercise.slug: exercise for exercise in EXERCISES}


def by_slug(slug: str) -> Exercise:
    return _BY_SLUG[slug]
