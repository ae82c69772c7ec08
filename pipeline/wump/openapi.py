"""The OpenAPI 3.1 document of wump's HTTP API (``/api/v1/openapi.json``), built from the same
vocabularies ``wump.answers`` validates against (sorts, owner types, page sizes, ecosystems), so
the contract cannot list a value the API refuses or miss one it takes.

``tests/test_openapi.py`` validates the document and checks live responses of every documented
route against it; a route added to a plugin without a description here fails that test.
"""

from __future__ import annotations

from importlib import metadata

from wump import answers
from wump.identity import KNOWN_ECOSYSTEMS

OPENAPI_VERSION = "3.1.0"


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(type_: str, **extra) -> dict:
    return {"type": [type_, "null"], **extra}


TIMESTAMP = {"type": ["string", "null"], "description": "ISO 8601 UTC, e.g. 2025-01-31T12:00:00Z."}
STRINGS = {"type": "array", "items": {"type": "string"}}


def _object(properties: dict, required: list[str] | None = None, *, closed: bool = True, **extra) -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties) if required is None else required}
    if closed:
        schema["additionalProperties"] = False
    return {**schema, **extra}


SCHEMAS: dict[str, dict] = {
    "User": _object({
        "org": {"type": "string", "description": "Owner login on its host."},
        "owner_type": {"enum": list(answers.OWNER_TYPES)},
        "repos": {"type": "integer", "description": "Repositories that declare the package directly."},
        "runtime_repos": {"type": "integer", "description": "Of those, where it is a runtime dependency."},
        "transitive_repos": {"type": "integer", "description": "Repositories that only have it in a lockfile."},
        "stars": {"type": "integer", "description": "Stars summed over the owner's repositories using it."},
        "last_commit_at": TIMESTAMP,
        "first_seen": TIMESTAMP,
        "sources": {**STRINGS, "description": "Sources that reported the use."},
        "host": {"type": "string", "examples": ["github.com"]},
        "url": {"type": "string", "format": "uri", "description": "The owner's page on its host."},
    }, description="One owner of the ranked answer."),
    "Manifest": _object({"path": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
                        description="A manifest file declaring the package, linked on its host."),
    "Evidence": _object({
        "repository": {"type": "string", "description": "owner/name."},
        "url": _nullable("string", format="uri"),
        "stars": _nullable("integer"),
        "fork": {"type": "boolean"},
        "archived": {"type": "boolean"},
        "last_commit_at": TIMESTAMP,
        "manifests": {"type": "array", "items": _ref("schemas", "Manifest")},
        "requirement": _nullable("string", description="As declared, e.g. >=0.110."),
        "version": _nullable("string", description="Resolved version from a lockfile or SBOM."),
        "dependency_type": _nullable("string", examples=["runtime", "development"]),
        "direct": {"type": "boolean", "description": "Declared in a manifest (not only in a lockfile)."},
        "sources": STRINGS,
        "first_seen": TIMESTAMP,
        "last_seen": TIMESTAMP,
    }, description="One repository of the owner that uses the package."),
    "Adopter": _object({
        "org": {"type": "string"},
        "owner_type": {"enum": list(answers.OWNER_TYPES)},
        "first_seen": {"type": "string", "description": "Earliest evidence of use (ISO 8601 UTC)."},
        "last_seen": {"type": "string"},
        "ended_at": {**TIMESTAMP, "description": "When the use stopped; null while in use."},
        "direct": {"type": "boolean"},
        "url": {"type": "string", "format": "uri"},
    }, description="An owner by when it started using the package."),
    "ListUser": _object({
        "org": {"type": "string"},
        "owner_type": {"enum": list(answers.OWNER_TYPES)},
        "repos": {"type": "integer", "description": "Repositories using any of the packages directly."},
        "transitive_repos": {"type": "integer"},
        "stars": {"type": "integer"},
        "last_commit_at": TIMESTAMP,
        "first_seen": TIMESTAMP,
        "packages": {**STRINGS, "description": "Which of the packages it uses (ECOSYSTEM/NAME)."},
        "host": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    }, description="An owner using any of several packages, each repository counted once."),
    "OwnerPackage": _object({
        "package": {"type": "string", "description": "ECOSYSTEM/NAME."},
        "repos": {"type": "integer"},
        "runtime_repos": {"type": "integer"},
        "transitive_repos": {"type": "integer"},
        "first_seen": TIMESTAMP,
    }),
    "Owner": _object({
        "org": {"type": "string"},
        "host": {"type": "string"},
        "owner_type": {"enum": list(answers.OWNER_TYPES)},
        "url": {"type": "string", "format": "uri"},
        "display_name": _nullable("string"),
        "website_url": _nullable("string"),
        "is_verified": _nullable("boolean", description="Domain verified by GitHub; null when unknown."),
        "sponsorship_url": _nullable("string"),
        "company": _nullable("string"),
        "location": _nullable("string"),
        "total_repositories": _nullable("integer"),
        "total_stars": _nullable("integer"),
        "first_seen": TIMESTAMP,
        "deleted_at": {**TIMESTAMP, "description": "When the owner disappeared from every source."},
        "packages": {"type": "array", "items": _ref("schemas", "OwnerPackage"),
                     "description": "Packages its repositories use, most used first."},
    }, description="A repository owner and what it uses."),
    "SearchResult": _object({
        "type": {"enum": ["package", "organization"]},
        "name": {"type": "string", "description": "ECOSYSTEM/NAME for a package, the login for an owner."},
        "description": _nullable("string"),
        "url": {"type": "string", "description": "The site's page for it."},
        "organizations": _nullable("integer", description="Packages: owners using it."),
        "owner_type": {"enum": list(answers.OWNER_TYPES), "description": "Owners only."},
        "repositories": _nullable("integer", description="Owners: repositories wump knows."),
    }, ["type", "name", "description", "url"]),
    "Health": _object({
        "status": {"const": "ok"},
        "database": {"type": "string"},
        "built_at": TIMESTAMP,
        "rows": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}},
    }),
    "Error": _object({
        "error": {"type": "string", "description": "What was wrong and what to ask instead."},
        "status": {"type": "integer"},
        "suggestions": {**STRINGS, "description": "Similar names."},
        "candidates": {**STRINGS, "description": "Packages a bare name could mean."},
        "urls": {**STRINGS, "description": "The same request for each candidate."},
    }, ["error", "status"]),
    # Served by datasette/plugins/leads.py; extra fields are allowed while that route settles.
    "Lead": _object({
        "org": {"type": "string"},
        "owner_type": {"enum": list(answers.OWNER_TYPES)},
        "score": {"type": "number"},
        "factors": {"type": "object", "additionalProperties": {"type": "number"},
                    "description": "What the score is made of, by factor name."},
        "already_sponsors_you": {"type": "boolean"},
    }, ["org", "owner_type", "score", "factors", "already_sponsors_you"], closed=False,
        description="An owner ranked as a sponsorship lead."),
    "Company": _object({
        "company": {"type": "string", "description": "Registrable domain, e.g. example.com, or the owner's "
                    "login when it names no domain."},
        "domain": _nullable("string", description="Registrable domain of the organizations' websites."),
        "organizations": {"type": "array", "items": _object({
            "org": {"type": "string"}, "owner_type": {"type": "string", "enum": list(answers.OWNER_TYPES)},
            "repos": {"type": "integer"}, "runtime_repos": {"type": "integer"}, "stars": {"type": "integer"},
        }, ["org", "owner_type", "repos"], closed=False)},
        "organization_count": {"type": "integer"},
        "repos": {"type": "integer"},
        "stars": {"type": "integer"},
    }, ["company", "organizations", "repos"], closed=False),
    "Badge": _object({
        "schemaVersion": {"const": 1},
        "label": {"type": "string"},
        "message": {"type": "string", "examples": ["14 organizations"]},
        "color": {"type": "string"},
    }, ["schemaVersion", "label", "message"], closed=False,
        description="A shields.io endpoint badge (https://shields.io/badges/endpoint-badge)."),
}

