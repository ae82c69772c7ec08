"""The raw layer: what each source returned, as JSON Lines files under data/raw/{source}/.

One file per unit of work (an owner, a watched package), replaced atomically, so a crawl that
dies half-way leaves the previous complete file in place.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path


def safe_file_name(key: str) -> str:
    """A file name for a key that may contain slashes or other awkward characters."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in key) or "_"


def write_records(path: Path, records: Iterable[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def read_records_file(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def read_records(folder: Path) -> Iterator[dict]:
    """Every record of every ``*.jsonl`` file in a folder, files in name order."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.jsonl")):
        yield from read_records_file(path)


def now_iso() -> str:
    """The current UTC time as GitHub writes timestamps (``2024-01-02T03:04:05Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def error_record(source: str, subject: str, reason: str) -> dict:
    """The raw record of a failure: which source, what it was doing, why it failed (in words).

    Every source writes its failures this way; ``errors`` in the published database is built from
    these records, so a failure is always visible with its reason and never a crash."""
    return {"kind": "error", "fetched_at": now_iso(), "source": source, "subject": subject, "reason": reason}


def prune_raw(folder: Path, wanted_files: set[str]) -> list[str]:
    """Remove the raw files of owners or packages no longer watched (``wanted_files`` are the
    names to keep), so they drop out of the next publish; returns the removed stems."""
    removed = []
    for stale in folder.glob("*.jsonl"):
        if stale.name not in wanted_files:
            stale.unlink()
            removed.append(stale.stem)
    return removed
