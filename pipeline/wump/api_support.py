"""What every ``/api/v1`` route needs besides its own answer, free of any web framework: error
bodies and ``Link`` pagination headers. The Datasette plugins and the static export use them."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from wump.answers import NotFound


def error_body(status: int, message: str, **extra) -> dict:
    """The JSON every error response carries: what went wrong, the status, and any help."""
    return {"error": message, "status": status, **extra}


def not_found_body(exc: NotFound, route: str) -> dict:
    """A 404 body for an unknown or ambiguous package: its suggestions, and for a bare name several
    ecosystems share, the candidates with the URLs of ``route`` (``users``, ``leads`` …) for each."""
    extra: dict = {"suggestions": exc.suggestions}
    if exc.candidates:
        extra |= {"candidates": exc.candidates, "urls": [f"/api/v1/packages/{c}/{route}" for c in exc.candidates]}
    return error_body(404, exc.message, **extra)


def page_links(base_url: str, args: Iterable[tuple[str, str]], page: int, has_next: bool) -> str | None:
    """The ``Link`` header of one page (next, prev, first), or None on a lone page.

    :param base_url: scheme, host and path of the request.
    :param args: the request's query arguments as (name, value) pairs.
    """
    others = [(k, v) for k, v in args if k != "page"]

    def url(number: int) -> str:
        return f"{base_url}?{urlencode([*others, ('page', str(number))])}"

    links = [f'<{url(page + 1)}>; rel="next"'] if has_next else []
    if page > 1:
        links += [f'<{url(page - 1)}>; rel="prev"', f'<{url(1)}>; rel="first"']
    return ", ".join(links) or None
