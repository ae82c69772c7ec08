"""GitHub's dependents page: the repositories GitHub's dependency graph says use a package."""

from __future__ import annotations

from collections.abc import Iterable

from wump.config import Settings
from wump.http import RetryPolicy
from wump.identity import SpecError, canonical_spec, github_repository
from wump.raw import now_iso
from wump.sources.base import PackageRequest, ReverseRows, ReverseSource, Transports, transport_for
from wump.sources.github_dependents import normalize
from wump.sources.github_dependents.listing import SOURCE, DependentsClient, fetch_dependents


def source_repository(request: PackageRequest) -> tuple[str | None, str | None]:
    """(owner/repo, how it was found) for the package: ``[sources.repositories]`` first, then the
    first source fetched before this one whose metadata names a GitHub repository."""
    for key, value in request.settings.repositories:
        try:
            if canonical_spec(key) == request.spec:
                return github_repository(value) or value.strip("/"), "configuration"
        except SpecError:
            continue
    for via, url in request.repository_urls:
        found = github_repository(url)
        if found:
            return found, via
    return None, None


class GitHubDependents(ReverseSource):
    name = SOURCE
    priorities = {SOURCE: 2}
    service = "github_web"
    record_kinds = frozenset({"source_repository", "dependents_packages", "dependents_listing"})

    def client(self, settings: Settings, transports: Transports = None, sleep=None):
        return DependentsClient(
            settings.github.web_url, transport=transport_for(transports, self.service), sleep=sleep,
            min_interval=settings.github.dependents_interval, timeout=settings.http.timeout,
            retry=RetryPolicy(attempts=6, base_delay=2.0, max_delay=60.0,
                              max_rate_limit_wait=settings.http.max_rate_limit_wait)), None

    def fetch(self, client: DependentsClient, request: PackageRequest) -> list[dict]:
        spec = request.spec
        repository, via = source_repository(request)
        if not repository:
            return [self.error(f"dependents {spec}", f'no source repository known; set [sources.repositories] '
                                                     f'"{spec}" = "owner/repo" in wump.toml')]
        found = {"kind": "source_repository", "fetched_at": now_iso(), "spec": spec,
                 "repository": repository, "via": via}
        return [found, *self.guarded(f"dependents {spec}", lambda: fetch_dependents(
            client, spec, request.ecosystem, request.name, repository, cache_dir=request.cache_dir))]

    def normalize(self, record: dict, rows: ReverseRows) -> None:
        ecosystem, _, name = record["spec"].partition("/")
        normalize.add_record(record, ecosystem, name, rows)

    def finish(self, records: list[dict], rows: ReverseRows) -> None:
        for row in normalize.headline_rows(records):
            rows.packages.add(row)

    def summary(self, records: Iterable[dict]) -> dict | None:
        return normalize.summary(records)
