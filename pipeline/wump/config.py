"""Settings from ``wump.toml`` and the environment, typed, one options class per source.

``WUMP_CONFIG`` names the config file (default ./wump.toml), ``WUMP_DATA_DIR`` the data folder
(default ./data); every base URL has a ``WUMP_*_URL`` override so tests and demos can point at
local servers. Secrets are read from the environment only when a client is built, and are never
part of Settings, so they cannot be written anywhere by accident.

``OPTIONS`` below is the one list of configuration keys: the loader reads exactly these (an
unknown key is an error naming the ones allowed) and a test checks the README documents each.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_URLS = {
    "github_api_url": "https://api.github.com",
    "github_web_url": "https://github.com",
    "ecosystems_url": "https://repos.ecosyste.ms",
    "libraries_io_url": "https://libraries.io",
    "github_graphql_url": "https://api.github.com/graphql",
    "ecosystems_sponsors_url": "https://sponsors.ecosyste.ms",
}
URL_ENV = {key: f"WUMP_{key.upper()}" for key in [*DEFAULT_URLS, "ecosystems_packages_url", "pledge_url"]}


class ConfigError(ValueError):
    """The configuration file is unreadable or says something wump cannot use."""


@dataclass(frozen=True)
class HttpOptions:
    """How every client behaves towards a slow or rationing server."""

    timeout: float = 30.0  # seconds per request
    max_rate_limit_wait: float = 900.0  # longest wait for a rate-limit reset; beyond it, stop and resume later


@dataclass(frozen=True)
class GitHubOptions:
    """GitHub REST (forward crawl, owner profiles) and GitHub's dependents page."""

    api_url: str = DEFAULT_URLS["github_api_url"]
    web_url: str = DEFAULT_URLS["github_web_url"]
    graphql_url: str = DEFAULT_URLS["github_graphql_url"]
    concurrency: int = 8  # REST requests in flight (GitHub asks for fewer than 100)
    dependents_interval: float = 1.0  # seconds between dependents-page requests


@dataclass(frozen=True)
class EcosystemsOptions:
    """repos.ecosyste.ms (usage, owners) and packages.ecosyste.ms (package metadata)."""

    url: str = DEFAULT_URLS["ecosystems_url"]
    packages_url: str | None = None  # None: derived from ``url`` (repos. → packages.)
    mailto: str | None = None  # joins the polite pool
    per_page: int = 1000  # dependency rows per keyset page
    sponsors_url: str = DEFAULT_URLS["ecosystems_sponsors_url"]  # sponsors.ecosyste.ms


@dataclass(frozen=True)
class LibrariesIOOptions:
    """The Libraries.io API and the Open Data dump."""

    url: str = DEFAULT_URLS["libraries_io_url"]
    interval: float = 1.0  # seconds between API requests (60 a minute)
    dump: Path | None = None  # folder with the 1.6.0 CSVs


@dataclass(frozen=True)
class EnrichOptions:
    """Owner enrichment: which owners are looked up and how long an answer is reused."""

    budget: int = 500  # owners looked up per run, watched packages' users first
    max_age_seconds: float = 7 * 86400  # a cached owner answer is reused this long


@dataclass(frozen=True)
class LeadsOptions:
    """Sponsorship leads: the score's weights (one per factor, see wump.leads), the activity
    half-life, the Open Source Pledge member list, the maintainer asking, GraphQL batching."""

    repositories: float = 2.0  # × log2(1 + repositories declaring the package)
    runtime: float = 1.5  # × share of those where it is a runtime dependency
    activity: float = 1.5  # × 0.5 ** (days since the latest push / activity_half_life_days)
    stars: float = 1.0  # × log10(1 + stars over those repositories)
    funds_open_source: float = 2.0  # once, when a source shows the owner funds open source
    activity_half_life_days: float = 180.0
    pledge_url: str | None = None  # a JSON list of Open Source Pledge members; None: not asked
    maintainer_github: str | None = None  # [maintainer] github: whose sponsors are "already sponsors you"
    graphql_batch: int = 50  # owners per GitHub GraphQL query (aliases)

    @property
    def weights(self) -> dict[str, float]:
        return {"repositories": self.repositories, "runtime": self.runtime, "activity": self.activity,
                "stars": self.stars, "funds_open_source": self.funds_open_source}


