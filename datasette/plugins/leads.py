"""Sponsorship leads routes: /api/v1/packages/{ecosystem}/{name}/leads (.csv), …/companies
(.csv) and …/badge.json (a shields.io endpoint).

Scoring, grouping and the badge live in ``wump.leads``; finding the package and the default
answer's counts in ``wump.answers``, pagination in ``wump.api_support``. This file maps HTTP to them; the weights come from ``wump.toml [leads]``.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from urllib.parse import unquote

from datasette.utils.asgi import Response
from wump import answers, leads
from wump.api_support import error_body, not_found_body, page_links
from wump.config import ConfigError, load_settings

from datasette import hookimpl

BADGE_MAX_AGE = 3600


@lru_cache(maxsize=1)
def _options():
    return load_settings().leads


def _database(datasette):
    return datasette.get_database("wump") if "wump" in datasette.databases else datasette.get_database()


def _error(status: int, message: str, **extra) -> Response:
    return Response.json(error_body(status, message, **extra), status=status)


def _not_found(exc: answers.NotFound, route: str) -> Response:
    return Response.json(not_found_body(exc, route), status=404)


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
    spec = unquote(request.url_vars["spec"])

    def answer(con):
        package = answers.find_package(con, spec)
        sql, params = leads.rows_query(package["id"], filters)
        return package, answers.rows(con, sql, params), answers.count_users(con, package["id"], filters.answer_filters)

    try:
        package, rows, counts = await _database(datasette).execute_fn(answer)
    except answers.NotFound as exc:
        return _not_found(exc, route)
    # What the owner-type and transitive filters left out, as the users route says it (its own total aside).
    left_out = {k: v for k, v in counts.headers(filters.answer_filters).items() if k != "x-total-count"}
    headers = {"x-wump-package": f"{package['ecosystem']}/{package['name']}", **left_out}
    if companies:
        items = leads.group_companies(rows) if route.startswith("companies") else \
            leads.rank_companies(rows, options, filters.as_of)
    else:
        items = leads.rank_leads(rows, options, filters.as_of)
    items = _paged(request, items, page, per_page, headers)
    if not companies:
        sql, params = leads.evidence_query([lead["organization_id"] for lead in items])
        signals = await _database(datasette).execute_fn(lambda con: answers.rows(con, sql, params))
        items = leads.attach_evidence(items, signals)
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
    """The shields.io endpoint: the size of the default answer, as ``X-Total-Count`` says it."""
    spec = unquote(request.url_vars["spec"])

    def answer(con):
        package = answers.find_package(con, spec)
        return package, answers.count_users(con, package["id"], answers.UserFilters()).total

    try:
        package, count = await _database(datasette).execute_fn(answer)
    except answers.NotFound as exc:
        return _not_found(exc, "badge.json")
    return Response.json(leads.badge(count), headers={"cache-control": f"public, max-age={BADGE_MAX_AGE}",
                                                      "x-wump-package": f"{package['ecosystem']}/{package['name']}"})


@hookimpl
def register_routes():
    return [
        (r"^/api/v1/packages/(?P<spec>.+)/leads(?P<ext>\.csv)?$", package_leads),
        (r"^/api/v1/packages/(?P<spec>.+)/companies(?P<ext>\.csv)?$", package_companies),
        (r"^/api/v1/packages/(?P<spec>.+)/badge\.json$", package_badge),
    ]
