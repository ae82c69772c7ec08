"""The layout DESIGN.md promises: engine without Dagster, site as configuration, docs in sync."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from wump import site
from wump.schema import PUBLISHED

REPO = Path(__file__).resolve().parents[1]


def test_engine_never_imports_dagster():
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "pipeline" / "wump").rglob("*.py")
        if re.search(r"^\s*(import dagster|from dagster\b|import wump_assets|from wump_assets\b)",
                     path.read_text(), re.M)
    ]
    assert offenders == []
    # And at run time: importing every engine module pulls in no Dagster.
    code = (
        "import sys, pkgutil, importlib, wump\n"
        "for m in pkgutil.walk_packages(wump.__path__, 'wump.'):\n"
        "    if not m.name.startswith('wump.demo.generate'): importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('dagster', 'wump_assets')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_datasette_is_the_installed_library_not_the_site_folder():
    out = subprocess.run([sys.executable, "-c", "import datasette; print(datasette.__file__)"],
                         capture_output=True, text=True, check=True, cwd=REPO)
    assert "site-packages" in out.stdout
    assert not (REPO / "datasette" / "__init__.py").exists()


def test_metadata_yml_is_generated_from_the_schema():
    assert (REPO / "datasette" / "metadata.yml").read_text() == site.render(), "run `wump metadata`"


def test_every_published_table_and_column_is_described():
    metadata = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text())
    tables = metadata["databases"]["wump"]["tables"]
    for table in PUBLISHED.values():
        assert tables[table.name]["description"]
        assert set(tables[table.name]["columns"]) == set(table.column_names)
        assert all(tables[table.name]["columns"].values())


def test_makefile_has_the_documented_targets():
    makefile = (REPO / "Makefile").read_text()
    for target in ("run", "test", "dev", "bench", "build", "serve", "lint", "clean"):
        assert re.search(rf"^{target}\s*:", makefile, re.M), target


def test_the_internet_is_out_of_reach_in_tests():
    """conftest's guard: a stray request to a real host fails at once instead of going out."""
    import httpx
    import pytest

    with pytest.raises(httpx.ConnectError, match="test tried to resolve 'api.github.com'"):
        httpx.get("https://api.github.com/", timeout=5)
