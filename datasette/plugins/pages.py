"""wump's own pages: the home page and its search, a package's page, an organization's page.

The data comes from ``wump.pages`` (which asks ``wump.answers``), computed on Datasette's own
connection; this file only maps HTTP to it and renders the templates (``wump_*.html``). Every
page works without JavaScript: toggles are links, search is a plain form; ``static/search.js``
only adds results as you type, from ``/api/v1/search``.
"""

from __future__ import annotations

import os
from urllib.parse import unquote

from datasette.utils.asgi import Response
from datasette.version import __version__
from wump import answers, pages

from datasette import hookimpl

_home_cache: dict[tuple, dict] = {}


def _database(datasette):
    return datasette.get_database("wump") if "wump" in datasette.databases else datasette.get_database()


async def _run(datasette, fn):
    return await _database(datasette).execute_fn(fn)


def _args(request) -> dict[str, str]:
    return {key: request.args.get(key) for key in request.args}


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    common = {"site_url": f"{request.scheme}://{request.host}", "metadata": datasette.metadata(),
              "datasette_version": __version__}
    body = await datasette.render_template([template], {**common, **context}, request=request)
    return Response.html(body, status=status)


async def _not_found(datasette, request, exc: answers.NotFound, what: str, path_for) -> Response:
    return await _render(datasette, request, "wump_not_found.html", {
        "message": exc.message, "what": what,
        "links": [(c, path_for(c)) for c in exc.candidates or exc.suggestions]}, status=404)


def _package_link(spec: str) -> str:
    ecosystem, _, name = spec.partition("/")
    return pages.package_path(ecosystem, name)


async def home(datasette, request):
    """GET / — the search box, the most used packages, the newest adopters."""
    db = _database(datasette)
    # The published file is immutable: its home data is computed once per file.
    key = (db.path, os.path.getmtime(db.path) if db.path and os.path.exists(db.path) else None)
    if key not in _home_cache:
        _home_cache.clear()
        _home_cache[key] = await _run(datasette, pages.home)
    return await _render(datasette, request, "wump_home.html", {"home": _home_cache[key]})


async def search_json(datasette, request):
    """GET /api/v1/search?q= — packages and owners matching every word as a prefix."""
    text = request.args.get("q") or ""
    if not text.strip():
        return Response.json({"error": "q is required: a package or organization name, or a prefix of one",
                              "status": 400}, status=400)
    found = await _run(datasette, lambda con: pages.search(con, text))
    return Response.json(found)


async def search_page(datasette, request):
    """GET /search?q= — the search results as a page (the home page's form without JavaScript)."""
    text = (request.args.get("q") or "").strip()
    found = await _run(datasette, lambda con: pages.search(con, text, limit=50)) if text else []
    exact = [f for f in found if f["name"].lower() == text.lower() or
             (f["type"] == "package" and f["name"].partition("/")[2].lower() == text.lower())]
    if len(exact) == 1:
        return Response.redirect(exact[0]["url"])
    return await _render(datasette, request, "wump_search.html", {"q": text, "results": found})


async def package_page(datasette, request):
    """GET /packages/{ecosystem}/{name} — the default answer with its toggles, evidence and chart."""
    spec = unquote(request.url_vars["spec"])
    args = _args(request)
    try:
        data = await _run(datasette, lambda con: pages.package_page(con, spec, args))
    except answers.NotFound as exc:
        if not exc.suggestions and not exc.candidates:
            exc.suggestions = await _run(datasette, lambda con: pages.suggest_packages(con, spec))
        return await _not_found(datasette, request, exc, "package", _package_link)
    except answers.BadRequest as exc:
        return await _render(datasette, request, "wump_not_found.html",
                             {"message": str(exc), "what": "request", "links": [(spec, _package_link(spec))]},
                             status=400)
    package = data["package"]
    canonical = pages.package_path(package["ecosystem"], package["name"])
    if unquote(request.path).rstrip("/") != unquote(canonical):  # bare or differently spelled names
        return Response.redirect(canonical + (f"?{request.query_string}" if request.query_string else ""))
    badge = pages.badge_markdown(f"{request.scheme}://{request.host}", package["ecosystem"], package["name"])
    return await _render(datasette, request, "wump_package.html", {**data, "badge_markdown": badge})


async def org_page(datasette, request):
    """GET /orgs/{org} — the owner, what it uses, its repositories."""
    name = unquote(request.url_vars["org"])
    try:
        data = await _run(datasette, lambda con: pages.org_page(con, name))
    except answers.NotFound as exc:
        return await _not_found(datasette, request, exc, "organization", lambda n: pages.org_path(None, n))
    return await _render(datasette, request, "wump_org.html", data)


@hookimpl
def register_routes():
    return [
        (r"^/$", home),
        (r"^/search$", search_page),
        (r"^/api/v1/search$", search_json),
        (r"^/packages/(?P<spec>.+?)/?$", package_page),
        (r"^/orgs/(?P<org>[^/]+(?:/[^/]+)?)/?$", org_page),
    ]
