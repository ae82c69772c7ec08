"""In-process imitations of the sponsorship services, in their documented shapes:

- GitHub GraphQL (POST /graphql): ``repositoryOwner(login:)`` under aliases with ``$lN``
  variables, unknown logins ``null`` plus a ``NOT_FOUND`` error whose ``path`` names the alias;
  ``sponsors(first:, after:)`` connections with ``pageInfo``; ``rateLimit { cost remaining }``.
- sponsors.ecosyste.ms (openapi/api/v1/openapi.yaml): ``/api/v1/accounts/{login}`` Account objects,
  ``/api/v1/account/{login}/sponsors`` Sponsorship arrays (``status``, ``funder``), 404 otherwise.
- An Open Source Pledge member list: member objects in the Pledge's schema.

Each fake records the requests it saw, so tests can count queries and check bound variables.
"""

from __future__ import annotations

import json
import re

import httpx

ALIAS = re.compile(r"(o\d+): repositoryOwner\(login: \$(l\d+)\)")


class FakeGraphQL:
    def __init__(self, owners: dict[str, dict], sponsors: dict[str, list[str]] | None = None, page_size: int = 100,
                 status: int = 200):
        self.owners = {k.lower(): v for k, v in owners.items()}
        self.sponsors = sponsors or {}
        self.page_size = page_size
        self.status = status
        self.requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append({"path": request.url.path, "auth": request.headers.get("authorization"), **body})
        if self.status != 200:
            return httpx.Response(self.status, text="<html>Bad gateway</html>")
        query, variables = body["query"], body.get("variables") or {}
        if "sponsors(first" in query:
            login = variables["login"]
            if login not in self.sponsors:
                return httpx.Response(200, json={"data": {"repositoryOwner": None}, "errors": [
                    {"type": "NOT_FOUND", "path": ["repositoryOwner"], "message": f"Could not resolve '{login}'"}]})
            everyone = self.sponsors[login]
            start = int(variables.get("after") or 0)
            page = everyone[start:start + self.page_size]
            more = start + self.page_size < len(everyone)
            return httpx.Response(200, json={"data": {"repositoryOwner": {"login": login, "sponsors": {
                "totalCount": len(everyone), "pageInfo": {"hasNextPage": more, "endCursor": str(start + len(page))},
                "nodes": [{"__typename": "Organization", "login": s} for s in page]}},
                "rateLimit": {"cost": 1, "remaining": 4990}}})
        data: dict = {"rateLimit": {"cost": 1, "remaining": 4990}}
        errors = []
        for alias, variable in ALIAS.findall(query):
            login = variables[variable]
            node = self.owners.get(login.lower())
            if node is None:
                data[alias] = None
                errors.append({"type": "NOT_FOUND", "path": [alias], "locations": [{"line": 2, "column": 3}],
                               "message": f"Could not resolve to a RepositoryOwner with the login of '{login}'."})
            else:
                data[alias] = {"login": login, **node}
        return httpx.Response(200, json={"data": data, **({"errors": errors} if errors else {})})


class FakeSponsorsService:
    def __init__(self, accounts: dict[str, dict], sponsors: dict[str, list[dict]] | None = None, status: int = 200):
        self.accounts = accounts
        self.sponsors = sponsors or {}
        self.status = status
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        if self.status != 200:
            return httpx.Response(self.status)
        parts = request.url.path.strip("/").split("/")
        if parts[:3] == ["api", "v1", "accounts"] and len(parts) == 4 and parts[3] in self.accounts:
            login = parts[3]
            return httpx.Response(200, json={"id": 1, "login": login, "data": {}, "created_at": "2024-01-01T00:00:00Z",
                                             "updated_at": "2026-01-01T00:00:00Z", "sponsor_profile": {},
                                             "html_url": f"https://github.com/{login}", **self.accounts[login]})
        if parts[:3] == ["api", "v1", "account"] and len(parts) == 5 and parts[4] == "sponsors" \
                and parts[3] in self.sponsors:
            page = int(request.url.params.get("page", "1"))
            per_page = int(request.url.params.get("per_page", "30"))
            rows = self.sponsors[parts[3]][(page - 1) * per_page:page * per_page]
            return httpx.Response(200, json=rows)
        return httpx.Response(404, json={"error": "not found"})


class FakePledge:
    def __init__(self, document: object = None, raw: bytes | None = None, status: int = 200):
        self.content = raw if raw is not None else json.dumps(document).encode()
        self.status = status
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(self.status, content=self.content, headers={"content-type": "application/json"})


def sponsorship(funder: str, maintainer: str, status: str = "active") -> dict:
    """A sponsors.ecosyste.ms Sponsorship object."""
    return {"id": abs(hash((funder, maintainer))) % 10_000, "status": status, "created_at": "2025-05-01T00:00:00Z",
            "updated_at": "2026-05-01T00:00:00Z", "funder": {"login": funder}, "maintainer": {"login": maintainer}}


def transports(graphql=None, sponsors=None, pledge=None) -> dict[str, httpx.BaseTransport]:
    found = {"github_graphql": graphql, "ecosystems_sponsors": sponsors, "pledge": pledge}
    return {key: httpx.MockTransport(handler) for key, handler in found.items() if handler is not None}
