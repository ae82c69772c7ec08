"""GitHub's dependents page: the repositories GitHub's dependency graph says use a package."""

from __future__ import annotations

from wump.config import Settings
from wump.identity import SpecError, canonical_spec, github_repository
from wump.raw import now_iso
from wump.sources.base import PackageRequest, ReverseRows, ReverseSource, Transports
from wump.sources.github_dependents import normalize
from wump.sources.github_dependents.listing import DEPENDENTS_RETRY, SOURCE, DependentsClient, fetch_dependents


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
    normalizer = normalize

    def client(self, settings: Settings, transports: Transports = None, sleep=None):
        return DependentsClient(
            settings.github.web_url, min_interval=settings.github.dependents_interval,
            **self.client_options(settings, transports, sleep, **DEPENDENTS_RETRY)), None

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

    def finish(self, records: list[dict], rows: ReverseRows) -> None:
        for row in normalize.headline_rows(records):
            rows.packages.add(row)
