"""The gallery, in-process: its index, its exercise pages, their data, the trace and the check.

Everything goes through ``werkzeug.test.Client`` against
``examples.gallery:application``, at the root and mounted under ``/site``.
The real servers (``python -m wsgikit.serve``, uWSGI) are in
``tests/test_gallery_servers.py``.
"""

from __future__ import annotations

import ast
import base64
import functools
import html
import inspect
import json
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.test import Client, TestResponse

import examples.catalog
import examples.raw._plumbing
from examples.catalog import EXERCISES, FORMS, by_slug, code_lines, source_path
from examples.gallery import application
from examples.gallery.pages import SEEDS
from tests.casekit import (
    MISSING,
    Case,
    build_environ,
    expected,
    load_cases,
    werkzeug_upload_leaks,
)
from tests.servers import ROOT
from wsgikit import Mount
from wsgikit.trace import ENVELOPE_HEADER

SLUGS = [exercise.slug for exercise in EXERCISES]
#: what a browser sends with every request it makes of its own
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 wsgikit-gallery-test"
DATA = re.compile(r'<script type="application/json" id="gallery-data">(.*?)</script>', re.S)
TAG = re.compile(r"<[^>]*>")


def client(app: Any = application) -> Client:
    return Client(app)


def get(path: str, app: Any = application, **headers: str) -> TestResponse:
    """A GET as a browser sends it (with a User-Agent), the body read and closed."""
    return client(app).get(path, headers={"User-Agent": BROWSER, **headers}, buffered=True)


@functools.cache
def page(path: str) -> tuple[int, str, str]:
    """(status, content type, text) of a gallery page at the root, fetched once."""
    response = get(path)
    return response.status_code, response.content_type, response.get_data(as_text=True)


def exercise_page(slug: str) -> str:
    status, content_type, text = page(f"/exercises/{slug}/")
    assert status == 200, f"/exercises/{slug}/: {status} {text[:300]}"
    assert content_type == "text/html; charset=utf-8"
    return text


def gallery_data(text: str) -> Any:
    """The page's ``#gallery-data`` JSON; ``</script>`` cannot occur inside it."""
    found = DATA.findall(text)
    assert len(found) == 1, "one #gallery-data element"
    return json.loads(found[0])


def plain(markup: str) -> str:
    """Text with the tags taken out (entities kept) and Markdown's backticks dropped."""
    return TAG.sub("", markup).replace("`", "")


def shown(markdown: str) -> str:
    """How a Markdown text of the catalog must appear in ``plain(page)``: escaped."""
    return html.escape(markdown).replace("`", "")


@dataclass
class Cell:
    text: str = ""
    links: list[str] = field(default_factory=list)
    titled: dict[str, str] = field(default_factory=dict)  # <span title=...>text</span>


