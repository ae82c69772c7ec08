"""Libraries.io API: package metadata and the repositories that depend on a package.

``GET {libraries_io_url}/api/{platform}/{name}`` gives description, homepage, repository URL,
latest release and dependent counts; ``GET …/dependent_repositories?page=N&per_page=100`` lists the
repositories that depend on the package (labelled source ``librariesio-api``).

The key comes from ``LIBRARIES_IO_API_KEY`` in the environment and is sent as the ``api_key``
query parameter. It is never stored: records keep bodies and paths only, failure reasons are
scrubbed, and the client's own ``RequestFailed`` carries the path without the query. Libraries.io
allows 60 requests a minute, so requests are spaced a second apart.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from urllib.parse import quote

import httpx

from wump.checkpoint import journaled_rows, listing_checkpoint
from wump.config import DEFAULT_URLS
from wump.http import PoliteClient, RequestFailed, RetryPolicy, json_or_none
from wump.identity import librariesio_platform
from wump.raw import error_record as raw_error_record
from wump.raw import now_iso

log = logging.getLogger(__name__)

SOURCE = "librariesio-api"
KEY_ENV = "LIBRARIES_IO_API_KEY"

_PROJECT_FIELDS = ("name", "platform", "description", "homepage", "repository_url", "latest_release_number",
                   "latest_stable_release_number", "dependent_repos_count", "dependents_count", "stars")
_REPOSITORY_FIELDS = ("full_name", "host_type", "fork", "stargazers_count", "language", "pushed_at",
                      "default_branch", "created_at", "status", "archived", "private")
_SECRET = re.compile(r"(api_key=)[^&\s'\"]+", re.IGNORECASE)


def scrub(text: str) -> str:
    """Text with any api_key=… value removed (for URLs and messages that get stored)."""
    return _SECRET.sub(r"\1REDACTED", text)


class _ScrubKeyFilter(logging.Filter):
    """httpx logs every request URL at INFO; the key must not reach any log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "api_key" in record.msg:
            record.msg = scrub(record.msg)
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(scrub(str(a)) if isinstance(a, (str, httpx.URL)) and "api_key" in str(a) else a
                                for a in record.args)
        return True


logging.getLogger("httpx").addFilter(_ScrubKeyFilter())


class LibrariesIOClient:
    """Reads of the Libraries.io API over a PoliteClient, one request a second (60 a minute)."""

    def __init__(
        self,
        base_url: str = DEFAULT_URLS["libraries_io_url"],
        *,
        api_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        min_interval: float = 1.0,
        per_page: int = 100,
        timeout: float = 30.0,
    ):
        kwargs = {"sleep": sleep, "timeout": timeout} if sleep else {"timeout": timeout}
        self._api_key = api_key
        self.per_page = per_page
        self.http = PoliteClient(base_url, headers={"accept": "application/json"}, transport=transport,
                                 retry=retry, min_interval=min_interval, **kwargs)

    @classmethod
    def from_environment(cls, base_url: str, **kwargs) -> LibrariesIOClient:
        return cls(base_url, api_key=os.environ.get(KEY_ENV) or None, **kwargs)

    @property
    def has_key(self) -> bool:
        return bool(self._api_key)

    def close(self) -> None:
        self.http.close()

    def _json(self, path: str, params: dict | None = None) -> object | None:
        params = dict(params or {})
        if self._api_key:
            params["api_key"] = self._api_key
        try:
            response = self.http.get(path, params=params)
        except RequestFailed as exc:
            raise RequestFailed(scrub(path), scrub(exc.reason), exc.status) from None
        if response.status_code in (401, 403):
            raise RequestFailed(path, f"HTTP {response.status_code}: the API key was refused", response.status_code)
        return json_or_none(response, path)

    @staticmethod
    def _path(ecosystem: str, name: str) -> str:
        return f"/api/{quote(librariesio_platform(ecosystem), safe='')}/{quote(name, safe='@')}"

    def project(self, ecosystem: str, name: str) -> dict | None:
        body = self._json(self._path(ecosystem, name))
        return {k: body.get(k) for k in _PROJECT_FIELDS} if isinstance(body, dict) else None

    def dependent_repositories(self, ecosystem: str, name: str, page: int) -> list[dict]:
        body = self._json(f"{self._path(ecosystem, name)}/dependent_repositories",
                          {"page": page, "per_page": self.per_page})
        if body is None:
            return []
        if not isinstance(body, list):
            raise RequestFailed(self._path(ecosystem, name), "dependent_repositories: expected a JSON array")
        return [{k: r.get(k) for k in _REPOSITORY_FIELDS} for r in body if isinstance(r, dict)]


