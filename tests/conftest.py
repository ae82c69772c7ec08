"""Shared fixtures: a clean environment, and the demo graph built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Settings come from the environment; tests must never see a developer's token or config.
for _name in ("GITHUB_TOKEN", "LIBRARIES_IO_API_KEY", "WUMP_CONFIG", "WUMP_DATA_DIR", "WUMP_LIBRARIES_IO_DUMP",
              "DAGSTER_HOME", "WUMP_GITHUB_API_URL", "WUMP_GITHUB_WEB_URL", "WUMP_ECOSYSTEMS_URL",
              "WUMP_LIBRARIES_IO_URL"):
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """The whole Dagster graph materialized on the bundled demo, in process, into a temp dir."""
    from wump_assets.build import build_all

    data_dir = tmp_path_factory.mktemp("demo") / "data"
    cwd = os.getcwd()
    os.chdir(data_dir.parent)  # no wump.toml here: the demo is what gets built
    try:
        assert build_all(data_dir=str(data_dir)), "the demo build failed"
    finally:
        os.chdir(cwd)
    return data_dir


@pytest.fixture(scope="session")
def demo_db(demo_data_dir) -> Path:
    return demo_data_dir / "published" / "wump.db"
