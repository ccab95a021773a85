"""The gallery in a real browser, used as a learner uses it: headless Chromium, driven by Selenium.

One gallery server (``python -m wsgikit.serve``, no app: the gallery) and one
browser serve the whole module.  The pages are opened, every "send" button of
every case table is clicked, the forms are filled in and submitted, the
request editor is edited, the traces are opened; what the page shows (the
status line, the gallery's verdict, the body, the trace) is read back from the
page itself.  A send is over when the page's script sets
``document.body.dataset.done`` to its next count; each wait polls for that, in
the page, and reads every column in the same script call.

A case that a browser cannot send as its table writes it is not clicked: it is
named in its table's ``BROWSER_CANNOT`` (``tests/cases/<module>.py``), and the
page shows it without a button.  Screenshots of a few pages land in
``tests/screenshots/``, for a person to look at; nothing is asserted on pixels.

Skipped when ``chromium`` or ``chromedriver`` is not on ``PATH``; Selenium is a
test dependency, so its absence is an error.
"""

from __future__ import annotations

import importlib
import json
import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from examples.catalog import EXERCISES
from tests.servers import free_port, running, serve_argv

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip(
        "the browser tests need Chromium and its driver on PATH (chromium: "
        f"{CHROMIUM or 'not found'}, chromedriver: {CHROMEDRIVER or 'not found'}); "
        "on Debian: apt-get install chromium chromium-driver",
        allow_module_level=True,
    )

pytestmark = pytest.mark.server

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
SLUGS = [exercise.slug for exercise in EXERCISES]
SEND_TIMEOUT = 30.0  # seconds one send (every form, and the checks) may take
XSS = "<script>window.__xss=1</script>"

#: arguments: the done count before the send, the timeout in ms.  Polls until the
#: page's count moves on, then reads every answer column at once.
WAIT_AND_READ = """
const [before, timeout, finish] = arguments;
const started = Date.now();
function read() {
  const forms = {};
  for (const column of document.querySelectorAll(".answer")) {
    const text = (selector) => {
      const node = column.querySelector(selector);
      return node ? node.textContent.toWellFormed() : null;  // see open_exercise
    };
    forms[column.dataset.form] = {
      status: text(".status"), verdict: text(".verdict"), body: text("pre.body"),
    };
  }
  return forms;
}
(function poll() {
  const now = document.body.dataset.done || "";
  if (now !== before) finish({finished: true, done: now, forms: read()});
  else if (Date.now() - started > timeout) finish({finished: false, done: now, forms: read()});
  else setTimeout(poll, 5);
})();
"""

#: every link of the index, fetched from the page: [href, status or error]
FETCH_LINKS = """
const finish = arguments[arguments.length - 1];
const links = [...document.querySelectorAll("a.exercise, td.forms a")].map((a) => a.href);
Promise.all(links.map(async (href) => {
  try {
    const response = await fetch(href, {cache: "no-store"});
    await response.arrayBuffer();
    return [href, response.status];
  } catch (error) {
    return [href, String(error)];
  }
})).then(finish);
"""

#: the rows of every table in one trace: [[first cell, second cell], ...]
TRACE_ROWS = """
const [trace] = arguments;
return [...trace.querySelectorAll("tr")].map(
  (tr) => [...tr.cells].map((td) => td.textContent));
"""


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The gallery, served by ``python -m wsgikit.serve``; its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("gallery") / "serve.log"
    with running(serve_argv("--port", str(port)), port, log=log):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def mounted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The gallery mounted under ``/site`` beside another app; the gallery's URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("mounted") / "serve.log"
    argv = serve_argv("tests.mount_echo:root", "--port", str(port),
                      "--mount", "/site=examples.gallery:application")
    with running(argv, port, log=log):
        yield f"http://127.0.0.1:{port}/site"


@pytest.fixture(scope="module")
def driver() -> Iterator[webdriver.Chrome]:
    assert CHROMIUM is not None and CHROMEDRIVER is not None  # the module skips otherwise
    options = webdriver.ChromeOptions()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1366,900"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    try:
        browser.set_script_timeout(SEND_TIMEOUT + 10)
        browser.set_page_load_timeout(30)
        yield browser
    finally:
        browser.quit()


# ---------------------------------------------------------------- helpers


