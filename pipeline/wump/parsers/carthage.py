"""Carthage: Cartfile, Cartfile.private (development) and Cartfile.resolved."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register

ECO = "carthage"

# github "owner/repo" ~> 1.0 | git "https://…" "branch" | binary "https://…/spec.json" == 2.0
_LINE = re.compile(r'^\s*(github|git|binary)\s+"([^"]+)"\s*(.*)$')


def _lines(text: str, typ: str, direct: bool) -> Iterator[Dependency | None]:
    for line in text.splitlines():
        m = _LINE.match(re.sub(r"(^|\s)#.*$", "", line))  # comments, but not "#" inside URLs
        if m:
            req = m.group(3).strip().replace('"', "") or None
            yield dep(ECO, m.group(2), req, typ, direct)


@register("carthage/Cartfile", ECO, "manifest", names("Cartfile"))
def parse_cartfile(text: str, path: str) -> Iterator[Dependency | None]:
    yield from _lines(text, "runtime", True)


@register("carthage/Cartfile.private", ECO, "manifest", names("Cartfile.private"))
def parse_cartfile_private(text: str, path: str) -> Iterator[Dependency | None]:
    yield from _lines(text, "development", True)


@register("carthage/Cartfile.resolved", ECO, "lockfile", names("Cartfile.resolved"))
def parse_cartfile_resolved(text: str, path: str) -> Iterator[Dependency | None]:
    yield from _lines(text, "runtime", False)
