"""wump's JSON API beside Datasette's own: the ``/api/v1`` routes and ``/health``.

Every answer is computed by ``wump.answers`` on Datasette's own connection (``execute_fn``); this
file only maps HTTP to it: query string in, JSON array (or CSV, or Atom) out, pagination in a
``Link`` header, 400/404 as JSON with a message saying what to ask instead.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

from datasette.utils.asgi import Response
from wump import answers, feeds
from wump.api_support import error_body, not_found_body, page_links

from datasette import hookimpl


def _database(datasette):
    return datasette.get_database("wump") if "wump" in datasette.databases else datasette.get_database()


def _error(status: int, message: str, **extra) -> Response:
    return Response.json(error_body(status, message, **extra), status=status)


def _not_found(exc: answers.NotFound, route: str) -> Response:
    return Response.json(not_found_body(exc, route), status=404)


def _args(request) -> dict[str, str]:
    return {key: request.args.get(key) for key in request.args}


def _links(request, page: int, has_next: bool) -> dict[str, str]:
    link = page_links(f"{request.scheme}://{request.host}{request.path}",
                      [(k, v) for k in request.args for v in request.args.getlist(k)], page, has_next)
    return {"link": link} if link else {}


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(v["url"] if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _respond(items: list[dict], fmt: str | None, headers: dict[str, str]) -> Response:
    """JSON array, or CSV (``.csv`` suffix or ``_format=csv``) with the same columns."""
    if fmt == "csv":
        out = io.StringIO()
        columns = list(items[0]) if items else []
        writer = csv.writer(out)
        writer.writerow(columns)
        for item in items:
            writer.writerow([_csv_cell(item[c]) for c in columns])
        return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                        headers=headers)
    return Response.json(items, headers=headers)


def _format(request, suffix: str | None) -> str | None:
    return (suffix or "").lstrip(".") or request.args.get("_format") or None


async def _run(datasette, fn):
    """``fn(connection)`` on the published database's own connection (in its thread)."""
    return await _database(datasette).execute_fn(fn)


def _paged(request) -> tuple[int, int]:
    return answers.page_args(_args(request))


async def package_users(datasette, request):
    """GET /api/v1/packages/{ecosystem}/{name}/users — the ranked answer."""
    # Clients may send scoped names percent-encoded (npm/%40types/node); the route takes them whole.
    spec = unquote(request.url_vars["spec"])
    try:
        filters = answers.filters_from_args(_args(request))
        page, per_page = _paged(request)
    except answers.BadRequest as exc:
        return _error(400, str(exc))

    def answer(con):
        package = answers.find_package(con, spec)
        facts = answers.package_facts(con, package["id"])  # once for both queries
        found = answers.users(con, package["id"], filters, per_page + 1, (page - 1) * per_page, facts)
        return package, found, answers.count_users(con, package["id"], filters, facts)

    try:
        package, found, counts = await _run(datasette, answer)
    except answers.NotFound as exc:
        return _not_found(exc, "users")
    headers = {"x-wump-package": f"{package['ecosystem']}/{package['name']}", **counts.headers(filters),
               **_links(request, page, len(found) > per_page)}
    return _respond(found[:per_page], _format(request, request.url_vars.get("fmt")), headers)


async def package_user_evidence(datasette, request):
    """GET /api/v1/packages/{ecosystem}/{name}/users/{org} — that owner's repositories using it."""
    spec = unquote(request.url_vars["spec"])
    org = unquote(request.url_vars["org"])
    try:
        filters = answers.filters_from_args({**_args(request), "owner_type": "any"})
        page, per_page = _paged(request)
    except answers.BadRequest as exc:
        return _error(400, str(exc))

    def answer(con):
        package = answers.find_package(con, spec)
        owner = answers.find_owner(con, org)
        return package, owner, answers.evidence(con, package["id"], owner["id"], filters)

    try:
        package, owner, found = await _run(datasette, answer)
    except answers.NotFound as exc:
        return _not_found(exc, "users")
    if not found:
        return _error(404, f"{owner['name']} has no repository using {package['ecosystem']}/{package['name']}"
                           + ("" if filters.transitive else " directly (add transitive=true for lockfile-only use)"))
    start = (page - 1) * per_page
    headers = {"x-total-count": str(len(found)), **_links(request, page, len(found) > start + per_page)}
    return _respond(found[start:start + per_page], _format(request, request.url_vars.get("fmt")), headers)


