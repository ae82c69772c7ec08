"""The Dagster code location loads, and its asset graph is the one reviewers expect."""

from __future__ import annotations

import dagster as dg
from wump_assets.definitions import defs


def test_asset_keys_and_groups_snapshot():
    graph = defs.resolve_asset_graph()
    keys = sorted(
        (key.to_user_string(), graph.get(key).group_name) for key in graph.get_all_asset_keys()
    )
    assert keys == [
        ("normalized/dependencies", "normalized"),
        ("normalized/errors", "normalized"),
        ("normalized/owner_enrichment", "normalized"),
        ("normalized/owners", "normalized"),
        ("normalized/packages", "normalized"),
        ("normalized/repositories", "normalized"),
        ("published/wump_db", "published"),
        ("sources/github_raw", "sources"),
        ("sources/librariesio_dump", "sources"),
        ("sources/packages_raw", "sources"),
        ("warehouse/adoptions", "warehouse"),
        ("warehouse/dependencies", "warehouse"),
        ("warehouse/errors", "warehouse"),
        ("warehouse/organizations", "warehouse"),
        ("warehouse/package_user_counts", "warehouse"),
        ("warehouse/package_user_facets", "warehouse"),
        ("warehouse/package_users", "warehouse"),
        ("warehouse/packages", "warehouse"),
        ("warehouse/repositories", "warehouse"),
        ("warehouse/source_counts", "warehouse"),
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
    assert [r.partition_key for r in result.run_requests] == ["netflix"]
    assert [(type(r).__name__, list(r.partition_keys)) for r in result.dynamic_partitions_requests] == [
        ("AddDynamicPartitionsRequest", ["netflix"]), ("DeleteDynamicPartitionsRequest", ["oldco"])]
