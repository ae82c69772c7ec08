"""Resumable listings: an append-only JSON Lines journal of the pages a listing has read so far.

A long listing (GitHub's dependents chain, ecosyste.ms keyset pages, Libraries.io pages) is saved
page by page under ``cache_dir`` so an interrupted run continues from the last cursor instead of
re-reading what it already has. Appending one line per page keeps the cost linear in the number
of pages; a line half-written when the process died is ignored on reading.

Journal lines are ``{"header": {...}}`` (what is being listed, when it started), then
``{"page": {...}}`` per page, then ``{"complete": {...}}`` when the listing reached its end.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from wump.raw import safe_file_name


@dataclass
class Journal:
    """What a previous run saved: the header, the pages in order, and whether it finished."""

    header: dict = field(default_factory=dict)
    pages: list[dict] = field(default_factory=list)
    complete: dict | None = None

    @property
    def started_at(self) -> float:
        return float(self.header.get("started_at", 0.0))


class Checkpoint:
    """One listing's journal file. ``resume_for`` bounds how old an unfinished listing may be (a
    cursor goes stale); ``reuse_for`` how long a finished one is served again without requests
    (so a retried run does not re-list a source that already succeeded)."""

    def __init__(self, path: Path, *, resume_for: float = 7 * 86400, reuse_for: float = 3600,
                 clock=time.time):
        self.path = path
        self.resume_for = resume_for
        self.reuse_for = reuse_for
        self.clock = clock

    def load(self, header: dict) -> Journal | None:
        """The saved journal if it lists the same thing (``header`` keys match) and is fresh enough."""
        if not self.path.is_file():
            return None
        journal = Journal()
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    break  # the tail written when the process died; everything before it holds
                if "header" in entry:
                    journal.header = entry["header"]
                elif "page" in entry:
                    journal.pages.append(entry["page"])
                elif "complete" in entry:
                    journal.complete = entry["complete"]
        if any(journal.header.get(k) != v for k, v in header.items()):
            return None
        age = self.clock() - journal.started_at
        limit = self.reuse_for if journal.complete is not None else self.resume_for
        return journal if age <= limit else None

    def start(self, header: dict) -> None:
        """Begin a new journal (replacing any old one)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps({"header": {**header, "started_at": self.clock()}}) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

    def _append(self, entry: dict) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry, separators=(",", ":")) + "\n")
            out.flush()
            os.fsync(out.fileno())

    def add_page(self, page: dict) -> None:
        self._append({"page": page})

    def finish(self, summary: dict | None = None) -> None:
        self._append({"complete": summary or {}})

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def listing_checkpoint(cache_dir: Path, source: str, ecosystem: str, name: str) -> Checkpoint:
    """The journal of one source's listing of one package's dependents, under
    ``cache_dir/reverse/{source}/{ecosystem}_{name}.jsonl`` (the one place that path is spelled)."""
    return Checkpoint(Path(cache_dir) / "reverse" / source / f"{safe_file_name(f'{ecosystem}/{name}')}.jsonl")


def journaled_rows(checkpoint: Checkpoint, header: dict) -> list[dict]:
    """Every row the pages of a matching journal hold (what an interrupted listing read so far)."""
    journal = checkpoint.load(header)
    return [row for page in (journal.pages if journal else []) for row in page["rows"]]
