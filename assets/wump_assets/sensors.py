"""Keep each watch list's partitions in step with wump.toml, and fetch new entries at once."""

import dagster as dg

from wump_assets.assets import GITHUB_RAW, PACKAGES_RAW, service_tags
from wump_assets.partitions import github_owners, partition_changes, watched_keys, watched_packages
from wump_assets.resources import WumpSettings


def sync_partitions(context: dg.SensorEvaluationContext, partitions: dg.DynamicPartitionsDefinition,
                    wump: WumpSettings, asset_key: dg.AssetKey) -> dg.SensorResult:
    """Add partitions for new watch-list entries, one queued run each for their first fetch; delete
    those of entries no longer watched. Every new entry gets its run now (a later tick would see it
    as known and never fetch it); the run queue's limits pace them."""
    changes = partition_changes(context.instance, partitions, watched_keys(wump.settings(), partitions))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=key, asset_selection=[asset_key], tags=service_tags(asset_key))
                      for key in changes.new],
        dynamic_partitions_requests=changes.requests(),
        skip_reason=None if changes.new or changes.gone else "watch list unchanged",
    )


def watch_list_sensor(name: str, partitions: dg.DynamicPartitionsDefinition, asset_key: dg.AssetKey,
                      description: str) -> dg.SensorDefinition:
    """A sensor, running from the start, that every five minutes keeps ``partitions`` in step with
    its watch list and queues a first fetch of ``asset_key`` for each new entry (sync_partitions)."""

    @dg.sensor(name=name, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.RUNNING,
               target=[asset_key], description=description)
    def watch_list(context: dg.SensorEvaluationContext, wump: WumpSettings) -> dg.SensorResult:
        return sync_partitions(context, partitions, wump, asset_key)

    return watch_list


watched_github_owners = watch_list_sensor(
    "watched_github_owners", github_owners, GITHUB_RAW,
    "A partition per owner in the watch list (wump.toml `[watch] orgs`, `wump watch add "
    "org:LOGIN`); crawls each new owner, drops unwatched ones.")
watched_packages_sensor = watch_list_sensor(
    "watched_packages", watched_packages, PACKAGES_RAW,
    "A partition per watched package (wump.toml `[watch] packages`, `wump watch add "
    "ECOSYSTEM/NAME`); fetches each new package's dependents, drops unwatched ones.")
