"""ecosyste.ms: who depends on a package (repos.ecosyste.ms usage API) and who owns them."""

from __future__ import annotations

from collections.abc import Callable

from wump.config import Settings
from wump.sources.base import PackageRequest, ReverseSource, Transports, http_options, transport_for
from wump.sources.ecosystems import normalize
from wump.sources.ecosystems.client import EcosystemsClient, fetch_ecosystems, packages_url

SOURCE = normalize.SOURCE


def make_client(settings: Settings, transport=None, sleep: Callable[[float], None] | None = None) -> EcosystemsClient:
    """An ecosyste.ms client configured from ``settings`` (URLs, mailto, page size, timeouts)."""
    return EcosystemsClient(
        settings.ecosystems.url, packages_base_url=packages_url(settings), mailto=settings.ecosystems.mailto,
        transport=transport, sleep=sleep, per_page=settings.ecosystems.per_page, **http_options(settings))


class Ecosystems(ReverseSource):
    name = SOURCE
    priorities = {SOURCE: 3}
    service = "ecosystems"
    record_kinds = frozenset({"ecosystems_usage", "ecosystems_package", "ecosystems_dependencies"})
    normalizer = normalize
    metadata_kind = "ecosystems_package"

    def client(self, settings: Settings, transports: Transports = None, sleep=None):
        return make_client(settings, transport_for(transports, self.service), sleep), None

    def fetch(self, client: EcosystemsClient, request: PackageRequest) -> list[dict]:
        return self.guarded(f"usage {request.spec}", lambda: fetch_ecosystems(
            client, request.spec, request.ecosystem, request.name, cache_dir=request.cache_dir, purl=request.purl))

    def http_clients(self, client: EcosystemsClient) -> list:
        return [client.http] if client.packages_http is client.http else [client.http, client.packages_http]
