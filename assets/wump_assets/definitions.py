"""The Dagster code location: assembly only."""

import dagster as dg

from wump_assets.assets import github_raw, normalized_tables, published_database, warehouse_tables
from wump_assets.checks import CHECKS
from wump_assets.resources import WumpSettings
from wump_assets.schedules import daily_publish, daily_refresh, publish_job, refresh_sources_job
from wump_assets.sensors import watched_github_owners

ASSETS = [github_raw, normalized_tables, warehouse_tables, published_database]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[refresh_sources_job, publish_job],
    schedules=[daily_refresh, daily_publish],
    sensors=[watched_github_owners],
    resources={"wump": WumpSettings()},
)