class Markup(HTMLParser):
    """Every ``href``/``src`` of a page, and the rows of its ``table.index``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.rows: list[list[Cell]] = []
        self._in_index = self._in_body = False
        self._span: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src"):
            value = found.get(name)
            if value is not None:
                self.urls.append(value)
        if tag == "table":
            self._in_index = "index" in (found.get("class") or "").split()
        elif self._in_index and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self.rows[-1].append(Cell())
        elif self._in_body and tag == "a" and found.get("href") is not None:
            self.rows[-1][-1].links.append(found["href"] or "")
        elif self._in_body and tag == "span" and found.get("title"):
            self._span = found["title"]
            self.rows[-1][-1].titled[self._span or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._in_index = False
        elif tag == "span":
            self._span = None

    def handle_data(self, data: str) -> None:
        if self._in_body and self.rows and self.rows[-1]:
            cell = self.rows[-1][-1]
            cell.text += data
            if self._span is not None:
                cell.titled[self._span] += data


def markup(text: str) -> Markup:
    parser = Markup()
    parser.feed(text)
    parser.close()
    return parser


def index_rows() -> dict[str, list[Cell]]:
    rows = markup(page("/")[2]).rows
    return {row[0].text: row for row in rows}


# ---------------------------------------------------------------- the index


def test_the_index_has_a_row_per_exercise_in_the_catalog_order() -> None:
    status, content_type, text = page("/")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert '<meta name="viewport"' in text  # the narrow layout needs it
    assert [row[0].text for row in markup(text).rows] == SLUGS
    assert text.count('<td class="forms">') == len(EXERCISES)


@pytest.mark.parametrize("slug", SLUGS)
def test_an_index_row_shows_the_seed_what_it_teaches_and_the_code_lines(slug: str) -> None:
    exercise = by_slug(slug)
    name, seed, teaches, lines, forms = index_rows()[slug]
    assert name.links == [f"/exercises/{slug}/"]
    assert seed.text == exercise.seed
    assert teaches.text == exercise.teaches
    assert lines.titled == {
        form: str(code_lines(source_path(form, exercise))) for form in FORMS
    }
    assert len(forms.links) == len(FORMS), forms.links  # one per form, each a working link
    for form, link in zip(FORMS, forms.links, strict=True):
        assert link.startswith(f"/{form}/{slug}") or link == f"/exercises/{slug}/#try", link
    text = page("/")[2]
    assert f"<td>{html.escape(exercise.seed)}</td>" in text
    assert f"<td>{html.escape(exercise.teaches)}</td>" in text


@pytest.mark.parametrize("slug", SLUGS)
def test_an_index_row_says_which_request_its_links_send(slug: str) -> None:
    """An example link says the request it sends; without one, the note names no method
    the exercise's case table does not start with."""
    row = re.search(rf'<a class="exercise" href="/exercises/{slug}/">.*?</tr>', page("/")[2],
                    re.S)
    assert row is not None
    note = re.search(r'<td class="forms">.*?<small>(.*?)</small>', row.group(0), re.S)
    assert note is not None
    said = html.unescape(TAG.sub("", note.group(1)))
    links = index_rows()[slug][4].links
    if links[0] != f"/exercises/{slug}/#try":
        example = links[0].removeprefix(f"/raw/{slug}")
        assert said == f"GET {example}"
        return
    first = load_cases(by_slug(slug).module)[0]
    methods = re.findall(r"\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b", said)
    assert set(methods) <= {first.method}, f"{slug}: {said!r}, its table starts {first.method}"


def test_the_index_shows_no_markup_of_the_catalog_unescaped() -> None:
    text = page("/")[2]
    assert "<h1> Hi" not in text  # template's contract is never rendered as HTML
    assert text.count("<script") == 0  # the index has no script at all


def test_every_link_on_the_index_answers_200() -> None:
    """Each href and src, followed as a browser would: relative to the page, no fragment."""
    failed = []
    urls = dict.fromkeys(url.partition("#")[0] for url in markup(page("/")[2]).urls)
    for url in urls:
        if url.startswith("data:"):
            continue
        target = urlsplit(urljoin("http://localhost/", url))
        path = target.path + (f"?{target.query}" if target.query else "")
        slug = target.path.split("/")[2] if target.path.count("/") >= 3 else ""
        form = target.path.split("/")[1]
        with werkzeug_upload_leaks(form, slug):
            response = get(path)
        if response.status_code != 200:
            failed.append(f"{url}: {response.status_code} {response.get_data()[:200]!r}")
    assert not failed, "\n".join(failed)


# ---------------------------------------------------------------- the exercise pages


@pytest.mark.parametrize("slug", SLUGS)
def test_a_page_shows_the_contract_and_the_seed_snippets_escaped(slug: str) -> None:
    text = exercise_page(slug)
    contract = re.search(r'<section id="contract">(.*?)</section>', text, re.S)
    assert contract is not None
    assert shown(by_slug(slug).contract) in plain(contract.group(1))
    assert SEEDS[slug]["snippets"], f"{slug}: no seed snippet"
    for snippet in SEEDS[slug]["snippets"]:
        assert f"<code>{html.escape(snippet['code'])}</code>" in text, snippet["reference"]
        assert html.escape(f"seed {snippet['seed']} · {snippet['reference']}") in text


