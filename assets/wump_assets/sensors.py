"""Keep each watch list's partitions in step with wump.toml, and fetch new entries at once."""

import dagster as dg
from wump import steps

from wump_assets.assets import GITHUB_RAW, PACKAGES_RAW, github_owners, watched_packages
from wump_assets.resources import WumpSettings

# New partitions fetched per tick; the rest wait for the next tick (the pools throttle anyway).
MAX_NEW_RUNS_PER_TICK = 10


def sync_partitions(context: dg.SensorEvaluationContext, partitions: dg.DynamicPartitionsDefinition,
                    wanted: list[str], asset_key: dg.AssetKey) -> dg.SensorResult:
    """Add partitions for new watch-list entries (requesting their first fetch), delete those of
    entries no longer watched."""
    existing = set(context.instance.get_dynamic_partitions(partitions.name))
    new = [key for key in dict.fromkeys(wanted) if key not in existing]
    gone = sorted(existing - set(wanted))
    requests = []
    if new:
        requests.append(partitions.build_add_request(new))
    if gone:
        requests.append(partitions.build_delete_request(gone))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=key, asset_selection=[asset_key])
                      for key in new[:MAX_NEW_RUNS_PER_TICK]],
        dynamic_partitions_requests=requests,
        skip_reason=None if new or gone else "watch list unchanged",
    )


@dg.sensor(
    name="watched_github_owners",
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.RUNNING,
    target=[GITHUB_RAW],
    description="A partition per owner in the watch list (wump.toml `[watch] orgs`, `wump watch add "
    "org:LOGIN`); crawls each new owner, drops unwatched ones.",
)
def watched_github_owners(context: dg.SensorEvaluationContext, wump: WumpSettings) -> dg.SensorResult:
    return sync_partitions(context, github_owners, list(steps.github_owners(wump.settings())), GITHUB_RAW)


@dg.sensor(
    name="watched_packages",
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.RUNNING,
    target=[PACKAGES_RAW],
    description="A partition per watched package (wump.toml `[watch] packages`, `wump watch add "
    "ECOSYSTEM/NAME`); fetches each new package's dependents, drops unwatched ones.",
)
def watched_packages_sensor(context: dg.SensorEvaluationContext, wump: WumpSettings) -> dg.SensorResult:
    wanted = list(steps.watched_packages(wump.settings()))
    return sync_partitions(context, watched_packages, wanted, PACKAGES_RAW)
