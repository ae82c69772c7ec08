"""The default answer and adoption history on worlds shaped like GitHub's: personal accounts
outnumber organizations ten to one, some organizations only have the package in a lockfile, and
owners come and go between builds."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from wump import answers, normalize, publish, warehouse
from wump.schema import NORMALIZED

SOURCE = "github-manifest"  # the labels the tables carry; the merge treats them as it treats any


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def world(tmp_path, uses: list[tuple[str, str | None, str, bool, int, str]], *, now: str,
          listing_complete: bool | None = None) -> sqlite3.Connection:
    """Publish a world: ``uses`` are (owner, owner type, repository, direct, stars, detected) rows of
    one package, pypi/widget; ``listing_complete`` is what the source says of its listing (None:
    it lists nothing); returns a connection to the published file."""
    owners, repositories, dependencies = {}, {}, []
    for owner, kind, repo, direct, stars, detected in uses:
        owners[owner] = {"source": SOURCE, "host": "github.com", "login": owner, "owner_type": kind,
                         "fetched_at": when(detected) if detected else None}
        full = f"{owner}/{repo}"
        repositories[full] = {"source": SOURCE, "host": "github.com", "owner": owner, "full_name": full,
                              "stars": stars, "is_fork": False, "is_archived": False,
                              "pushed_at": when("2026-10-01"), "fetched_at": when(detected) if detected else None}
        dependencies.append({"source": SOURCE, "host": "github.com", "full_name": full, "ecosystem": "pypi",
                             "package": "widget", "manifest_path": "requirements.txt" if direct else "poetry.lock",
                             "requirement": ">=1" if direct else None, "version": None if direct else "1.2.0",
                             "dependency_type": "runtime", "direct": direct,
                             "detected_at": when(detected) if detected else None})
    parquet = tmp_path / "parquet"
    packages = [] if listing_complete is None else [
        {"source": SOURCE, "ecosystem": "pypi", "name": "widget", "purl": "pkg:pypi/widget",
         "listing_complete": listing_complete}]
    normalize.write_tables(parquet, "test", {
        "packages": normalize.frame(NORMALIZED["packages"], packages),
        "owners": normalize.frame(NORMALIZED["owners"], [o for o in owners.values() if o["owner_type"]]),
        "repositories": normalize.frame(NORMALIZED["repositories"], repositories.values()),
        "dependencies": normalize.frame(NORMALIZED["dependencies"], dependencies)})
    warehouse.build_warehouse(parquet, tmp_path / "warehouse.duckdb", now=when(now))
    publish.publish(tmp_path / "warehouse.duckdb", tmp_path / "wump.db")
    return sqlite3.connect(tmp_path / "wump.db")


ORGANIZATIONS = [
    ("acme", "Organization", "api", True, 50, "2025-01-01"), ("acme", "Organization", "web", True, 5, "2025-01-01"),
    ("acme", "Organization", "etl", True, 1, "2025-01-01"),
    ("globex", "Organization", "core", True, 40, "2025-02-01"),
    ("initech", "Organization", "tps", True, 90, "2025-03-01"), ("initech", "Organization", "old", False, 3, "2025-03-01"),
    ("mystery", None, "thing", True, 7, "2025-04-01"),  # no source says what it is
    ("hooli", "Organization", "app", False, 500, "2025-05-01"),  # lockfile only
    ("umbrella", "Organization", "lab", False, 80, "2025-06-01"),  # lockfile only
]
# 60 personal accounts: ten for each organization, several with more repositories than any of them.
PERSONAL = [(f"user{i:02d}", "User", f"repo{j}", True, 2, "2025-07-01") for i in range(60) for j in range(1 + i % 5)]


@pytest.fixture
def crowded(tmp_path):
    return world(tmp_path, ORGANIZATIONS + PERSONAL, now="2026-11-01")


def answer(con, **args) -> list[tuple[str, int]]:
    package = answers.find_package(con, "pypi/widget")
    filters = answers.filters_from_args(args)
    return [(u["org"], u["repos"]) for u in answers.users(con, package["id"], filters, 100)]


def test_the_default_answer_is_exactly_the_organizations_that_declare_it(crowded):
    assert answer(crowded) == [("acme", 3), ("initech", 1), ("globex", 1), ("mystery", 1)]
    package = answers.find_package(crowded, "pypi/widget")
    counts = answers.count_users(crowded, package["id"], answers.UserFilters())
    assert (counts.total, counts.personal_accounts_left_out, counts.transitive_only_left_out) == (4, 60, 2)


def test_each_opt_in_brings_back_exactly_what_it_says(crowded):
    assert answer(crowded, transitive="true") == [("acme", 3), ("initech", 1), ("globex", 1), ("mystery", 1),
                                                  ("hooli", 0), ("umbrella", 0)]
    users = answer(crowded, owner_type="User")
    assert len(users) == 60 and users[0] == ("user04", 5) and {n for _, n in users} == {1, 2, 3, 4, 5}
    assert answer(crowded, owner_type="Organization") == [("acme", 3), ("initech", 1), ("globex", 1)]
    assert answer(crowded, owner_type="unknown") == [("mystery", 1)]
    everyone = answer(crowded, owner_type="any", transitive="true")
    assert len(everyone) == 66 and everyone[:3] == [("user04", 5), ("user09", 5), ("user14", 5)]


def test_evidence_lists_as_many_repositories_as_the_answer_counts(crowded):
    package = answers.find_package(crowded, "pypi/widget")
    initech = answers.find_owner(crowded, "initech")
    direct = answers.evidence(crowded, package["id"], initech["id"], answers.UserFilters())
    assert [(e["repository"], e["direct"]) for e in direct] == [("initech/tps", True)]
    both = answers.evidence(crowded, package["id"], initech["id"], answers.UserFilters(transitive=True))
    assert [(e["repository"], e["direct"], e["version"]) for e in both] == [
        ("initech/tps", True, None), ("initech/old", False, "1.2.0")]


def test_history_across_three_rebuilds(tmp_path):
    """acme stays, beta leaves, gamma arrives: first use survives re-fetches (which carry the new
    fetch time), a departure is dated, and the owner no source reports keeps its row, dated."""
    def build(uses, now):
        return world(tmp_path, uses, now=now)

    first = build([("acme", "Organization", "api", True, 1, "2026-01-05"),
                   ("beta", "Organization", "svc", True, 1, "2026-01-05")], "2026-01-06")
    assert sorted(first.execute("SELECT organization, first_seen, ended_at FROM adoptions")) == [
        ("acme", "2026-01-05T00:00:00Z", None), ("beta", "2026-01-05T00:00:00Z", None)]
    build([("acme", "Organization", "api", True, 1, "2026-02-05"), ("beta", "Organization", "svc", True, 1, "2026-02-05"),
           ("gamma", "Organization", "new", True, 1, "2026-02-05")], "2026-02-06")
    third = build([("acme", "Organization", "api", True, 1, "2026-03-05"),
                   ("gamma", "Organization", "new", True, 1, "2026-03-05")], "2026-03-06")
    assert sorted(third.execute("SELECT organization, first_seen, last_seen, ended_at FROM adoptions")) == [
        ("acme", "2026-01-05T00:00:00Z", "2026-03-06T00:00:00Z", None),
        ("beta", "2026-01-05T00:00:00Z", "2026-02-06T00:00:00Z", "2026-03-06T00:00:00Z"),
        ("gamma", "2026-02-05T00:00:00Z", "2026-03-06T00:00:00Z", None)]
    assert sorted(third.execute("SELECT organization, first_seen FROM package_users")) == [
        ("acme", "2026-01-05T00:00:00Z"), ("gamma", "2026-02-05T00:00:00Z")]
    assert sorted(third.execute("SELECT name, total_repositories, deleted_at FROM organizations")) == [
        ("acme", 1, None), ("beta", 0, "2026-03-06T00:00:00Z"), ("gamma", 1, None)]
    package = answers.find_package(third, "pypi/widget")
    newest = answers.adopters(third, package["id"], answers.UserFilters(), since=None, limit=10)
    assert [(a["org"], a["ended_at"]) for a in newest] == [
        ("gamma", None), ("acme", None), ("beta", "2026-03-06T00:00:00Z")]
    # beta comes back: its first use is still the original one, and it is no longer ended.
    fourth = build([("acme", "Organization", "api", True, 1, "2026-04-05"),
                    ("beta", "Organization", "svc", True, 1, "2026-04-05")], "2026-04-06")
    assert sorted(fourth.execute("SELECT organization, first_seen, ended_at FROM adoptions")) == [
        ("acme", "2026-01-05T00:00:00Z", None), ("beta", "2026-01-05T00:00:00Z", None),
        ("gamma", "2026-02-05T00:00:00Z", "2026-04-06T00:00:00Z")]


def test_an_owner_missing_from_a_truncated_listing_has_not_ended(tmp_path):
    """The source stopped at its page cap this run: beta, which it no longer reached, is kept as a
    user (not ended); once a complete listing omits it, it has ended."""
    world(tmp_path, [("acme", "Organization", "api", True, 1, "2026-01-05"),
                     ("beta", "Organization", "svc", True, 1, "2026-01-05")], now="2026-01-06", listing_complete=True)
    cut = world(tmp_path, [("acme", "Organization", "api", True, 1, "2026-02-05")], now="2026-02-06",
                listing_complete=False)
    assert sorted(cut.execute("SELECT organization, last_seen, ended_at FROM adoptions")) == [
        ("acme", "2026-02-06T00:00:00Z", None), ("beta", "2026-01-06T00:00:00Z", None)]
    whole = world(tmp_path, [("acme", "Organization", "api", True, 1, "2026-03-05")], now="2026-03-06",
                  listing_complete=True)
    assert sorted(whole.execute("SELECT organization, ended_at FROM adoptions")) == [
        ("acme", None), ("beta", "2026-03-06T00:00:00Z")]


def test_an_undated_edge_is_first_seen_by_the_build(tmp_path):
    """A source that dates nothing must not fail the build: the use is first seen now."""
    con = world(tmp_path, [("acme", "Organization", "api", True, 1, None)], now="2026-05-01")
    assert list(con.execute("SELECT organization, first_seen FROM adoptions")) == [("acme", "2026-05-01T00:00:00Z")]