def severe(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """The SEVERE console entries since the last look (reading them empties the log):
    ``{"level", "source", "message", "timestamp"}``; ``source`` is ``network`` for a
    failed load, ``javascript`` for an uncaught error."""
    entries: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry for entry in entries if entry["level"] == "SEVERE"]


def open_page(driver: webdriver.Chrome, url: str) -> None:
    """Open ``url``; it must load without a SEVERE console message."""
    severe(driver)  # forget what earlier pages logged
    driver.get(url)
    errors = [entry["message"] for entry in severe(driver)]
    assert not errors, f"{url} logged SEVERE console messages:\n" + "\n".join(errors)


def open_exercise(driver: webdriver.Chrome, base: str, slug: str) -> dict[str, Any]:
    """Open an exercise page; the data its script reads (``#gallery-data``)."""
    open_page(driver, f"{base}/exercises/{slug}/")
    # As text: a lone surrogate (json-echo has one) is escaped in it, where chromedriver
    # cannot hand over a JavaScript string that holds one.
    text: str = driver.execute_script(
        "return document.getElementById('gallery-data').textContent")
    data: dict[str, Any] = json.loads(text)
    return data


def send(driver: webdriver.Chrome, action: Callable[[], None]) -> dict[str, Any]:
    """Do ``action`` (a click), wait for the send it starts to finish; what each column shows.

    ``{"finished": bool, "done": count, "forms": {form: {status, verdict, body}}}``
    """
    before = driver.execute_script("return document.body.dataset.done || ''")
    action()
    got: dict[str, Any] = driver.execute_async_script(
        WAIT_AND_READ, before, int(SEND_TIMEOUT * 1000))
    return got


def sent(driver: webdriver.Chrome, action: Callable[[], None]) -> dict[str, dict[str, Any]]:
    """As :func:`send`, for a send that must finish: the columns."""
    got = send(driver, action)
    assert got["finished"], f"the page did not finish the send within {SEND_TIMEOUT}s: {got}"
    forms: dict[str, dict[str, Any]] = got["forms"]
    return forms


def click(driver: webdriver.Chrome, element: WebElement) -> Callable[[], None]:
    """A real click, once the element is in the middle of the window: at the edge of the
    case list's scrolled box, its sticky header row would take the click."""
    def action() -> None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
    return action


def type_into(field: WebElement, text: str) -> None:
    field.clear()
    field.send_keys(text)


def submit(form: WebElement) -> Callable[[], None]:
    return form.find_element(By.CSS_SELECTOR, "button[type=submit]").click


def answer_forms(driver: webdriver.Chrome) -> list[str]:
    forms: list[str] = driver.execute_script(
        "return Object.keys(JSON.parse(document.getElementById('gallery-data').textContent)"
        ".forms)")
    return forms


def trace_rows(driver: webdriver.Chrome, form: str) -> list[list[str]]:
    """Open the column's trace with a click on its summary; every row of its tables."""
    trace = driver.find_element(By.CSS_SELECTOR, f'.answer[data-form="{form}"] details.trace')
    trace.find_element(By.TAG_NAME, "summary").click()
    assert trace.get_attribute("open") is not None, f"{form}: the trace did not open"
    rows: list[list[str]] = driver.execute_script(TRACE_ROWS, trace)
    return rows


def trace_text(driver: webdriver.Chrome, form: str) -> str:
    text: str = driver.find_element(
        By.CSS_SELECTOR, f'.answer[data-form="{form}"] details.trace').get_attribute(
        "textContent") or ""
    return text


