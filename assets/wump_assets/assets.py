"""The asset graph: sources → normalized → warehouse → published. Each asset calls one wump step."""

import warnings

import dagster as dg
import polars as pl
from wump import steps
from wump.schema import NORMALIZED, PUBLISHED

from wump_assets.partitions import github_owners, watched_packages
from wump_assets.resources import WumpSettings

GITHUB_RAW = dg.AssetKey(["sources", "github_raw"])
PACKAGES_RAW = dg.AssetKey(["sources", "packages_raw"])
LIBRARIESIO_DUMP = dg.AssetKey(["normalized", "librariesio_dump"])
OWNER_ENRICHMENT = dg.AssetKey(["sources", "owner_enrichment"])
NORMALIZED_KEYS = {name: dg.AssetKey(["normalized", name]) for name in NORMALIZED}
WAREHOUSE_KEYS = {name: dg.AssetKey(["warehouse", name]) for name in PUBLISHED}

# The external services each networked asset calls. A step has one pool, named after the service
# that bounds it (the tightest); runs requested by the sensors and schedules also carry a tag per
# service, so the production instance's tag limits keep every service polite even when one pool is
# raised (assets/deploy/dagster.yaml).
SERVICES = {
    GITHUB_RAW: ("github_api",),
    PACKAGES_RAW: ("github_web", "ecosystems", "librariesio"),
    OWNER_ENRICHMENT: ("github_api", "ecosystems"),
}
# Every step that writes the shared normalized / warehouse / published files: one at a time.
WRITER_POOL = "warehouse"


def service_tags(*keys: dg.AssetKey) -> dict[str, str]:
    """Run tags naming the services the assets call (``wump/github_web``, ...)."""
    return {f"wump/{service}": "true" for key in keys for service in SERVICES.get(key, ())}


def preview(frame: pl.DataFrame, rows: int = 10) -> dg.MetadataValue:
    """A Markdown table of the first rows, for the asset's page in the Dagster UI."""
    head = frame.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in head.iter_rows()]
    return dg.MetadataValue.md("\n".join(lines))

# backfill_policy is marked beta in Dagster 1.13; single-run backfills are what we want here.
warnings.filterwarnings("ignore", category=dg.BetaWarning, message=".*backfill_policy.*")


def watch_list_asset(key: dg.AssetKey, partitions_def: dg.DynamicPartitionsDefinition, **spec):
    """The asset decorator for a source fetched per watch-list entry: in group ``sources``, one
    partition per entry, and a backfill of many entries is one run (one client, one cache, one
    shared rate limit)."""
    return dg.asset(key=key, group_name="sources", partitions_def=partitions_def,
                    backfill_policy=dg.BackfillPolicy.single_run(), **spec)


def record_counts(counts: dict[str, int]) -> dict[str, int]:
    """A fetch's record counts as asset metadata (``records_repositories``, ...)."""
    return {f"records_{kind}": count for kind, count in counts.items()}


@watch_list_asset(
    GITHUB_RAW,
    github_owners,
    kinds={"github", "json"},
    pool="github_api",
    description="Each watched GitHub owner's profile, repositories, dependency-graph SBOMs and "
    "manifests, as fetched (the bundled offline snapshot when nothing is configured).",
)
def github_raw(context: dg.AssetExecutionContext, wump: WumpSettings) -> dg.MaterializeResult:
    result = steps.fetch_github(wump.settings(), owners=context.partition_keys)
    context.log.info(f"github crawl of {len(context.partition_keys)} owner(s): {result.counts} {result.notes}")
    return dg.MaterializeResult(metadata={**record_counts(result.counts),
                                          **{k: v for k, v in result.notes.items() if v is not None}})

