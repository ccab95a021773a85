"""The gallery's HTML: the index and one page per exercise, written with the standard library.

Every value that reaches a page goes through ``html.escape`` (or, for the data
the page's script reads, through ``json.dumps`` with ``<`` and ``&`` escaped),
so a path, a contract or a source holding ``<script>`` or quotes is shown, never
run.  URLs start from the gallery's ``SCRIPT_NAME``, so the pages work mounted
under any prefix.

Sources are read once and highlighted with Pygments when it is installed (an
optional dependency of the gallery, not of wsgikit); without it they are plain,
escaped text.  The pages' CSS and script are two small files in ``static/``.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
import tomllib
from html import escape
from pathlib import Path
from typing import Any

from examples.catalog import EXERCISES, FORMS, by_slug, code_lines, source_path
from examples.gallery import tryit

# Imported here, once: pygments.lexers loads its lexers lazily, and two request
# threads importing it at once could fail ("cannot import name 'PythonLexer'").
try:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer
except ModuleNotFoundError:  # the gallery's optional extra: plain text then
    highlight = None

__all__ = ["asset", "exercise_page", "index_page"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEEDS: dict[str, Any] = tomllib.loads((HERE / "seeds.toml").read_text("utf-8"))

#: the small HTML forms of the exercises that take a body (or a query worth typing)
BODY_FORMS: dict[str, str] = {
    "calculator": """
<form class="body-form" data-path="/post" data-method="POST" data-encoding="urlencoded">
  <label>input1 <input name="input1" value="6" inputmode="numeric"></label>
  <label>operator <select name="operator">
    <option>+</option><option>-</option><option selected>*</option><option>/</option>
  </select></label>
  <label>input2 <input name="input2" value="7" inputmode="numeric"></label>
  <button type="submit">POST /post to every form</button>
</form>""",
    "upload": """
<form class="body-form" data-path="/inference" data-method="POST" data-encoding="multipart">
  <label>img_file <input type="file" name="img_file" multiple></label>
  <label>model_type <input name="model_type" value="resnet"></label>
  <button type="submit">POST /inference to every form</button>
</form>""",
    "json-echo": """
<form class="body-form" data-path="/?name=Arthur" data-method="POST" data-encoding="json">
  <label>JSON body <textarea name="json" rows="4">{"key1": "value1"}</textarea></label>
  <button type="submit">POST it to every form</button>
</form>""",
    "wsgi-body": """
<form class="body-form" data-path="/" data-method="POST" data-encoding="json">
  <label>JSON body <textarea name="json" rows="4">{"name": "세계"}</textarea></label>
  <button type="submit">POST it to every form</button>
</form>""",
    "login-form": """
<form class="body-form" data-path="/login" data-method="POST" data-encoding="urlencoded">
  <label>username <input name="username" value="세계 <b>"></label>
  <button type="submit">POST /login to every form</button>
</form>""",
    "cgi-vs-wsgi": """
<form class="cgi-compare" data-count="5">
  <button type="submit">GET / five times from each form, under WSGI and as CGI</button>
  <table class="compare"><thead><tr><th>form</th><th>run as</th><th>process ids seen</th>
  <th>ms per request (in this browser)</th></tr></thead><tbody></tbody></table>
</form>""",
    "login": """
<form class="body-form" data-path="/login" data-method="GET" data-encoding="query">
  <label>user_name <input name="user_name" value="foo"></label>
  <button type="submit">GET /login?user_name=… from every form</button>
</form>""",
}


def _page(title: str, base: str, body: str, *, script: str = "") -> str:
    href = escape(base, quote=True)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="{href}/_gallery/gallery.css">\n'
        '<link rel="icon" href="data:,">\n'
        f"</head><body>\n{body}\n{script}</body></html>\n"
    )


def _inline_code(markdown: str) -> str:
    """A contract's Markdown as HTML: escaped, with `code` spans as <code>."""
    parts = escape(markdown).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


@functools.cache
def _counts(slug: str) -> dict[str, int]:
    exercise = by_slug(slug)
    return {form: code_lines(source_path(form, exercise)) for form in FORMS}


@functools.cache
def _examples() -> dict[str, str | None]:
    """Each exercise's example request: its table's first GET case that answers 200."""
    found: dict[str, str | None] = {}
    for exercise in EXERCISES:
        cases, _ = tryit._cases(exercise.module)
        found[exercise.slug] = next(
            (c.path for c in cases if c.method == "GET" and c.status == 200
             and set(c.headers) <= {"User-Agent"}), None)
    return found


