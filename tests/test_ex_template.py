"""template: the raw form's string formatting gives the bytes Flask's Jinja2 gives.

``examples/templates/hello.html`` is the seed's template, unchanged.  It is
rendered here exactly as ``render_template`` would (a Flask app whose template
folder is ``examples/templates``) and compared with every present form, for
the case table's names and for arbitrary text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.casekit import FORMS_PRESENT, Case, call_wsgi, load_app

flask = pytest.importorskip("flask")

TEMPLATES = Path(__file__).resolve().parent.parent / "examples" / "templates"

SEED_TEMPLATE = (
    "<!DOCTYPE html>\n"
    "{% if name %}\n"
    "    <h1> Hi, 필멸자 {{ name }}!</h1>\n"
    "{% else %}\n"
    "    <h1> Hi, 이름없는 용사!</h1>\n"
    "{% endif %}\n"
)


def test_template_file_is_the_seeds() -> None:
    assert (TEMPLATES / "hello.html").read_text(encoding="utf-8") == SEED_TEMPLATE


@pytest.fixture(scope="module")
def jinja_render():  # type: ignore[no-untyped-def]
    app = flask.Flask(__name__, template_folder=str(TEMPLATES))

    def render(name: str | None) -> bytes:
        with app.test_request_context("/"):
            return str(flask.render_template("hello.html", name=name)).encode("utf-8")

    return render


NAMES = [
    "X",
    "세계",
    "",
    " ",
    '<script>alert("x")</script>',
    "'\"&<>",
    "a&amp;b",
    "{{ name }}",
    "\n\t",
]


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize("name", NAMES)
def test_same_bytes_as_jinja(form: str, name: str, jinja_render) -> None:  # type: ignore[no-untyped-def]
    app = load_app(form, "template")
    result = call_wsgi(app, Case("jinja", f"/?name={quote(name, safe='')}"))
    assert result.status == 200
    assert result.body == jinja_render(name)


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_no_name_same_bytes_as_jinja(form: str, jinja_render) -> None:  # type: ignore[no-untyped-def]
    result = call_wsgi(load_app(form, "template"), Case("jinja", "/"))
    assert result.body == jinja_render(None)


@pytest.mark.parametrize("form", FORMS_PRESENT)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(st.characters(exclude_categories=["Cs"])))
def test_any_name_same_bytes_as_jinja(form: str, name: str, jinja_render) -> None:  # type: ignore[no-untyped-def]
    result = call_wsgi(load_app(form, "template"), Case("jinja", f"/?name={quote(name, safe='')}"))
    assert result.status == 200
    assert result.body == jinja_render(name)
