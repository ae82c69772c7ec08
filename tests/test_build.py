"""The whole graph on the bundled demo: what a user gets from `make run`."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]


def query(db, sql, *params):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return con.execute(sql, params).fetchall()


def test_demo_build_publishes_every_table(demo_db):
    counts = {t: query(demo_db, f"SELECT count(*) FROM [{t}]")[0][0]
              for t in ("organizations", "repositories", "packages", "dependencies", "package_users", "adoptions",
                        "errors")}
    assert counts == {"organizations": 44, "repositories": 192, "packages": 61, "dependencies": 981,
                      "package_users": 539, "adoptions": 539, "errors": 0}


def test_fastapi_users_ranked_by_repositories(demo_db):
    rows = query(demo_db, """
        SELECT organization, owner_type, repositories, stars FROM package_users
        WHERE ecosystem = 'pypi' AND package = 'fastapi'
        ORDER BY repositories DESC, stars DESC LIMIT 5""")
    assert rows == [("uber", "Organization", 3, 318), ("dsouza-r", "User", 3, 25),
                    ("explosion", "Organization", 2, 975), ("netflix", "Organization", 2, 131),
                    ("stripe", "Organization", 2, 85)]
    # The demo's reverse lookup knows the owners the crawl does not: personal accounts, typed by
    # GitHub and ecosyste.ms' owners API; quietcorp on GitLab, whom nothing describes; gone-startup,
    # a login GitHub has no account for.
    types = dict(query(demo_db, "SELECT organization, owner_type FROM package_users "
                                "WHERE ecosystem = 'pypi' AND package = 'fastapi' AND organization IN "
                                "('samirk', 'northwind-labs', 'quietcorp', 'gone-startup')"))
    assert types == {"samirk": "User", "northwind-labs": "Organization", "quietcorp": "unknown",
                     "gone-startup": "missing"}


def test_repository_counts_match_the_demo_snapshot(demo_db):
    """package_users.repositories is the number of the owner's repositories that declare fastapi
    directly — in the SBOM's direct dependencies or in a requirements file (forks have no SBOM), or
    in a manifest ecosyste.ms lists — counted here straight from the bundled snapshots."""
    import base64

    from wump.demo import load_ecosystems_snapshot, load_snapshot

    responses = load_snapshot()["responses"]
    users: set[str] = set()
    for path, entry in responses.items():
        if path.endswith("/dependency-graph/sbom") and entry["status"] == 200:
            sbom = entry["body"]["sbom"]
            root = next(r["relatedSpdxElement"] for r in sbom["relationships"] if r["relationshipType"] == "DESCRIBES")
            direct = {r["relatedSpdxElement"] for r in sbom["relationships"]
                      if r["relationshipType"] == "DEPENDS_ON" and r["spdxElementId"] == root}
            if any(p["SPDXID"] in direct and p["name"] == "pypi:fastapi" for p in sbom["packages"]):
                users.add("/".join(path.split("/")[2:4]))
        if "/git/blobs/" in path:
            text = base64.b64decode(entry["body"]["content"]).decode()
            if any(line.startswith("fastapi") for line in text.splitlines()):
                users.add("/".join(path.split("/")[2:4]))
    listed = load_ecosystems_snapshot()["responses"]["/api/v1/usage/pypi/fastapi/dependencies?per_page=1000"]
    users |= {row["repository"]["full_name"] for row in listed["body"] if row["direct"]}
    expected: dict[str, int] = {}
    for full_name in users:
        owner = full_name.split("/")[0]
        expected[owner] = expected.get(owner, 0) + 1
    published = dict(query(demo_db, "SELECT organization, repositories FROM package_users "
                                    "WHERE ecosystem = 'pypi' AND package = 'fastapi' AND repositories > 0"))
    assert published == expected


def test_transitive_use_counts_separately(demo_db):
    """starlette only arrives through fastapi: every user of it is transitive."""
    rows = query(demo_db, "SELECT sum(repositories), sum(transitive_repositories) FROM package_users "
                          "WHERE ecosystem = 'pypi' AND package = 'starlette'")
    assert rows[0][0] == 0 and rows[0][1] > 0


def test_ids_are_stable_across_rebuilds(demo_data_dir, tmp_path):
    from wump import steps
    from wump.config import load_settings, with_overrides

    settings = with_overrides(load_settings({}), data_dir=tmp_path / "again")
    for step in (steps.fetch_github, steps.fetch_packages, steps.normalize_sources, steps.enrich_owners,
                 steps.build_warehouse, steps.publish):
        step(settings)
    sql = "SELECT id, name FROM organizations UNION ALL SELECT id, full_name FROM repositories " \
          "UNION ALL SELECT id, ecosystem || '/' || name FROM packages ORDER BY 1"
    assert query(settings.published_path, sql) == query(demo_data_dir / "published" / "wump.db", sql)


def test_every_duckdb_session_keeps_to_the_configured_memory(demo_data_dir, tmp_path, monkeypatch):
    """WUMP_DUCKDB_MEMORY bounds the warehouse build, the checks and publish alike (DuckDB's own
    default, 80% of RAM, is what a Libraries.io-sized build would otherwise take)."""
    from wump import warehouse

    monkeypatch.setenv("WUMP_DUCKDB_MEMORY", "300MB")
    setting = "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
    with warehouse.open_read_only(demo_data_dir / "warehouse.duckdb") as con:
        assert con.execute(setting).fetchone() == ("286.1 MiB", str(demo_data_dir / "duckdb_tmp"))
    with warehouse.connect(tmp_path / "new.duckdb") as con:
        assert con.execute(setting).fetchone() == ("286.1 MiB", str(tmp_path / "duckdb_tmp"))


def test_inspect_file_describes_the_published_file(demo_data_dir, tmp_path):
    """Datasette starts from the inspect file instead of hashing and counting a large file."""
    import json

    from datasette.inspect import inspect_hash
    from wump import publish

    target, inspect_file = tmp_path / "published" / "wump.db", tmp_path / "published" / "inspect.json"
    counts = publish.publish(demo_data_dir / "warehouse.duckdb", target, inspect_file)
    # Datasette's inspect file counts tables; views (adoptions) are counted by whoever reads them.
    tables = [name for (name,) in query(target, "SELECT name FROM sqlite_master WHERE type = 'table'")
              if name in counts]
    assert json.loads(inspect_file.read_text()) == {"wump": {
        "hash": inspect_hash(target), "size": target.stat().st_size, "file": "wump.db",
        "tables": {name: {"count": query(target, f"SELECT count(*) FROM [{name}]")[0][0]} for name in tables}}}
    assert "adoptions" not in tables
    assert counts["package_users"] == counts["adoptions"] == 539


# A table of the file published directly, and one of the file copied into it.
@pytest.mark.parametrize("missing", ["errors", "repositories"])
def test_failed_publish_keeps_the_last_good_database(demo_data_dir, tmp_path, missing):
    from wump import publish

    assert (missing in publish.SIDE_TABLES) == (missing == "repositories")
    target = tmp_path / "published" / "wump.db"
    publish.publish(demo_data_dir / "warehouse.duckdb", target)
    before = target.read_bytes()
    # A warehouse that breaks half-way through publishing: one of its tables is gone.
    broken = tmp_path / "broken.duckdb"
    shutil.copy(demo_data_dir / "warehouse.duckdb", broken)
    with duckdb.connect(str(broken)) as con:
        con.execute(f"DROP TABLE {missing}")
    with pytest.raises(duckdb.Error):
        publish.publish(broken, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["wump.db"]


def test_published_file_passes_the_shared_contract(demo_db, tmp_path):
    check = REPO.parent / "shared" / "contract" / "check"
    if not check.exists():
        pytest.skip("../shared/contract/check is not beside this checkout")
    for name in ("README.md", "Makefile", "pyproject.toml", ".ci", "pipeline", "assets", "datasette", "tests"):
        os.symlink(REPO / name, tmp_path / name)
    (tmp_path / "data" / "published").mkdir(parents=True)
    shutil.copy(demo_db, tmp_path / "data" / "published" / "wump.db")
    result = subprocess.run([sys.executable, str(check)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "0 failed" in result.stdout


def test_quick_check_names_the_damaged_table(tmp_path):
    """Each table is checked as it is written; damage in one table's index fails the publish with
    SQLite's own words and the table's name, and a sound table beside it passes."""
    import sqlite3

    from wump import publish

    path = tmp_path / "damaged.db"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA page_size = 4096")
    for table in ("sound", "damaged"):
        con.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, v TEXT)")
        con.execute(f"CREATE INDEX {table}_v ON {table} (v)")
        con.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(i, f"v{i:05d}") for i in range(3000)])
    root = con.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'damaged_v'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    end = root * 4096  # the index's root page: its cells sit at the end of the page
    data[end - 200:end] = bytes(range(200))
    path.write_bytes(bytes(data))
    con = sqlite3.connect(path)
    publish._quick_check(con, "sound", path)
    with pytest.raises(publish.PublishError) as failed:
        publish._quick_check(con, "damaged", path)
    con.close()
    assert str(failed.value).startswith("damaged.db: table damaged failed SQLite's quick_check: "
                                        "*** in database main ***\nOn tree page ")
    assert "invalid page number" in str(failed.value)


def test_a_file_too_large_for_memory_is_checked_table_by_table(demo_data_dir, tmp_path, monkeypatch):
    """When the new file would outgrow the page cache, each main-file table is checked as it is
    written and the rest at the end: the same database comes out, every table checked."""
    import sqlite3

    from wump import publish

    publish.publish(demo_data_dir / "warehouse.duckdb", tmp_path / "whole" / "wump.db")
    monkeypatch.setattr(publish, "CACHED_SHARE", 0)
    timings: dict[str, float] = {}
    publish.publish(demo_data_dir / "warehouse.duckdb", tmp_path / "early" / "wump.db", timings=timings)
    checked = sorted(k.removeprefix("check.") for k in timings if k.startswith("check."))
    assert checked == sorted([t.name for t in publish.STORED if t.name not in publish.SIDE_TABLES] + ["rest"])
    dumps = []
    for name in ("whole", "early"):
        con = sqlite3.connect(tmp_path / name / "wump.db")
        dumps.append(list(con.iterdump()))
        con.close()
    assert dumps[0] == dumps[1]

