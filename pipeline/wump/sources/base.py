"""What every external system looks like to the rest of the engine.

A **source** is one external system in its own folder under ``wump/sources/`` (client, fetching,
normalization, summary). It names the labels its rows carry and each label's merge priority (the
warehouse keeps the attributes of the highest). A **reverse source** also answers "who depends on
ECOSYSTEM/NAME?": ``wump.reverse`` loops over the registry calling the methods below, and never
branches on a source's name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import httpx
import polars as pl

from wump.config import Settings
from wump.http import RequestFailed, RetryPolicy
from wump.normalize import frame
from wump.raw import error_record
from wump.schema import NORMALIZED

log = logging.getLogger(__name__)

Transports = Mapping[str, httpx.BaseTransport] | httpx.BaseTransport | None


def transport_for(transports: Transports, key: str) -> httpx.BaseTransport | None:
    """The transport for one service: ``transports`` is one transport for all, or a mapping by
    service key (``github_api``, ``github_web``, ``ecosystems``, ``librariesio``), or None (live)."""
    if isinstance(transports, Mapping):
        return transports.get(key)
    return transports


def http_options(settings: Settings, **retry: float) -> dict[str, Any]:
    """A client's ``timeout`` and ``retry`` keyword arguments from ``[sources] http_timeout`` and
    ``max_rate_limit_wait``, which every client honours; ``retry`` sets the policy's other fields
    (``attempts``, ``base_delay``, ``max_delay``) where a service wants its own."""
    return {"timeout": settings.http.timeout,
            "retry": RetryPolicy(max_rate_limit_wait=settings.http.max_rate_limit_wait, **retry)}


@dataclass(frozen=True)
class PackageRequest:
    """One watched package being looked up, and what earlier sources said about it this run."""

    spec: str  # "pypi/fastapi"
    ecosystem: str
    name: str
    purl: str
    cache_dir: Path
    settings: Settings
    # (source name, repository URL) from the metadata of the sources fetched before, in order.
    repository_urls: list[tuple[str, str]] = field(default_factory=list)


class KeyedRows:
    """Rows of one normalized table keyed by its natural key; a repeated key merges into one row
    (later non-null values win), or, with ``better``, the row ``better(new, old)`` prefers."""

    def __init__(self, table: str, better: Callable[[dict, dict], bool] | None = None):
        self.table = NORMALIZED[table]
        self.better = better
        self.rows: dict[tuple, dict] = {}

    def add(self, row: dict) -> None:
        key = tuple((row.get(k).lower() if k in ("full_name", "login") and row.get(k) else row.get(k))
                    for k in self.table.key)
        old = self.rows.get(key)
        if old is None:
            self.rows[key] = row
        elif self.better is not None:
            if self.better(row, old):
                self.rows[key] = row
        else:
            self.rows[key] = {**old, **{k: v for k, v in row.items() if v is not None}}

    def frame(self) -> pl.DataFrame:
        return frame(self.table, self.rows.values())


class ReverseRows:
    """The normalized tables a reverse lookup fills: owners, repositories, packages, dependencies,
    errors. Dependencies keep the strongest claim when one source lists an edge twice."""

    def __init__(self, stronger_edge: Callable[[dict, dict], bool]):
        self.owners = KeyedRows("owners")
        self.repositories = KeyedRows("repositories")
        self.packages = KeyedRows("packages")
        self.dependencies = KeyedRows("dependencies", stronger_edge)
        self.errors = KeyedRows("errors")

    def frames(self) -> dict[str, pl.DataFrame]:
        return {"owners": self.owners.frame(), "repositories": self.repositories.frame(),
                "packages": self.packages.frame(), "dependencies": self.dependencies.frame(),
                "errors": self.errors.frame()}


class Source:
    """An external system: its name and the labels (with merge priority) its rows carry."""

    name: ClassVar[str]
    # Source labels this system writes → merge priority (higher wins when sources disagree).
    priorities: ClassVar[Mapping[str, int]]
    # The service key of ``transport_for`` (one per host the source talks to).
    service: ClassVar[str]

    def client_options(self, settings: Settings, transports: Transports, sleep: Callable[[float], None] | None,
                       **retry: float) -> dict[str, Any]:
        """The keyword arguments every client of this source takes: the transport of its service,
        ``sleep``, and ``timeout`` and ``retry`` from the settings (``http_options``)."""
        return {"transport": transport_for(transports, self.service), "sleep": sleep,
                **http_options(settings, **retry)}


class ReverseSource(Source):
    """A source that lists the repositories depending on a package."""

    # The raw record kinds this source writes (its ``error`` records carry ``source = name``).
    record_kinds: ClassVar[frozenset[str]]
    # The source's own normalize module: ``add_record(record, ecosystem, name, rows)`` and
    # ``summary(records)``, which ``normalize`` and ``summary`` below hand each record to.
    normalizer: ClassVar[ModuleType]
    # The record kind of the package's metadata, whose body may name its ``repository_url``.
    metadata_kind: ClassVar[str | None] = None

    def client(self, settings: Settings, transports: Transports = None,
               sleep: Callable[[float], None] | None = None) -> tuple[Any | None, str | None]:
        """(client, None), or (None, why this source is not queried) when it is not configured."""
        raise NotImplementedError

    def fetch(self, client: Any, request: PackageRequest) -> list[dict]:
        """Raw records for one watched package; failures come back as this source's error records."""
        raise NotImplementedError

    def normalize(self, record: dict, rows: ReverseRows) -> None:
        """Add one of this source's raw records (a kind in ``record_kinds``) to ``rows``."""
        ecosystem, _, name = record["spec"].partition("/")
        self.normalizer.add_record(record, ecosystem, name, rows)

    def finish(self, records: list[dict], rows: ReverseRows) -> None:
        """After every record of this source was added: rows that need all of them (sums)."""

    def summary(self, records: Iterable[dict]) -> dict | None:
        """What this source listed for one package beside its headline, or None if it said nothing.
        Keys: ``headline``, ``repositories``, ``edges`` (where known), ``complete``."""
        return self.normalizer.summary(records)

    def repository_url(self, records: Iterable[dict]) -> str | None:
        """The package's source repository URL, when this source's metadata names one."""
        return next(((r.get("body") or {}).get("repository_url") for r in records
                     if r["kind"] == self.metadata_kind and (r.get("body") or {}).get("repository_url")), None)

    def close(self, client: Any) -> None:
        client.close()

    def http_clients(self, client: Any) -> list:
        """The PoliteClients behind ``client`` (for request statistics and down detection)."""
        return [client.http]

    def guarded(self, subject: str, part: Callable[[], list[dict]]) -> list[dict]:
        """Run one part of a fetch; anything unexpected becomes this source's error record."""
        try:
            return part()
        except RequestFailed as exc:
            return [self.error(subject, exc.reason)]
        except Exception as exc:
            log.exception("%s: %s failed", self.name, subject)
            return [self.error(subject, f"unexpected {type(exc).__name__}: {exc}")]

    def error(self, subject: str, reason: str) -> dict:
        return error_record(self.name, subject, reason)


