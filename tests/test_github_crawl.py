"""The GitHub crawl against a fake GitHub on 127.0.0.1: faults, ETags, rate limits, resumption."""

from __future__ import annotations

import time
from collections import Counter

import polars as pl
import pytest
from fakes.github_server import FakeGitHub, Faults, RateLimit, snapshot_world
from wump import steps
from wump.config import GitHubOptions, HttpOptions, Settings
from wump.raw import read_records
from wump.sources.github.normalize import normalize_github

OWNERS = ("netflix", "stripe", "alice-dev")  # two organizations and a personal account


def settings_for(fake: FakeGitHub, data_dir, **changes) -> Settings:
    fields = {"http": HttpOptions(timeout=0.5), **changes}
    return Settings(data_dir=data_dir, watch_orgs=OWNERS, github=GitHubOptions(api_url=fake.url, concurrency=4),
                    **fields)


def no_sleep(_seconds: float) -> None:
    pass


def edges(data_dir) -> list[tuple]:
    """Every normalized edge except when it was seen, sorted: the crawl's result."""
    frames = normalize_github(read_records(data_dir / "raw" / "github"))
    return sorted(frames["dependencies"].drop("detected_at").iter_rows())


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("baseline")
    with FakeGitHub(snapshot_world(), page_size=2) as fake:
        result = steps.fetch_github(settings_for(fake, data_dir), sleep=no_sleep)
    assert result.notes["incomplete_owners"] == []
    return edges(data_dir)


