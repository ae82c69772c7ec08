"""Settings from ``wump.toml`` and the environment, typed, one options class per source.

``WUMP_CONFIG`` names the config file (default ./wump.toml), ``WUMP_DATA_DIR`` the data folder
(default ./data); every base URL has a ``WUMP_*_URL`` override so tests and demos can point at
local servers. Secrets are read from the environment only when a client is built, and are never
part of Settings, so they cannot be written anywhere by accident.

Each field of an options class is declared once, with the configuration key that sets it, its
meaning and its README default; ``OPTIONS`` is the one list of keys gathered from those
declarations: the loader reads exactly these (an unknown key is an error naming the ones allowed)
and a test checks the README documents each.
"""

from __future__ import annotations

import os
import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, replace
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
class Option:
    """One configuration key: where it lives in wump.toml, its environment override, its meaning."""

    section: str  # "" for the top level
    key: str
    kind: type
    description: str
    env: str | None = None
    default: str = ""  # as the README shows it


def _option(section: str, key: str, default, description: str, *, shown: str | None = None, env: bool = False,
            kind: type | None = None):
    """A field that the configuration key ``[section] key`` sets (and, with ``env``, the environment
    variable ``WUMP_<KEY>``), read as ``kind`` (default: the field's annotation); ``shown`` is the
    README's default where ``default`` does not print the way the README says it."""
    if shown is None:
        shown = "unset" if default is None else str(default)
    return field(default=default, metadata={"option": (section, key, description, shown, env, kind)})


@dataclass(frozen=True)
class HttpOptions:
    """How every client behaves towards a slow or rationing server."""

    timeout: float = _option("sources", "http_timeout", 30.0,
                             "seconds before a request times out (every client)", shown="30")
    # Beyond this wait for a rate-limit reset, a client stops and the run resumes later.
    max_rate_limit_wait: float = _option("sources", "max_rate_limit_wait", 900.0,
                                         "longest rate-limit wait in seconds (every client)", shown="900")


@dataclass(frozen=True)
class GitHubOptions:
    """GitHub REST (forward crawl, owner profiles) and GitHub's dependents page."""

    api_url: str = _option("sources", "github_api_url", DEFAULT_URLS["github_api_url"],
                           "GitHub REST base URL", env=True)
    web_url: str = _option("sources", "github_web_url", DEFAULT_URLS["github_web_url"],
                           "GitHub web base URL (dependents page)", env=True)
    graphql_url: str = _option("sources", "github_graphql_url", DEFAULT_URLS["github_graphql_url"],
                               "GitHub GraphQL endpoint (sponsorship signals)", env=True)
    # GitHub asks for fewer than 100 requests in flight.
    concurrency: int = _option("sources", "concurrency", 8, "GitHub REST requests in flight")
    dependents_interval: float = _option("sources", "dependents_interval", 1.0,
                                         "seconds between GitHub dependents-page requests")


@dataclass(frozen=True)
class EcosystemsOptions:
    """repos.ecosyste.ms (usage, owners) and packages.ecosyste.ms (package metadata)."""

    url: str = _option("sources", "ecosystems_url", DEFAULT_URLS["ecosystems_url"],
                       "repos.ecosyste.ms base URL", env=True)
    # None: derived from ``url`` (repos. → packages.)
    packages_url: str | None = _option(
        "sources", "ecosystems_packages_url", None,
        "packages.ecosyste.ms base URL (default: derived from ecosystems_url)", shown="https://packages.ecosyste.ms",
        env=True)
    mailto: str | None = _option("sources", "mailto", None, "contact address sent to ecosyste.ms (polite pool)")
    per_page: int = _option("sources", "ecosystems_per_page", 1000, "ecosyste.ms dependency rows per page")
    sponsors_url: str = _option("sources", "ecosystems_sponsors_url", DEFAULT_URLS["ecosystems_sponsors_url"],
                                "sponsors.ecosyste.ms base URL", env=True)


@dataclass(frozen=True)
class LibrariesIOOptions:
    """The Libraries.io API and the Open Data dump."""

    url: str = _option("sources", "libraries_io_url", DEFAULT_URLS["libraries_io_url"],
                       "Libraries.io base URL", env=True)
    # 1 s between requests is Libraries.io's 60 a minute.
    interval: float = _option("sources", "libraries_io_interval", 1.0, "seconds between Libraries.io API requests")
    dump: Path | None = _option("sources", "libraries_io_dump", None,
                                "folder with the Libraries.io Open Data 1.6.0 CSVs", shown="unset (no dump)", env=True)


@dataclass(frozen=True)
class EnrichOptions:
    """Owner enrichment: which owners are looked up and how long an answer is reused."""

    # Watched packages' users are looked up first. Most owners cost one GitHub request (ecosyste.ms,
    # asked too, says which of /orgs or /users to ask): 2,000 fit in one token's hourly 5,000.
    budget: int = _option("enrich", "budget", 2000, "owners looked up per run")
    max_age_seconds: float = _option("enrich", "max_age_seconds", 7 * 86400,
                                     "how long a cached owner answer is reused", shown="604800 (a week)")
    # Organizations' repositories listed with no word on how they use a watched package (see
    # wump.verify): about four requests each, so 500 and the owners above fit in one token's hour.
    verify_budget: int = _option("enrich", "verify_budget", 500,
                                 "repositories read per run to tell declared use from lockfile-only use")