# --- sponsor-readiness signals -----------------------------------------------------------------


@dataclass(frozen=True)
class SignalRequest:
    """The owners whose sponsor-readiness is asked for this run, and who is asking.

    ``cache`` is a ``wump.enrich.OwnerCache`` (answers per source and login, reused for its
    max age); ``maintainer_max_age`` bounds how long the maintainer's own sponsor list is reused.
    """

    logins: list[str]
    maintainer: str | None
    cache: Any
    maintainer_max_age: float = 86400.0
    batch: int = 50  # owners per request, where a source can ask for several at once


class SignalRows:
    """The normalized tables the signal sources fill: owner_signals, pledge_members, errors."""

    def __init__(self):
        self.owner_signals = KeyedRows("owner_signals")
        self.pledge_members = KeyedRows("pledge_members")
        self.errors = KeyedRows("errors")

    def signal(self, source: str, login: str, signal: str, value: object, observed, url: str | None = None,
               host: str = "github.com") -> None:
        """One stated signal; None is not a statement and adds nothing. Booleans read true/false."""
        if value is None or login is None:
            return
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        self.owner_signals.add({"source": source, "host": host, "login": login, "signal": signal, "value": text,
                                "url": url, "observed_at": observed})

    def maintainer_sponsors(self, source: str, maintainer: str, body: dict, observed, url: str) -> None:
        """The maintainer's sponsors as read: how many (on the maintainer, so "not among them"
        means something) and ``sponsors_maintainer`` on each sponsor."""
        self.signal(source, maintainer, "maintainer_sponsors_listed", body.get("total"), observed, url)
        for sponsor in body.get("sponsors") or []:
            self.signal(source, sponsor["login"], "sponsors_maintainer", maintainer, observed, url)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {"owner_signals": self.owner_signals.frame(), "pledge_members": self.pledge_members.frame(),
                "errors": self.errors.frame()}