@pytest.mark.parametrize("slug", SLUGS)
def test_a_page_shows_what_flask_does(slug: str) -> None:
    sources = re.search(r'<section id="sources">(.*?)</section>', exercise_page(slug), re.S)
    assert sources is not None
    assert shown(SEEDS[slug]["flask_does"]) in plain(sources.group(1))


@pytest.mark.parametrize("slug", SLUGS)
def test_a_page_shows_the_three_sources_escaped(slug: str) -> None:
    text = exercise_page(slug)
    exercise = by_slug(slug)
    for form in FORMS:
        path = source_path(form, exercise)
        column = re.search(
            rf'<div class="column" data-form="{form}"><h3>(.*?)</h3>'
            r'<pre class="source"><code>(.*?)</code></pre>', text, re.S)
        assert column is not None, f"{slug}: no {form} column"
        heading, code = column.groups()
        relative = path.relative_to(ROOT).as_posix()
        assert f"<code>{relative}</code>" in heading
        assert f"{code_lines(path)} code lines" in heading
        without_spans = TAG.sub("", code)
        assert "<" not in without_spans and ">" not in without_spans, f"{form}: not escaped"
        # Pygments drops the blank lines at either end of a file.
        source = path.read_text("utf-8").strip("\n")
        assert html.unescape(without_spans).strip("\n") == source, f"{slug}: {form} source"


def _plumbing_helpers(slug: str) -> list[str]:
    """What the raw form imports from ``._plumbing`` that is a function or class."""
    tree = ast.parse(source_path("raw", by_slug(slug)).read_text("utf-8"))
    names = [alias.name for node in tree.body
             if isinstance(node, ast.ImportFrom) and node.level == 1
             and node.module == "_plumbing" for alias in node.names]
    return [name for name in names
            if inspect.isfunction(value := getattr(examples.raw._plumbing, name))
            or inspect.isclass(value)]


@pytest.mark.parametrize("slug", [slug for slug in SLUGS if _plumbing_helpers(slug)])
def test_a_raw_source_shows_the_helpers_it_imports(slug: str) -> None:
    text = exercise_page(slug)
    raw = text[text.index('<div class="column" data-form="raw">'):
               text.index('<div class="column" data-form="kit">')]
    for name in _plumbing_helpers(slug):
        assert f"<code>examples.raw._plumbing.{name}</code>" in raw, name
        first = inspect.getsource(getattr(examples.raw._plumbing, name)).splitlines()[0]
        assert first in html.unescape(TAG.sub("", raw)), first  # its source, in <details>


def _body_of(row: dict[str, Any]) -> bytes | int:
    body = row["body"]
    if "text" in body:
        return str(body["text"]).encode("utf-8")
    if "base64" in body:
        return base64.b64decode(body["base64"])
    return int(body["size"])


@pytest.mark.parametrize("slug", SLUGS)
def test_the_page_data_lists_every_case_with_what_each_form_expects(slug: str) -> None:
    data = gallery_data(exercise_page(slug))
    assert data["base"] == "" and data["slug"] == slug
    assert data["forms"] == {form: f"/{form}/{slug}" for form in FORMS}
    cases = load_cases(by_slug(slug).module)
    assert [row["id"] for row in data["cases"]] == [case.id for case in cases]
    for row, case in zip(data["cases"], cases, strict=True):
        assert (row["method"], row["path"]) == (case.method, case.path), case.id
        assert [tuple(pair) for pair in row["headers"]] == list(case.headers.items()), case.id
        body = _body_of(row)
        assert body == (case.body if isinstance(body, bytes) else len(case.body)), case.id
        for form in FORMS:
            want, got = expected(case, form), row["expect"][form]
            assert got["status"] == want.status, (case.id, form)
            assert got.get("content_type") == want.content_type, (case.id, form)
            if want.json is not MISSING:
                assert got["json"] == want.json, (case.id, form)
            elif want.text is not None:
                assert got["text"] == want.text, (case.id, form)
            assert got.get("contains", []) == list(want.contains), (case.id, form)
        assert (row["flask"] is None) == (case.flask is None), case.id


