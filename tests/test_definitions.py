"""The Dagster code location loads, and its asset graph is the one reviewers expect."""

from __future__ import annotations

import dagster as dg
from wump_assets.definitions import defs


def test_asset_keys_groups_and_pools_snapshot():
    """Each step names the pool that bounds it, which the production instance
    (assets/deploy/dagster.yaml) limits: one per external service, and `warehouse` serializing every
    writer of the shared files."""
    graph = defs.resolve_asset_graph()
    keys = sorted(
        (key.to_user_string(), graph.get(key).group_name, *sorted(graph.get(key).pools))
        for key in graph.get_all_asset_keys()
    )
    assert keys == [
        ("normalized/dependencies", "normalized", "warehouse"),
        ("normalized/errors", "normalized", "warehouse"),
        ("normalized/librariesio_dump", "normalized", "warehouse"),
        ("normalized/owner_signals", "normalized", "warehouse"),
        ("normalized/owners", "normalized", "warehouse"),
        ("normalized/packages", "normalized", "warehouse"),
        ("normalized/pledge_members", "normalized", "warehouse"),
        ("normalized/repositories", "normalized", "warehouse"),
        ("published/wump_db", "published", "warehouse"),
        ("sources/github_raw", "sources", "github_api"),
        ("sources/owner_enrichment", "sources", "github_api"),
        ("sources/packages_raw", "sources", "github_web"),
        ("warehouse/adoptions", "warehouse", "warehouse"),
        ("warehouse/adoptions_unseen", "warehouse", "warehouse"),
        ("warehouse/dependencies", "warehouse", "warehouse"),
        ("warehouse/errors", "warehouse", "warehouse"),
        ("warehouse/organizations", "warehouse", "warehouse"),
        ("warehouse/owner_signals", "warehouse", "warehouse"),
        ("warehouse/package_user_activity", "warehouse", "warehouse"),
        ("warehouse/package_user_counts", "warehouse", "warehouse"),
        ("warehouse/package_user_facets", "warehouse", "warehouse"),
        ("warehouse/package_users", "warehouse", "warehouse"),
        ("warehouse/packages", "warehouse", "warehouse"),
        ("warehouse/repositories", "warehouse", "warehouse"),
        ("warehouse/source_counts", "warehouse", "warehouse"),
        ("warehouse/sponsor_readiness", "warehouse", "warehouse"),
    ]


def test_checks_before_publishing_are_blocking():
    graph = defs.resolve_asset_graph()
    checks = sorted(
        (spec.asset_key.to_user_string(), spec.name, spec.blocking)
        for key in graph.asset_check_keys
        for spec in [graph.get_check_spec(key)]
    )
    assert checks == [
        ("warehouse/dependencies", "references_exist", True),
        ("warehouse/dependencies", "unique_keys", True),
        ("warehouse/organizations", "unique_keys", True),
        ("warehouse/package_users", "not_empty", True),
        ("warehouse/package_users", "unique_keys", True),
        ("warehouse/packages", "unique_keys", True),
        ("warehouse/repositories", "unique_keys", True),
    ]


def test_daily_schedules_crawl_then_publish():
    schedules = sorted((s.name, s.cron_schedule, s.execution_timezone, s.job_name) for s in defs.schedules)
    assert schedules == [("daily_publish", "0 6 * * *", "UTC", "publish"),
                         ("daily_refresh_owners", "0 4 * * *", "UTC", "refresh_owners"),
                         ("daily_refresh_packages", "0 4 * * *", "UTC", "refresh_packages")]


def test_sensor_adds_watched_owners_and_requests_their_crawl(tmp_path, monkeypatch):
    from wump_assets.resources import WumpSettings
    from wump_assets.sensors import watched_github_owners

    config = tmp_path / "wump.toml"
    config.write_text('[watch]\norgs = ["netflix", "stripe"]\n')
    monkeypatch.setenv("WUMP_CONFIG", str(config))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("github_owners", ["stripe", "oldco"])
        context = dg.build_sensor_context(instance=instance, resources={"wump": WumpSettings()})
        result = watched_github_owners(context)
    assert [(r.partition_key, r.tags) for r in result.run_requests] == [("netflix", {"wump/github_api": "true"})]
    assert [(type(r).__name__, list(r.partition_keys)) for r in result.dynamic_partitions_requests] == [
        ("AddDynamicPartitionsRequest", ["netflix"]), ("DeleteDynamicPartitionsRequest", ["oldco"])]


def test_runs_the_daemon_queues_carry_a_tag_per_service():
    jobs = {job.name: dict(job.tags) for job in defs.resolve_all_job_defs() if not job.name.startswith("__")}
    assert jobs == {
        "refresh_owners": {"wump/github_api": "true"},
        "refresh_packages": {"wump/github_web": "true", "wump/ecosystems": "true", "wump/librariesio": "true"},
        "publish": {"wump/github_api": "true", "wump/ecosystems": "true"},
    }


def test_daily_refresh_fans_out_one_run_per_partition():
    from wump_assets.schedules import daily_refresh_packages

    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("watched_packages", ["pypi/fastapi", "npm/react"])
        requests = daily_refresh_packages(dg.build_schedule_context(instance=instance))
    assert [r.partition_key for r in requests] == ["pypi/fastapi", "npm/react"]


def test_sensor_queues_a_first_fetch_for_every_new_package(tmp_path, monkeypatch):
    """A partition added without its run would never be fetched until the daily refresh: the next
    tick sees it as known."""
    from wump_assets.resources import WumpSettings
    from wump_assets.sensors import watched_packages_sensor

    specs = [f"pypi/package-{i:02d}" for i in range(25)]
    config = tmp_path / "wump.toml"
    config.write_text("[watch]\npackages = [" + ", ".join(f'"{s}"' for s in specs) + "]\n")
    monkeypatch.setenv("WUMP_CONFIG", str(config))
    with dg.instance_for_test() as instance:
        result = watched_packages_sensor(dg.build_sensor_context(instance=instance, resources={"wump": WumpSettings()}))
    assert [r.partition_key for r in result.run_requests] == specs
