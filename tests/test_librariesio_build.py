"""`wump import librariesio DIR` then `wump build`: the 2020 dump flows into the published answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wump import cli

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "librariesio"


def test_import_records_the_dump_and_build_publishes_it_dated_2020(tmp_path, monkeypatch):
    config = tmp_path / "wump.toml"
    monkeypatch.setenv("WUMP_CONFIG", str(config))
    monkeypatch.setenv("WUMP_DATA_DIR", str(tmp_path / "data"))
    # No owner enrichment here: this test is about the dump (enrichment has its own tests).
    config.write_text("# operator notes\n[enrich]\nbudget = 0\n")
    assert cli.main(["import", "librariesio", str(SAMPLE)]) == 0
    assert f'libraries_io_dump = "{SAMPLE}"' in config.read_text()
    assert config.read_text().startswith("# operator notes\n")

    from wump_assets.build import build_all

    assert build_all()
    with sqlite3.connect(tmp_path / "data" / "published" / "wump.db") as con:
        sources = {r[0] for r in con.execute("SELECT DISTINCT sources FROM package_users")}
        first_seen = {r[0] for r in con.execute("SELECT DISTINCT first_seen FROM package_users")}
        owner_types = {r[0] for r in con.execute("SELECT DISTINCT owner_type FROM organizations")}
        demo = con.execute("SELECT count(*) FROM organizations WHERE name = 'netflix'").fetchone()[0]
    assert sources == {"librariesio-1.6.0"}
    assert first_seen == {"2020-01-12T00:00:00Z"}
    assert owner_types == {"unknown"}  # the dump says nothing about owners: never guessed
    assert demo == 0
