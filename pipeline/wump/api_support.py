"""What every ``/api/v1`` route needs besides its own answer, free of any web framework:
``Link`` pagination headers. The Datasette plugins and the static export both use it."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode


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
