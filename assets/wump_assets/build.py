"""``wump build``: materialize the whole graph in this process (no per-step subprocesses)."""

import os

import dagster as dg

from wump import steps
from wump_assets.assets import github_owners
from wump_assets.checks import CHECKS
from wump_assets.definitions import ASSETS
from wump_assets.resources import WumpSettings


def build_all(data_dir: str | None = None) -> bool:
    """Run every asset and check once; True when the run succeeded.

    The partitioned sources run first, all their partitions in one run (their backfill policy is
    single-run), then everything downstream. Runs are recorded in DAGSTER_HOME when it is set, so
    they show in the Dagster UI beside scheduled ones.
    """
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    resource = WumpSettings(data_dir=data_dir)
    owners = list(steps.github_owners(resource.settings()))
    known = set(instance.get_dynamic_partitions(github_owners.name))
    instance.add_dynamic_partitions(github_owners.name, [o for o in owners if o not in known])
    # Step-by-step DEBUG events belong in the Dagster UI; the terminal gets INFO and above.
    quiet = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    partitioned = [a for a in ASSETS if a.partitions_def is not None]
    rest = [a for a in ASSETS if a.partitions_def is None]
    if owners:
        result = dg.materialize(
            partitioned, resources={"wump": resource}, instance=instance, raise_on_error=False, run_config=quiet,
            tags={"dagster/asset_partition_range_start": owners[0],
                  "dagster/asset_partition_range_end": owners[-1]},
        )
        if not result.success:
            return False
    result = dg.materialize(
        [*rest, *CHECKS, *(a.to_source_asset() for a in partitioned)],
        resources={"wump": resource}, instance=instance, raise_on_error=False, run_config=quiet,
    )
    return result.success
