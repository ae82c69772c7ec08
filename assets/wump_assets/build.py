"""``wump build``: materialize the whole graph in this process (no per-step subprocesses)."""

import os

import dagster as dg

from wump_assets.checks import CHECKS
from wump_assets.definitions import ASSETS
from wump_assets.resources import WumpSettings

def build_all(data_dir: str | None = None) -> bool:
    """Run every asset and check once; True when the run succeeded. Runs are recorded in
    DAGSTER_HOME when it is set, so they show in the Dagster UI beside scheduled ones."""
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [*ASSETS, *CHECKS],
        resources={"wump": WumpSettings(data_dir=data_dir)},
        instance=instance,
        raise_on_error=False,
    )
    return result.success
