"""The production instance (assets/deploy/dagster.yaml) on a real PostgreSQL started by the test:
the daemon queues one run per watched package, starts them within the pool's limit, records every
run in PostgreSQL, and the published answer equals the in-process build's.

The server comes from Debian's `postgresql` package (.ci/run installs it). Without it the test
skips on a developer's machine and fails under CI, where it must run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg
import pytest
from fakes.reverse_services import FakeReverseServices

REPO = Path(__file__).resolve().parents[1]
DEPLOY_YAML = REPO / "assets" / "deploy" / "dagster.yaml"
BIN = Path(sys.executable).parent
# Small ones, with no owner the fakes fail on (its retries would only cost time here).
PACKAGES = ["pypi/fastapi-slim", "npm/@babel/core", "npm/@babel/parser"]
# Time columns are when each build fetched; everything else must agree.
ANSWER = ("SELECT ecosystem, package, organization, owner_type, repositories, runtime_repositories, "
          "transitive_repositories, stars, last_commit_at, sources FROM package_users ORDER BY 1, 2, 3")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL on 127.0.0.1. PostgreSQL refuses to run as root (CI runs as root), so
    there it runs as the `postgres` user the Debian package creates (or `nobody`)."""
    pg = postgres_bin()
    if pg is None:
        message = "no PostgreSQL server: apt-get install postgresql (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="wump-pg-"))
    if os.geteuid() == 0:
        user = next((u for u in ("postgres", "nobody") if _user_exists(u)), None)
        assert user, "no unprivileged user to run PostgreSQL as"
        as_user = ["runuser", "-u", user, "--"]
        os.chown(base, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
    data, port = base / "data", free_port()
    run = lambda *args: subprocess.run([*as_user, *map(str, args)], check=True, capture_output=True, timeout=60)  # noqa: E731
    run(pg / "initdb", "-D", data, "-U", "wump", "--auth=trust", "-E", "UTF8", "--no-sync")
    run(pg / "pg_ctl", "-D", data, "-w", "-t", "30", "-l", base / "server.log", "start", "-o",
        f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off -c max_connections=200")
    try:
        yield f"postgresql+psycopg2://wump@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture
def watched(tmp_path, monkeypatch):
    """Three watched packages, their dependents served by local fakes; env the daemon inherits."""
    fake = FakeReverseServices()
    servers = {name: fake.serve(name) for name in ("ecosystems", "github_web", "librariesio", "github_api")}
    config = tmp_path / "wump.toml"
    packages = ", ".join(f'"{p}"' for p in PACKAGES)
    config.write_text(f'[watch]\npackages = [{packages}]\n[sources]\ndependents_interval = 0.0\n'
                      'libraries_io_interval = 0.0\nmailto = "maintainer@example.org"\n')
    monkeypatch.setenv("WUMP_CONFIG", str(config))
    for name, (_, url) in servers.items():
        monkeypatch.setenv({"ecosystems": "WUMP_ECOSYSTEMS_URL", "github_web": "WUMP_GITHUB_WEB_URL",
                            "librariesio": "WUMP_LIBRARIES_IO_URL", "github_api": "WUMP_GITHUB_API_URL"}[name], url)
    yield
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


def wait_for(instance: dg.DagsterInstance, done, what: str, daemon: subprocess.Popen, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = instance.get_run_records()
        failed = [r.dagster_run for r in runs if r.dagster_run.status in (dg.DagsterRunStatus.FAILURE,
                                                                        dg.DagsterRunStatus.CANCELED)]
        assert not failed, f"runs failed: {[(r.job_name, r.tags.get('dagster/partition')) for r in failed]}"
        assert daemon.poll() is None, "the daemon exited"
        if done(runs):
            return runs
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}: {[(r.dagster_run.job_name, r.dagster_run.status) for r in runs]}")


def most_at_once(records) -> int:
    """The largest number of runs in progress at the same moment."""
    edges = sorted([(r.start_time, 1) for r in records] + [(r.end_time, -1) for r in records])
    running = peak = 0
    for _, step in edges:
        running += step
        peak = max(peak, running)
    return peak


def test_daemon_runs_queued_partitions_within_pool_limits_on_postgres(postgres_url, watched, tmp_path, monkeypatch):
    from wump_assets.build import build_all

    assert build_all(data_dir=str(tmp_path / "in_process"))  # the reference answer

    home = tmp_path / "dagster_prod"
    home.mkdir()
    shutil.copy(DEPLOY_YAML, home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("WUMP_DAGSTER_PG_URL", postgres_url)
    monkeypatch.setenv("WUMP_DATA_DIR", str(tmp_path / "data"))
    logs = (tmp_path / "daemon.log").open("w")
    # The sensor adds a partition per watched package and queues one run each; the daemon's run
    # queue starts them.
    daemon = subprocess.Popen([BIN / "dagster-daemon", "run", "-w", REPO / "assets" / "deploy" / "workspace.yaml"],
                              cwd=tmp_path, stdout=logs, stderr=subprocess.STDOUT)
    try:
        with dg.DagsterInstance.get() as instance:
            fetched = wait_for(instance, lambda runs: len(runs) == len(PACKAGES) and all(
                r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in runs), "the package runs", daemon)
            subprocess.run([BIN / "dagster", "job", "launch", "-w", REPO / "assets" / "deploy" / "workspace.yaml",
                            "-j", "publish"], cwd=tmp_path, check=True, capture_output=True, timeout=120)
            everything = wait_for(instance, lambda runs: len(runs) == len(PACKAGES) + 1 and all(
                r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in runs), "the publish run", daemon)

            assert sorted(r.dagster_run.tags["dagster/partition"] for r in fetched) == sorted(PACKAGES)
            assert all(r.dagster_run.tags["wump/librariesio"] == "true" for r in fetched)
            limit = instance.event_log_storage.get_concurrency_info("github_web").slot_count
            assert limit == 1  # the deploy file's default_limit
            assert most_at_once(fetched) <= limit
            first_done = min(r.end_time for r in fetched)
            assert all(r.create_timestamp.timestamp() < first_done for r in fetched), \
                "the runs were all queued before the first ended: the queue held them back"
            assert instance.get_materialized_partitions(dg.AssetKey(["sources", "packages_raw"])) == set(PACKAGES)
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
        logs.close()

    import psycopg2

    with psycopg2.connect(postgres_url.replace("+psycopg2", "")) as con, con.cursor() as cur:
        cur.execute("SELECT run_id, status FROM runs")
        in_postgres = dict(cur.fetchall())
    assert in_postgres == {r.dagster_run.run_id: "SUCCESS" for r in everything}

    def answer(data_dir: Path) -> list[tuple]:
        with sqlite3.connect(data_dir / "published" / "wump.db") as con:
            return con.execute(ANSWER).fetchall()

    published = answer(tmp_path / "data")
    assert published and published == answer(tmp_path / "in_process")