@dataclass(frozen=True)
class LeadsOptions:
    """Sponsorship leads: the score's weights (one per factor, see wump.leads), the activity
    half-life, the Open Source Pledge member list, the maintainer asking, GraphQL batching."""

    repositories: float = _option("leads", "repositories", 2.0,
                                  "lead score weight × log2(1 + repositories using the package)")
    runtime: float = _option("leads", "runtime", 1.5,
                             "lead score weight × share of those repositories using it at runtime")
    activity: float = _option("leads", "activity", 1.5,
                              "lead score weight × 0.5 ^ (days since the latest push / half-life)")
    stars: float = _option("leads", "stars", 1.0, "lead score weight × log10(1 + stars of those repositories)")
    funds_open_source: float = _option("leads", "funds_open_source", 2.0,
                                       "lead score points when the owner is seen funding open source")
    activity_half_life_days: float = _option("leads", "activity_half_life_days", 180.0,
                                             "days after which the activity factor halves", shown="180")
    pledge_url: str | None = _option(
        "sources", "pledge_url", None, "URL of a JSON list of Open Source Pledge members (unset: not asked)",
        shown="unset (not asked)", env=True)
    # Whose sponsors are "already sponsors you".
    maintainer_github: str | None = _option(
        "maintainer", "github", None, "your GitHub login: owners sponsoring it are flagged already_sponsors_you")
    graphql_batch: int = _option("leads", "graphql_batch", 50, "owners per GitHub GraphQL query")

    @property
    def weights(self) -> dict[str, float]:
        return {"repositories": self.repositories, "runtime": self.runtime, "activity": self.activity,
                "stars": self.stars, "funds_open_source": self.funds_open_source}


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


def _under_data_dir(*parts: str) -> property:
    """A read-only Settings attribute: this path below ``data_dir``."""
    return property(lambda settings: settings.data_dir.joinpath(*parts), doc=f"data_dir / {'/'.join(parts)}")


@dataclass(frozen=True)
class Settings:
    """Everything a build needs to know, from wump.toml and the environment (see load_settings)."""

    data_dir: Path = _option("", "data_dir", Path("data"),
                             "folder for raw/, parquet/, the warehouse and the published file", shown="./data", env=True)
    config_path: Path = Path("wump.toml")
    watch_orgs: tuple[str, ...] = _option("watch", "orgs", (), "owners to crawl (forward crawl)", shown="[]")
    watch_packages: tuple[str, ...] = _option("watch", "packages", (),
                                              "ECOSYSTEM/NAME packages to look up (reverse lookup)", shown="[]")
    # ("ECOSYSTEM/NAME", "owner/repo") pairs from [sources.repositories].
    repositories: tuple[tuple[str, str], ...] = _option(
        "sources.repositories", "*", (), '"ECOSYSTEM/NAME" = "owner/repo": where a package\'s source lives',
        shown="none", kind=str)
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
    raw_dir = _under_data_dir("raw")
    parquet_dir = _under_data_dir("parquet")
    cache_dir = _under_data_dir("cache")
    warehouse_path = _under_data_dir("warehouse.duckdb")
    published_path = _under_data_dir("published", "wump.db")
    inspect_path = _under_data_dir("published", "counts.json")


def _kind(hint) -> type:
    """What a value given for a field annotated ``hint`` is read as: a tuple is given as a list,
    an optional value as its type."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        return list
    if origin in (typing.Union, types.UnionType):
        return next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint


def _declared(cls) -> list[tuple[str, Option]]:
    """(field name, Option) for every field of ``cls`` that a configuration key sets, in field order."""
    hints = typing.get_type_hints(cls)
    declared = []
    for f in fields(cls):
        if "option" in f.metadata:
            section, key, description, shown, env, kind = f.metadata["option"]
            declared.append((f.name, Option(section, key, kind or _kind(hints[f.name]), description,
                                            env=f"WUMP_{key.upper()}" if env else None, default=shown)))
    return declared


# Settings' own fields (group None) and its options classes (group: the Settings field holding one).
_GROUPS: dict[str, type] = {f.name: f.default_factory for f in fields(Settings) if f.default_factory is not MISSING}
_FIELDS: tuple[tuple[str | None, str, Option], ...] = tuple(
    [(None, name, option) for name, option in _declared(Settings)]
    + [(group, name, option) for group, cls in _GROUPS.items() for name, option in _declared(cls)])
OPTIONS: tuple[Option, ...] = tuple(option for _, _, option in _FIELDS)


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

    def value(option: Option):
        if option.env and env.get(option.env):
            return _typed(env[option.env], option.kind, option.env, config_path)
        section, key = option.section, option.key
        table = doc.get(section, {}) if section else doc
        if key not in table:
            return None
        return _typed(table[key], option.kind, f"[{section}] {key}" if section else key, config_path)

    given: dict[str | None, dict] = {}
    for group, name, option in _FIELDS:
        if option.key != "*":  # [sources.repositories] is a table of its own, read below
            found = value(option)
            if found is not None:
                given.setdefault(group, {})[name] = found
    repositories = doc.get("sources", {}).get("repositories", {}) or {}
    if not isinstance(repositories, dict):
        raise ConfigError(f"{config_path}: [sources.repositories] must be a table of \"ECO/NAME\" = \"owner/repo\"")
    return Settings(
        config_path=config_path,
        repositories=tuple((str(k), str(v)) for k, v in repositories.items() if v),
        **given.get(None, {}),
        **{group: cls(**given.get(group, {})) for group, cls in _GROUPS.items()},
    )


def with_overrides(settings: Settings, **changes) -> Settings:
    """``settings`` with some fields replaced (``data_dir=…``, ``github=GitHubOptions(…)``)."""
    return replace(settings, **changes)
