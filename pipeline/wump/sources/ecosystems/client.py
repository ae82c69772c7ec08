"""ecosyste.ms: who depends on a package (repos.ecosyste.ms usage API) and who owns them.

Fetching only; ``normalize.py`` beside it turns the records into tables. Endpoints, all under
``Settings.ecosystems_url``:

- ``/api/v1/usage/{ecosystem}/{name}`` — the package usage summary; ``dependents_count`` is the
  headline count.
- ``/api/v1/usage/{ecosystem}/{name}/dependencies?after=<last id>&per_page=1000`` — one row per
  dependency edge (requirements, direct, kind, optional, manifest, repository), keyset-paginated by
  the edge id. Resumable: pages are journaled under ``cache_dir`` as they arrive.
- ``/api/v1/hosts/GitHub/owners/{login}`` — owner kind, website, funding links.
- ``/api/v1/packages/lookup?purl=…`` on packages.ecosyste.ms — description, homepage, repository.

The polite pool is used by sending ``mailto`` (Settings.mailto) with every request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote

import httpx

from wump.checkpoint import journaled_rows, listing_checkpoint
from wump.config import Settings
from wump.http import PoliteClient, RequestFailed, RetryPolicy, json_or_none
from wump.identity import ecosystems_name
from wump.raw import error_record, now_iso

log = logging.getLogger(__name__)

SOURCE = "ecosystems"

# The fields wump reads from a dependency row; the rest (repository metadata, commit stats,
# scorecards, ...) is dropped before the row is stored, so raw files stay proportionate.
_EDGE_FIELDS = ("id", "package_name", "ecosystem", "requirements", "direct", "kind", "optional")
_MANIFEST_FIELDS = ("filepath", "kind", "ecosystem", "created_at", "updated_at")
_REPOSITORY_FIELDS = ("full_name", "owner", "html_url", "stargazers_count", "fork", "archived", "pushed_at",
                      "language", "default_branch", "created_at", "host", "source_name")


def packages_url(settings: Settings) -> str:
    """Base URL of packages.ecosyste.ms: configured, else derived from the repos URL (a local
    imitation serves both from one base URL)."""
    if settings.ecosystems.packages_url:
        return settings.ecosystems.packages_url
    return settings.ecosystems.url.rstrip("/").replace("://repos.ecosyste.ms", "://packages.ecosyste.ms")


def slim_edge(row: dict) -> dict:
    """A dependency row reduced to what wump reads (the raw layer keeps these as returned)."""
    edge = {k: row.get(k) for k in _EDGE_FIELDS}
    manifest = row.get("manifest") if isinstance(row.get("manifest"), dict) else {}
    repository = row.get("repository") if isinstance(row.get("repository"), dict) else {}
    edge["manifest"] = {k: manifest.get(k) for k in _MANIFEST_FIELDS}
    edge["repository"] = {k: repository.get(k) for k in _REPOSITORY_FIELDS}
    return edge


class EcosystemsClient:
    """Reads of repos.ecosyste.ms (and the packages.ecosyste.ms lookup) over a PoliteClient."""

    def __init__(
        self,
        base_url: str = "https://repos.ecosyste.ms",
        *,
        packages_base_url: str | None = None,
        mailto: str | None = None,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        per_page: int = 1000,
        min_interval: float = 0.0,
        timeout: float = 30.0,
    ):
        agent = f"wump (mailto:{mailto})" if mailto else "wump"
        kwargs = {"sleep": sleep, "timeout": timeout} if sleep else {"timeout": timeout}
        self.mailto = mailto
        self.per_page = per_page
        self.http = PoliteClient(base_url, headers={"user-agent": agent, "accept": "application/json"},
                                 transport=transport, retry=retry, min_interval=min_interval, **kwargs)
        self.packages_http = (
            self.http if not packages_base_url or packages_base_url.rstrip("/") == base_url.rstrip("/")
            else PoliteClient(packages_base_url, headers={"user-agent": agent, "accept": "application/json"},
                              transport=transport, retry=retry, min_interval=min_interval, **kwargs))

    def close(self) -> None:
        self.http.close()
        if self.packages_http is not self.http:
            self.packages_http.close()

    def _params(self, **params) -> dict:
        if self.mailto:
            params["mailto"] = self.mailto
        return {k: v for k, v in params.items() if v is not None}

    def _json(self, http: PoliteClient, path: str, params: dict | None = None) -> object | None:
        return json_or_none(http.get(path, params=self._params(**(params or {}))), path)

    @staticmethod
    def _usage_path(ecosystem: str, name: str) -> str:
        return f"/api/v1/usage/{quote(ecosystems_name(ecosystem), safe='')}/{quote(name, safe='@')}"

    def usage(self, ecosystem: str, name: str) -> dict | None:
        """The usage summary (``dependents_count`` is the headline); None when ecosyste.ms has none."""
        body = self._json(self.http, self._usage_path(ecosystem, name))
        return body if isinstance(body, dict) else None

    def dependencies_page(self, ecosystem: str, name: str, after: int | None) -> list[dict]:
        """One keyset page of dependency rows with id > ``after``, in id order."""
        body = self._json(self.http, f"{self._usage_path(ecosystem, name)}/dependencies",
                          {"after": after, "per_page": self.per_page})
        if body is None:
            return []
        if not isinstance(body, list):
            raise RequestFailed(self._usage_path(ecosystem, name), "dependencies: expected a JSON array")
        return [row for row in body if isinstance(row, dict)]

    def owner(self, login: str, host: str = "GitHub") -> dict | None:
        body = self._json(self.http, f"/api/v1/hosts/{quote(host, safe='')}/owners/{quote(login, safe='')}")
        return body if isinstance(body, dict) else None

    def package(self, purl: str) -> dict | None:
        """packages.ecosyste.ms metadata for a purl (the first match), or None."""
        body = self._json(self.packages_http, "/api/v1/packages/lookup", {"purl": purl})
        if isinstance(body, list):
            return body[0] if body and isinstance(body[0], dict) else None
        return body if isinstance(body, dict) else None


def list_dependencies(client: EcosystemsClient, ecosystem: str, name: str, *, cache_dir,
                      max_pages: int = 10_000, progress=None) -> tuple[list[dict], dict]:
    """Every dependency row for the package, following ``after`` to the end; resumable.

    Returns (slimmed rows, summary). Pages already journaled under ``cache_dir`` by an interrupted
    run are not requested again; a failure mid-listing raises ``RequestFailed`` after the pages read
    so far are journaled.
    """
    checkpoint = listing_checkpoint(cache_dir, SOURCE, ecosystem, name)
    header = {"ecosystem": ecosystem, "name": name, "per_page": client.per_page}
    journal = checkpoint.load(header)
    rows: list[dict] = []
    after: int | None = None
    pages = 0
    if journal is not None:
        for page in journal.pages:
            rows.extend(page["rows"])
            after = page["after"]
            pages += 1
        if journal.complete is not None:
            return rows, {"pages": pages, "resumed_pages": pages, "complete": True}
        log.info("ecosystems: %s/%s resuming after %d pages (%d rows)", ecosystem, name, pages, len(rows))
    else:
        checkpoint.start(header)
    resumed = pages
    truncated = False
    while True:
        if pages - resumed >= max_pages:  # the cap bounds one run; the journal carries on
            truncated = True
            break
        page_rows = [slim_edge(r) for r in client.dependencies_page(ecosystem, name, after)]
        if not page_rows:
            break
        ids = [r["id"] for r in page_rows if isinstance(r.get("id"), int)]
        next_after = max(ids) if ids else None
        if next_after is None or (after is not None and next_after <= after):
            raise RequestFailed(f"usage/{ecosystem}/{name}/dependencies", "keyset cursor did not advance")
        rows.extend(page_rows)
        after = next_after
        pages += 1
        checkpoint.add_page({"after": after, "rows": page_rows})
        if progress is not None:
            progress(len(page_rows))
        if len(page_rows) < client.per_page:
            break
    if truncated:
        # Not finished: the journal stays open, so the next run continues after the cap.
        log.warning("ecosystems: %s/%s stopped at its cap of %d pages (%d rows)", ecosystem, name, max_pages, len(rows))
        return rows, {"pages": pages, "resumed_pages": resumed, "complete": False, "truncated_at_pages": max_pages}
    checkpoint.finish({"rows": len(rows)})
    return rows, {"pages": pages, "resumed_pages": resumed, "complete": True}


def fetch_ecosystems(client: EcosystemsClient, spec: str, ecosystem: str, name: str, *, cache_dir,
                     purl: str | None = None, max_pages: int = 10_000) -> list[dict]:
    """Raw records for one watched package from ecosyste.ms; failures become error records.

    Kinds: ``ecosystems_usage`` (body: the usage summary), ``ecosystems_package`` (body:
    packages.ecosyste.ms metadata), ``ecosystems_dependencies`` (rows: every edge), ``error``.
    """
    records: list[dict] = []
    if purl:
        try:
            package = client.package(purl)
            if package is not None:
                records.append({"kind": "ecosystems_package", "fetched_at": now_iso(), "spec": spec, "body": {
                    k: package.get(k) for k in ("name", "ecosystem", "description", "homepage", "repository_url",
                                                "latest_release_number", "dependent_repos_count", "purl")}})
        except RequestFailed as exc:
            # Package metadata is a nicety; its failure must not stop the edge listing.
            records.append(error_record(SOURCE, f"package {spec}", f"packages.ecosyste.ms lookup: {exc.reason}"))
    try:
        usage = client.usage(ecosystem, name)
    except RequestFailed as exc:
        records.append(error_record(SOURCE, f"usage {spec}", f"ecosyste.ms is unavailable: {exc.reason}"))
        return records
    if usage is None:
        records.append(error_record(SOURCE, f"usage {spec}", "ecosyste.ms knows no repositories using this package"))
        return records
    records.append({"kind": "ecosystems_usage", "fetched_at": now_iso(), "spec": spec,
                    "body": {k: usage.get(k) for k in ("ecosystem", "name", "dependents_count")}})
    try:
        rows, summary = list_dependencies(client, ecosystem, name, cache_dir=cache_dir, max_pages=max_pages)
    except RequestFailed as exc:
        records.append(error_record(
            SOURCE, f"dependencies {spec}",
            f"listing interrupted: {exc.reason}; the pages read so far are kept and the next run resumes"))
        rows = journaled_rows(listing_checkpoint(cache_dir, SOURCE, ecosystem, name),
                              {"ecosystem": ecosystem, "name": name, "per_page": client.per_page})
        summary = {"complete": False}
    if summary.get("truncated_at_pages"):
        records.append(error_record(
            SOURCE, f"dependencies {spec}",
            f"listing truncated at its cap of {summary['truncated_at_pages']} pages ({len(rows)} rows); "
            "the next run continues after it"))
    records.append({"kind": "ecosystems_dependencies", "fetched_at": now_iso(), "spec": spec,
                    "ecosystem": ecosystem, "name": name, "complete": summary.get("complete", False),
                    "rows": rows})
    return records
