"""The precomputed shape answers every filter combination exactly as the live aggregation does.

The users route reads package_users, package_user_facets and package_user_counts instead of
counting a package's edges per request; here every documented combination (owner type, transitive,
forks, archived, runtime, active_since, every sort, two pages) is compared, row for row and count
for count, with the live SQL over dependencies, on the demo and on a generated graph with forks,
archived repositories, missing pushes, several sources and manifests, personal accounts, and a
package popular enough to be read from the precomputed counts and sort indexes.
"""

from __future__ import annotations

import itertools
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from wump import answers, publish, warehouse
from wump.normalize import frame, table_path, write_parquet
from wump.schema import NORMALIZED

OWNER_TYPES = [None, "User", "any", "unknown"]
DATES = [None, "2019-06-01", "2021-03-04"]


def _graph(parquet: Path, seed: int = 11) -> None:
    """A random graph in the normalized layer (two producers), dense enough in one package."""
    rnd = random.Random(seed)
    base = datetime(2018, 1, 1)
    owners, repos, deps = [], [], []
    for o in range(120):
        owners.append({"source": "github", "host": "github.com", "login": f"Owner{o}",
                       "owner_type": rnd.choice(["Organization", "User", None]), "fetched_at": base})
    for r in range(500):
        owner = f"Owner{min(int(rnd.paretovariate(0.6)), 120) - 1 if rnd.random() < 0.5 else rnd.randrange(120)}"
        pushed = None if rnd.random() < 0.1 else base + timedelta(days=rnd.randrange(0, 1300))
        repos.append({"source": "github", "host": "github.com", "owner": owner, "full_name": f"{owner}/r{r}",
                      "stars": rnd.choice([0, 1, 5, 40, None]), "is_fork": rnd.choice([True, False, False, None]),
                      "is_archived": rnd.choice([True, False, False, False, None]), "pushed_at": pushed,
                      "fetched_at": base})
    packages = ["hot", "warm", "cold"]
    for repo in repos:
        for package in rnd.sample(packages, rnd.choice([1, 1, 2, 3])):
            if package == "cold" and rnd.random() < 0.7:
                continue
            for source in rnd.sample(["github-manifest", "librariesio-1.6.0"], rnd.choice([1, 1, 2])):
                direct = rnd.random() < 0.75
                deps.append({"source": source, "host": "github.com", "full_name": repo["full_name"],
                             "ecosystem": "npm", "package": package,
                             "manifest_path": "package.json" if direct else "package-lock.json",
                             "dependency_type": rnd.choice(["runtime", "runtime", "development", None]),
                             "direct": direct, "requirement": "^1.0.0",
                             "detected_at": base + timedelta(days=rnd.randrange(900))})
    write_parquet(frame(NORMALIZED["owners"], owners), table_path(parquet, "owners", "github"))
    write_parquet(frame(NORMALIZED["repositories"], repos), table_path(parquet, "repositories", "github"))
    write_parquet(frame(NORMALIZED["dependencies"], deps), table_path(parquet, "dependencies", "github"))


@pytest.fixture(scope="module")
def generated_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fast")
    _graph(root / "parquet")
    warehouse.build_warehouse(root / "parquet", root / "warehouse.duckdb", popular_owners=60)
    publish.publish(root / "warehouse.duckdb", root / "wump.db")
    return root / "wump.db"


def _combinations():
    for owner_type, transitive, forks, archived, runtime, since, sort in itertools.product(
            OWNER_TYPES, [False, True], [True, False], [True, False], [False, True], DATES, list(answers.SORTS)):
        args = {"transitive": str(transitive).lower(), "forks": str(forks).lower(),
                "archived": str(archived).lower(), "runtime": str(runtime).lower(), "sort": sort}
        if owner_type:
            args["owner_type"] = owner_type
        if since:
            args["active_since"] = since
        yield args


def _compare(db: Path, expect_popular: bool | None = None, packages: int = 3) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    compared = 0
    for package_id, popular in con.execute("SELECT id, popular FROM packages WHERE dependent_organizations > 0 "
                                           "ORDER BY dependent_organizations DESC, id LIMIT ?", [packages]).fetchall():
        if expect_popular is not None and popular:
            expect_popular = None  # seen
        for args in _combinations():
            filters = answers.filters_from_args(args)
            for limit, offset in ((1000, 0), (5, 5), (1, 0)):
                fast = answers.users(con, package_id, filters, limit, offset)
                live = answers.live_users(con, package_id, filters, limit, offset)
                assert fast == live, (package_id, args, limit, offset)
            assert answers.count_users(con, package_id, filters) == answers.live_count_users(
                con, package_id, filters), (package_id, args)
            compared += 1
    con.close()
    assert expect_popular is None, "the fixture has no popular package"
    return compared


