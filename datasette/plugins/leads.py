"""Sponsorship leads routes: /api/v1/packages/{ecosystem}/{name}/leads (.csv), …/companies
(.csv) and …/badge.json (a shields.io endpoint).

Scoring, grouping and the badge live in ``wump.leads``; finding the package and pagination in
``wump.api_support``. This file maps HTTP to them; the weights come from ``wump.toml [leads]``.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from urllib.parse import unquote

from datasette import hookimpl
from datasette.utils.asgi import Response

from wump import answers, leads
from wump.api_support import error_body, find_package, page_links
from wump.config import ConfigError, load_settings

BADGE_MAX_AGE = 3600


@lru_cache(maxsize=1)
def _options():
    return load_settings().leads


def _database(datasette):
    return datasette.get_database("wump") if "wump" in datasette.databases else datasette.get_database()


def _error(status: int, message: str, **extra) -> Response:
    return Response.json(error_body(status, message, **extra), status=status)


async def _package(datasette, request, route: str):
    db = _database(datasette)

    async def execute(sql, params):
        return (await db.execute(sql, params)).rows

    package, error = await find_package(execute, unquote(request.url_vars["spec"]), route)
    return db, execute, package, (Response.json(error, status=404) if error else None)


def _csv(rows: list[dict], columns, headers: dict) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), headers=headers, content_type="text/csv; charset=utf-8")


def _paged(request, items: list[dict], page: int, per_page: int, headers: dict) -> list[dict]:
    link = page_links(f"{request.scheme}://{request.host}{request.path}",
                      [(k, v) for k in request.args for v in request.args.getlist(k)], page,
                      len(items) > page * per_page)
    if link:
        headers["link"] = link
    headers["x-total-count"] = str(len(items))
    return items[(page - 1) * per_page:page * per_page]


async def _ranked(datasette, request, route: str, companies: bool):
    args = {key: request.args.get(key) for key in request.args}
    try:
        filters = leads.lead_filters_from_args(args)
        page, per_page = answers.page_args(args)
        options = _options()
    except answers.BadRequest as exc:
        return _error(400, str(exc))
    except ConfigError as exc:
        return _error(500, str(exc))
    db, execute, package, error = await _package(datasette, request, route)
    if error:
        return error
    sql, params = leads.rows_query(package["id"], filters)
    rows = [dict(r) for r in await execute(sql, params)]
    left_out = dict((await execute(leads.LEFT_OUT, {"package_id": package["id"]}))[0])
    headers = {"x-wump-package": f"{package['ecosystem']}/{package['name']}"}
    if filters.owner_type is None:
        headers["x-wump-left-out-personal-accounts"] = str(left_out["personal_accounts"])
    if not filters.transitive:
        headers["x-wump-left-out-transitive-only"] = str(left_out["transitive_only"])
    if companies:
        items = leads.group_companies(rows) if route.startswith("companies") else \
            leads.rank_companies(rows, options, filters.as_of)
    else:
        items = leads.rank_leads(rows, options, filters.as_of)
    items = _paged(request, items, page, per_page, headers)
    if not companies:
        sql, params = leads.evidence_query([lead["organization_id"] for lead in items])
        items = leads.attach_evidence(items, [dict(r) for r in await execute(sql, params)])
    if request.url_vars.get("ext") == ".csv":
        if route.startswith("companies"):
            flat = [{**c, "organizations": " ".join(o["org"] for o in c["organizations"])} for c in items]
            return _csv(flat, ("company", "domain", "organization_count", "organizations", "repos", "runtime_repos",
                               "transitive_repos", "stars", "last_commit_at", "funds_open_source",
                               "already_sponsors_you"), headers)
        return _csv([leads.csv_row(item) for item in items], leads.CSV_COLUMNS, headers)
    return Response.json(items, headers=headers)


async def package_leads(datasette, request):
    return await _ranked(datasette, request, "leads", companies=request.args.get("group") == "company")


async def package_companies(datasette, request):
    return await _ranked(datasette, request, "companies", companies=True)


async def package_badge(datasette, request):
    db, execute, package, error = await _package(datasette, request, "badge.json")
    if error:
        return error
    count = (await execute(leads.BADGE_COUNT, {"package_id": package["id"]}))[0][0]
    return Response.json(leads.badge(count), headers={"cache-control": f"public, max-age={BADGE_MAX_AGE}",
                                                      "x-wump-package": f"{package['ecosystem']}/{package['name']}"})


@hookimpl
def register_routes():
    return [
        (r"^/api/v1/packages/(?P<spec>.+)/leads(?P<ext>\.csv)?$", package_leads),
        (r"^/api/v1/packages/(?P<spec>.+)/companies(?P<ext>\.csv)?$", package_companies),
        (r"^/api/v1/packages/(?P<spec>.+)/badge\.json$", package_badge),
    ]