def test_pagination_reads_every_repository(tmp_path, baseline):
    with FakeGitHub(snapshot_world(), page_size=2) as fake:
        steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
        list_requests = [p for p in fake.counted if p.endswith("/repos")]
    repos = normalize_github(read_records(tmp_path / "raw" / "github"))["repositories"]
    snapshot = snapshot_world()
    expected = sum(len(snapshot[k]["body"]) for k in snapshot if k.endswith("/repos?type=public")
                   and k.split("/")[2] in OWNERS) + len(snapshot["/users/alice-dev/repos?type=owner"]["body"])
    assert repos.height == expected
    assert len(list_requests) == sum(-(-n // 2) for n in repos.group_by("owner").len()["len"].to_list())


def test_faults_do_not_change_the_result(tmp_path, baseline):
    """500s, 502s, stalled answers and secondary-limit 403s on 15% of requests are retried away."""
    with FakeGitHub(snapshot_world(), page_size=2, faults=Faults(rate=0.15, seed=7, stall_seconds=1.0)) as fake:
        result = steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
        injected = dict(fake.injected)
    assert set(injected) == {"500", "502", "timeout", "secondary"}
    assert result.notes["retries"] > 0
    assert edges(tmp_path) == baseline


def test_refresh_with_nothing_changed_spends_no_counted_request(tmp_path, baseline):
    with FakeGitHub(snapshot_world(), page_size=2) as fake:
        settings = settings_for(fake, tmp_path)
        steps.fetch_github(settings, sleep=no_sleep)
        first = len(fake.counted)
        fake.counted.clear()
        result = steps.fetch_github(settings, sleep=no_sleep)
        assert fake.counted == []
        assert result.notes["counted_requests"] == 0 and result.notes["not_modified"] > 0
    assert first > 0
    assert edges(tmp_path) == baseline


def test_pushed_repository_is_read_again(tmp_path):
    world = snapshot_world()
    with FakeGitHub(world, page_size=100) as fake:
        settings = settings_for(fake, tmp_path)
        steps.fetch_github(settings, sleep=no_sleep)
        fake.counted.clear()
        fake.not_modified.clear()
        repos = world["/orgs/stripe/repos?type=public"]["body"]
        repos[0]["pushed_at"] = "2026-11-20T00:00:00Z"
        steps.fetch_github(settings, sleep=no_sleep)
        name = repos[0]["full_name"]
    # The list changed (one counted request); only the pushed repository's SBOM and tree were asked
    # again, conditionally (304: their content had not changed); its blobs are cached by sha.
    assert fake.counted == ["/orgs/stripe/repos"]
    repo_requests = sorted(p for p in fake.not_modified if p.startswith("/repos/"))
    assert repo_requests == sorted([f"/repos/{name}/dependency-graph/sbom", f"/repos/{name}/git/trees/main"])


def test_rate_limit_exhaustion_waits_for_the_reset(tmp_path, baseline):
    with FakeGitHub(snapshot_world(), page_size=2, core=RateLimit(limit=20, window_seconds=2.0)) as fake:
        started = time.monotonic()
        result = steps.fetch_github(settings_for(fake, tmp_path))  # real sleeping
        assert time.monotonic() - started >= 2.0
    assert result.notes["rate_limit_waits"] >= 1
    assert result.notes["incomplete_owners"] == []
    assert edges(tmp_path) == baseline


def test_rate_limit_beyond_the_allowed_wait_stops_and_the_next_run_resumes(tmp_path, baseline):
    """Each run stops cleanly when the bucket is empty for longer than allowed; the next run
    continues where it stopped, and across all runs nothing is read twice."""
    with FakeGitHub(snapshot_world(), page_size=2) as fake:
        steps.fetch_github(settings_for(fake, tmp_path / "unlimited"), sleep=no_sleep)
        needed = len(fake.counted)
    with FakeGitHub(snapshot_world(), page_size=2, core=RateLimit(limit=30, window_seconds=3600)) as fake:
        settings = settings_for(fake, tmp_path / "limited", http=HttpOptions(timeout=0.5, max_rate_limit_wait=5.0))
        runs = []
        for _ in range(20):
            result = steps.fetch_github(settings, sleep=no_sleep)
            runs.append(result.notes["incomplete_owners"])
            if not result.notes["incomplete_owners"]:
                break
            assert "rate limit 'core' exhausted" in result.notes["stopped_reason"]
            fake.reset_limits()  # the hour passes
    assert len(runs) > 1 and runs[-1] == []
    # Nothing with an ETag is paid for twice. The only repeats: 404s, which carry no ETag — an
    # interrupted owner's /orgs/{login} probe (personal accounts) or an interrupted fork's
    # missing SBOM — at most once per owner per extra run.
    world = snapshot_world()
    repeated = [p for p, n in Counter(fake.counted).items() if n > 1]
    assert all(world.get(p, {"status": 404})["status"] == 404 for p in repeated if not p.endswith("/repos"))
    assert len(fake.counted) <= needed + len(OWNERS) * (len(runs) - 1)
    assert edges(tmp_path / "limited") == baseline


def test_missing_sbom_falls_back_to_manifests(tmp_path, baseline):
    """stripe's fork has no dependency graph (404): its requirements file still gives its edges."""
    with FakeGitHub(snapshot_world()) as fake:
        steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
    frames = normalize_github(read_records(tmp_path / "raw" / "github"))
    forks = frames["repositories"].filter(pl.col("is_fork") & (pl.col("owner") == "stripe"))
    assert set(forks["crawl_status"]) == {"ok (no dependency graph: manifests only)"}
    fork_edges = frames["dependencies"].filter(pl.col("full_name").is_in(forks["full_name"].implode()))
    assert set(fork_edges["source"]) == {"github-manifest"}
    assert ("pypi", "fastapi", "requirements.txt", ">=0.110", "runtime", True) in fork_edges.select(
        "ecosystem", "package", "manifest_path", "requirement", "dependency_type", "direct").iter_rows()


def test_no_token_lands_in_data(tmp_path, monkeypatch):
    token = "ghp_wumpTestSecret0123456789abcdefABCDEF"
    monkeypatch.setenv("GITHUB_TOKEN", token)
    with FakeGitHub(snapshot_world(), require_token=token) as fake:
        result = steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
        assert result.notes["incomplete_owners"] == [] and fake.counted
    leaks = [p for p in tmp_path.rglob("*") if p.is_file() and token.encode() in p.read_bytes()]
    assert leaks == []


def test_failing_repository_is_recorded_and_the_rest_goes_on(tmp_path):
    world = snapshot_world()
    victim = world["/orgs/netflix/repos?type=public"]["body"][0]["full_name"]
    world[f"/repos/{victim}/dependency-graph/sbom"] = {"status": 500, "body": {"message": "boom"}}
    with FakeGitHub(world) as fake:
        steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
    frames = normalize_github(read_records(tmp_path / "raw" / "github"))
    errors = frames["errors"].select("subject", "reason").rows()
    assert errors == [(victim, f"/repos/{victim}/dependency-graph/sbom: gave up after 5 attempts: HTTP 500")] or \
        errors == [(victim, "gave up after 5 attempts: HTTP 500")]
    status = dict(frames["repositories"].select("full_name", "crawl_status").iter_rows())
    assert status[victim].startswith("failed: ")
    assert sum(s.startswith("ok") for s in status.values()) == len(status) - 1


def test_oversized_manifest_is_skipped_and_recorded_and_truncation_is_flagged(tmp_path):
    world = snapshot_world()
    repo = world["/orgs/netflix/repos?type=public"]["body"][0]["full_name"]
    tree = world[f"/repos/{repo}/git/trees/main?recursive=1"]["body"]
    tree["truncated"] = True
    manifest = next(e for e in tree["tree"] if e["path"] != "README.md")
    manifest["size"] = 5_000_000
    with FakeGitHub(world) as fake:
        steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
    frames = normalize_github(read_records(tmp_path / "raw" / "github"))
    assert frames["errors"].select("subject", "reason").rows() == [
        (f"{repo}:{manifest['path']}", "file is 5000000 bytes, over the cap of 1000000")]
    flags = dict(frames["repositories"].select("full_name", "tree_truncated").iter_rows())
    assert flags[repo] is True and sum(bool(v) for v in flags.values()) == 1


def test_first_seen_survives_a_re_read_of_the_repository(tmp_path):
    """A pushed repository is read again, but its unchanged edges keep the day they were first seen."""
    world = snapshot_world()
    with FakeGitHub(world) as fake:
        settings = settings_for(fake, tmp_path)
        steps.fetch_github(settings, sleep=no_sleep)
        steps.normalize_sources(settings)
        first = pl.read_parquet(tmp_path / "parquet" / "dependencies" / "github.parquet")
        time.sleep(1.1)  # fetch times have one-second resolution
        repos = world["/orgs/stripe/repos?type=public"]["body"]
        repos[0]["pushed_at"] = "2026-11-20T00:00:00Z"
        steps.fetch_github(settings, sleep=no_sleep)
        steps.normalize_sources(settings)
        second = pl.read_parquet(tmp_path / "parquet" / "dependencies" / "github.parquet")
    raw = normalize_github(read_records(tmp_path / "raw" / "github"))["dependencies"]
    name = repos[0]["full_name"]
    assert raw.filter(pl.col("full_name") == name)["detected_at"].min() > first["detected_at"].max()
    assert second.sort(second.columns).equals(first.sort(first.columns))


def test_an_unreadable_manifest_costs_that_file_and_a_failed_re_read_keeps_the_last_good_one(tmp_path, baseline):
    world = snapshot_world()
    from wump.parsers import is_manifest

    # A netflix repository with two manifests or more: one of its files, found in no other
    # repository (a shared blob is read once for all), answers 500 every time.
    trees = {k.split("/")[2] + "/" + k.split("/")[3]: w["body"]["tree"] for k, w in world.items() if "/git/trees/" in k}
    shas = Counter(e["sha"] for tree in trees.values() for e in tree)
    victim, broken = next((name, entry) for name, tree in trees.items() if name.startswith("netflix/")
                          and sum(is_manifest(e["path"]) for e in tree) >= 2
                          for entry in tree if is_manifest(entry["path"]) and shas[entry["sha"]] == 1)
    healthy = world[f"/repos/{victim}/git/blobs/{broken['sha']}"]
    world[f"/repos/{victim}/git/blobs/{broken['sha']}"] = {"status": 500, "body": {"message": "boom"}}
    with FakeGitHub(world) as fake:
        steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
    frames = normalize_github(read_records(tmp_path / "raw" / "github"))
    assert frames["errors"].select("subject", "reason").rows() == [
        (f"{victim}:{broken['path']}", "gave up after 5 attempts: HTTP 500")]
    mine = {(row[2], row[4]) for row in edges(tmp_path) if row[2] == victim}  # (full_name, manifest_path)
    expected = {(row[2], row[4]) for row in baseline if row[2] == victim}
    assert mine == {e for e in expected if e[1] != broken["path"]} and len(mine) > 0

    # The next run reads the repository again (nothing was pushed, but the read was incomplete):
    # its tree now fails too, so the last good records stand in.
    world[f"/repos/{victim}/git/trees/main?recursive=1"] = {"status": 500, "body": {"message": "boom"}}
    with FakeGitHub(world) as fake:
        steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
    assert {(row[2], row[4]) for row in edges(tmp_path) if row[2] == victim} == mine

    # Healed: everything the baseline has.
    world = snapshot_world()
    world[f"/repos/{victim}/git/blobs/{broken['sha']}"] = healthy
    with FakeGitHub(world) as fake:
        steps.fetch_github(settings_for(fake, tmp_path), sleep=no_sleep)
    assert edges(tmp_path) == baseline