def test_an_unknown_exercise_is_a_404() -> None:
    assert get("/exercises/nope/").status_code == 404
    redirect = get("/exercises/hello")  # a page is a directory
    assert (redirect.status_code, redirect.location) == (308, "/exercises/hello/")
    assert get("/_gallery/nope.js").status_code == 404
    assert get("/_gallery/body/hello/nope").status_code == 404
    assert get("/_gallery/body/nope/root").status_code == 404


@pytest.mark.parametrize(("name", "content_type"), [
    ("gallery.css", "text/css; charset=utf-8"),
    ("gallery.js", "text/javascript; charset=utf-8"),
])
def test_the_assets_answer_with_their_content_type(name: str, content_type: str) -> None:
    response = get(f"/_gallery/{name}")
    assert (response.status_code, response.content_type) == (200, content_type)
    from examples.gallery.pages import HERE

    assert response.get_data() == (HERE / "static" / name).read_bytes()


def _local(url: str, base: str = "") -> bool:
    """Under the gallery's root, a fragment, or data: -- nothing from elsewhere."""
    if url.startswith(("#", "data:")):
        return True
    return url.startswith(f"{base}/") and not url.startswith("//")


@pytest.mark.parametrize("path", ["/", *[f"/exercises/{slug}/" for slug in SLUGS]])
def test_a_page_loads_nothing_from_elsewhere(path: str) -> None:
    status, _, text = page(path)
    assert status == 200, f"{path}: {status}"
    urls = markup(text).urls
    assert urls, path
    assert [url for url in urls if not _local(url)] == []


def test_the_assets_load_nothing_from_elsewhere() -> None:
    css = get("/_gallery/gallery.css").get_data(as_text=True)
    assert "@import" not in css and "url(" not in css
    script = get("/_gallery/gallery.js").get_data(as_text=True)
    assert not re.search(r"https?://|import\s*\(|\bimport\s+.*\bfrom\b", script)


# ---------------------------------------------------------------- escaping

EVIL_CONTRACT = """`GET /<script>alert("contract")</script>` & 'quotes' "too" </p>"""
EVIL_CASE = Case(
    'evil-"\'<script>',
    '/</script><script>alert("path")</script>?q=\'"&amp;',
    headers={"X-Evil": '</script><b onclick="x">'},
    status=404,
    text='</script><script>alert("expected")</script>',
)