class SignalSource(Source):
    """A source that says whether owners can fund open source (a Sponsors listing, sponsorships,
    a Pledge membership) or already sponsor the maintainer. ``wump.signals`` loops over them."""

    priorities: ClassVar[Mapping[str, int]] = {}

    def client(self, settings: Settings, transports: Transports = None,
               sleep: Callable[[float], None] | None = None) -> tuple[Any | None, str | None]:
        """(client, None), or (None, why this source is not asked) when it cannot be."""
        raise NotImplementedError

    def fetch(self, client: Any, request: SignalRequest) -> list[dict]:
        """Raw records (cached answers included) for the request; failures as error records."""
        raise NotImplementedError

    def normalize(self, record: dict, rows: SignalRows) -> None:
        """Add one of this source's raw records (never an ``error`` one) to ``rows``."""
        raise NotImplementedError

    def close(self, client: Any) -> None:
        client.close()

    def http_clients(self, client: Any) -> list:
        return [client.http]

    def error(self, subject: str, reason: str) -> dict:
        return error_record(self.name, subject, reason)

    def record(self, kind: str, entry: dict | None, login: str) -> list[dict]:
        """The raw record of a cached answer that found something (none otherwise)."""
        if entry is None or not entry["found"]:
            return []
        return [{"kind": kind, "source": self.name, "fetched_at": entry["fetched_at"], "login": login,
                 "body": entry["body"]}]

    def maintainer_record(self, kind: str, http: Any, cache_key: str, ask: Callable[[], dict | None],
                          request: SignalRequest, errors: list[dict]) -> list[dict]:
        """The maintainer's sponsors (cached for ``maintainer_max_age``) as one record of ``kind``."""
        subject = f"sponsors of {request.maintainer}"
        entry = cached_answer(request.cache, http, cache_key, request.maintainer, ask, errors, self.error, subject,
                              request.maintainer_max_age)
        if entry is not None and not entry["found"]:
            errors.append(self.error(subject, "no such account here ([maintainer] github)"))
        return self.record(kind, entry, request.maintainer)


def cached_answer(cache: Any, http: Any, source: str, key: str, ask: Callable[[], dict | None],
                  errors: list[dict], error: Callable[[str, str], dict], subject: str,
                  max_age: float | None = None) -> dict | None:
    """The cache's fresh entry for (source, key), else ``ask()``'s answer (stored), else — when the
    source fails or is down — the last good entry however old. Failures go to ``errors``."""
    entry = cache.get(source, key) if max_age is None else _fresh(cache, source, key, max_age)
    if entry is not None:
        return entry
    if http.down_reason is None:
        try:
            return cache.put(source, key, ask())
        except RequestFailed as exc:
            if http.down_reason is None:
                errors.append(error(subject, exc.reason))
    return cache.get(source, key, any_age=True)


def _fresh(cache: Any, source: str, key: str, max_age: float) -> dict | None:
    entry = cache.get(source, key)
    return entry if entry is not None and cache.clock() - entry.get("saved_at", 0) <= max_age else None
