"""One Dagster instance per machine: `wump build` records its runs where `make dev`'s UI reads them."""

from __future__ import annotations

import dagster as dg
import pytest
from wump_assets.definitions import defs


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.chdir(tmp_path)  # no wump.toml here: the bundled demo is built
    return home


def test_build_records_its_runs_and_materializations_in_dagster_home(home, tmp_path):
    from wump_assets.build import build_all
    from wump_assets.instance import local_instance

    assert build_all(data_dir=str(tmp_path / "data"))
    assert (home / "dagster.yaml").exists()  # created for local use when missing
    assert not (tmp_path / ".dagster").exists()  # DAGSTER_HOME wins over the default
    with local_instance() as instance:
        runs = instance.get_runs()
        # One run per partitioned source (the demo's owners, the demo's packages), one for the rest.
        assert len(runs) == 3 and all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)
        graph = defs.resolve_asset_graph()
        missing = sorted(key.to_user_string() for key in graph.get_all_asset_keys()
                         if instance.get_latest_materialization_event(key) is None)
        assert missing == []
        assert instance.get_dynamic_partitions("watched_packages") == [
            "pypi/fastapi", "npm/react", "npm/react-dom", "npm/@types/node"]
        checks = {key: instance.event_log_storage.get_asset_check_execution_history(key, limit=1)
                  for key in graph.asset_check_keys}
        assert all(history and history[0].status.value == "SUCCEEDED" for history in checks.values()), checks
        owners = instance.get_dynamic_partitions("github_owners")
        assert len(owners) > 1
        assert instance.get_materialized_partitions(dg.AssetKey(["sources", "github_raw"])) == set(owners)


def test_default_home_is_dot_dagster_in_the_current_directory(tmp_path, monkeypatch):
    from wump_assets.instance import dagster_home

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert dagster_home() == (tmp_path / ".dagster").resolve()
    config = tmp_path / ".dagster" / "dagster.yaml"
    config.write_text("telemetry:\n  enabled: false\n# mine\n")
    dagster_home()
    assert config.read_text().endswith("# mine\n")  # an operator's file is never overwritten


def test_a_second_build_brings_partitions_in_step_with_the_watch_list(home, tmp_path, monkeypatch):
    """Partitions of owners no longer watched are dropped, as the sensor drops them, so the build's
    first..last partition range covers exactly the watch list."""
    from wump_assets.build import build_all
    from wump_assets.instance import local_instance

    with local_instance() as instance:
        instance.add_dynamic_partitions("github_owners", ["unwatched-co"])
    assert build_all(data_dir=str(tmp_path / "data"))
    with local_instance() as instance:
        owners = instance.get_dynamic_partitions("github_owners")
    assert "unwatched-co" not in owners and owners
