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


LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}


@pytest.fixture(autouse=True, scope="session")
def dagster_home(tmp_path_factory) -> Path:
    """Every build of the session records into a temporary Dagster instance, never the repo's .dagster/."""
    home = tmp_path_factory.mktemp("dagster_home")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    os.environ.pop("DAGSTER_HOME", None)


class InternetAccess(OSError):
    """A test tried to reach a host off this machine."""


@pytest.fixture(autouse=True, scope="session")
def no_internet():
    """Tests never touch the internet: resolving or connecting to any non-loopback host fails at
    once, loudly, instead of hanging or silently passing on a developer's networked machine."""
    import socket

    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in LOCAL_HOSTS and host is not None:
            raise InternetAccess(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(sock, address):
        if isinstance(address, tuple) and address[0] not in LOCAL_HOSTS:
            raise InternetAccess(f"test tried to connect to {address!r}")
        return real_connect(sock, address)

    socket.getaddrinfo, socket.socket.connect = guarded_getaddrinfo, guarded_connect
    yield
    socket.getaddrinfo, socket.socket.connect = real_getaddrinfo, real_connect


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


@pytest.fixture(scope="module")
def ds(demo_db):
    """Datasette in process on the published demo, set up as deployed: metadata, plugins, templates
    and static files from datasette/. One per test module; a module that needs another set-up
    defines its own `ds`."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text())
    site = REPO / "datasette"
    return Datasette([str(demo_db)], immutables=[], metadata=metadata, plugins_dir=str(site / "plugins"),
                     template_dir=str(site / "templates"), static_mounts=[("static", str(site / "static"))])
