"""The sponsorship part of the offline demo (issue 12): a second Microsoft organization, the
GitHub GraphQL, sponsors.ecosyste.ms and Open Source Pledge answers, and the demo's maintainer.

Like the GitHub snapshot, everything here is wump's own invention in the services' documented
response shapes, served through swapped HTTP transports so the real clients run unchanged:

- ``azure`` (website azure.microsoft.com) joins ``microsoft`` (opensource.microsoft.com): one
  company, microsoft.com, behind two organizations that both use fastapi;
- the demo's maintainer is ``tiangolo`` (fastapi's author), sponsored by ``explosion``, so that
  organization is flagged ``already_sponsors_you``;
- a few organizations sponsor others publicly, and two are Open Source Pledge members
  (``pydantic.dev``, ``vercel.com``) matched by their websites' domain.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache

import httpx

DEMO_MAINTAINER = "tiangolo"
DEMO_PLEDGE_URL = "https://pledge.demo.invalid/members.json"

# The second Microsoft organization: login → (profile, repositories). Hand-written, so the rest
# of the generated snapshot (and the numbers tests pin) stay as they are.
EXTRA_ORGANIZATIONS = {
    "azure": (
        {"login": "azure", "id": 6844498, "type": "Organization", "name": "Microsoft Azure",
         "blog": "https://azure.microsoft.com", "company": None, "location": "Redmond, WA", "is_verified": True,
         "public_repos": 2, "html_url": "https://github.com/azure", "created_at": "2014-03-04T00:00:00Z"},
        [
            ("nimbus-api", "Python", 212, "2026-10-21T09:12:44Z",
             [("pypi", "fastapi", ">=0.110", "runtime"), ("pypi", "requests", ">=2.31", "runtime"),
              ("pypi", "pytest", ">=8", "development")]),
            ("orbit-sdk", "TypeScript", 64, "2026-08-02T17:40:03Z",
             [("npm", "typescript", "^5.3.3", "development"), ("npm", "zod", "^3.22.4", "runtime")]),
        ],
    ),
}

# GitHub GraphQL: owner → (hasSponsorsListing, sponsoring.totalCount). Owners of the GitHub
# snapshot not named here answer (false, 0); logins outside it are NOT_FOUND.
GRAPHQL_OWNERS = {
    "microsoft": (True, 41), "azure": (False, 3), "shopify": (True, 28), "stripe": (False, 12),
    "vercel": (True, 19), "explosion": (True, 6), "pydantic": (True, 4), "netflix": (False, 2),
    "chen-wei": (True, 1),
}
MAINTAINER_SPONSORS = [("explosion", "Organization", "2025-03-14T10:00:00Z"), ("chen-wei", "User", "2026-01-09T08:30:00Z")]

# sponsors.ecosyste.ms accounts: login → (has_sponsors_listing, sponsorships_count, active_sponsorships_count).
SPONSORS_ACCOUNTS = {"shopify": (True, 31, 27), "stripe": (False, 14, 12), "explosion": (True, 6, 6),
                     "uber": (False, 1, 0), DEMO_MAINTAINER: (True, 0, 0)}

# Open Source Pledge members, in the Pledge's member schema (old and new report shapes both).
PLEDGE_MEMBERS = [
    {"domain": "pydantic.dev", "name": "Pydantic", "urlLearnMore": "https://pydantic.dev/opensource",
     "datetimeModified": "2026-10-07T00:00:00Z",
     "annualReports": [{"dateYearEnding": "2025-10-07", "averageNumberOfDevs": 14, "paymentsToProjects": 30000,
                        "monetaryValueOfTime": 0, "monetaryValueOfMaterials": 0},
                       {"dateYearEnding": "2024-10-07", "averageNumberOfDevs": 11, "paymentsToProjects": 24000,
                        "monetaryValueOfTime": 0, "monetaryValueOfMaterials": 0}]},
    {"domain": "vercel.com", "name": "Vercel", "urlLearnMore": "https://vercel.com/oss",
     "datetimeModified": "2026-06-30T00:00:00Z",
     "annualReports": [{"dateYearEnding": "2026-01-31", "averageNumberOfDevs": 60,
                        "monetaryPayments": [{"amount": 90000}, {"amount": 30000}]}]},
    {"domain": "sentry.io", "name": "Sentry", "urlLearnMore": "https://open.sentry.io/osspledge/",
     "datetimeModified": "2026-02-01T00:00:00Z",
     "annualReports": [{"dateYearEnding": "2026-01-31", "averageNumberOfDevs": 135, "paymentsToProjects": 500000,
                        "monetaryValueOfTime": 0, "monetaryValueOfMaterials": 0}]},
]


def _blob_sha(content: bytes) -> str:
    from wump.demo.generate import git_blob_sha

    return git_blob_sha(content)


@lru_cache(maxsize=1)
def extra_github() -> tuple[tuple[str, ...], dict[str, dict]]:
    """The extra organizations' GitHub REST responses, keyed like the snapshot's."""
    from wump.demo.generate import manifest_files, spdx_sbom

    responses: dict[str, dict] = {}
    for login, (profile, repositories) in EXTRA_ORGANIZATIONS.items():
        listing = []
        for index, (repo, language, stars, pushed, deps) in enumerate(repositories):
            full = f"{login}/{repo}"
            listing.append({"id": 7_000_000 + index, "name": repo, "full_name": full,
                            "owner": {"login": login, "type": "Organization"}, "private": False,
                            "html_url": f"https://github.com/{full}", "description": f"{repo} by {login}",
                            "fork": False, "archived": False, "stargazers_count": stars, "language": language,
                            "default_branch": "main", "pushed_at": pushed, "created_at": "2024-05-01T00:00:00Z"})
            tree = []
            for path, text in sorted(manifest_files(language, repo, sorted(deps)).items()):
                content = text.encode()
                sha = _blob_sha(content)
                tree.append({"path": path, "mode": "100644", "type": "blob", "sha": sha, "size": len(content)})
                responses[f"/repos/{full}/git/blobs/{sha}"] = {"status": 200, "body": {
                    "sha": sha, "size": len(content), "encoding": "base64",
                    "content": base64.encodebytes(content).decode()}}
            responses[f"/repos/{full}/git/trees/main?recursive=1"] = {
                "status": 200, "body": {"sha": _blob_sha(repo.encode()), "tree": tree, "truncated": False}}
            responses[f"/repos/{full}/dependency-graph/sbom"] = {"status": 200, "body": spdx_sbom(login, repo, sorted(deps))}
        responses[f"/orgs/{login}/repos?per_page=100&type=public"] = {"status": 200, "body": listing}
        responses[f"/orgs/{login}"] = {"status": 200, "body": profile}
        responses[f"/users/{login}"] = {"status": 200, "body": {k: v for k, v in profile.items() if k != "is_verified"}}
    return tuple(EXTRA_ORGANIZATIONS), responses


def _graphql(request: httpx.Request, known: dict[str, str]) -> httpx.Response:
    """Answers wump's two GitHub GraphQL queries (aliased owners; one owner's sponsors).
    ``known``: login (lower case) → GitHub type of every owner GitHub knows in the demo."""
    body = json.loads(request.content)
    variables = body.get("variables") or {}
    if "sponsors(first" in body.get("query", ""):
        login = variables.get("login")
        if login != DEMO_MAINTAINER:
            return httpx.Response(200, json={"data": {"repositoryOwner": None}, "errors": [
                {"type": "NOT_FOUND", "path": ["repositoryOwner"], "message": f"Could not resolve to a User '{login}'."}]})
        nodes = [{"__typename": kind, "login": sponsor} for sponsor, kind, _ in MAINTAINER_SPONSORS]
        return httpx.Response(200, json={"data": {"repositoryOwner": {"login": login, "sponsors": {
            "totalCount": len(nodes), "pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": nodes}},
            "rateLimit": {"cost": 1, "remaining": 4999}}})
    data: dict = {"rateLimit": {"cost": 1, "remaining": 4999}}
    errors = []
    for name, login in sorted(variables.items()):
        alias = f"o{name[1:]}"
        if login.lower() not in known:
            data[alias] = None
            errors.append({"type": "NOT_FOUND", "path": [alias], "message": f"Could not resolve to a RepositoryOwner "
                                                                          f"with the login of '{login}'."})
            continue
        listing, sponsoring = GRAPHQL_OWNERS.get(login.lower(), (False, 0))
        data[alias] = {"__typename": known[login.lower()], "login": login, "hasSponsorsListing": listing,
                       "sponsoring": {"totalCount": sponsoring}}
    return httpx.Response(200, json={"data": data, **({"errors": errors} if errors else {})})


def _sponsors_service(request: httpx.Request) -> httpx.Response:
    parts = request.url.path.strip("/").split("/")
    if parts[:3] == ["api", "v1", "accounts"] and len(parts) == 4 and parts[3].lower() in SPONSORS_ACCOUNTS:
        login = parts[3].lower()
        listing, made, active = SPONSORS_ACCOUNTS[login]
        return httpx.Response(200, json={"id": len(login), "login": login, "has_sponsors_listing": listing,
                                         "sponsors_count": len(MAINTAINER_SPONSORS) if login == DEMO_MAINTAINER else 0,
                                         "sponsorships_count": made, "active_sponsorships_count": active,
                                         "html_url": f"https://github.com/{login}",
                                         "sponsors_url": f"https://github.com/sponsors/{login}"})
    if parts == ["api", "v1", "account", DEMO_MAINTAINER, "sponsors"]:
        page = int(request.url.params.get("page", "1"))
        rows = [{"id": i, "status": "active", "created_at": since, "updated_at": since,
                 "funder": {"login": sponsor}, "maintainer": {"login": DEMO_MAINTAINER}}
                for i, (sponsor, _kind, since) in enumerate(MAINTAINER_SPONSORS)]
        return httpx.Response(200, json=rows if page == 1 else [])
    return httpx.Response(404, json={"error": "Not Found"})


def _pledge(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=PLEDGE_MEMBERS)


def signal_transports(owner_types: dict[str, str]) -> dict[str, httpx.BaseTransport]:
    """Transports for the signal sources, by service key (see ``wump.sources.registry``).

    :param owner_types: login → GitHub type of the demo snapshot's owners (``wump.demo`` passes them).
    """
    known = {**{login.lower(): kind for login, kind in owner_types.items()}, DEMO_MAINTAINER: "User"}
    return {"github_graphql": httpx.MockTransport(lambda request: _graphql(request, known)),
            "ecosystems_sponsors": httpx.MockTransport(_sponsors_service), "pledge": httpx.MockTransport(_pledge)}