_SPEC = ("Names may contain slashes (npm/@types/node, golang/github.com/stretchr/testify): send them as "
         "they are or with the slashes as %2F.")
PARAMETERS: dict[str, dict] = {
    "ecosystem": {"name": "ecosystem", "in": "path", "required": True, "schema": {"type": "string"},
                  "description": f"purl type: {', '.join(sorted(KNOWN_ECOSYSTEMS))}.", "example": "pypi"},
    "name": {"name": "name", "in": "path", "required": True, "schema": {"type": "string"},
             "description": f"Package name, normalized by the ecosystem's rules on lookup. {_SPEC}",
             "example": "fastapi"},
    "bare_name": {"name": "name", "in": "path", "required": True, "schema": {"type": "string"},
                  "description": "A package name without its ecosystem; a 404 lists the candidates when "
                                 "several ecosystems have it.", "example": "fastapi"},
    "org": {"name": "org", "in": "path", "required": True, "schema": {"type": "string"},
            "description": "Owner login (any case).", "example": "netflix"},
    "owner": {"name": "owner", "in": "path", "required": True, "schema": {"type": "string"}, "example": "facebook"},
    "repo": {"name": "repo", "in": "path", "required": True, "schema": {"type": "string"}, "example": "react"},
    "owner_type": {"name": "owner_type", "in": "query", "schema": {"type": "string"}, "examples": {
        "personal": {"value": "User"}, "everyone": {"value": "any"}, "list": {"value": "Organization,User"}},
        "description": f"Which owners: {', '.join(answers.OWNER_TYPES)} or any, a comma list allowed. "
                       f"Default: {','.join(answers.DEFAULT_OWNER_TYPES)} (personal accounts left out)."},
    "transitive": {"name": "transitive", "in": "query", "schema": {"type": "boolean", "default": False},
                   "description": "Add owners that only have the package in a lockfile."},
    "forks": {"name": "forks", "in": "query", "schema": {"type": "boolean", "default": True},
              "description": "false leaves forked repositories out (counts recomputed)."},
    "archived": {"name": "archived", "in": "query", "schema": {"type": "boolean", "default": True},
                 "description": "false leaves archived repositories out."},
    "runtime": {"name": "runtime", "in": "query", "schema": {"type": "boolean", "default": False},
                "description": "true counts runtime dependencies only."},
    "active_since": {"name": "active_since", "in": "query", "schema": {"type": "string", "format": "date"},
                     "description": "Only repositories pushed on or after this date."},
    "sort": {"name": "sort", "in": "query", "schema": {"enum": list(answers.SORTS), "default": "repos"},
             "description": "repos: repositories then stars; stars; recent: last push; first_seen: "
                            "longest-standing first; name. Ties end on the owner's name."},
    "page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    "per_page": {"name": "per_page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": answers.MAX_PER_PAGE,
                            "default": answers.DEFAULT_PER_PAGE}},
    "format": {"name": "_format", "in": "query", "schema": {"enum": ["csv"]},
               "description": "csv: the same rows as CSV (like the .csv suffix)."},
    "since": {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"},
              "description": "Only owners first seen on or after this date."},
    "packages": {"name": "packages", "in": "query", "required": True, "schema": {"type": "string"},
                 "description": "Comma-separated ECOSYSTEM/NAME list.", "example": "npm/react,npm/react-dom"},
    "q": {"name": "q", "in": "query", "required": True, "schema": {"type": "string"},
          "description": "Words to match as prefixes; ECOSYSTEM/ in front searches that ecosystem only.",
          "example": "fast"},
}

