"""The demo's published tables, pinned: a refactoring that moves code must not move data.

Each table's recorded columns, row by row, are hashed (rows sorted; timestamps written by the build
itself — after the demo snapshot's own dates — replaced by BUILD), and compared with
``tests/fixtures/demo_published.json``. New columns and tables do not disturb the pin; a change
to what the recorded ones hold does, on purpose. After a change that is meant to alter the demo's
answer, rewrite the pin with:

    .venv/bin/python tests/test_demo_snapshot.py data/published/wump.db
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path

PIN = Path(__file__).resolve().parent / "fixtures" / "demo_published.json"
# Every date the demo's snapshots carry is before this; later ones are the build's own clock.
LATEST_DEMO_DATE = "2026-11-02"


def _masked(value):
    if isinstance(value, str) and len(value) == 20 and value[4] == "-" and value[-1] == "Z" \
            and value[:10] >= LATEST_DEMO_DATE:
        return "BUILD"
    return value


def digests(db: Path, columns: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """table → {columns, rows, sha256} for ``columns`` (default: every column of every table and view)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = columns or {t: [r[1] for r in con.execute(f"PRAGMA table_info([{t}])")] for (t,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE '%fts%' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")}
        result = {}
        for table, names in tables.items():
            select = ", ".join(f"[{c}]" for c in names)
            rows = sorted(json.dumps([_masked(v) for v in row]) for row in con.execute(f"SELECT {select} FROM [{table}]"))
            result[table] = {"columns": names, "rows": len(rows),
                             "sha256": hashlib.sha256("\n".join(rows).encode()).hexdigest()}
        return result
    finally:
        con.close()


def test_the_demo_publishes_what_it_published_before(demo_db):
    pinned = json.loads(PIN.read_text())
    now = digests(demo_db, {table: entry["columns"] for table, entry in pinned.items()})
    changed = {table: (pinned[table]["rows"], now[table]["rows"]) for table in pinned
               if now[table]["sha256"] != pinned[table]["sha256"]}
    assert changed == {}, "the demo's published rows changed (table: pinned rows, rows now); see the docstring"


if __name__ == "__main__":
    PIN.write_text(json.dumps(digests(Path(sys.argv[1])), indent=1, sort_keys=True) + "\n")
    print(f"wrote {PIN}")