@dataclass(frozen=True)
class Option:
    """One configuration key: where it lives in wump.toml, its environment override, its meaning."""

    section: str  # "" for the top level
    key: str
    kind: type
    description: str
    env: str | None = None
    default: str = ""  # as the README shows it


# Read from the environment only (never from wump.toml): name → meaning.
ENVIRONMENT: dict[str, str] = {
    "WUMP_CONFIG": "the configuration file (default ./wump.toml)",
    "GITHUB_TOKEN": "GitHub token: 5,000 REST requests an hour instead of 60, and GraphQL; never written anywhere",
    "LIBRARIES_IO_API_KEY": "Libraries.io API key (the API is not asked without one); never written anywhere",
    "WUMP_DUCKDB_MEMORY": "memory limit of every DuckDB session of a build (default 1GB; spills to disk beyond it)",
    "DAGSTER_HOME": "the Dagster instance the CLI and the UI share (default ./.dagster)",
    "WUMP_DAGSTER_PG_URL": "PostgreSQL URL of the production instance (assets/deploy/dagster.yaml)",
}


def options_table() -> str:
    """The README's table of every configuration key and environment variable (a test keeps the
    README equal to it)."""
    rows = ["| key | environment | default | meaning |", "|---|---|---|---|"]
    for o in OPTIONS:
        where = f"`{o.key}`" if not o.section else (
            f'`[{o.section}] "ECOSYSTEM/NAME"`' if o.key == "*" else f"`[{o.section}] {o.key}`")
        rows.append(f"| {where} | {f'`{o.env}`' if o.env else ''} | {o.default} | {o.description} |")
    rows += [f"| | `{name}` | | {meaning} |" for name, meaning in ENVIRONMENT.items()]
    return "\n".join(rows) + "\n"


