"""Libraries.io: the API (package metadata, dependent repositories) and the Open Data dump."""

from __future__ import annotations

import os

from wump.config import DEFAULT_URLS, Settings
from wump.sources.base import PackageRequest, ReverseSource, Source, Transports
from wump.sources.librariesio import api, normalize
from wump.sources.librariesio.api import KEY_ENV, LibrariesIOClient

DUMP_SOURCE = "librariesio-1.6.0"


class LibrariesIOApi(ReverseSource):
    name = api.SOURCE
    priorities = {api.SOURCE: 2}
    service = "librariesio"
    record_kinds = frozenset({"librariesio_project", "librariesio_dependent_repositories"})
    normalizer = normalize
    metadata_kind = "librariesio_project"

    def client(self, settings: Settings, transports: Transports = None, sleep=None):
        key = os.environ.get(KEY_ENV) or None
        # The public API requires a key; a local imitation or mirror is used with or without one.
        if not key and settings.librariesio.url.rstrip("/") == DEFAULT_URLS["libraries_io_url"]:
            return None, f"not queried: {KEY_ENV} is not set"
        return LibrariesIOClient(
            settings.librariesio.url, api_key=key, min_interval=settings.librariesio.interval,
            **self.client_options(settings, transports, sleep)), None

    def fetch(self, client: LibrariesIOClient, request: PackageRequest) -> list[dict]:
        spec, ecosystem, name = request.spec, request.ecosystem, request.name
        records = self.guarded(f"project {spec}", lambda: api.fetch_project(client, spec, ecosystem, name))
        records += self.guarded(f"dependent_repositories {spec}", lambda: api.fetch_dependent_repositories(
            client, spec, ecosystem, name, cache_dir=request.cache_dir))
        return records

    def error(self, subject: str, reason: str) -> dict:
        return api.error_record(subject, reason)


class LibrariesIODump(Source):
    """The Open Data 1.6.0 release, imported in bulk by ``dump.import_dump`` (a 2020 snapshot)."""

    name = DUMP_SOURCE
    priorities = {DUMP_SOURCE: 1}
