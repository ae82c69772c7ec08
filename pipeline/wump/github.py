"""GitHub REST: owners, their repositories, and what each repository depends on.

Fetching only: this module returns raw records (the API's own JSON, plus where and when it was
read); ``wump.normalize`` turns them into tables. The crawl of one owner is a unit of work that
can fail piecewise: a repository whose SBOM cannot be read becomes an error record, not a crash.
"""

from __future__ import annotations

import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Callable, Iterator

import httpx

from wump.http import PoliteClient, RateLimitExceeded, RequestFailed, RetryPolicy

log = logging.getLogger(__name__)

_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


def next_link(response: httpx.Response) -> str | None:
    """The ``rel="next"`` URL of a paginated GitHub response, if any."""
    match = _NEXT_LINK.search(response.headers.get("link", ""))
    return match.group(1) if match else None


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class GitHubClient:
    """Typed reads of the GitHub REST API over a PoliteClient."""

    def __init__(
        self,
        base_url: str = "https://api.github.com",
        *,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
    ):
        headers = {"accept": "application/vnd.github+json", "x-github-api-version": "2022-11-28"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = PoliteClient(base_url, headers=headers, transport=transport, retry=retry, **kwargs)

    @classmethod
    def from_environment(cls, base_url: str, transport: httpx.BaseTransport | None = None) -> "GitHubClient":
        token = os.environ.get("GITHUB_TOKEN")
        if not token and transport is None:
            log.warning(
                "GITHUB_TOKEN is not set: GitHub allows 60 requests/hour without a token; "
                "set GITHUB_TOKEN for 5,000/hour"
            )
        return cls(base_url, token=token, transport=transport)

    def close(self) -> None:
        self.http.close()

    def _json(self, path: str, params: dict | None = None) -> object | None:
        """JSON body of a GET; None for 404/403/409/451 (absent, disabled or blocked resources)."""
        response = self.http.get(path, params=params)
        if response.status_code in (403, 404, 409, 410, 451):
            return None
        if response.status_code >= 400:
            raise RequestFailed(path, f"HTTP {response.status_code}", response.status_code)
        return response.json()

    def owner(self, login: str) -> dict | None:
        """The owner's profile: /orgs/{login} for organizations, else /users/{login}."""
        profile = self._json(f"/orgs/{login}")
        if profile is None:
            profile = self._json(f"/users/{login}")
        return profile  # type: ignore[return-value]

    def repositories(self, login: str, owner_type: str) -> list[dict]:
        """Every public repository of the owner, following Link pagination to the end."""
        if owner_type == "Organization":
            url, params = f"/orgs/{login}/repos", {"type": "public", "per_page": 100}
        else:
            url, params = f"/users/{login}/repos", {"type": "owner", "per_page": 100}
        repos: list[dict] = []
        next_url: str | None = url
        while next_url:
            response = self.http.get(next_url, params=params)
            if response.status_code >= 400:
                raise RequestFailed(next_url, f"HTTP {response.status_code}", response.status_code)
            repos.extend(response.json())
            next_url, params = next_link(response), None  # the next link carries its own query
        return repos

    def sbom(self, full_name: str) -> dict | None:
        """The dependency-graph SBOM (SPDX 2.3), or None when the graph is off or absent."""
        body = self._json(f"/repos/{full_name}/dependency-graph/sbom")
        return body.get("sbom") if isinstance(body, dict) else None


def crawl_owner(client: GitHubClient, login: str, *, concurrency: int = 8) -> list[dict]:
    """Raw records for one owner: its profile, its repositories, each repository's SBOM.

    Every record is ``{"kind", "fetched_at", ...}``; failures are ``kind == "error"`` records with
    the reason, so one bad repository never loses the others.
    """
    records: list[dict] = []
    try:
        profile = client.owner(login)
    except RequestFailed as exc:
        return [error_record(f"owner {login}", exc.reason)]
    if profile is None:
        return [error_record(f"owner {login}", "not found on GitHub")]
    records.append({"kind": "owner", "fetched_at": now_iso(), "body": profile})
    try:
        repos = client.repositories(profile["login"], profile.get("type", "User"))
    except RequestFailed as exc:
        records.append(error_record(f"repositories of {login}", exc.reason))
        return records
    for repo in repos:
        records.append({"kind": "repository", "fetched_at": now_iso(), "body": repo})

    def dependencies_of(repo: dict) -> list[dict]:
        full_name = repo["full_name"]
        try:
            sbom = client.sbom(full_name)
        except RateLimitExceeded:
            raise
        except RequestFailed as exc:
            return [error_record(full_name, f"SBOM: {exc.reason}")]
        if sbom is None:
            return [{"kind": "sbom_missing", "fetched_at": now_iso(), "repository": full_name}]
        return [{"kind": "sbom", "fetched_at": now_iso(), "repository": full_name, "body": sbom}]

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for produced in pool.map(dependencies_of, repos):
            records.extend(produced)
    return records


def error_record(subject: str, reason: str) -> dict:
    return {"kind": "error", "fetched_at": now_iso(), "source": "github", "subject": subject, "reason": reason}


def iter_owner_logins(records: list[dict]) -> Iterator[str]:
    for record in records:
        if record["kind"] == "owner":
            yield record["body"]["login"]