def screenshot(driver: webdriver.Chrome, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def png(width: int, height: int) -> bytes:
    """A real RGB PNG, all blue."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    rows = b"".join(b"\x00" + b"\x00\x00\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def cut(text: str | None, limit: int = 400) -> str:
    if text is None:
        return "None"
    return repr(text if len(text) <= limit else text[:limit] + "…")


# ---------------------------------------------------------------- 1. the index


def test_the_index_opens_and_every_link_answers_200(
        driver: webdriver.Chrome, gallery: str) -> None:
    open_page(driver, f"{gallery}/")
    pages = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a.exercise")]
    assert pages == [f"{gallery}/exercises/{slug}/" for slug in SLUGS]
    links: list[list[Any]] = driver.execute_async_script(FETCH_LINKS)
    # an exercise's link, and one per form (raw, kit, flask) for every exercise
    assert len(links) >= 4 * len(SLUGS), links
    bad = [f"{href}: {status}" for href, status in links if status != 200]
    assert not bad, "index links that do not answer 200:\n" + "\n".join(bad)
    screenshot(driver, "index")


def test_every_browser_cannot_names_a_case_of_its_table() -> None:
    for exercise in EXERCISES:
        table = importlib.import_module(f"tests.cases.{exercise.module}")
        ids = {case.id for case in table.CASES}
        cannot: dict[str, str] = getattr(table, "BROWSER_CANNOT", {})
        for case_id, reason in cannot.items():
            assert case_id in ids, f"{exercise.module}.BROWSER_CANNOT: no case {case_id!r}"
            assert reason and "\n" not in reason, f"{exercise.module}: a one-line reason"


# ---------------------------------------------------------------- 2. every case


@pytest.mark.parametrize("slug", SLUGS)
def test_every_case_a_browser_can_send_answers_as_its_table_expects(
        driver: webdriver.Chrome, gallery: str, slug: str) -> None:
    data = open_exercise(driver, gallery, slug)
    cases = data["cases"]
    forms = list(data["forms"])
    columns = driver.execute_script(
        "return [...document.querySelectorAll('.answer')].map((c) => c.dataset.form)")
    assert sorted(columns) == sorted(forms)
    buttons = driver.find_elements(By.CSS_SELECTOR, ".cases button.send")
    indices = [int(button.get_attribute("data-index") or "-1") for button in buttons]
    assert indices == [i for i, case in enumerate(cases) if case["problem"] is None]
    cannot = driver.find_elements(By.CSS_SELECTOR, ".cases span.cannot")
    assert len(cannot) == len(cases) - len(buttons)

    failures = []
    for button, index in zip(buttons, indices, strict=True):
        case = cases[index]
        got = send(driver, click(driver, button))
        if not got["finished"]:
            failures.append(f"{case['id']}: the page did not finish within {SEND_TIMEOUT}s "
                            f"(shown: {got['forms']})")
            continue
        for form in forms:
            shown = got["forms"].get(form)
            expected = case["expect"][form]["status"]
            if shown is None:
                failures.append(f"{case['id']} [{form}]: no answer column")
                continue
            status, verdict = shown["status"] or "", shown["verdict"] or ""
            if status.split(" ")[0] != str(expected) or not verdict.startswith("✓"):
                failures.append(f"{case['id']} [{form}]: expected {expected}, shown status "
                                f"{cut(status)}, verdict {cut(verdict)}")
    # A failed load (source "network") comes with a failed answer above; anything else
    # (an uncaught error in the page's script, a console.error) is a failure of its own.
    logged = severe(driver)
    errors = [entry["message"] for entry in logged if entry["source"] != "network"]
    assert not failures and not errors, (
        f"{slug}: {len(failures)} answers of {len(buttons)} cases x {len(forms)} forms are not "
        "as the case table expects:\n" + "\n".join(failures)
        + "".join(f"\nconsole ({entry['source']}): {entry['message']}" for entry in logged))


# ---------------------------------------------------------------- 3. the body forms


def test_calculator_form_posts_6_times_7(driver: webdriver.Chrome, gallery: str) -> None:
    open_exercise(driver, gallery, "calculator")
    form = driver.find_element(By.CSS_SELECTOR, "form.body-form")
    type_into(form.find_element(By.NAME, "input1"), "6")
    Select(form.find_element(By.NAME, "operator")).select_by_visible_text("*")
    type_into(form.find_element(By.NAME, "input2"), "7")
    columns = sent(driver, submit(form))
    assert set(columns) == set(answer_forms(driver))
    for name, shown in columns.items():
        assert shown["status"] == "200 OK", (name, shown)
        assert "42" in shown["body"], (name, shown)
    driver.execute_script("document.querySelector('.results').scrollIntoView()")
    screenshot(driver, "calculator")


def test_upload_form_sends_a_real_png(
        driver: webdriver.Chrome, gallery: str, tmp_path: Path) -> None:
    image = png(5, 4)
    path = tmp_path / "tiny-blue.png"
    path.write_bytes(image)
    open_exercise(driver, gallery, "upload")
    form = driver.find_element(By.CSS_SELECTOR, "form.body-form")
    form.find_element(By.CSS_SELECTOR, "input[type=file][name=img_file]").send_keys(str(path))
    type_into(form.find_element(By.NAME, "model_type"), "resnet")
    columns = sent(driver, submit(form))
    assert set(columns) == set(answer_forms(driver))
    for name, shown in columns.items():
        assert shown["status"] == "200 OK", (name, shown)
        answer = json.loads(shown["body"])
        assert answer["model_type"] == "resnet", (name, answer)
        [upload] = answer["files"]
        assert upload["filename"] == "tiny-blue.png", (name, answer)
        assert upload["size"] == len(image), (name, answer)
        assert upload["image"] == {"format": "png", "width": 5, "height": 4}, (name, answer)


def test_json_echo_form_echoes_key1(driver: webdriver.Chrome, gallery: str) -> None:
    open_exercise(driver, gallery, "json-echo")
    form = driver.find_element(By.CSS_SELECTOR, "form.body-form")
    type_into(form.find_element(By.NAME, "json"), '{"key1": "typed in 한글", "other": 1}')
    columns = sent(driver, submit(form))
    assert set(columns) == set(answer_forms(driver))
    for name, shown in columns.items():
        assert shown["status"] == "200 OK", (name, shown)
        assert json.loads(shown["body"])["key1"] == "typed in 한글", (name, shown)


def test_wsgi_body_form_greets_the_name(driver: webdriver.Chrome, gallery: str) -> None:
    open_exercise(driver, gallery, "wsgi-body")
    form = driver.find_element(By.CSS_SELECTOR, "form.body-form")
    type_into(form.find_element(By.NAME, "json"), '{"name": "세계"}')
    columns = sent(driver, submit(form))
    assert set(columns) == set(answer_forms(driver))
    for name, shown in columns.items():
        assert shown["status"] == "200 OK", (name, shown)
        assert shown["body"] == "Hello World 세계", (name, shown)


@pytest.mark.parametrize(("user", "auth"), [("foo", "success"), ("bar", "failed")])
def test_login_form_knows_foo(
        driver: webdriver.Chrome, gallery: str, user: str, auth: str) -> None:
    open_exercise(driver, gallery, "login")
    form = driver.find_element(By.CSS_SELECTOR, "form.body-form")
    type_into(form.find_element(By.NAME, "user_name"), user)
    columns = sent(driver, submit(form))
    assert set(columns) == set(answer_forms(driver))
    for name, shown in columns.items():
        assert shown["status"] == "200 OK", (name, shown)
        assert json.loads(shown["body"]) == {"auth": auth}, (name, shown)


def test_login_form_posts_back_to_its_own_url(driver: webdriver.Chrome, gallery: str) -> None:
    open_exercise(driver, gallery, "login-form")
    form = driver.find_element(By.CSS_SELECTOR, "form.body-form")
    type_into(form.find_element(By.NAME, "username"), "<b>세계</b>")
    columns = sent(driver, submit(form))
    assert set(columns) == set(answer_forms(driver))
    for name, shown in columns.items():
        assert shown["status"] == "200 OK", (name, shown)
        assert "Welcome, &lt;b&gt;세계&lt;/b&gt;!" in shown["body"], (name, shown)


def test_cgi_starts_a_process_per_request_where_wsgi_keeps_one(
        driver: webdriver.Chrome, gallery: str) -> None:
    open_exercise(driver, gallery, "cgi-vs-wsgi")
    compare = driver.find_element(By.CSS_SELECTOR, "form.cgi-compare")
    before = driver.execute_script("return document.body.dataset.done || ''")
    submit(compare)()
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.body.dataset.done || ''") != before)
    rows = driver.execute_script(
        "return [...document.querySelectorAll('.compare tbody tr')].map((tr) =>"
        " [...tr.cells].map((td) => td.textContent))")
    forms = answer_forms(driver)
    assert [row[:2] for row in rows] == [[form, run] for form in forms for run in ("WSGI", "CGI")]
    for form, run_as, pids, ms in rows:
        distinct = int(pids.split(" ")[0])
        assert distinct == (1 if run_as == "WSGI" else 5), (form, run_as, pids)
        assert float(ms) > 0


# ---------------------------------------------------------------- 4. the request editor


def test_an_edited_request_is_sent_and_shown_as_text(
        driver: webdriver.Chrome, gallery: str) -> None:
    open_exercise(driver, gallery, "greet")
    editor = driver.find_element(By.CSS_SELECTOR, "form#request")
    sent(driver, driver.find_element(By.CSS_SELECTOR, ".cases button.send").click)

    type_into(editor.find_element(By.NAME, "path"), "/Hi/there")
    columns = sent(driver, submit(editor))
    assert set(columns) == set(answer_forms(driver))
    assert "your own request" in (editor.find_element(By.NAME, "case").text or "")
    for name, shown in columns.items():
        assert shown["status"] == "200 OK", (name, shown)
        assert shown["body"] == "Hi, there!", (name, shown)
        assert shown["verdict"] is None, (name, shown)  # no case: nothing to check against

    scripts = driver.execute_script("return document.scripts.length")
    type_into(editor.find_element(By.NAME, "path"), f"/{XSS}?q=\"it's\"&r='<b>'")
    columns = sent(driver, submit(editor))
    for name, shown in columns.items():
        # /<greeting>/<name>: the </script>'s slash splits it in two
        assert shown["status"] == "200 OK", (name, shown)
        assert shown["body"] == "<script>window.__xss=1<, script>!", (name, shown)
        assert XSS in trace_text(driver, name), name  # PATH_INFO, as the app saw it
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.execute_script("return document.scripts.length") == scripts
    assert driver.find_elements(By.CSS_SELECTOR, ".results script") == []


# ---------------------------------------------------------------- 5. the trace


def test_the_trace_shows_what_mount_and_router_did(
        driver: webdriver.Chrome, gallery: str) -> None:
    data = open_exercise(driver, gallery, "greet")
    index = next(i for i, case in enumerate(data["cases"]) if case["id"] == "ascii")
    button = driver.find_element(By.CSS_SELECTOR, f'.cases button.send[data-index="{index}"]')
    columns = sent(driver, button.click)
    assert columns["kit"]["status"] == "200 OK", columns

    rows = trace_rows(driver, "kit")
    summary = driver.find_element(
        By.CSS_SELECTOR, '.answer[data-form="kit"] details.trace summary').text
    assert "Mount" in summary and "Router" in summary, summary
    changed = {row[0]: row[1] for row in rows if len(row) == 2}
    assert changed.get("~ SCRIPT_NAME") == '"" → "/kit/greet"', rows
    assert changed.get("~ PATH_INFO") == '"/kit/greet/Hello/World" → "/Hello/World"', rows
    layers = driver.execute_script(
        "return [...document.querySelectorAll('.answer[data-form=\"kit\"] li.layer > b')]"
        ".map((b) => b.textContent)")
    assert layers[-3:] == ["Mount", "Router", "examples.kit.greet.greet"], layers
    driver.execute_script(
        "document.querySelector('.answer[data-form=\"kit\"]').scrollIntoView()")
    screenshot(driver, "greet-trace")

    if "flask" in columns:
        rows = trace_rows(driver, "flask")
        derived = {row[0]: row[1] for row in rows if len(row) == 2}
        assert derived.get("request.script_root") == '"/flask/greet"', rows
        assert derived.get("request.path") == '"/Hello/World"', rows
        assert derived.get("~ SCRIPT_NAME") == '"" → "/flask/greet"', rows


# ---------------------------------------------------------------- 6. under a prefix


def test_the_gallery_works_mounted_under_a_prefix(
        driver: webdriver.Chrome, mounted: str) -> None:
    data = open_exercise(driver, mounted, "hello")
    assert data["base"] == "/site"
    first = driver.find_element(By.CSS_SELECTOR, ".cases button.send")
    case = data["cases"][int(first.get_attribute("data-index") or "-1")]
    columns = sent(driver, first.click)
    assert set(columns) == set(data["forms"])
    for name, shown in columns.items():
        assert shown["status"].split(" ")[0] == str(case["expect"][name]["status"]), (name, shown)
        assert shown["verdict"].startswith("✓"), (name, shown)
        rows = trace_rows(driver, name)
        values = [row[1] for row in rows if len(row) == 2
                  and row[0] in ("SCRIPT_NAME", "~ SCRIPT_NAME", "request.script_root")]
        assert len(values) >= 2, rows  # the server's, and Mount's change
        for value in values:
            for part in value.split(" → "):
                assert part.startswith('"/site'), (name, value)
        assert f'"/site" → "/site/{name}/hello"' in values, (name, values)