def index_page(base: str, available: dict[str, list[str]]) -> str:
    rows = []
    for exercise in EXERCISES:
        slug = exercise.slug
        page = escape(f"{base}/exercises/{slug}/", quote=True)
        example = _examples()[slug]
        links = []
        for form in FORMS:
            if form not in available[slug]:
                links.append(f'<span class="missing" title="not installed">{form}</span>')
            elif example is not None:
                href = escape(f"{base}/{form}/{slug}{example}", quote=True)
                title = escape(f"GET {example}", quote=True)
                links.append(f'<a href="{href}" title="{title}">{form}</a>')
            else:  # nothing to GET: the exercise page's forms and cases send its requests
                links.append(f'<a href="{page}#try">{form}</a>')
        counts = _counts(slug)
        lines = " / ".join(f'<span title="{form}">{counts[form]}</span>' for form in FORMS)
        request = (f"<code>GET {escape(example)}</code>" if example is not None
                   else "<em>send its cases on its page</em>")
        rows.append(
            "<tr>"
            f'<td><a class="exercise" href="{page}">{escape(slug)}</a></td>'
            f"<td>{escape(exercise.seed)}</td>"
            f"<td>{escape(exercise.teaches)}</td>"
            f'<td class="lines">{lines}</td>'
            f'<td class="forms">{" · ".join(links)}<br><small>{request}</small></td>'
            "</tr>"
        )
    body = (
        "<header><h1>wsgikit gallery</h1>\n"
        "<p>Every lab exercise three times: as a hand-written WSGI callable (raw), with "
        "wsgikit (kit) and as plain Flask (flask). Open an exercise to read its three "
        "sources side by side, send the requests of its case table to all three, and "
        "see what every layer did. The form links send one example request.</p></header>\n"
        '<table class="index"><thead><tr><th>exercise</th><th>seed</th><th>what it teaches</th>'
        '<th>code lines<br><small>raw / kit / flask</small></th><th>try a form</th></tr></thead>'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    return _page("wsgikit gallery", base, body)


# ---------------------------------------------------------------- sources


def _highlight(source: str) -> str:
    if highlight is None:
        return escape(source)
    return str(highlight(source, PythonLexer(), HtmlFormatter(nowrap=True)))


def _helpers(path: Path, package: str) -> list[tuple[str, str]]:
    """(module.name, source) of what a form imports from the project's helper modules:
    its package's own (``._plumbing``, ``._common``) and the exercises' shared ones."""
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 1 and node.module:
            module = f"{package}.{node.module}"
        elif node.level == 0 and node.module in ("examples.calculation", "examples.imagesize"):
            module = node.module
        else:
            continue
        __import__(module)
        for alias in node.names:
            value = getattr(sys.modules[module], alias.name)
            if inspect.isfunction(value) or inspect.isclass(value):
                found.append((f"{module}.{alias.name}", inspect.getsource(value)))
    return found


@functools.cache
def _sources(slug: str) -> str:
    exercise = by_slug(slug)
    columns = []
    for form in FORMS:
        path = source_path(form, exercise)
        relative = path.relative_to(ROOT).as_posix()
        helpers = "".join(
            f'<details class="helper"><summary><code>{escape(name)}</code></summary>'
            f'<pre class="source"><code>{_highlight(code)}</code></pre></details>'
            for name, code in _helpers(path, FORMS[form][0])
        )
        if helpers:
            helpers = f'<h4>What it calls from the shared helpers</h4>{helpers}'
        columns.append(
            f'<div class="column" data-form="{form}"><h3>{form} '
            f'<small><code>{escape(relative)}</code> · {_counts(slug)[form]} code lines</small>'
            f'</h3><pre class="source"><code>{_highlight(path.read_text("utf-8"))}</code></pre>'
            f"{helpers}</div>"
        )
    return '<div class="columns sources">' + "".join(columns) + "</div>"


def _seed_snippets(slug: str) -> str:
    entry = SEEDS[slug]
    figures = "".join(
        f'<figure><figcaption>seed {escape(s["seed"])} · {escape(s["reference"])}</figcaption>'
        f'<pre class="seed" lang="ko"><code>{escape(s["code"])}</code></pre></figure>'
        for s in entry["snippets"]
    )
    return figures


def _cases_table(cases: list[dict[str, Any]], forms: list[str]) -> str:
    rows = []
    for i, row in enumerate(cases):
        headers = "<br>".join(f"{escape(n)}: {escape(v)}" for n, v in row["headers"])
        body = row["body"]
        if "text" in body:
            shown = body["text"] if len(body["text"]) <= 60 else body["text"][:57] + "…"
            size = len(body["text"].encode("utf-8"))
        elif "base64" in body:
            shown, size = "(binary)", len(body["base64"]) * 3 // 4
        else:
            shown, size = "(fetched when sent)", body["size"]
        body_cell = f"<code>{escape(shown)}</code>" if size else ""
        if size > 60:
            body_cell += f" <small>{size} bytes</small>"
        expects = " · ".join(
            f'{form} <b>{row["expect"][form]["status"]}</b>' for form in forms
            if form == "raw" or row["expect"][form]["status"] != row["expect"]["raw"]["status"])
        note = ""
        if row["flask"] is not None and "flask" in forms:
            note = (f'<span class="matters-{escape(row["flask"]["matters"])}">Flask differs '
                    f'({escape(row["flask"]["matters"])}): {escape(row["flask"]["reason"])}</span>')
        action = (f'<button type="button" class="send" data-index="{i}">send</button>'
                  if row["problem"] is None else
                  f'<span class="cannot" title="{escape(row["problem"], quote=True)}">'
                  f'not from a browser: {escape(row["problem"])}</span>')
        rows.append(
            f'<tr data-case="{escape(row["id"], quote=True)}"><td>{action}</td>'
            f'<td><code>{escape(row["id"])}</code></td><td><code>{escape(row["method"])}</code></td>'
            f'<td><code class="path">{escape(row["path"])}</code></td><td>{headers}</td>'
            f"<td>{body_cell}</td><td>{expects}</td><td>{note}</td></tr>"
        )
    return (
        '<table class="cases"><thead><tr><th></th><th>case</th><th>method</th><th>path</th>'
        "<th>headers</th><th>body</th><th>expects</th><th>where Flask differs</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def exercise_page(base: str, slug: str, forms: list[str]) -> str:
    exercise = by_slug(slug)
    counts = _counts(slug)
    cases = tryit.rows(slug, forms)
    roots = " · ".join(f"<code>{escape(base)}/{form}/{escape(slug)}</code>" for form in forms)
    columns = "".join(
        f'<div class="column answer" data-form="{form}"><h3>{form}</h3>'
        '<p class="empty">Send a request to see the answer.</p></div>' for form in forms)
    body = f"""<nav><a href="{escape(base, quote=True)}/">wsgikit gallery</a> › {escape(slug)}</nav>
<header><h1>{escape(slug)}</h1>
<p class="meta">seed {escape(exercise.seed)} · {escape(exercise.teaches)} ·
code lines: raw {counts["raw"]}, kit {counts["kit"]}, flask {counts["flask"]}</p></header>
<section id="contract"><h2>Contract</h2><p>{_inline_code(exercise.contract)}</p>
<p class="meta">Paths are relative to each form's mount point: {roots}.</p></section>
<section id="seed"><h2>The seed's code</h2>{_seed_snippets(slug)}</section>
<section id="try"><h2>Try it</h2>
<p>Click <b>send</b> on a case, or write a request: it goes from this browser to each form,
and each answer shows the status line, the header list and the bytes the app handed to
<code>start_response</code> and returned, checked against the case table. Differences
between the forms are marked. The trace shows what each layer saw and changed.</p>
{BODY_FORMS.get(slug, "")}
<form id="request">
<label>method <input name="method" value="GET" size="8" autocomplete="off"></label>
<label class="wide">path and query <input name="path" value="/" autocomplete="off"></label>
<label>headers <textarea name="headers" rows="2" placeholder="Name: value"></textarea></label>
<label>body <textarea name="body" rows="2"></textarea></label>
<button type="submit">send to every form</button>
<output name="case"></output>
</form>
<h3>The case table</h3>
<p class="meta">From <code>tests/cases/{escape(exercise.module)}.py</code>, the table the tests hold
every form to. "not from a browser" rows are requests a page cannot make; the tests send
them.</p>
<div class="case-list">{_cases_table(cases, forms)}</div>
<p class="differences" hidden></p>
<div class="columns results">{columns}</div>
</section>
<section id="sources"><h2>The three forms</h2>
<h3>What Flask does for you</h3>
<p>{_inline_code(SEEDS[slug]["flask_does"])}</p>
{_sources(slug)}
</section>"""
    data = tryit.page_data(slug, forms, base, cases)
    script = (f'<script type="application/json" id="gallery-data">{data}</script>\n'
              f'<script src="{escape(base, quote=True)}/_gallery/gallery.js"></script>\n')
    return _page(f"{slug} · wsgikit gallery", base, body, script=script)


#: the pages' static files: name -> content type (read from static/ when asked for)
ASSETS = {"gallery.css": "text/css; charset=utf-8", "gallery.js": "text/javascript; charset=utf-8"}


def asset(name: str) -> tuple[str, bytes] | None:
    """(content type, bytes) of one of the pages' static files, or None."""
    if name not in ASSETS:
        return None
    return ASSETS[name], (HERE / "static" / name).read_bytes()
