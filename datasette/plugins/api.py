"""wump's JSON API beside Datasette's own: /api/v1/packages/{ecosystem}/{name}/users and /health.

The ranking and filters live in ``wump.answers`` (shared with ``wump users``); this file only
maps HTTP to them: query string in, JSON array out, pagination in a ``Link`` header.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from wump import answers


def _database(datasette):
    return datasette.get_database("wump") if "wump" in datasette.databases else datasette.get_database()


def _error(status: int, message: str, **extra) -> Response:
    return Response.json({"error": message, "status": status, **extra}, status=status)


async def _find_package(db, spec: str):
    """(package row, None) or (None, error Response): unknown → 404 with suggestions,
    ambiguous bare name → 404 listing the candidates."""
    for sql, params in answers.package_lookups(spec):
        rows = (await db.execute(sql, params)).rows
        if len(rows) == 1:
            return rows[0], None
        if len(rows) > 1:
            candidates = [f"{r['ecosystem']}/{r['name']}" for r in rows]
            return None, _error(
                404,
                f"'{spec}' names packages in several ecosystems; ask for one of them",
                candidates=candidates,
                urls=[f"/api/v1/packages/{c}/users" for c in candidates],
            )
    similar = [r["package"] for r in (await db.execute(answers.SIMILAR_PACKAGES, answers.similar_pattern(spec))).rows]
    return None, _error(
        404,
        f"No package '{spec}' in wump. Ask for ECOSYSTEM/NAME with a purl type, e.g. pypi/fastapi.",
        suggestions=similar,
    )


async def package_users(datasette, request):
    # Clients may send scoped names percent-encoded (npm/%40types/node); the route takes them whole.
    spec = unquote(request.url_vars["spec"])
    db = _database(datasette)
    args = {key: request.args.get(key) for key in request.args}
    try:
        filters = answers.filters_from_args(args)
        page, per_page = answers.page_args(args)
    except answers.BadRequest as exc:
        return _error(400, str(exc))
    package, error = await _find_package(db, spec)
    if error:
        return error
    sql, params = answers.users_query(package["id"], filters, per_page + 1, (page - 1) * per_page)
    rows = [answers.shape_user(dict(r)) for r in (await db.execute(sql, params)).rows]
    headers = {"x-wump-package": f"{package['ecosystem']}/{package['name']}"}
    links = []
    if len(rows) > per_page:
        links.append(f'<{_page_url(request, page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{_page_url(request, page - 1)}>; rel="prev"')
        links.append(f'<{_page_url(request, 1)}>; rel="first"')
    if links:
        headers["link"] = ", ".join(links)
    return Response.json(rows[:per_page], headers=headers)


def _page_url(request, page: int) -> str:
    args = [(k, v) for k in request.args if k != "page" for v in request.args.getlist(k)]
    args.append(("page", str(page)))
    return f"{request.scheme}://{request.host}{request.path}?{urlencode(args)}"


async def health(datasette, request):
    db = _database(datasette)
    try:
        counts = {t: (await db.execute(f"SELECT count(*) FROM [{t}]")).first()[0]
                  for t in ("package_users", "packages", "organizations")}
    except Exception as exc:  # the database is unreadable: say so, with the reason
        return _error(503, f"published database unreadable: {exc}")
    built_at = None
    if db.path and os.path.exists(db.path):
        from datetime import datetime, timezone

        built_at = datetime.fromtimestamp(os.path.getmtime(db.path), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Response.json({"status": "ok", "database": db.name, "built_at": built_at, "rows": counts})


@hookimpl
def register_routes():
    return [
        (r"^/api/v1/packages/(?P<spec>.+)/users$", package_users),
        (r"^/health$", health),
    ]