def list_dependent_repositories(client: LibrariesIOClient, ecosystem: str, name: str, *, cache_dir,
                                max_pages: int = 100) -> tuple[list[dict], bool]:
    """Every dependent repository, page by page until a short page; resumable via the journal.

    Returns (rows, complete): ``complete`` is False when the listing stopped at ``max_pages`` pages
    in this run (the journal stays open and the next run continues after them). Raises
    RequestFailed mid-listing after journaling what it has."""
    checkpoint = listing_checkpoint(cache_dir, SOURCE, ecosystem, name)
    header = {"ecosystem": ecosystem, "name": name, "per_page": client.per_page}
    journal = checkpoint.load(header)
    rows: list[dict] = []
    page = 0
    if journal is not None:
        for entry in journal.pages:
            rows.extend(entry["rows"])
            page = entry["page"]
        if journal.complete is not None:
            return rows, True
    else:
        checkpoint.start(header)
    resumed = page
    while True:
        if page - resumed >= max_pages:
            log.warning("librariesio-api: %s/%s stopped at its cap of %d pages", ecosystem, name, max_pages)
            return rows, False
        batch = client.dependent_repositories(ecosystem, name, page + 1)
        page += 1
        checkpoint.add_page({"page": page, "rows": batch})
        rows.extend(batch)
        if len(batch) < client.per_page:
            break
    checkpoint.finish({"rows": len(rows)})
    return rows, True


def fetch_project(client: LibrariesIOClient, spec: str, ecosystem: str, name: str) -> list[dict]:
    """``librariesio_project`` record (package metadata), or an error record."""
    try:
        project = client.project(ecosystem, name)
    except RequestFailed as exc:
        return [error_record(f"project {spec}", f"Libraries.io is unavailable: {exc.reason}")]
    if project is None:
        return [error_record(f"project {spec}", "Libraries.io does not know this package")]
    return [{"kind": "librariesio_project", "fetched_at": now_iso(), "spec": spec, "body": project}]


def fetch_dependent_repositories(client: LibrariesIOClient, spec: str, ecosystem: str, name: str, *,
                                 cache_dir, max_pages: int = 100) -> list[dict]:
    """``librariesio_dependent_repositories`` record (every row), plus an error record when the
    listing was interrupted or stopped at its page cap (its rows so far are kept; the next run
    resumes)."""
    records: list[dict] = []
    try:
        rows, complete = list_dependent_repositories(client, ecosystem, name, cache_dir=cache_dir,
                                                     max_pages=max_pages)
        if not complete:
            records.append(error_record(f"dependent_repositories {spec}",
                                        f"listing truncated at its cap of {max_pages} pages ({len(rows)} rows); "
                                        "the next run continues after it"))
    except RequestFailed as exc:
        rows, complete = journaled_rows(listing_checkpoint(cache_dir, SOURCE, ecosystem, name),
                                        {"ecosystem": ecosystem, "name": name, "per_page": client.per_page}), False
        records.append(error_record(f"dependent_repositories {spec}",
                                    f"listing interrupted: {exc.reason}; the next run resumes"))
    records.insert(0, {"kind": "librariesio_dependent_repositories", "fetched_at": now_iso(), "spec": spec,
                       "complete": complete, "rows": rows})
    return records


def error_record(subject: str, reason: str) -> dict:
    """An error record of this source, with any API key scrubbed from the text."""
    return raw_error_record(SOURCE, scrub(subject), scrub(reason))
