"""Keep the per-owner partitions in step with the watch list, and crawl new owners at once."""

import dagster as dg

from wump import steps
from wump_assets.assets import GITHUB_RAW, github_owners
from wump_assets.resources import WumpSettings

# New owners crawled per tick; the rest wait for the next tick (the GitHub pool throttles anyway).
MAX_NEW_RUNS_PER_TICK = 10


@dg.sensor(
    name="watched_github_owners",
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.RUNNING,
    target=[GITHUB_RAW],
    description="Adds a partition for every owner in the watch list (wump.toml or `wump watch add`), "
    "removes unwatched ones, and requests a crawl of each new owner.",
)
def watched_github_owners(context: dg.SensorEvaluationContext, wump: WumpSettings) -> dg.SensorResult:
    wanted = list(dict.fromkeys(steps.github_owners(wump.settings())))
    existing = set(context.instance.get_dynamic_partitions(github_owners.name))
    new = [o for o in wanted if o not in existing]
    gone = sorted(existing - set(wanted))
    requests = []
    if new:
        requests.append(github_owners.build_add_request(new))
    if gone:
        requests.append(github_owners.build_delete_request(gone))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=o, asset_selection=[GITHUB_RAW]) for o in new[:MAX_NEW_RUNS_PER_TICK]],
        dynamic_partitions_requests=requests,
        skip_reason=None if new or gone else "watch list unchanged",
    )
