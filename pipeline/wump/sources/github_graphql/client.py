"""GitHub GraphQL: sponsorship signals for many owners per query, and the maintainer's sponsors.

One POST to ``Settings.github.graphql_url`` asks for up to ``[leads] graphql_batch`` owners at
once, each under an alias (``o0: repositoryOwner(login: $l0) {…}``) with logins passed as
variables, never spliced into the query text. GitHub charges a query by the connections it may
return (about one point per hundred), so a batch of 50 owners asking only ``totalCount`` costs
one point of the 5,000 an hour; ``rateLimit { cost remaining }`` in every answer says so.

An unknown login comes back as ``null`` with a ``NOT_FOUND`` error for its alias; other errors
are reported with GitHub's message.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from wump.http import PoliteClient, RequestFailed, RetryPolicy

OWNER_FIELDS = """__typename login
    ... on Sponsorable { hasSponsorsListing sponsoring { totalCount } }"""

SPONSORS_QUERY = """query($login: String!, $after: String) {
  repositoryOwner(login: $login) {
    login
    ... on Sponsorable {
      sponsors(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { __typename ... on User { login } ... on Organization { login } }
      }
    }
  }
  rateLimit { cost remaining }
}"""


def owners_query(count: int) -> str:
    """The aliased query for ``count`` owners, logins bound as ``$l0 … $l{count-1}``."""
    variables = ", ".join(f"$l{i}: String!" for i in range(count))
    fields = "\n".join(f"  o{i}: repositoryOwner(login: $l{i}) {{ ...owner }}" for i in range(count))
    return (f"query({variables}) {{\n{fields}\n  rateLimit {{ cost remaining }}\n}}\n"
            f"fragment owner on RepositoryOwner {{\n    {OWNER_FIELDS}\n}}")


class GraphQLClient:
    """POSTs GraphQL queries over a PoliteClient (retries, secondary-limit waits, down detection)."""

    def __init__(self, url: str, token: str, *, transport: httpx.BaseTransport | None = None,
                 retry: RetryPolicy | None = None, sleep: Callable[[float], None] | None = None,
                 timeout: float = 30.0):
        kwargs = {"sleep": sleep} if sleep else {}
        self.url = url
        parsed = httpx.URL(url)
        self.path = parsed.raw_path.decode() or "/"
        self.http = PoliteClient(str(parsed.copy_with(raw_path=b"/")), headers={"authorization": f"Bearer {token}", "accept": "application/json"},
                                 transport=transport, retry=retry, timeout=timeout,
                                 bucket_of=lambda path: "graphql", **kwargs)
        self.points = 0  # rateLimit.cost summed over this run's queries

    def close(self) -> None:
        self.http.close()

    def query(self, query: str, variables: dict) -> tuple[dict, list[dict]]:
        """(data, errors) of one query; RequestFailed when GitHub refuses it as a whole."""
        response = self.http.post(self.path, json_body={"query": query, "variables": variables})
        if response.status_code == 401:
            raise RequestFailed(self.url, "HTTP 401: GITHUB_TOKEN was refused", 401)
        if response.status_code >= 400:
            raise RequestFailed(self.url, f"HTTP {response.status_code}", response.status_code)
        try:
            body = response.json()
        except ValueError as exc:
            raise RequestFailed(self.url, f"response is not JSON: {exc}", response.status_code) from exc
        if not isinstance(body, dict):
            raise RequestFailed(self.url, "response is not a GraphQL result object")
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
        if not data and errors:
            raise RequestFailed(self.url, "GraphQL: " + "; ".join(str(e.get("message")) for e in errors[:3]))
        cost = (data.get("rateLimit") or {}).get("cost")
        if isinstance(cost, int):
            self.points += cost
        return data, errors

    def owners(self, logins: list[str]) -> tuple[dict[str, dict | None], list[str]]:
        """Each login's owner node (None: GitHub knows no such owner), and the errors that were
        not a plain NOT_FOUND, as messages naming the login."""
        data, errors = self.query(owners_query(len(logins)), {f"l{i}": login for i, login in enumerate(logins)})
        problems: dict[int, str] = {}
        for error in errors:
            path = error.get("path") or []
            alias = path[0] if path and isinstance(path[0], str) and path[0].startswith("o") else None
            if alias is None or not alias[1:].isdigit():
                continue
            if error.get("type") != "NOT_FOUND":
                problems[int(alias[1:])] = str(error.get("message"))
        nodes = {login: data.get(f"o{i}") if isinstance(data.get(f"o{i}"), dict) else None
                 for i, login in enumerate(logins) if i not in problems}
        return nodes, [f"{logins[i]}: {message}" for i, message in sorted(problems.items())]

    def sponsors(self, login: str, max_pages: int = 50) -> dict | None:
        """The account's current public sponsors: ``{"total": n, "sponsors": [{"login", "type"}]}``,
        or None when GitHub knows no such account."""
        sponsors: list[dict] = []
        after = None
        total = None
        for _ in range(max_pages):
            data, _errors = self.query(SPONSORS_QUERY, {"login": login, "after": after})
            owner = data.get("repositoryOwner")
            if not isinstance(owner, dict):
                return None
            connection = owner.get("sponsors") or {}
            total = connection.get("totalCount", total)
            for node in connection.get("nodes") or []:
                if isinstance(node, dict) and node.get("login"):
                    sponsors.append({"login": node["login"], "type": node.get("__typename")})
            page = connection.get("pageInfo") or {}
            if not page.get("hasNextPage") or not page.get("endCursor"):
                break
            after = page["endCursor"]
        return {"total": total if total is not None else len(sponsors), "sponsors": sponsors}
