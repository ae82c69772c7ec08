"""Blocking checks on the warehouse: publishing stops when any fails."""

import dagster as dg
from wump import steps

from wump_assets.assets import WAREHOUSE_KEYS
from wump_assets.resources import WumpSettings


def _unique_key_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=WAREHOUSE_KEYS[table], name="unique_keys", blocking=True,
                    description=f"Every key of {table} occurs once.")
    def check(wump: WumpSettings) -> dg.AssetCheckResult:
        duplicates = steps.duplicate_keys(wump.settings(), table)
        return dg.AssetCheckResult(passed=duplicates == 0, metadata={"duplicate_keys": duplicates})

    return check

@dg.asset_check(asset=WAREHOUSE_KEYS["package_users"], name="not_empty", blocking=True,
                description="The answer table has rows.")
def package_users_not_empty(wump: WumpSettings) -> dg.AssetCheckResult:
    rows = steps.row_count(wump.settings(), "package_users")
    return dg.AssetCheckResult(passed=rows > 0, metadata={"rows": rows})

@dg.asset_check(asset=WAREHOUSE_KEYS["dependencies"], name="references_exist", blocking=True,
                description="Every dependency points at an existing repository and package.")
def dependencies_reference_existing_rows(wump: WumpSettings) -> dg.AssetCheckResult:
    dangling = steps.dangling_dependencies(wump.settings())
    return dg.AssetCheckResult(passed=not any(dangling.values()), metadata=dangling)

CHECKS = [
    package_users_not_empty,
    dependencies_reference_existing_rows,
    *(_unique_key_check(t) for t in ("organizations", "repositories", "packages", "dependencies", "package_users")),
]