def test_a_contract_and_a_case_holding_script_are_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.cases.hello

    monkeypatch.setitem(examples.catalog.CONTRACTS, "hello", EVIL_CONTRACT)
    monkeypatch.setattr(tests.cases.hello, "CASES", [*tests.cases.hello.CASES, EVIL_CASE])
    response = get("/exercises/hello/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    # The page's only scripts are its own two: the data and gallery.js.
    assert text.count("<script") == 2 and text.count("</script>") == 2
    assert html.escape(EVIL_CONTRACT).replace("`", "") in plain(text)
    assert f'data-case="{html.escape(EVIL_CASE.id, quote=True)}"' in text
    assert f'<code class="path">{html.escape(EVIL_CASE.path)}</code>' in text
    assert html.escape('X-Evil: </script><b onclick="x">') in text
    raw_data = DATA.findall(text)[0]
    assert "<" not in raw_data and "&" not in raw_data  # \u003c, \u0026: inert in a <script>
    row = gallery_data(text)["cases"][-1]
    assert (row["id"], row["path"]) == (EVIL_CASE.id, EVIL_CASE.path)
    assert row["headers"] == [["X-Evil", '</script><b onclick="x">']]
    assert row["expect"]["raw"]["text"] == EVIL_CASE.text


def test_the_template_cases_markup_travels_escaped_in_the_page_data() -> None:
    text = exercise_page("template")
    raw_data = DATA.findall(text)[0]
    assert "<" not in raw_data and "\\u003ch1>" in raw_data
    rows = {row["id"]: row for row in gallery_data(text)["cases"]}
    assert "&lt;script&gt;alert(&#34;x&#34;)" in rows["escaped"]["expect"]["raw"]["text"]
    assert "<h1>" in rows["escaped"]["expect"]["raw"]["text"]


# ---------------------------------------------------------------- the trace and the check


def traced(case: Case, form: str, slug: str, app: Any = application,
           root: str = "") -> dict[str, Any]:
    """The envelope the gallery answers to ``case`` sent to ``form`` with the trace header."""
    environ = build_environ(case, f"{root}/{form}/{slug}")
    environ["HTTP_WSGIKIT_TRACE"] = "1"
    with werkzeug_upload_leaks(form, slug):
        app_iter, status, headers = client(app).run_wsgi_app(environ, buffered=True)
    assert status == "200 OK" and headers["Content-Type"] == "application/json"
    body = b"".join(app_iter)
    if case.method == "HEAD":  # no body on a HEAD: the envelope comes as a header
        assert body == b""
        body = headers[ENVELOPE_HEADER].encode("ascii")
    envelope: dict[str, Any] = json.loads(body)
    return envelope


def check(payload: Any, app: Any = application, root: str = "",
          user_agent: str | None = None) -> TestResponse:
    headers = {"User-Agent": user_agent} if user_agent else {}
    return client(app).post(f"{root}/_gallery/check", data=json.dumps(payload),
                            content_type="application/json", headers=headers, buffered=True)


def the_case(slug: str, case_id: str) -> Case:
    return next(case for case in load_cases(by_slug(slug).module) if case.id == case_id)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_answer_sent_through_the_gallery_passes_the_check(slug: str) -> None:
    """Every case, every form: the envelope's answer is what the case table expects."""
    failed = []
    for case in load_cases(by_slug(slug).module):
        for form in FORMS:
            answer = traced(case, form, slug)
            verdict = check({"slug": slug, "case": case.id, "form": form, "answer": answer})
            assert verdict.status_code == 200
            if verdict.get_json() != {"ok": True, "problem": ""}:
                failed.append(f"{form} {case.id}: {verdict.get_json()}")
    assert not failed, "\n".join(failed)


def test_the_check_expects_the_browsers_user_agent_where_a_case_sets_its_own() -> None:
    case = the_case("json-info", "name")
    assert case.headers.get("User-Agent")
    answer = traced(replace(case, headers={**case.headers, "User-Agent": BROWSER}), "kit",
                    "json-info")
    payload = {"slug": "json-info", "case": case.id, "form": "kit", "answer": answer}
    assert check(payload, user_agent=BROWSER).get_json() == {"ok": True, "problem": ""}
    assert check(payload).get_json()["ok"] is False  # the case's own User-Agent expected


def test_a_tampered_answer_fails_the_check_and_says_why() -> None:
    answer = traced(the_case("hello", "good"), "kit", "hello")
    assert answer["body"] == "Good World!"
    payload = {"slug": "hello", "case": "good", "form": "kit"}
    verdict = check({**payload, "answer": {**answer, "status": "404 Not Found"}}).get_json()
    assert verdict["ok"] is False and "status 404" in verdict["problem"]
    verdict = check({**payload, "answer": {**answer, "body": "Good World?"}}).get_json()
    assert verdict["ok"] is False and "body" in verdict["problem"]
    verdict = check({**payload, "answer": {**answer, "body": "Good!"}}).get_json()
    assert verdict["ok"] is False and "Content-Length" in verdict["problem"]
    headers = [[name, "text/html"] if name == "Content-Type" else [name, value]
               for name, value in answer["headers"]]
    verdict = check({**payload, "answer": {**answer, "headers": headers}}).get_json()
    assert verdict["ok"] is False and "Content-Type" in verdict["problem"]
    verdict = check({**payload, "form": "raw", "case": "bad-get",
                     "answer": answer}).get_json()
    assert verdict["ok"] is False and "bad-get" in verdict["problem"]


GOOD = {"slug": "hello", "case": "good", "form": "kit"}
ENVELOPE = {"status": "200 OK", "headers": [["Content-Type", "text/plain; charset=utf-8"],
                                            ["Content-Length", "11"]],
            "body": "Good World!", "encoding": "utf-8"}


@pytest.mark.parametrize("payload", [
    pytest.param([1, 2], id="a-list"),
    pytest.param("answer", id="a-string"),
    pytest.param(None, id="null"),
    pytest.param({}, id="empty-object"),
    pytest.param({**GOOD}, id="no-answer"),
    pytest.param({**GOOD, "answer": "200 OK"}, id="answer-a-string"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "status": None}}, id="status-null"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "status": 200}}, id="status-a-number"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "status": "OK"}}, id="status-no-code"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "status": ""}}, id="status-empty"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "headers": [["a"]]}}, id="header-no-value"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "headers": 5}}, id="headers-a-number"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "body": None}}, id="body-null"),
    pytest.param({**GOOD, "answer": {**ENVELOPE, "encoding": "base64", "body": "!!"}},
                 id="bad-base64"),
    pytest.param({**GOOD, "answer": {k: v for k, v in ENVELOPE.items() if k != "encoding"}},
                 id="no-encoding"),
    pytest.param({**GOOD, "slug": "nope", "answer": ENVELOPE}, id="unknown-slug"),
    pytest.param({**GOOD, "form": "php", "answer": ENVELOPE}, id="unknown-form"),
    pytest.param({**GOOD, "case": "nope", "answer": ENVELOPE}, id="unknown-case"),
    pytest.param({**GOOD, "slug": ["hello"], "answer": ENVELOPE}, id="slug-a-list"),
    pytest.param({**GOOD, "form": {"kit": 1}, "answer": ENVELOPE}, id="form-an-object"),
    pytest.param({**GOOD, "case": ["good"], "answer": ENVELOPE}, id="case-a-list"),
])
def test_garbage_to_the_check_is_not_ok_and_never_a_500(payload: Any) -> None:
    response = check(payload)
    assert response.status_code == 200, response.get_data()[:300]
    verdict = response.get_json()
    assert verdict["ok"] is False and verdict["problem"], verdict