_HEADER = {"schema": {"type": "string"}}
HEADERS: dict[str, dict] = {
    "Link": {**_HEADER, "description": 'Pagination: rel="next", rel="prev", rel="first" (RFC 8288).'},
    "X-Total-Count": {"schema": {"type": "integer"}, "required": True, "description": "Rows in the whole answer."},
    "X-Wump-Personal-Accounts-Left-Out": {"schema": {"type": "integer"}, "required": True,
                                          "description": "Personal accounts the owner_type filter left out."},
    "X-Wump-Transitive-Only-Left-Out": {"schema": {"type": "integer"}, "required": True,
                                        "description": "Owners with lockfile-only use left out."},
    "X-Wump-Missing-Accounts-Left-Out": {"schema": {"type": "integer"}, "required": True,
                                         "description": "Logins GitHub has no account for (deleted, renamed) "
                                                        "the owner_type filter left out."},
    "X-Wump-Include-With": {**_HEADER, "required": True,
                            "description": "Query arguments that bring the left-out owners back."},
    "X-Wump-Package": {**_HEADER, "required": True, "description": "The package answered, ECOSYSTEM/NAME."},
    "X-Wump-Packages": {**_HEADER, "required": True, "description": "The packages answered, comma-separated."},
}

FILTERS = ["owner_type", "transitive", "forks", "archived", "runtime", "active_since"]
PAGING = ["page", "per_page"]


