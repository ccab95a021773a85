"""The seed's counter as it was written (000, Test #13): a global, no lock.

``count += 1`` then ``str(count)`` are separate steps, so two threads can both
add before either reads, and return the same number.  ``examples.counter_lab``
measures how often that happens; the ``counter`` exercise holds a lock instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

count = 0


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    global count
    count += 1
    body = str(count).encode()
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                              ("Content-Length", str(len(body)))])
    return [body]
