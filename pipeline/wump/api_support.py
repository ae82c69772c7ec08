"""What every ``/api/v1`` route needs besides its own answer, free of any web framework: finding
the package a route names (404 with suggestions, or the candidates when a bare name is
ambiguous), error bodies, and ``Link`` pagination headers. The Datasette plugins call these with
their database's ``execute``; a static export can call them with sqlite3's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlencode

from wump import answers

Execute = Callable[[str, dict], Awaitable[list]]


def error_body(status: int, message: str, **extra) -> dict:
    return {"error": message, "status": status, **extra}


async def find_package(execute: Execute, spec: str, route: str) -> tuple[dict | None, dict | None]:
    """(package row, None) or (None, a 404 error body). ``route`` is the path after the package
    (``leads``, ``badge.json``) so an ambiguous name lists the URLs to ask instead."""
    for sql, params in answers.package_lookups(spec):
        rows = [dict(r) for r in await execute(sql, params)]
        if len(rows) == 1:
            return rows[0], None
        if len(rows) > 1:
            candidates = [f"{r['ecosystem']}/{r['name']}" for r in rows]
            return None, error_body(404, f"'{spec}' names packages in several ecosystems; ask for one of them",
                                    candidates=candidates, urls=[f"/api/v1/packages/{c}/{route}" for c in candidates])
    similar = [dict(r)["package"] for r in await execute(answers.SIMILAR_PACKAGES, answers.similar_pattern(spec))]
    return None, error_body(404, f"No package '{spec}' in wump. Ask for ECOSYSTEM/NAME with a purl type, e.g. "
                                 "pypi/fastapi.", suggestions=similar)


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