def _params(*names: str) -> list[dict]:
    return [_ref("parameters", n) for n in names]


def _headers(*names: str) -> dict:
    return {n: _ref("headers", n) for n in names}


def _array(schema: str) -> dict:
    return {"type": "array", "items": _ref("schemas", schema)}


def _ok(description: str, content: dict, headers: tuple[str, ...] = ()) -> dict:
    response = {"description": description, "content": content}
    if headers:
        response["headers"] = _headers(*headers)
    return response


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


CSV = {"text/csv": {"schema": {"type": "string"}}}


def _errors(*codes: int) -> dict:
    names = {400: "BadRequest", 404: "NotFound"}
    return {str(c): _ref("responses", names[c]) for c in codes}


def _get(summary: str, description: str, parameters: list, responses: dict, tag: str) -> dict:
    return {"get": {"summary": summary, "description": description, "tags": [tag], "parameters": parameters,
                    "responses": responses, "operationId": _operation_id(summary)}}


def _operation_id(summary: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in summary).split()
    return words[0].lower() + "".join(w.capitalize() for w in words[1:])


def _listing(summary: str, description: str, path_params: list[str], extra: list[str], schema: str,
             headers: tuple[str, ...], tag: str, *, csv: bool = True, errors=(400, 404)) -> tuple[dict, dict | None]:
    """A JSON array route and its .csv twin."""
    params = _params(*path_params, *extra)
    content = {**_json(_array(schema)), **(CSV if csv else {})}
    json_op = _get(summary, description, params + (_params("format") if csv else []),
                   {"200": _ok("The rows, as JSON (or CSV with _format=csv).", content, headers), **_errors(*errors)}, tag)
    if not csv:
        return json_op, None
    csv_op = _get(f"{summary} (CSV)", f"{description} As CSV, one row per element, lists space-separated.",
                  params, {"200": _ok("The rows as CSV.", CSV, headers), **_errors(*errors)}, tag)
    return json_op, csv_op


