"""Dub (D): dub.json, dub.sdl and dub.selections.json."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, load_json

ECO = "dub"


@register("dub/dub.json", ECO, "manifest", names("dub.json"))
def parse_dub_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    for name, spec in as_dict(data.get("dependencies")).items():
        if isinstance(spec, dict):
            if "path" in spec and "version" not in spec:
                continue
            yield dep(
                ECO, name, spec.get("version"), "optional" if spec.get("optional") is True else "runtime"
            )
        else:
            yield dep(ECO, name, spec)


_SDL_DEP = re.compile(r'^\s*dependency\s+"([^"]+)"(.*)$')


@register("dub/dub.sdl", ECO, "manifest", names("dub.sdl"))
def parse_dub_sdl(text: str, path: str) -> Iterator[Dependency | None]:
    for line in text.splitlines():
        m = _SDL_DEP.match(line)
        if not m or re.search(r"\bpath\s*=", m.group(2)):
            continue
        version = re.search(r'\bversion\s*=\s*"([^"]*)"', m.group(2))
        optional = re.search(r"\boptional\s*=\s*true", m.group(2))
        yield dep(
            ECO, m.group(1), version.group(1) if version else None, "optional" if optional else "runtime"
        )


@register("dub/dub.selections.json", ECO, "lockfile", names("dub.selections.json"))
def parse_dub_selections(text: str, path: str) -> Iterator[Dependency | None]:
    for name, version in as_dict(as_dict(load_json(text)).get("versions")).items():
        if isinstance(version, dict):
            version = version.get("version")  # {"path": …} entries carry none and are skipped
        if isinstance(version, str):
            yield dep(ECO, name, version, "runtime", False)
