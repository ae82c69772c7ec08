"""The Dagster code location: assembly only."""

import dagster as dg

from wump_assets.assets import (
    github_raw,
    librariesio_dump,
    normalized_tables,
    owner_enrichment,
    packages_raw,
    published_database,
    warehouse_tables,
)
from wump_assets.checks import CHECKS
from wump_assets.resources import WumpSettings
from wump_assets.schedules import JOBS, SCHEDULES
from wump_assets.sensors import watched_github_owners, watched_packages_sensor

ASSETS = [github_raw, packages_raw, librariesio_dump, normalized_tables, owner_enrichment, warehouse_tables, published_database]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=JOBS,
    schedules=SCHEDULES,
    sensors=[watched_github_owners, watched_packages_sensor],
    resources={"wump": WumpSettings()},
    # A run is one process: its steps are a chain over one data folder, and parallelism comes from
    # runs (one per watched owner or package), not from a subprocess per step (seconds each).
    executor=dg.in_process_executor,
)
