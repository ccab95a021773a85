"""The gallery's index: every exercise with its contract, escaped, and links that fit a phone."""

from __future__ import annotations

from werkzeug.test import Client

from examples.catalog import EXERCISES
from examples.gallery import application


def test_the_index_shows_every_contract_escaped_with_its_forms() -> None:
    page = Client(application).get("/", buffered=True).get_data(as_text=True)
    assert '<meta name="viewport"' in page  # the narrow layout needs it
    for exercise in EXERCISES:
        assert f'<a href="/raw/{exercise.slug}/">raw</a>' in page, exercise.slug
    # A contract's markup is shown, not rendered: template's <h1> comes out escaped.
    assert "<code>&lt;h1&gt; Hi, 필멸자 X!&lt;/h1&gt;</code>" in page
    assert "<h1> Hi" not in page
    assert page.count('<td class="forms">') == len(EXERCISES)
