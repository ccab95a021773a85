"""Plain Flask's answers that recur across the case tables: one record, one reason.

An exercise's own differences stay in its table; these are the ones every
twin shows because of what Flask and Werkzeug do for any view.
"""

from tests.casekit import FlaskDiffers

HTML = "text/html; charset=utf-8"

#: a 405 or OPTIONS answer's Allow header
ALLOW_SET = FlaskDiffers(
    reason="Werkzeug builds Allow from a set, so its order changes from process to process",
    matters="taste",
    unordered=("Allow",),
)

#: a path that is not UTF-8, where no rule matches U+FFFD
NOT_UTF8_404 = FlaskDiffers(
    reason="Werkzeug decodes the path with errors='replace': /%FF is /U+FFFD, which no route "
    "matches",
    matters="taste",
    status=404,
)


def as_html(
    text: str | None = None, *, pattern: str | None = None, status: int | None = None
) -> FlaskDiffers:
    """A view's returned str (or ``make_response(str)``): Flask's default is text/html."""
    return FlaskDiffers(
        reason="Flask sends a returned str as text/html", matters="taste", status=status,
        content_type=HTML, text=text, body_pattern=pattern,
    )
