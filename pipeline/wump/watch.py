"""The watch list in wump.toml: ``org:netflix`` (forward crawl) and ``pypi/fastapi`` (reverse lookup).

Edited with tomlkit so the operator's comments and layout in wump.toml survive.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit

from wump.identity import KNOWN_ECOSYSTEMS, normalize_name


class WatchError(ValueError):
    pass


def parse_item(item: str) -> tuple[str, str]:
    """('orgs', 'netflix') for ``org:netflix``; ('packages', 'pypi/fastapi') for ``pypi/fastapi``."""
    item = item.strip()
    if item.lower().startswith("org:"):
        login = item[4:].strip()
        if not login or "/" in login:
            raise WatchError(f"{item!r}: an organization is org:LOGIN, e.g. org:netflix")
        return "orgs", login
    ecosystem, _, name = item.partition("/")
    if not name:
        raise WatchError(f"{item!r}: watch org:LOGIN or ECOSYSTEM/NAME (e.g. org:netflix, pypi/fastapi)")
    ecosystem = ecosystem.lower()
    if ecosystem not in KNOWN_ECOSYSTEMS:
        raise WatchError(f"{item!r}: unknown ecosystem {ecosystem!r}; use a purl type: {', '.join(sorted(KNOWN_ECOSYSTEMS))}")
    return "packages", f"{ecosystem}/{normalize_name(ecosystem, name)}"


def _load(path: Path) -> tomlkit.TOMLDocument:
    return tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()


def _watch_table(doc: tomlkit.TOMLDocument):
    if "watch" not in doc:
        doc["watch"] = tomlkit.table()
    return doc["watch"]


def add(path: Path, item: str) -> bool:
    """Add to the watch list; False when it was already there."""
    kind, value = parse_item(item)
    doc = _load(path)
    watch = _watch_table(doc)
    current = watch.get(kind, tomlkit.array())
    if value in [str(v) for v in current]:
        return False
    current.append(value)
    watch[kind] = current
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return True


def remove(path: Path, item: str) -> bool:
    """Remove from the watch list; False when it was not there."""
    kind, value = parse_item(item)
    doc = _load(path)
    watch = _watch_table(doc)
    current = [str(v) for v in watch.get(kind, [])]
    if value not in current:
        return False
    array = tomlkit.array()
    array.extend(v for v in current if v != value)
    watch[kind] = array
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return True


def listing(path: Path) -> list[str]:
    doc = _load(path)
    watch = doc.get("watch", {})
    return [f"org:{o}" for o in watch.get("orgs", [])] + [str(p) for p in watch.get("packages", [])]


def set_source(path: Path, key: str, value: str) -> None:
    """Set ``[sources] key = value`` in wump.toml, keeping everything else as it was."""
    doc = _load(path)
    if "sources" not in doc:
        doc["sources"] = tomlkit.table()
    doc["sources"][key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