@pytest.mark.parametrize(("body", "content_type"), [
    pytest.param(b"not json", "application/json", id="not-json"),
    pytest.param(b"", "application/json", id="empty"),
    pytest.param(b'{"slug": "hello"', "application/json", id="cut-short"),
    pytest.param(json.dumps({**GOOD, "answer": ENVELOPE}).encode(), "text/plain", id="text"),
])
def test_a_body_that_is_not_json_gets_a_message_not_a_500(body: bytes, content_type: str) -> None:
    response = client().post("/_gallery/check", data=body, content_type=content_type,
                             buffered=True)
    assert 400 <= response.status_code < 500, response.status_code
    answer = response.get_json()
    assert answer.get("problem") or answer.get("detail"), answer


def test_a_kit_request_is_traced_through_mount_and_router() -> None:
    envelope = traced(the_case("greet", "ascii"), "kit", "greet")
    assert (envelope["status"], envelope["body"]) == ("200 OK", "Hello, World!")
    assert envelope["exception"] is None
    layers = {layer["name"]: layer for layer in envelope["trace"]["layers"]}
    assert list(layers)[-3:] == ["Mount", "Router", "examples.kit.greet.greet"]
    assert layers["Mount"]["changed"] == {
        "SCRIPT_NAME": ["", "/kit/greet"], "PATH_INFO": ["/kit/greet/Hello/World", "/Hello/World"],
    }
    added = layers["Router"]["added"]
    assert {"wsgiorg.routing_args", "wsgikit.route"} <= set(added)
    assert "'greeting': 'Hello'" in added["wsgiorg.routing_args"]
    assert [step["name"] for step in envelope["trace"]["response"][:2]] == [
        "examples.kit.greet.greet", "Router"]
    assert envelope["trace"]["environ"]["PATH_INFO"] == "/kit/greet/Hello/World"


