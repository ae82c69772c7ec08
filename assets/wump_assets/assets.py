"""The asset graph: sources → normalized → warehouse → published. Each asset calls one wump step."""

import warnings

import dagster as dg
import polars as pl

from wump import steps
from wump.schema import NORMALIZED, PUBLISHED
from wump_assets.resources import WumpSettings

GITHUB_RAW = dg.AssetKey(["sources", "github_raw"])
NORMALIZED_KEYS = {name: dg.AssetKey(["normalized", name]) for name in NORMALIZED}
WAREHOUSE_KEYS = {name: dg.AssetKey(["warehouse", name]) for name in PUBLISHED}

def preview(frame: pl.DataFrame, rows: int = 10) -> dg.MetadataValue:
    """A Markdown table of the first rows, for the asset's page in the Dagster UI."""
    head = frame.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in head.iter_rows()]
    return dg.MetadataValue.md("\n".join(lines))

github_owners = dg.DynamicPartitionsDefinition(name="github_owners")

# backfill_policy is marked beta in Dagster 1.13; single-run backfills are what we want here.
warnings.filterwarnings("ignore", category=dg.BetaWarning, message=".*backfill_policy.*")


@dg.asset(
    key=GITHUB_RAW,
    group_name="sources",
    kinds={"github", "json"},
    pool="github_api",
    partitions_def=github_owners,
    # A backfill of many owners is one run: one client, one cache, one shared rate limit.
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="Each watched GitHub owner's profile, repositories, dependency-graph SBOMs and "
    "manifests, as fetched (the bundled offline snapshot when nothing is configured).",
)
def github_raw(context: dg.AssetExecutionContext, wump: WumpSettings) -> dg.MaterializeResult:
    result = steps.fetch_github(wump.settings(), owners=context.partition_keys)
    context.log.info(f"github crawl of {len(context.partition_keys)} owner(s): {result.counts} {result.notes}")
    return dg.MaterializeResult(metadata={**{f"records_{k}": v for k, v in result.counts.items()},
                                          **{k: v for k, v in result.notes.items() if v is not None}})

@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, group_name="normalized", kinds={"polars", "parquet"}, deps=[GITHUB_RAW],
                     description=NORMALIZED[name].description)
        for name, key in NORMALIZED_KEYS.items()
    ],
)
def normalized_tables(wump: WumpSettings):
    result = steps.normalize_github(wump.settings())
    for name, key in NORMALIZED_KEYS.items():
        metadata: dict = {"dagster/row_count": result.counts.get(name, 0)}
        if name == "dependencies":
            metadata["preview"] = preview(result.notes["preview"])
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)

@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, group_name="warehouse", kinds={"duckdb"}, deps=list(NORMALIZED_KEYS.values()),
                     description=PUBLISHED[name].description)
        for name, key in WAREHOUSE_KEYS.items()
    ],
)
def warehouse_tables(wump: WumpSettings):
    result = steps.build_warehouse(wump.settings())
    for name, key in WAREHOUSE_KEYS.items():
        yield dg.MaterializeResult(asset_key=key, metadata={"dagster/row_count": result.counts[name]})

@dg.asset(
    key=dg.AssetKey(["published", "wump_db"]),
    group_name="published",
    kinds={"sqlite", "datasette"},
    deps=list(WAREHOUSE_KEYS.values()),
    description="The published SQLite database Datasette serves, replaced atomically.",
)
def published_database(wump: WumpSettings) -> dg.MaterializeResult:
    settings = wump.settings()
    result = steps.publish(settings)
    return dg.MaterializeResult(
        metadata={**{f"rows_{k}": v for k, v in result.counts.items()},
                  "path": dg.MetadataValue.path(str(settings.published_path))}
    )
