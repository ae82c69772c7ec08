"""When the pipeline runs on its own: crawl every watched owner, then publish."""

import dagster as dg

from wump_assets.assets import GITHUB_RAW, github_owners

refresh_sources_job = dg.define_asset_job("refresh_sources", selection=[GITHUB_RAW])
publish_job = dg.define_asset_job("publish", selection=dg.AssetSelection.all() - dg.AssetSelection.assets(GITHUB_RAW))


@dg.schedule(job=refresh_sources_job, cron_schedule="0 4 * * *", execution_timezone="UTC",
             description="Re-crawl every watched owner daily (unchanged repositories cost nothing).")
def daily_refresh(context: dg.ScheduleEvaluationContext):
    owners = context.instance.get_dynamic_partitions(github_owners.name)
    if not owners:
        return dg.SkipReason("no watched owners yet")
    # One run for all owners (single-run backfill): one client, one cache, one rate limit.
    return dg.RunRequest(
        run_key=None,
        tags={"dagster/asset_partition_range_start": owners[0], "dagster/asset_partition_range_end": owners[-1]},
    )


daily_publish = dg.ScheduleDefinition(
    name="daily_publish",
    job=publish_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    description="Normalize, merge and publish what the sources fetched (after the 04:00 crawl).",
)