OPTIONS: tuple[Option, ...] = (
    Option('', 'data_dir', Path, 'folder for raw/, parquet/, the warehouse and the published file', env='WUMP_DATA_DIR', default='./data'),
    Option('watch', 'orgs', list, 'owners to crawl (forward crawl)', default='[]'),
    Option('watch', 'packages', list, 'ECOSYSTEM/NAME packages to look up (reverse lookup)', default='[]'),
    Option('sources', 'github_api_url', str, 'GitHub REST base URL', env='WUMP_GITHUB_API_URL', default='https://api.github.com'),
    Option('sources', 'github_web_url', str, 'GitHub web base URL (dependents page)', env='WUMP_GITHUB_WEB_URL', default='https://github.com'),
    Option('sources', 'ecosystems_url', str, 'repos.ecosyste.ms base URL', env='WUMP_ECOSYSTEMS_URL', default='https://repos.ecosyste.ms'),
    Option('sources', 'ecosystems_packages_url', str, 'packages.ecosyste.ms base URL (default: derived from ecosystems_url)', env='WUMP_ECOSYSTEMS_PACKAGES_URL', default='https://packages.ecosyste.ms'),
    Option('sources', 'libraries_io_url', str, 'Libraries.io base URL', env='WUMP_LIBRARIES_IO_URL', default='https://libraries.io'),
    Option('sources', 'libraries_io_dump', Path, 'folder with the Libraries.io Open Data 1.6.0 CSVs', env='WUMP_LIBRARIES_IO_DUMP', default='unset (no dump)'),
    Option('sources', 'mailto', str, 'contact address sent to ecosyste.ms (polite pool)', default='unset'),
    Option('sources', 'concurrency', int, 'GitHub REST requests in flight', default='8'),
    Option('sources', 'http_timeout', float, 'seconds before a request times out (every client)', default='30'),
    Option('sources', 'max_rate_limit_wait', float, 'longest rate-limit wait in seconds (every client)', default='900'),
    Option('sources', 'dependents_interval', float, 'seconds between GitHub dependents-page requests', default='1.0'),
    Option('sources', 'ecosystems_per_page', int, 'ecosyste.ms dependency rows per page', default='1000'),
    Option('sources', 'libraries_io_interval', float, 'seconds between Libraries.io API requests', default='1.0'),
    Option('sources.repositories', '*', str, '"ECOSYSTEM/NAME" = "owner/repo": where a package\'s source lives', default='none'),
    Option('enrich', 'budget', int, 'owners looked up per run', default='500'),
    Option('enrich', 'max_age_seconds', float, 'how long a cached owner answer is reused', default='604800 (a week)'),
    Option('sources', 'github_graphql_url', str, 'GitHub GraphQL endpoint (sponsorship signals)', env='WUMP_GITHUB_GRAPHQL_URL', default='https://api.github.com/graphql'),
    Option('sources', 'ecosystems_sponsors_url', str, 'sponsors.ecosyste.ms base URL', env='WUMP_ECOSYSTEMS_SPONSORS_URL', default='https://sponsors.ecosyste.ms'),
    Option('sources', 'pledge_url', str, 'URL of a JSON list of Open Source Pledge members (unset: not asked)', env='WUMP_PLEDGE_URL', default='unset (not asked)'),
    Option('maintainer', 'github', str, 'your GitHub login: owners sponsoring it are flagged already_sponsors_you', default='unset'),
    Option('leads', 'repositories', float, 'lead score weight × log2(1 + repositories using the package)', default='2.0'),
    Option('leads', 'runtime', float, 'lead score weight × share of those repositories using it at runtime', default='1.5'),
    Option('leads', 'activity', float, 'lead score weight × 0.5 ^ (days since the latest push / half-life)', default='1.5'),
    Option('leads', 'stars', float, 'lead score weight × log10(1 + stars of those repositories)', default='1.0'),
    Option('leads', 'funds_open_source', float, 'lead score points when the owner is seen funding open source', default='2.0'),
    Option('leads', 'activity_half_life_days', float, 'days after which the activity factor halves', default='180'),
    Option('leads', 'graphql_batch', int, 'owners per GitHub GraphQL query', default='50'),
)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    config_path: Path = Path("wump.toml")
    watch_orgs: tuple[str, ...] = ()
    watch_packages: tuple[str, ...] = ()
    # ("ECOSYSTEM/NAME", "owner/repo") pairs from [sources.repositories].
    repositories: tuple[tuple[str, str], ...] = ()
    http: HttpOptions = field(default_factory=HttpOptions)
    github: GitHubOptions = field(default_factory=GitHubOptions)
    ecosystems: EcosystemsOptions = field(default_factory=EcosystemsOptions)
    librariesio: LibrariesIOOptions = field(default_factory=LibrariesIOOptions)
    enrich: EnrichOptions = field(default_factory=EnrichOptions)
    leads: LeadsOptions = field(default_factory=LeadsOptions)

    @property
    def has_github_token(self) -> bool:
        return bool(os.environ.get("GITHUB_TOKEN"))

    @property
    def use_demo(self) -> bool:
        """The bundled offline demo stands in only when nothing at all is configured."""
        return not (
            self.watch_orgs or self.watch_packages or self.librariesio.dump or self.has_github_token
        )

    # Folder layout under data/ (DESIGN.md: raw/, parquet/, warehouse.duckdb, published/wump.db).
    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def parquet_dir(self) -> Path:
        return self.data_dir / "parquet"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def published_path(self) -> Path:
        return self.data_dir / "published" / "wump.db"

    @property
    def inspect_path(self) -> Path:
        return self.data_dir / "published" / "counts.json"


def _check_keys(doc: dict, config_path: Path) -> None:
    allowed: dict[str, set[str]] = {}
    for option in OPTIONS:
        allowed.setdefault(option.section, set()).add(option.key)
    for section, keys in allowed.items():
        table = doc
        for part in filter(None, section.split(".")):
            table = table.get(part, {}) if isinstance(table, dict) else {}
        if not isinstance(table, dict) or "*" in keys:
            continue
        subtables = {s.split(".")[-1] for s in allowed if s.startswith(f"{section}.") or (not section and s)}
        unknown = sorted(k for k in table if k not in keys and k not in subtables)
        if unknown:
            where = f"[{section}]" if section else "the top level"
            raise ConfigError(f"{config_path}: unknown key(s) {', '.join(unknown)} in {where}; "
                              f"allowed: {', '.join(sorted(keys | subtables))} (see the README's configuration section)")


