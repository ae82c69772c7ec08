"""When the pipeline runs on its own: fetch every watched owner and package at 04:00, publish at 06:00."""

import dagster as dg

from wump_assets.assets import GITHUB_RAW, OWNER_ENRICHMENT, PACKAGES_RAW, service_tags
from wump_assets.partitions import github_owners, watched_packages

refresh_owners_job = dg.define_asset_job("refresh_owners", selection=[GITHUB_RAW], tags=service_tags(GITHUB_RAW))
refresh_packages_job = dg.define_asset_job("refresh_packages", selection=[PACKAGES_RAW],
                                           tags=service_tags(PACKAGES_RAW))
publish_job = dg.define_asset_job(
    "publish", selection=dg.AssetSelection.all() - dg.AssetSelection.assets(GITHUB_RAW, PACKAGES_RAW),
    tags=service_tags(OWNER_ENRICHMENT),
)


def refresh_schedule(name: str, job, partitions: dg.DynamicPartitionsDefinition, what: str):
    @dg.schedule(name=name, job=job, cron_schedule="0 4 * * *", execution_timezone="UTC",
                 description=f"Re-fetch every {what} daily, one queued run each (unchanged data costs little).")
    def refresh(context: dg.ScheduleEvaluationContext):
        keys = context.instance.get_dynamic_partitions(partitions.name)
        if not keys:
            return dg.SkipReason(f"no {what} yet")
        # One run per partition: the run queue spreads them over workers within each service's limits,
        # and one owner's failure or retry touches no other.
        return [dg.RunRequest(partition_key=key) for key in keys]

    return refresh


daily_refresh_owners = refresh_schedule("daily_refresh_owners", refresh_owners_job, github_owners, "watched owner")
daily_refresh_packages = refresh_schedule("daily_refresh_packages", refresh_packages_job, watched_packages,
                                          "watched package")
daily_publish = dg.ScheduleDefinition(
    name="daily_publish",
    job=publish_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    description="Normalize, enrich, merge and publish what the sources fetched (after the 04:00 fetch).",
)

JOBS = [refresh_owners_job, refresh_packages_job, publish_job]
SCHEDULES = [daily_refresh_owners, daily_refresh_packages, daily_publish]
