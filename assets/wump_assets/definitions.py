"""The Dagster code location: assembly only."""

import dagster as dg

from wump_assets.assets import github_raw, normalized_tables, published_database, warehouse_tables
from wump_assets.checks import CHECKS
from wump_assets.resources import WumpSettings
from wump_assets.schedules import daily_refresh

ASSETS = [github_raw, normalized_tables, warehouse_tables, published_database]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    schedules=[daily_refresh],
    resources={"wump": WumpSettings()},
)
