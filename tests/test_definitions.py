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
        ("normalized/owners", "normalized"),
        ("normalized/packages", "normalized"),
        ("normalized/repositories", "normalized"),
        ("published/wump_db", "published"),
        ("sources/github_raw", "sources"),
        ("warehouse/dependencies", "warehouse"),
        ("warehouse/errors", "warehouse"),
        ("warehouse/organizations", "warehouse"),
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


def test_daily_schedule():
    (schedule,) = [s for s in defs.schedules if s.name == "daily_refresh"]
    assert isinstance(schedule, dg.ScheduleDefinition)
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 4 * * *", "UTC")
