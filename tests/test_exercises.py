"""Every exercise's case table, against every form, at its own root and in the gallery.

Adding a form is one entry in ``examples.catalog.FORMS``: once its package
exists, every exercise must exist in it, or these tests fail.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from examples.catalog import EXERCISES
from tests.casekit import (
    FORMS_PRESENT,
    Case,
    call_wsgi,
    check,
    expected,
    load_app,
    load_cases,
    werkzeug_upload_leaks,
    with_head_twins,
)


def _params() -> list[object]:
    params = []
    for exercise in EXERCISES:
        for case in with_head_twins(load_cases(exercise.module)):
            for form in FORMS_PRESENT:
                for where in ("root", "gallery"):
                    params.append(
                        pytest.param(
                            form, exercise.slug, where, case,
                            id=f"{form}-{exercise.slug}-{where}-{case.id}",
                        )
                    )
    return params


@pytest.fixture(scope="module")
def gallery():  # type: ignore[no-untyped-def]
    from examples.gallery import application

    return application


@pytest.mark.parametrize(("form", "slug", "where", "case"), _params())
def test_case(form, slug, where, case, gallery):  # type: ignore[no-untyped-def]
    module = slug.replace("-", "_")
    if where == "root":
        app, prefix = load_app(form, module), ""
    else:
        app, prefix = gallery, f"/{form}/{slug}"
    with werkzeug_upload_leaks(form, slug):
        result = call_wsgi(app, case, prefix)
    check(expected(case, form), result, prefix)


@pytest.mark.parametrize("slug", [exercise.slug for exercise in EXERCISES])
def test_every_exercise_has_a_real_case_table(slug: str) -> None:
    cases = load_cases(slug.replace("-", "_"))
    assert len(cases) >= 5, f"{slug}: only {len(cases)} cases"
    assert len({case.id for case in cases}) == len(cases), f"{slug}: duplicate case ids"


def _get_cases() -> list[object]:
    return [
        pytest.param(form, exercise.module, case, id=f"{form}-{exercise.slug}-{case.id}")
        for exercise in EXERCISES
        for case in load_cases(exercise.module)
        if case.method == "GET" and case.status == 200 and case.head
        for form in ("raw", "kit")
    ]


@pytest.mark.parametrize(("form", "module", "case"), _get_cases())
def test_head_announces_the_length_get_sends(form: str, module: str, case: Case) -> None:
    """RFC 9110: a HEAD's Content-Length, if sent, is what GET would send."""
    app = load_app(form, module)
    get = call_wsgi(app, case)
    head = call_wsgi(app, replace(case, method="HEAD"))
    assert head.headers.get("content-length") == get.headers.get("content-length")