async def package_adopters(datasette, request):
    """GET /api/v1/packages/{ecosystem}/{name}/adopters[.atom|.csv] — newest adopters first."""
    spec = unquote(request.url_vars["spec"])
    args = _args(request)
    try:
        filters = answers.filters_from_args(args)
        since = answers.date_arg(args.get("since"), "since")
        page, per_page = _paged(request)
    except answers.BadRequest as exc:
        return _error(400, str(exc))

    def answer(con):
        package = answers.find_package(con, spec)
        return package, answers.adopters(con, package["id"], filters, since=since, limit=per_page + 1,
                                         offset=(page - 1) * per_page)

    try:
        package, found = await _run(datasette, answer)
    except answers.NotFound as exc:
        return _not_found(exc, "adopters")
    fmt = _format(request, request.url_vars.get("fmt"))
    if fmt == "atom":
        base = f"{request.scheme}://{request.host}"
        body = feeds.adopters_atom(f"{package['ecosystem']}/{package['name']}", found[:per_page], base,
                                   f"{base}{request.path}")
        return Response(body, content_type="application/atom+xml; charset=utf-8")
    return _respond(found[:per_page], fmt, _links(request, page, len(found) > per_page))


async def _users_of(datasette, request, resolve, route: str):
    try:
        filters = answers.filters_from_args(_args(request))
        page, per_page = _paged(request)
    except answers.BadRequest as exc:
        return _error(400, str(exc))

    def answer(con):
        packages = resolve(con)
        found, total = answers.users_of_packages(con, [p["id"] for p in packages], filters, per_page + 1,
                                                 (page - 1) * per_page)
        return packages, found, total

    try:
        packages, found, total = await _run(datasette, answer)
    except answers.NotFound as exc:
        return _not_found(exc, route)
    headers = {"x-total-count": str(total),
               "x-wump-packages": ",".join(f"{p['ecosystem']}/{p['name']}" for p in packages),
               **_links(request, page, len(found) > per_page)}
    return _respond(found[:per_page], _format(request, request.url_vars.get("fmt")), headers)


async def repository_users(datasette, request):
    """GET /api/v1/repos/{owner}/{repo}/users — users of every package published from that repository."""
    full_name = f"{request.url_vars['owner']}/{request.url_vars['repo']}"

    def resolve(con):
        packages = answers.packages_of_repository(con, full_name)
        if not packages:
            raise answers.NotFound(f"No package in wump names {full_name} as its source repository. "
                                   'Set [sources.repositories] "ECOSYSTEM/NAME" = "owner/repo" in wump.toml, or ask '
                                   "/api/v1/users?packages=ECOSYSTEM/NAME,...")
        return packages

    return await _users_of(datasette, request, resolve, "users")


async def users_of_list(datasette, request):
    """GET /api/v1/users?packages=pypi/a,npm/b — users of any of the listed packages."""
    listed = [p.strip() for p in (request.args.get("packages") or "").split(",") if p.strip()]
    if not listed:
        return _error(400, "packages is required: a comma-separated list such as packages=pypi/fastapi,npm/react")
    return await _users_of(datasette, request, lambda con: answers.find_packages(con, listed), "users")


async def organization(datasette, request):
    """GET /api/v1/orgs/{org} — the owner and the packages its repositories use."""
    name = unquote(request.url_vars["org"])

    def answer(con):
        return answers.owner_view(con, answers.find_owner(con, name))

    try:
        return Response.json(await _run(datasette, answer))
    except answers.NotFound as exc:
        return _error(404, exc.message, suggestions=exc.suggestions)


async def health(datasette, request):
    """GET /health — the published database's row counts, as written at publish time."""
    db = _database(datasette)
    try:
        counts = {t: datasette.inspect_data[db.name]["tables"][t]["count"]
                  for t in ("package_users", "packages", "organizations")} if datasette.inspect_data else None
        if counts is None:  # served without an inspect file: a cheap count of the small tables
            counts = {t: (await db.execute(f"SELECT count(*) FROM [{t}]")).first()[0]
                      for t in ("package_users", "packages", "organizations")}
    except Exception as exc:  # the database is unreadable: say so, with the reason
        return _error(503, f"published database unreadable: {exc}")
    built_at = None
    if db.path:
        import os
        from datetime import UTC, datetime

        if os.path.exists(db.path):
            built_at = datetime.fromtimestamp(os.path.getmtime(db.path), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Response.json({"status": "ok", "database": db.name, "built_at": built_at, "rows": counts})


@hookimpl
def register_routes():
    return [
        # A `.json` suffix is the JSON itself: the paths `wump export static` writes are live paths too.
        (r"^/api/v1/packages/(?P<spec>.+)/users(?P<fmt>\.csv|\.json)?$", package_users),
        (r"^/api/v1/packages/(?P<spec>.+)/users/(?P<org>[^/]+?)(?P<fmt>\.csv|\.json)?$", package_user_evidence),
        (r"^/api/v1/packages/(?P<spec>.+)/adopters(?P<fmt>\.atom|\.csv|\.json)?$", package_adopters),
        (r"^/api/v1/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)/users(?P<fmt>\.csv)?$", repository_users),
        (r"^/api/v1/users(?P<fmt>\.csv)?$", users_of_list),
        (r"^/api/v1/orgs/(?P<org>[^/]+(?:/[^/]+)?)$", organization),
        (r"^/health$", health),
    ]
