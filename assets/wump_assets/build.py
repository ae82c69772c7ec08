"""``wump build``: materialize the whole graph in this process (no per-step subprocesses)."""

import os

import dagster as dg
from wump import steps

from wump_assets.assets import github_owners, watched_packages
from wump_assets.checks import CHECKS
from wump_assets.definitions import ASSETS
from wump_assets.resources import WumpSettings

# Step-by-step DEBUG events belong in the Dagster UI; the terminal gets INFO and above.
QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def build_all(data_dir: str | None = None) -> bool:
    """Run every asset and check once; True when every run succeeded.

    Each partitioned source runs first, all its partitions in one run (single-run backfill), then
    everything downstream. Runs are recorded in DAGSTER_HOME when it is set, so they show in the
    Dagster UI beside scheduled ones.
    """
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    resource = WumpSettings(data_dir=data_dir)
    settings = resource.settings()
    watch_lists = {
        github_owners.name: list(dict.fromkeys(steps.github_owners(settings))),
        watched_packages.name: list(steps.watched_packages(settings)),
    }
    partitioned = [a for a in ASSETS if a.partitions_def is not None]
    for asset in partitioned:
        keys = watch_lists[asset.partitions_def.name]
        if not keys:
            continue
        known = set(instance.get_dynamic_partitions(asset.partitions_def.name))
        instance.add_dynamic_partitions(asset.partitions_def.name, [k for k in keys if k not in known])
        result = dg.materialize(
            [asset], resources={"wump": resource}, instance=instance, raise_on_error=False, run_config=QUIET,
            tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
        )
        if not result.success:
            return False
    result = dg.materialize(
        [*(a for a in ASSETS if a.partitions_def is None), *CHECKS, *(a.to_source_asset() for a in partitioned)],
        resources={"wump": resource}, instance=instance, raise_on_error=False, run_config=QUIET,
    )
    return result.success
