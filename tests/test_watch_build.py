"""`wump watch add` then `wump build`: watched packages flow through the Dagster graph (one
partition per package) into the published answer, against local fakes on 127.0.0.1."""

from __future__ import annotations

import sqlite3

import pytest
from fakes.reverse_services import FakeReverseServices, truth_organizations
from wump import cli


@pytest.fixture
def services():
    fake = FakeReverseServices()
    servers = {name: fake.serve(name) for name in ("ecosystems", "github_web", "librariesio", "github_api")}
    yield fake, {name: url for name, (_, url) in servers.items()}
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


def test_watch_add_then_build_publishes_the_users_of_each_watched_package(tmp_path, monkeypatch, services):
    fake, urls = services
    config = tmp_path / "wump.toml"
    config.write_text(
        "# my watch list\n[sources]\ndependents_interval = 0.0\nlibraries_io_interval = 0.0\n"
        'mailto = "maintainer@example.org"\n'
    )
    monkeypatch.setenv("WUMP_CONFIG", str(config))
    monkeypatch.setenv("WUMP_ECOSYSTEMS_URL", urls["ecosystems"])
    monkeypatch.setenv("WUMP_GITHUB_WEB_URL", urls["github_web"])
    monkeypatch.setenv("WUMP_LIBRARIES_IO_URL", urls["librariesio"])
    monkeypatch.setenv("WUMP_GITHUB_API_URL", urls["github_api"])
    assert cli.main(["watch", "add", "pypi/FastAPI", "pypi/httpx"]) == 0
    assert config.read_text().startswith("# my watch list\n")  # the operator's comments survive
    assert cli.main(["watch", "list"]) == 0

    from wump_assets.build import build_all

    assert build_all(data_dir=str(tmp_path / "data"))
    with sqlite3.connect(tmp_path / "data" / "published" / "wump.db") as con:
        for spec in ("pypi/fastapi", "pypi/httpx"):
            ecosystem, name = spec.split("/")
            published = {row[0] for row in con.execute(
                "SELECT organization FROM package_users WHERE ecosystem = ? AND package = ? "
                "AND owner_type = 'Organization' AND repositories > 0", (ecosystem, name))}
            assert published == truth_organizations(fake.universe, spec)
        demo_orgs = con.execute("SELECT count(*) FROM organizations WHERE name = 'netflix'").fetchone()[0]
    assert demo_orgs == 0  # something is configured, so the demo is not mixed in
