"""The Dagster instance on one machine: ``DAGSTER_HOME``, or ``.dagster/`` in the current directory.

``wump build``, ``make build``/``make run`` and ``make dev`` all record into it, so every run and
materialization of a build shows in the Dagster UI's history beside the scheduled ones.
"""

import os
from pathlib import Path

import dagster as dg

# Written once when the folder has none; the operator may edit it (it is never overwritten).
LOCAL_DAGSTER_YAML = """\
# wump's local Dagster instance, shared by `wump build` / `make build` and `make dev`.
# Storage: SQLite files in this folder. The production instance is assets/deploy/dagster.yaml.
concurrency:
  pools:
    # Runs queued by the daemon (schedules, sensors, the UI) wait until every pool their steps use
    # has a free slot; `wump build` runs in process and is not queued.
    granularity: run
    default_limit: 1
  runs:
    max_concurrent_runs: 4
telemetry:
  enabled: false
"""


def dagster_home() -> Path:
    """``DAGSTER_HOME`` or ``./.dagster``, created with a local ``dagster.yaml`` when missing."""
    home = Path(os.environ.get("DAGSTER_HOME") or Path.cwd() / ".dagster").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(LOCAL_DAGSTER_YAML, encoding="utf-8")
    return home


def local_instance() -> dg.DagsterInstance:
    """The persistent instance of this machine (close it when done, e.g. ``with local_instance()``)."""
    return dg.DagsterInstance.from_config(str(dagster_home()))
