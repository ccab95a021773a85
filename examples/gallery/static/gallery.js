// The exercise page's "Try it": send one request to every form, show each answer and trace.
//
// Each request carries the Wsgikit-Trace header, so the gallery answers with a JSON
// envelope (wsgikit/trace.py): the status, headers and body the app gave, and what each
// layer saw and changed.  Answers to a case of the table are checked by the gallery's
// POST /_gallery/check, with the test suite's own check.  Everything shown goes in as
// text (textContent), never as HTML.
"use strict";

(() => {
  const source = document.getElementById("gallery-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const forms = Object.keys(data.forms);
  const editor = document.getElementById("request");
  let shown = null;   // the case in the editor, as it was loaded
  let sequence = 0;   // counts finished sends: the browser tests wait on it

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function parseHeaders(text) {
    return text.split("\n").filter((line) => line.trim()).map((line) => {
      const colon = line.indexOf(":");
      return colon < 0 ? [line.trim(), ""] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
  }

  function fromBase64(text) {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  }

  async function caseBody(row) {
    if ("text" in row.body) return row.body.text ? new TextEncoder().encode(row.body.text) : null;
    if ("base64" in row.body) return fromBase64(row.body.base64);
    const url = `${data.base}/_gallery/body/${encodeURIComponent(data.slug)}/${encodeURIComponent(row.id)}`;
    return new Uint8Array(await (await fetch(url, { cache: "no-store" })).arrayBuffer());
  }

  function describeBody(row) {
    if ("text" in row.body) return row.body.text;
    return "base64" in row.body ? "(the case's binary body)" : `(the case's ${row.body.size} bytes)`;
  }

  function fill(row) {
    editor.method.value = row.method;
    editor.path.value = row.path;
    editor.headers.value = row.headers.map(([n, v]) => `${n}: ${v}`).join("\n");
    editor.body.value = describeBody(row);
    editor.case.value = `case ${row.id}`;
    shown = { row, method: row.method, path: row.path, headers: editor.headers.value, body: editor.body.value };
    for (const tr of document.querySelectorAll(".cases tr.current")) tr.classList.remove("current");
    const tr = document.querySelector(`.cases tr[data-case="${CSS.escape(row.id)}"]`);
    if (tr) tr.classList.add("current");
  }

  function unchanged() {
    return shown && editor.method.value === shown.method && editor.path.value === shown.path &&
      editor.headers.value === shown.headers && editor.body.value === shown.body;
  }

  async function sendOne(form, request) {
    const headers = new Headers();
    for (const [name, value] of request.headers) headers.append(name, value);
    headers.set("Wsgikit-Trace", "1");
    const init = { method: request.method, headers, cache: "no-store", redirect: "manual" };
    if (request.body !== null) init.body = request.body;
    try {
      const response = await fetch(data.forms[form] + request.path, init);
      const type = response.headers.get("Content-Type") || "";
      if (response.status !== 200 || !type.startsWith("application/json")) {
        return { error: `the server answered ${response.status} itself, before the app: ` +
                        (await response.text()).slice(0, 300) };
      }
      // A HEAD answer has no body: its envelope comes in a header.
      const inHeader = response.headers.get("Wsgikit-Trace-Envelope");
      return inHeader !== null ? JSON.parse(inHeader) : await response.json();
    } catch (error) {
      return { error: `no answer reached the browser (${error})` };
    }
  }

  async function check(row, form, answer) {
    const response = await fetch(`${data.base}/_gallery/check`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ slug: data.slug, case: row.id, form, answer }),
    });
    return response.json();
  }

  function expectation(expect, form) {
    const parts = [String(expect.status)];
    if (expect.content_type) parts.push(expect.content_type);
    for (const [name, value] of Object.entries(expect.headers || {})) parts.push(`${name}: ${value}`);
    for (const [name, value] of Object.entries(expect.header_patterns || {})) parts.push(`${name} ~ ${value}`);
    if ("json" in expect) parts.push(`JSON ${JSON.stringify(expect.json)}`);
    if ("text" in expect) parts.push(`body ${JSON.stringify(expect.text)}`);
    for (const needle of expect.contains || []) parts.push(`contains ${JSON.stringify(needle)}`);
    if (expect.body_pattern) parts.push(`body ~ ${expect.body_pattern}`);
    return parts.join(" · ").split("{prefix}").join(data.forms[form]);
  }

  function bodyText(answer) {
    if (answer.encoding === "base64") return `(${Math.floor(answer.body.length * 3 / 4)} bytes of binary, base64) ${answer.body.slice(0, 200)}`;
    return answer.body === "" ? "(no body)" : answer.body;
  }

  // WSGI hands a path over as latin-1: one character per byte of the UTF-8 the client
  // sent.  Such a string is shown with its bytes escaped, and what they spell in UTF-8.
  function show(value) {
    if (typeof value !== "string" || !/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) {
      return JSON.stringify(value);
    }
    const escaped = value.replace(/[\x80-\xff]/g, (ch) => "\\x" + ch.charCodeAt(0).toString(16));
    try {
      const bytes = Uint8Array.from(value, (ch) => ch.charCodeAt(0));
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return `"${escaped}" (latin-1 bytes of the UTF-8 ${JSON.stringify(text)})`;
    } catch (error) {
      return `"${escaped}" (bytes that are not UTF-8)`;
    }
  }

  function changesTable(layer) {
    const table = el("table");
    for (const [key, value] of Object.entries(layer.added || {})) {
      table.append(el("tr", { className: "added" }, el("td", {}, "+ " + key), el("td", {}, show(value))));
    }
    for (const [key, [before, after]] of Object.entries(layer.changed || {})) {
      table.append(el("tr", { className: "changed" }, el("td", {}, "~ " + key),
        el("td", {}, `${show(before)} → ${show(after)}`)));
    }
    for (const key of layer.removed || []) {
      table.append(el("tr", { className: "removed" }, el("td", {}, "− " + key), el("td", {}, "")));
    }
    return table.rows.length ? table : el("p", { className: "meta" }, "changed nothing in the environ");
  }

  function headerList(headers) {
    return headers.map(([n, v]) => `${n}: ${v}`).join(", ") || "no headers";
  }

  function traceView(trace) {
    const list = el("ol");
    const environ = el("table");
    for (const [key, value] of Object.entries(trace.environ)) {
      environ.append(el("tr", {}, el("td", {}, key), el("td", {}, show(value))));
    }
    list.append(el("li", {}, el("b", {}, "server"),
      ` handed over an environ of ${Object.keys(trace.environ).length} keys `,
      el("details", {}, el("summary", {}, "show them"), environ)));
    for (const layer of trace.layers) {
      list.append(el("li", { className: "layer" }, el("b", {}, layer.name), changesTable(layer)));
    }
    trace.response.forEach((step, i) => {
      let what = ` answered ${step.status} with ${headerList(step.headers)}`;
      if (i > 0) {
        const changes = [];
        if (step.status !== trace.response[i - 1].status) changes.push(`made it ${step.status}`);
        if (step.added.length) changes.push(`added ${headerList(step.added)}`);
        if (step.removed.length) changes.push(`removed ${headerList(step.removed)}`);
        what = changes.length ? " " + changes.join(", ") : " passed it on unchanged";
      }
      list.append(el("li", { className: "response" }, "↩ ", el("b", {}, step.name), what));
    });
    // Notes are "Framework · what": the gallery notes what Flask derived from the environ.
    const groups = {};
    for (const [key, value] of Object.entries(trace.notes || {})) {
      const [who, what] = key.includes(" · ") ? key.split(" · ") : ["noted", key];
      (groups[who] = groups[who] || el("table")).append(
        el("tr", {}, el("td", {}, what), el("td", {}, show(value))));
    }
    for (const [who, table] of Object.entries(groups)) {
      list.append(el("li", { className: "note" }, el("b", {}, who), " derived from the same environ:", table));
    }
    const names = trace.layers.map((layer) => layer.name).join(" → ");
    return el("details", { className: "trace" }, el("summary", {}, `What each layer did: ${names}`), list);
  }

  function render(form, answer, row) {
    const column = document.querySelector(`.answer[data-form="${form}"]`);
    column.replaceChildren(el("h3", {}, form));
    if (answer.error) {
      column.append(el("p", { className: "status" }, "no answer"), el("p", { className: "verdict bad" }, answer.error));
      return;
    }
    const status = answer.status === null ? `the app raised ${answer.exception}` : answer.status;
    column.append(el("p", { className: "status" }, status));
    if (answer.exception && answer.status !== null) column.append(el("p", { className: "verdict bad" }, `then raised ${answer.exception}`));
    if (row) {
      column.append(el("p", { className: "verdict" }, "checking…"),
        el("p", { className: "expects meta" }, `the case table expects: ${expectation(row.expect[form], form)}`));
    }
    const headers = el("table", { className: "headers" });
    for (const [name, value] of answer.headers) {
      headers.append(el("tr", {}, el("td", {}, name), el("td", {}, value)));
    }
    column.append(headers, el("pre", { className: "body" }, bodyText(answer)), traceView(answer.trace));
  }

  // Each form lives under its own prefix (/raw/hello, /kit/hello): a Location or a body
  // that names it is compared with the prefix taken out.
  function comparable(form, text) {
    return String(text).split(data.forms[form]).join("{prefix}");
  }

  function markDifferences(answers, row) {
    const note = document.querySelector(".differences");
    const got = forms.filter((form) => !answers[form].error);
    const differ = [];
    const aspects = { status: (a) => String(a.status), body: (a) => `${a.encoding}:${a.body}` };
    for (const [aspect, value] of Object.entries(aspects)) {
      const values = got.map((form) => comparable(form, value(answers[form])));
      if (new Set(values).size > 1) {
        differ.push(aspect);
        for (const form of got) {
          document.querySelector(`.answer[data-form="${form}"] .${aspect}`).classList.add("differs");
        }
      }
    }
    // A body that names its prefix is longer by the prefix: Content-Length is compared
    // as the length of the body with the prefix taken out.
    const length = (form) => new TextEncoder().encode(comparable(form, answers[form].body)).length;
    const lines = (form) => answers[form].headers.map(([n, v]) =>
      n.toLowerCase() === "content-length" && answers[form].encoding === "utf-8"
        ? `content-length: ${length(form)}` : comparable(form, `${n.toLowerCase()}: ${v}`));
    for (const form of got) {
      const rows = document.querySelectorAll(`.answer[data-form="${form}"] .headers tr`);
      lines(form).forEach((line, i) => {
        if (got.some((other) => !lines(other).includes(line))) {
          rows[i].classList.add("differs");
          const name = `header ${line.split(":")[0]}`;
          if (!differ.includes(name)) differ.push(name);
        }
      });
    }
    if (!differ.length) {
      note.hidden = false;
      note.replaceChildren("The forms answered alike (each under its own prefix).");
      return;
    }
    note.hidden = false;
    note.replaceChildren(`The forms differ in: ${differ.join(", ")}. The differences are marked.`);
    if (row && row.flask && answers.flask) {
      note.append(" ", el("b", {}, `Flask, recorded (${row.flask.matters}): `), row.flask.reason);
    }
  }

  async function send(request, row) {
    document.body.dataset.state = "busy";
    const answers = {};
    await Promise.all(forms.map(async (form) => { answers[form] = await sendOne(form, request); }));
    forms.forEach((form) => render(form, answers[form], row));
    markDifferences(answers, row);
    if (row) {
      await Promise.all(forms.filter((form) => !answers[form].error).map(async (form) => {
        const verdict = document.querySelector(`.answer[data-form="${form}"] .verdict`);
        try {
          const result = await check(row, form, answers[form]);
          verdict.className = `verdict ${result.ok ? "ok" : "bad"}`;
          verdict.textContent = result.ok ? "✓ as the case table expects" : `✗ ${result.problem}`;
        } catch (error) {
          verdict.className = "verdict bad";
          verdict.textContent = `the check failed: ${error}`;
        }
      }));
    }
    document.body.dataset.state = "done";
    document.body.dataset.done = String(++sequence);
  }

  async function sendCase(index) {
    const row = data.cases[index];
    fill(row);
    const body = await caseBody(row);
    await send({ method: row.method, path: row.path, headers: row.headers, body }, row);
  }

  for (const button of document.querySelectorAll(".cases button.send")) {
    button.addEventListener("click", () => sendCase(Number(button.dataset.index)));
  }

  editor.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (unchanged()) {
      await sendCase(data.cases.indexOf(shown.row));
      return;
    }
    shown = null;
    editor.case.value = "your own request: no case to check it against";
    const text = editor.body.value;
    await send({
      method: editor.method.value.trim() || "GET",
      path: editor.path.value.startsWith("/") ? editor.path.value : "/" + editor.path.value,
      headers: parseHeaders(editor.headers.value),
      body: text ? new TextEncoder().encode(text) : null,
    }, null);
  });

  // cgi-vs-wsgi: the same requests to each form under WSGI and through the CGI gateway;
  // the pids say how many processes answered, the clock what a process per request costs.
  for (const compare of document.querySelectorAll("form.cgi-compare")) {
    compare.addEventListener("submit", async (event) => {
      event.preventDefault();
      const rows = compare.querySelector("tbody");
      rows.replaceChildren();
      for (const form of forms) {
        for (const [runAs, root] of [["WSGI", data.forms[form]], ["CGI", `${data.base}/cgi-bin/${form}/${data.slug}`]]) {
          const pids = [];
          const started = performance.now();
          for (let i = 0; i < Number(compare.dataset.count); i++) {
            const answer = await (await fetch(`${root}/?name=${i}`, { cache: "no-store" })).json();
            pids.push(answer.pid);
          }
          const ms = (performance.now() - started) / pids.length;
          rows.append(el("tr", { className: runAs.toLowerCase() }, el("td", {}, form), el("td", {}, runAs),
            el("td", { className: "pids" }, `${new Set(pids).size} distinct: ${pids.join(", ")}`),
            el("td", {}, ms.toFixed(1))));
        }
      }
      document.body.dataset.done = String(++sequence);
    });
  }

  for (const form of document.querySelectorAll("form.body-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = new FormData(form);
      const encoding = form.dataset.encoding;
      let path = form.dataset.path;
      let body = null;
      const headers = [];
      if (encoding === "multipart") {
        body = fields;  // fetch() writes the multipart body and its boundary
      } else if (encoding === "urlencoded") {
        body = new URLSearchParams(fields).toString();
        headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
      } else if (encoding === "json") {
        body = fields.get("json");
        headers.push(["Content-Type", "application/json"]);
      } else {
        path += "?" + new URLSearchParams(fields).toString();
      }
      shown = null;
      editor.method.value = form.dataset.method;
      editor.path.value = path;
      editor.headers.value = headers.map(([n, v]) => `${n}: ${v}`).join("\n");
      editor.body.value = typeof body === "string" ? body : body ? "(the form's multipart body)" : "";
      editor.case.value = "sent by the form above";
      await send({ method: form.dataset.method, path, headers, body }, null);
    });
  }
})();
