"""When the pipeline runs on its own."""

import dagster as dg

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    target=dg.AssetSelection.all(),
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    description="Refresh every source and republish once a day.",
)