def paths() -> dict[str, dict]:
    pkg = "/api/v1/packages/{ecosystem}/{name}"
    answer_headers = ("X-Total-Count", "X-Wump-Personal-Accounts-Left-Out", "X-Wump-Transitive-Only-Left-Out",
                      "X-Wump-Missing-Accounts-Left-Out", "X-Wump-Include-With", "X-Wump-Package", "Link")
    out: dict[str, dict] = {}

    def add(path: str, pair: tuple[dict, dict | None], csv_path: str | None = None):
        out[path] = pair[0]
        if pair[1] is not None:
            out[csv_path or f"{path}.csv"] = pair[1]

    users_text = ("The default answer: owners that are not known personal accounts (Organization or unknown) and "
                  "that declare the package directly, ranked by sort. Opt in to more with owner_type and "
                  "transitive; the headers say how many were left out.")
    add(f"{pkg}/users", _listing("Users of a package", users_text, ["ecosystem", "name"], FILTERS + ["sort"] + PAGING,
                                 "User", answer_headers, "packages"))
    add("/api/v1/packages/{name}/users", (_get(
        "Users of a package by bare name", f"{users_text} The package is named without its ecosystem; "
        "several ecosystems with that name are a 404 listing the candidates.",
        _params("bare_name", *FILTERS, "sort", *PAGING),
        {"200": _ok("The ranked owners.", _json(_array("User")), answer_headers), **_errors(400, 404)},
        "packages"), None))
    add(f"{pkg}/users/{{org}}", _listing(
        "Evidence of one owner", "That owner's repositories using the package, with manifest paths linked on the "
        "host, requirement, type and sources; the filters are the ranked answer's.",
        ["ecosystem", "name", "org"], ["transitive", "forks", "archived", "runtime", "active_since"] + PAGING,
        "Evidence", ("X-Total-Count", "Link"), "packages"))
    adopters_text = "Owners by when they started using the package, newest first; ended uses carry ended_at."
    adopters_params = ["owner_type", "transitive", "since"] + PAGING
    add(f"{pkg}/adopters", _listing("New adopters of a package", adopters_text, ["ecosystem", "name"],
                                    adopters_params, "Adopter", ("Link",), "packages"))
    out[f"{pkg}/adopters.atom"] = _get(
        "New adopters as an Atom feed", adopters_text, _params("ecosystem", "name", *adopters_params),
        {"200": _ok("An Atom 1.0 feed, one entry per adopter.", {"application/atom+xml": {"schema": {"type": "string"}}}),
         **_errors(400, 404)}, "packages")
    add(f"{pkg}/leads", _listing(
        "Sponsorship leads", "Owners using the package ranked as sponsorship leads, with the factors of the score.",
        ["ecosystem", "name"], PAGING, "Lead", (), "leads"))
    out[f"{pkg}/companies"] = _get(
        "Companies behind the users", "Owners grouped by the registrable domain of their website.",
        _params("ecosystem", "name"), {"200": _ok("One row per company.", _json(_array("Company"))),
                                       **_errors(404)}, "leads")
    out[f"{pkg}/badge.json"] = _get(
        "Used-by badge", "A shields.io endpoint: https://img.shields.io/endpoint?url=<this URL>.",
        _params("ecosystem", "name"), {"200": _ok("The badge.", _json(_ref("schemas", "Badge"))), **_errors(404)},
        "leads")
    add("/api/v1/repos/{owner}/{repo}/users", _listing(
        "Users of a repository's packages", "Owners using any package published from that repository (registry "
        "metadata or [sources.repositories]), each repository counted once.",
        ["owner", "repo"], FILTERS + PAGING, "ListUser", ("X-Total-Count", "X-Wump-Packages", "Link"), "packages"))
    add("/api/v1/users", _listing(
        "Users of any of several packages", "Owners using any of the listed packages, each repository counted once.",
        [], ["packages"] + FILTERS + PAGING, "ListUser", ("X-Total-Count", "X-Wump-Packages", "Link"), "packages"))
    out["/api/v1/orgs/{org}"] = _get(
        "An owner", "Type, website, verification, sponsor link, and the packages its repositories use.",
        _params("org"), {"200": _ok("The owner.", _json(_ref("schemas", "Owner"))), **_errors(404)}, "owners")
    out["/api/v1/search"] = _get(
        "Search packages and owners", "Packages, then owners, matching every word of q as a prefix (full-text).",
        _params("q"), {"200": _ok("Matches, best first.", _json(_array("SearchResult"))), **_errors(400)}, "site")
    out["/api/v1/openapi.json"] = _get(
        "This document", "The OpenAPI 3.1 description of every /api/v1 route.", [],
        {"200": _ok("OpenAPI 3.1.", _json({"type": "object"}))}, "site")
    out["/api/v1/docs"] = _get(
        "Interactive documentation", "Swagger UI on this document, served from this site (no CDN).", [],
        {"200": _ok("An HTML page.", {"text/html": {"schema": {"type": "string"}}})}, "site")
    out["/health"] = _get(
        "Health", "Row counts of the published database, as written at publish time, and when it was built.", [],
        {"200": _ok("Serving.", _json(_ref("schemas", "Health"))),
         "503": {"description": "The published database cannot be read.", "content": _json(_ref("schemas", "Error"))}},
        "site")
    return out


def _version() -> str:
    try:
        return metadata.version("wump")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def document() -> dict:
    """The OpenAPI 3.1 document, as a JSON-ready dict."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "wump — Who's Using My Package?",
            "version": _version(),
            "summary": "Which organizations depend on an open-source package, ranked, with the evidence.",
            "description": "JSON arrays; pagination in the Link header (RFC 8288); 400 and 404 answer JSON with "
                           "a message saying what to ask instead; .csv where a table fits. Every table is also "
                           "browsable, and queryable with SQL, through Datasette at /wump.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": "packages", "description": "Who uses a package, and the evidence."},
                 {"name": "leads", "description": "Whom to ask for sponsorship."},
                 {"name": "owners", "description": "Organizations and other repository owners."},
                 {"name": "site", "description": "Search, this document, health."}],
        "paths": paths(),
        "components": {
            "schemas": SCHEMAS,
            "parameters": PARAMETERS,
            "headers": HEADERS,
            "responses": {
                "BadRequest": {"description": "A parameter wump cannot use; the message says which and what is allowed.",
                               "content": _json(_ref("schemas", "Error"))},
                "NotFound": {"description": "No such package or owner; suggestions (and candidates) help ask again.",
                             "content": _json(_ref("schemas", "Error"))},
            },
        },
    }
