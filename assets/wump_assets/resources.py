"""Resources: where the data lives and how to reach the sources, from wump's own settings."""

import dagster as dg
from wump.config import Settings, load_settings, with_overrides


class WumpSettings(dg.ConfigurableResource):
    """wump's settings (``wump.toml`` + ``WUMP_*`` environment); ``data_dir`` may be overridden."""

    data_dir: str | None = None

    def settings(self) -> Settings:
        settings = load_settings()
        if self.data_dir:
            from pathlib import Path

            settings = with_overrides(settings, data_dir=Path(self.data_dir))
        return settings