def _typed(value, kind: type, name: str, config_path: Path):
    try:
        if kind is list:
            if not isinstance(value, list):
                raise TypeError
            return tuple(str(v) for v in value)
        if kind is int and isinstance(value, float) and not value.is_integer():
            raise TypeError
        return kind(value)
    except (TypeError, ValueError):
        article = "a list of strings" if kind is list else f"a {kind.__name__}"
        raise ConfigError(f"{config_path}: {name} must be {article}, not {value!r}") from None


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the config file named by WUMP_CONFIG (optional) and the environment.

    :param environ: the environment to read (default ``os.environ``); tests pass their own.
    """
    env = os.environ if environ is None else environ
    config_path = Path(env.get("WUMP_CONFIG", "wump.toml"))
    doc: dict = {}
    if config_path.is_file():
        try:
            doc = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_path}: not valid TOML: {exc}") from exc
    elif "WUMP_CONFIG" in env:
        raise ConfigError(f"WUMP_CONFIG names {config_path}, which does not exist")
    _check_keys(doc, config_path)

    def value(section: str, key: str):
        option = next(o for o in OPTIONS if o.section == section and o.key == key)
        if option.env and env.get(option.env):
            return _typed(env[option.env], option.kind, option.env, config_path)
        table = doc.get(section, {}) if section else doc
        if key not in table:
            return None
        return _typed(table[key], option.kind, f"[{section}] {key}" if section else key, config_path)

    def pick(section: str, key: str, default):
        found = value(section, key)
        return default if found is None else found

    repositories = doc.get("sources", {}).get("repositories", {}) or {}
    if not isinstance(repositories, dict):
        raise ConfigError(f"{config_path}: [sources.repositories] must be a table of \"ECO/NAME\" = \"owner/repo\"")
    http, github, ecosystems = HttpOptions(), GitHubOptions(), EcosystemsOptions()
    librariesio, enrich, leads = LibrariesIOOptions(), EnrichOptions(), LeadsOptions()
    return Settings(
        data_dir=pick("", "data_dir", Path("data")),
        config_path=config_path,
        watch_orgs=pick("watch", "orgs", ()),
        watch_packages=pick("watch", "packages", ()),
        repositories=tuple((str(k), str(v)) for k, v in repositories.items() if v),
        http=HttpOptions(timeout=pick("sources", "http_timeout", http.timeout),
                         max_rate_limit_wait=pick("sources", "max_rate_limit_wait", http.max_rate_limit_wait)),
        github=GitHubOptions(api_url=pick("sources", "github_api_url", github.api_url),
                             web_url=pick("sources", "github_web_url", github.web_url),
                             graphql_url=pick("sources", "github_graphql_url", github.graphql_url),
                             concurrency=pick("sources", "concurrency", github.concurrency),
                             dependents_interval=pick("sources", "dependents_interval", github.dependents_interval)),
        ecosystems=EcosystemsOptions(url=pick("sources", "ecosystems_url", ecosystems.url),
                                     packages_url=value("sources", "ecosystems_packages_url"),
                                     mailto=value("sources", "mailto"),
                                     per_page=pick("sources", "ecosystems_per_page", ecosystems.per_page),
                                     sponsors_url=pick("sources", "ecosystems_sponsors_url", ecosystems.sponsors_url)),
        librariesio=LibrariesIOOptions(url=pick("sources", "libraries_io_url", librariesio.url),
                                       interval=pick("sources", "libraries_io_interval", librariesio.interval),
                                       dump=value("sources", "libraries_io_dump")),
        enrich=EnrichOptions(budget=pick("enrich", "budget", enrich.budget),
                             max_age_seconds=pick("enrich", "max_age_seconds", enrich.max_age_seconds)),
        leads=LeadsOptions(**{key: pick("leads", key, getattr(leads, key)) for key in (
            "repositories", "runtime", "activity", "stars", "funds_open_source", "activity_half_life_days",
            "graphql_batch")}, pledge_url=value("sources", "pledge_url"), maintainer_github=value("maintainer", "github")),
    )


def with_overrides(settings: Settings, **changes) -> Settings:
    """``settings`` with some fields replaced (``data_dir=…``, ``github=GitHubOptions(…)``)."""
    return replace(settings, **changes)