@watch_list_asset(
    PACKAGES_RAW,
    watched_packages,
    kinds={"json"},
    # The dependents page is the tightest of its three services (one request a second, 429 when
    # pushed); ecosyste.ms and Libraries.io are counted by the run tags.
    pool="github_web",
    description="For each watched package, the repositories that depend on it according to "
    "ecosyste.ms, GitHub's dependents page and Libraries.io, as fetched.",
)
def packages_raw(context: dg.AssetExecutionContext, wump: WumpSettings) -> dg.MaterializeResult:
    result = steps.fetch_packages(wump.settings(), specs=context.partition_keys)
    context.log.info(f"watched packages {context.partition_keys}: {result.counts} {result.notes['listed']}")
    return dg.MaterializeResult(metadata={**record_counts(result.counts),
                                          "errors": result.notes["errors"],
                                          "listed": dg.MetadataValue.json(result.notes["listed"])})


@dg.asset(
    key=LIBRARIESIO_DUMP,
    group_name="normalized",  # reads local CSVs; writes normalized Parquet
    kinds={"duckdb", "parquet"},
    pool=WRITER_POOL,
    description="The Libraries.io Open Data 1.6.0 CSVs (WUMP_LIBRARIES_IO_DUMP), streamed into the "
    "normalized tables as producer 'librariesio' (edges dated 2020-01-12); re-imported only when the "
    "files change.",
)
def librariesio_dump(context: dg.AssetExecutionContext, wump: WumpSettings) -> dg.MaterializeResult:
    result = steps.import_librariesio(wump.settings())
    if "summary" in result.notes:
        context.log.info(result.notes["summary"])
    return dg.MaterializeResult(metadata={**{f"rows_{k}": v for k, v in result.counts.items()},
                                          **{k: str(v) for k, v in result.notes.items() if k != "summary"}})


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, group_name="normalized", kinds={"polars", "parquet"},
                     deps=[GITHUB_RAW, PACKAGES_RAW, LIBRARIESIO_DUMP],
                     description=NORMALIZED[name].description)
        for name, key in NORMALIZED_KEYS.items()
    ],
    pool=WRITER_POOL,
)
def normalized_tables(wump: WumpSettings):
    result = steps.normalize_sources(wump.settings())
    for name, key in NORMALIZED_KEYS.items():
        metadata: dict = {"dagster/row_count": result.counts.get(name, 0)}
        if name == "dependencies":
            metadata["preview"] = preview(result.notes["preview"])
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)

@dg.asset(
    key=OWNER_ENRICHMENT,
    group_name="sources",  # what it adds comes from the network
    kinds={"github", "parquet"},
    pool="github_api",
    deps=[NORMALIZED_KEYS["dependencies"], NORMALIZED_KEYS["owners"]],
    description="Owner type, website and funding links from GitHub and ecosyste.ms for the owners "
    "that matter most (watched packages' users first, then the most-used), and the manifests of "
    "organizations' repositories listed with no word on how they use a watched package, cached.",
)
def owner_enrichment(context: dg.AssetExecutionContext, wump: WumpSettings) -> dg.MaterializeResult:
    result = steps.enrich_owners(wump.settings())
    context.log.info(f"owner enrichment: {result.counts} {result.notes}")
    return dg.MaterializeResult(metadata={**result.counts, **{k: str(v) for k, v in result.notes.items()}})


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, group_name="warehouse", kinds={"duckdb"},
                     deps=[*NORMALIZED_KEYS.values(), OWNER_ENRICHMENT],
                     description=PUBLISHED[name].description)
        for name, key in WAREHOUSE_KEYS.items()
    ],
    pool=WRITER_POOL,
)
def warehouse_tables(wump: WumpSettings):
    result = steps.build_warehouse(wump.settings())
    for name, key in WAREHOUSE_KEYS.items():
        yield dg.MaterializeResult(asset_key=key, metadata={"dagster/row_count": result.counts[name]})

@dg.asset(
    key=dg.AssetKey(["published", "wump_db"]),
    group_name="published",
    kinds={"sqlite", "datasette"},
    pool=WRITER_POOL,
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
