"""What every Flask twin bends: the few places where Flask's defaults miss the contract.

Flask (through Werkzeug) does the chores of ``examples/raw/_plumbing.py`` for
you: routing, 405 and OPTIONS with ``Allow``, HEAD as GET without a body,
``request.args``, dict and ``jsonify`` returns, ``Content-Length``, and HTTP
errors as responses instead of tracebacks.  Where its defaults differ from
EXERCISES.md, :func:`make_app` bends them once, the Flask way (a hook, a
provider, a response class), so that each twin stays the seed's few lines:

- Werkzeug decodes ``PATH_INFO`` with ``errors="replace"``: a ``before_request``
  hook turns undecodable bytes into a 400 instead; and it keeps them
  percent-encoded in ``request.args`` (``?name=%FF`` is the text ``%FF``):
  :class:`StrictRequest` makes reading such a query a 400 (only reading it, as in
  the raw forms: a twin that never looks at the query ignores it);
- Werkzeug's ``int`` and ``float`` converters match ``\\d``, which takes other
  scripts' digits too (``/post/١٢``), and its ``path`` converter's ``.`` stops at
  a newline (``/path/a%0Ab`` is a 404): ``make_app`` installs its own three;
- Werkzeug merges ``//`` in a path and redirects to the merged URL, where the
  raw forms answer 404: ``make_app`` turns the merging off; and its router drops
  extra leading slashes (``//about`` is ``/about``): a ``before_request`` hook
  answers 404 instead, as the raw forms do;
- Werkzeug builds ``Allow`` from a set, in an order that changes from process to
  process: an ``after_request`` hook sorts it;
- ``app.json`` keeps Korean readable and refuses what ``json.loads`` lets through;
- ``request.headers[name]`` raises a plain ``KeyError`` (a 500) for a missing
  header since Werkzeug 2.3: :func:`require_header` makes it the 400 it used to be;
- ``request.get_data()`` cuts a streamed body at ``MAX_CONTENT_LENGTH`` without
  a word: :func:`get_body` turns the excess into the 413;
- a server that de-chunks a body itself (nginx with ``uwsgi_pass``) gives its
  ``CONTENT_LENGTH`` but passes ``Transfer-Encoding: chunked`` on, and Werkzeug
  then reads nothing: a ``before_request`` hook makes ``CONTENT_LENGTH`` count;
- ``request.is_json`` takes ``application/+json`` and any charset, and Werkzeug
  reads ``CONTENT_LENGTH: "+17"`` as 17: :func:`is_utf8_json` and
  :func:`has_plain_length` decide the 415 and the 400 as the raw forms do;
- a returned ``str`` is ``text/html`` in Flask; :class:`PlainText` makes it text;
- Werkzeug turns every failed read of the body into ``ClientDisconnected`` (a
  400), a socket timeout included: :func:`client_failed` answers a timeout with
  408 and the rest with 400, and logs one line, as the raw forms do.

Usage::

    from ._common import PlainText, make_app

    app = make_app(__name__)
    app.response_class = PlainText  # only where views return plain text

    @app.route("/")
    def index() -> str:
        return "Hello, World!"
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Request, Response, abort, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, ClientDisconnected, HTTPException, RequestTimeout
from werkzeug.routing import FloatConverter, IntegerConverter, PathConverter
from werkzeug.utils import cached_property

__all__ = [
    "AsciiFloatConverter",
    "AsciiIntegerConverter",
    "NewlinePathConverter",
    "PlainText",
    "StrictJSONProvider",
    "StrictRequest",
    "client_failed",
    "get_body",
    "has_plain_length",
    "is_utf8_json",
    "make_app",
    "require_header",
]


class StrictRequest(Request):
    """``app.request_class``: ``request.args`` refuses a query string that is not UTF-8.

    Werkzeug keeps undecodable bytes percent-encoded, so ``?name=%FF`` would be
    the name ``%FF``.  The check runs when the view first reads ``request.args``,
    as the raw forms decode the query only where they read it: ``?x=%FF`` is no
    error to a twin that never looks at its query, and a 404 or 405 comes first.
    """

    @cached_property
    def args(self) -> MultiDict[str, str]:
        try:
            # Splitting on "&" and "=" cannot make bad bytes good, so one check suffices.
            unquote_to_bytes(self.query_string).decode("utf-8")
        except UnicodeError:
            abort(400, "the query string is not valid UTF-8")
        return super().args


class PlainText(Response):
    """A response class whose default is ``text/plain; charset=utf-8``, not HTML.

    Set as ``app.response_class``, a view's ``str`` (and ``make_response(str)``)
    becomes text; ``jsonify`` and error pages set their own types and are unchanged.
    """

    default_mimetype = "text/plain"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400 would become inf, and go back out as Infinity
        raise ValueError(f"{literal} is out of range")
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """``app.json``: UTF-8 out without escapes, and a parser as strict as RFC 8259.

    ``request.get_json()`` parses with ``app.json.loads``, which is plain
    ``json.loads``: it sniffs UTF-16 and skips a BOM, accepts ``NaN`` and
    ``Infinity``, turns ``1e400`` into ``inf``, keeps unpaired surrogates, and lets
    deep nesting raise ``RecursionError``, which Flask serves as a 500.  This
    provider raises ``ValueError`` for all of them, and ``get_json`` turns a
    ``ValueError`` into a 400.  That is the gap wsgikit's ``JSONBody`` middleware
    fills for the raw and kit forms.
    """

    ensure_ascii = False  # the seed's Korean stays Korean on the wire, as in the raw form
    sort_keys = False  # keys in the order the view wrote them, as in the raw form

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        text = s.decode("utf-8") if isinstance(s, bytes) else s  # strict: no sniffing
        kwargs.setdefault("parse_constant", _reject_constant)
        kwargs.setdefault("parse_float", _finite_float)
        try:
            value = json.loads(text, **kwargs)  # a BOM survives as U+FEFF and is refused
            # An unpaired "\ud800" parses, but could never be sent back as UTF-8.
            self.dumps(value).encode("utf-8")
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None
        return value


class AsciiIntegerConverter(IntegerConverter):
    """``<int:...>`` with ASCII digits only; Werkzeug's ``\\d+`` also matches ``١٢`` and ``５``.

    ``int()`` accepts those digits too, so ``/post/١٢`` would be post 12.  What is
    left is Werkzeug's: leading zeros allowed, and more than 4300 digits (which
    ``int()`` refuses) no match.
    """

    regex = r"[0-9]+"  # signed_regex is derived from it: -?[0-9]+


class AsciiFloatConverter(FloatConverter):
    """``<float:...>`` with ASCII digits only, as :class:`AsciiIntegerConverter`."""

    regex = r"[0-9]+\.[0-9]+"


class NewlinePathConverter(PathConverter):
    """``<path:...>`` that takes a newline (``%0A``) too, as any other character.

    Werkzeug's ``[^/].*?`` is compiled without ``re.DOTALL``, so its ``.`` stops
    at a newline, and ``/path/a%0Ab`` would be no match (a 404).
    """

    regex = "[^/](?s:.*?)"


def require_header(name: str) -> str:
    """``request.headers[name]``, or a 400 when the client did not send it.

    Werkzeug documents the ``KeyError`` of a missing request header as a
    ``BadRequestKeyError`` (a 400), but ``EnvironHeaders`` raises a bare
    ``KeyError``, which Flask serves as a 500.  The value is passed on as the
    server gave it (a latin-1 string), as Werkzeug does.
    """
    value = request.headers.get(name)
    if value is None:
        abort(400, f"the request has no {name} header")
    return value


def get_body() -> bytes:
    """``request.get_data()``, with the 413 Werkzeug misses on a streamed body.

    Where the server terminates the input (``wsgi.input_terminated``: a chunked
    request under uWSGI or gunicorn), Werkzeug reads up to ``MAX_CONTENT_LENGTH``
    and stops there, handing over the first bytes as if they were the whole body:
    2 MiB under a 1 MiB limit parses as its first MiB.  One more byte read from the
    server's stream tells a body that ends at the limit from one that goes on.
    """
    data = request.get_data()  # cached: request.get_json() parses these same bytes
    limit = request.max_content_length
    if (
        limit is not None
        and len(data) >= limit
        and "wsgi.input_terminated" in request.environ  # Werkzeug's own test
        and request.environ["wsgi.input"].read(1)
    ):
        abort(413, f"the body is over the limit of {limit} bytes")
    return data


def is_utf8_json() -> bool:
    """``application/json`` or ``application/<something>+json``, in UTF-8 (RFC 8259).

    ``request.is_json`` accepts ``application/+json`` and ignores the charset.
    """
    main, _, sub = request.mimetype.partition("/")  # Werkzeug lower-cases the type
    if main != "application" or not (sub == "json" or (sub.endswith("+json") and len(sub) > 5)):
        return False
    return request.mimetype_params.get("charset", "utf-8").lower() == "utf-8"


def has_plain_length() -> bool:
    """``CONTENT_LENGTH`` absent or ASCII digits: ``"-1"``, ``"abc"``, ``"+17"`` mean no body.

    Werkzeug already reads ``"-1"`` and ``"abc"`` as 0; blanks around the digits
    are not part of the value (RFC 9110), and Werkzeug strips them too.
    """
    length: str = (request.environ.get("CONTENT_LENGTH", "") or "").strip(" \t")
    return not length or (length.isascii() and length.isdigit())


def refuse_undecodable_path() -> None:
    """``before_request``: the path must be UTF-8, or it is a 400.

    PEP 3333 hands it over as a latin-1 string.  Werkzeug re-decodes it as UTF-8
    but replaces bad bytes with U+FFFD, so ``/%FF`` would quietly route.  The hook
    runs before Flask raises the router's 404 or 405, as in the raw form.
    """
    try:
        request.environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        abort(400, "the path is not valid UTF-8")


def refuse_extra_leading_slashes() -> None:
    """``before_request``: ``//about`` is not ``/about`` but a 404, as in the raw forms.

    Werkzeug's router strips every leading slash before it matches
    (``MapAdapter.match``), so ``//about`` and ``/%2Fabout`` would reach ``/about``.
    The hook runs before Flask raises the router's 404 or 405, as in the raw forms.
    """
    if request.environ.get("PATH_INFO", "").startswith("//"):
        abort(404)


def trust_content_length() -> None:
    """``before_request``: a ``CONTENT_LENGTH`` from the server is the length of the body.

    nginx (``uwsgi_pass``) reads a chunked body whole, hands it over with its
    ``CONTENT_LENGTH`` and passes the client's ``Transfer-Encoding: chunked`` on as
    ``HTTP_TRANSFER_ENCODING``.  Werkzeug believes the header, takes the body for
    a stream of unknown length and, with no ``wsgi.input_terminated``, reads
    nothing: the body is lost.  The raw forms read ``CONTENT_LENGTH`` bytes, and so
    does Werkzeug once the header is out of the environ (before the body is read).
    """
    environ = request.environ
    if environ.get("CONTENT_LENGTH") and not environ.get("wsgi.input_terminated"):
        environ.pop("HTTP_TRANSFER_ENCODING", None)


def sort_allow(response: Response) -> Response:
    """``after_request``: ``Allow`` in sorted order, on 405s and OPTIONS answers alike.

    Werkzeug collects the allowed methods in a set, so its order depends on string
    hashing and changes between processes; the contract gives one exact value.
    """
    if "Allow" in response.headers:
        response.headers["Allow"] = ", ".join(sorted(response.allow))
    return response


log = logging.getLogger(__name__)


def client_failed(error: ClientDisconnected) -> HTTPException:
    """``errorhandler``: a body that stopped arriving is a 408, one that broke off a 400.

    Registered for ``ClientDisconnected``, which Werkzeug raises from inside the
    ``except`` that caught the read's error, so that error is its ``__context__``.
    """
    cause = error.__context__
    if isinstance(cause, TimeoutError):
        return RequestTimeout("the client stopped sending the body")
    reason = f"{type(cause).__name__}: {cause}" if cause is not None else "the client left"
    log.warning("the request body could not be read (%s)", reason)
    return BadRequest(f"the request body could not be read ({reason})")


def make_app(import_name: str, *, exact_path: bool = True, **options: Any) -> Flask:
    """A Flask app with the contract's bends installed; ``options`` go to ``Flask``.

    ``exact_path=False`` leaves out the 404 for extra leading slashes, for a twin
    that answers every path.
    """
    options.setdefault("static_folder", None)  # no twin serves /static/ unless it asks
    app = Flask(import_name, **options)
    app.request_class = StrictRequest
    app.json = StrictJSONProvider(app)
    # ASCII digits only, and paths with newlines, for every rule added from here on.
    app.url_map.converters["int"] = AsciiIntegerConverter
    app.url_map.converters["float"] = AsciiFloatConverter
    app.url_map.converters["path"] = NewlinePathConverter
    # "/a//b" is not "/a/b": no 308 to the merged path (checked when matching, so
    # it holds for the static rule Flask has already added, too).
    app.url_map.merge_slashes = False
    app.before_request(refuse_undecodable_path)
    if exact_path:
        app.before_request(refuse_extra_leading_slashes)
    app.before_request(trust_content_length)
    app.after_request(sort_allow)
    app.register_error_handler(ClientDisconnected, client_failed)
    return app