def test_generated_graph_every_combination_equals_the_live_aggregation(generated_db):
    con = sqlite3.connect(generated_db)
    facets = con.execute("SELECT count(*) FROM package_user_facets").fetchone()[0]
    counts = con.execute("SELECT count(*) FROM package_user_counts").fetchone()[0]
    flags = dict(con.execute("SELECT name, filter_flags FROM packages"))
    con.close()
    assert facets > 0 and counts > 0
    assert flags["hot"] == answers.FORK | answers.ARCHIVED | answers.NOT_RUNTIME
    assert _compare(generated_db, expect_popular=True) == 3 * 2 * 2 * 2 * 2 * len(OWNER_TYPES) * len(DATES) * 5


def test_a_small_head_grows_and_reads_candidates_exactly(generated_db, monkeypatch):
    """With a head of a few owners the popular package's answer takes every step (the head grows,
    the cut reads candidates beyond it), and still equals the live aggregation."""
    monkeypatch.setattr(answers, "HEAD_WINDOW", 2)
    assert _compare(generated_db, expect_popular=True, packages=1) == 2 * 2 * 2 * 2 * len(OWNER_TYPES) * len(DATES) * 5


def test_demo_every_combination_equals_the_live_aggregation(demo_db):
    assert _compare(demo_db) > 0


def test_a_filtered_answer_is_read_not_counted(generated_db):
    """The fast path reads package_users and the facet rows, never the edges."""
    con = sqlite3.connect(generated_db)
    package_id = con.execute("SELECT id FROM packages WHERE name = 'hot'").fetchone()[0]
    filters = answers.filters_from_args({"forks": "false", "runtime": "true", "active_since": "2019-06-01"})
    sql, params = answers.users_query(package_id, filters, 10, 0, **answers.package_facts(con, package_id))
    plan = [r[3] for r in con.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    con.close()
    assert "dependencies" not in sql and "repositories r" not in sql
    # per candidate and facet one seek of the facet rows, never a scan of the package's
    assert any(step.startswith("SEARCH f USING PRIMARY KEY (package_id=? AND organization_id=? AND facet=?")
               for step in plan), plan
    assert not any(step.startswith("SCAN") and "package_user" in step for step in plan), plan


def test_active_since_reads_owners_in_the_activity_order(generated_db):
    """A popular package's answer under active_since, sorted by repositories, reads its owners from
    package_user_activity (counts from an activity day on or before the date) and never the edges."""
    con = sqlite3.connect(generated_db)
    package_id = con.execute("SELECT id FROM packages WHERE name = 'hot'").fetchone()[0]
    day = con.execute("SELECT min(since) FROM package_user_activity WHERE package_id = ?", [package_id]).fetchone()[0]
    statements: list[str] = []
    con.set_trace_callback(statements.append)
    filters = answers.filters_from_args({"active_since": day, "runtime": "true"})
    found = answers.users(con, package_id, filters, 5)
    con.set_trace_callback(None)
    assert found == answers.live_users(con, package_id, filters, 5)
    con.close()
    assert any("package_user_activity a" in s for s in statements), statements
    assert not any("dependencies" in s or "repositories r" in s for s in statements), statements


def test_sharded_per_package_statements_build_the_same_tables(tmp_path):
    """A warehouse too large for its memory limit runs the per-package statements once per shard of
    package ids: five shards give exactly the rows one shard gives."""
    _graph(tmp_path / "parquet")
    tables = ("package_user_facets", "package_user_counts", "package_user_activity")
    built = {}
    for shards, edges_per_shard in (("one", 10**9), ("five", 140)):
        path = tmp_path / f"{shards}.duckdb"
        warehouse.build_warehouse(tmp_path / "parquet", path, popular_owners=60, edges_per_shard=edges_per_shard)
        con = warehouse.open_read_only(path)
        edges = con.execute("SELECT count(*) FROM dependencies").fetchone()[0]
        built[shards] = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
        con.close()
    assert (edges, -(-edges // 140)) == (678, 5)
    assert all(built["one"][t] for t in tables)
    assert built["five"] == built["one"]
