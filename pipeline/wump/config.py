"""Settings from ``wump.toml`` and the environment.

``WUMP_CONFIG`` names the config file (default ./wump.toml), ``WUMP_DATA_DIR`` the data folder
(default ./data); every base URL has a ``WUMP_*_URL`` override so tests and demos can point at
local servers. Secrets are read from the environment only when a client is built, and are never
part of Settings, so they cannot be written anywhere by accident.
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
}
URL_ENV = {key: f"WUMP_{key.upper()}" for key in DEFAULT_URLS}


class ConfigError(ValueError):
    """The configuration file is unreadable or says something wump cannot use."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    config_path: Path = Path("wump.toml")
    watch_orgs: tuple[str, ...] = ()
    watch_packages: tuple[str, ...] = ()
    libraries_io_dump: Path | None = None
    github_api_url: str = DEFAULT_URLS["github_api_url"]
    github_web_url: str = DEFAULT_URLS["github_web_url"]
    ecosystems_url: str = DEFAULT_URLS["ecosystems_url"]
    libraries_io_url: str = DEFAULT_URLS["libraries_io_url"]
    mailto: str | None = None
    concurrency: int = 8
    http_timeout: float = 30.0
    # Longest wait for a rate-limit reset; beyond it a crawl stops with its progress saved.
    max_rate_limit_wait: float = 900.0
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def has_github_token(self) -> bool:
        return bool(os.environ.get("GITHUB_TOKEN"))

    @property
    def use_demo(self) -> bool:
        """The bundled offline demo stands in only when nothing at all is configured."""
        return not (
            self.watch_orgs or self.watch_packages or self.libraries_io_dump or self.has_github_token
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


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the config file named by WUMP_CONFIG (optional) and the environment."""
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

    watch = doc.get("watch", {})
    sources = doc.get("sources", {})
    urls = {key: env.get(URL_ENV[key]) or sources.get(key) or default for key, default in DEFAULT_URLS.items()}
    dump = env.get("WUMP_LIBRARIES_IO_DUMP") or sources.get("libraries_io_dump")
    for name in ("orgs", "packages"):
        if not isinstance(watch.get(name, []), list):
            raise ConfigError(f"{config_path}: [watch] {name} must be a list of strings")
    return Settings(
        data_dir=Path(env.get("WUMP_DATA_DIR") or doc.get("data_dir") or "data"),
        config_path=config_path,
        watch_orgs=tuple(str(o) for o in watch.get("orgs", [])),
        watch_packages=tuple(str(p) for p in watch.get("packages", [])),
        libraries_io_dump=Path(dump) if dump else None,
        mailto=sources.get("mailto"),
        concurrency=int(sources.get("concurrency", 8)),
        http_timeout=float(sources.get("http_timeout", 30.0)),
        max_rate_limit_wait=float(sources.get("max_rate_limit_wait", 900.0)),
        extra=doc,
        **urls,
    )


def with_overrides(settings: Settings, **changes) -> Settings:
    return replace(settings, **changes)