def test_a_flask_request_notes_what_flask_made_of_the_environ() -> None:
    envelope = traced(the_case("hello", "good"), "flask", "hello")
    assert (envelope["status"], envelope["body"]) == ("200 OK", "Good World!")
    notes = {key.rpartition(" · ")[2]: value for key, value in envelope["trace"]["notes"].items()}
    assert notes["request.script_root"] == "/flask/hello"
    assert notes["request.path"] == "/good"
    assert notes["request.url_rule"] == "/good"


@pytest.mark.parametrize(("form", "case_id"), [("raw", "good"), ("kit", "good"),
                                               ("flask", "good"), ("kit", "good-post")])
def test_without_the_header_the_app_answers_as_it_always_does(form: str, case_id: str) -> None:
    case = the_case("hello", case_id)
    envelope = traced(case, form, "hello")
    environ = build_environ(case, f"/{form}/hello")
    app_iter, status, headers = client().run_wsgi_app(environ, buffered=True)
    assert status == envelope["status"]
    assert [list(pair) for pair in headers.to_wsgi_list()] == envelope["headers"]
    assert b"".join(app_iter).decode() == envelope["body"]
    assert ENVELOPE_HEADER not in headers


# ---------------------------------------------------------------- mounted under /site


def _not_found(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
    return []


SITE = Mount(_not_found, {"/site": application})


def test_mounted_under_a_prefix_every_url_starts_with_it() -> None:
    index = get("/site/", SITE)
    assert index.status_code == 200
    urls = markup(index.get_data(as_text=True)).urls
    assert "/site/exercises/hello/" in urls and "/site/_gallery/gallery.css" in urls
    assert [url for url in urls if not _local(url, "/site")] == []
    for name in ("gallery.css", "gallery.js"):
        assert get(f"/site/_gallery/{name}", SITE).status_code == 200
    for url in urls:
        if url.startswith("/site/") and "/exercises/" not in url:
            assert get(url.split("#")[0], SITE).status_code == 200, url


@pytest.mark.parametrize("slug", ["hello", "url-building", "template"])
def test_a_page_mounted_under_a_prefix_works(slug: str) -> None:
    response = get(f"/site/exercises/{slug}/", SITE)
    assert (response.status_code, response.content_type) == (200, "text/html; charset=utf-8")
    text = response.get_data(as_text=True)
    urls = markup(text).urls
    assert "/site/" in urls and "/site/_gallery/gallery.js" in urls
    assert [url for url in urls if not _local(url, "/site")] == []
    data = gallery_data(text)
    assert data["base"] == "/site"
    assert data["forms"] == {form: f"/site/{form}/{slug}" for form in FORMS}
    assert f"<code>/site/kit/{slug}</code>" in text


def test_an_answer_is_checked_against_the_prefix_it_was_served_under() -> None:
    case = the_case("url-building", "index")
    answer = traced(case, "kit", "url-building", SITE, "/site")
    assert '"/site/kit/url-building/login"' in answer["body"]
    payload = {"slug": "url-building", "case": "index", "form": "kit", "answer": answer}
    assert check(payload, SITE, "/site").get_json() == {"ok": True, "problem": ""}
    assert check(payload).get_json()["ok"] is False  # at the root, the links would be wrong


# ---------------------------------------------------------------- case bodies


def test_a_large_case_body_is_served_for_the_page_to_send() -> None:
    case = the_case("json-echo", "at-limit")
    assert len(case.body) == 1024 * 1024
    response = get("/_gallery/body/json-echo/at-limit")
    assert (response.status_code, response.content_type) == (200, "application/octet-stream")
    assert response.get_data() == case.body
    small = get("/_gallery/body/hello/good")
    assert (small.status_code, small.get_data()) == (200, b"")
