"""``wump build``: materialize the whole graph in this process (no per-step subprocesses)."""

import dagster as dg

from wump_assets.checks import CHECKS
from wump_assets.definitions import ASSETS
from wump_assets.instance import local_instance
from wump_assets.partitions import partition_changes, watched_keys
from wump_assets.resources import WumpSettings

# Step-by-step DEBUG events belong in the Dagster UI; the terminal gets INFO and above.
QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def build_all(data_dir: str | None = None, instance: dg.DagsterInstance | None = None) -> bool:
    """Run every asset and check once; True when every run succeeded.

    The partitions are first brought in step with the watch list (as the sensors do). Each
    partitioned source runs first, all its partitions in one run (single-run backfill), then
    everything downstream. The runs are recorded in ``instance``, by default the machine's
    (``DAGSTER_HOME`` or ``./.dagster``), so they show in the Dagster UI beside scheduled ones.
    """
    if instance is None:
        with local_instance() as instance:
            return build_all(data_dir, instance)
    resource = WumpSettings(data_dir=data_dir)
    settings = resource.settings()
    partitioned = [a for a in ASSETS if a.partitions_def is not None]
    for asset in partitioned:
        partitions = asset.partitions_def
        partition_changes(instance, partitions, watched_keys(settings, partitions)).apply(instance)
        # After the sync the instance holds exactly the watched keys, so its first..last range is them.
        keys = instance.get_dynamic_partitions(partitions.name)
        if not keys:
            continue
        result = dg.materialize(
            [asset], resources={"wump": resource}, instance=instance, raise_on_error=False, run_config=QUIET,
            tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
        )
        if not result.success:
            return False
    result = dg.materialize(
        [*ASSETS, *CHECKS],
        selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*(key for a in partitioned for key in a.keys)),
        resources={"wump": resource}, instance=instance, raise_on_error=False, run_config=QUIET,
    )
    return result.success
