"""Haxelib (Haxe): haxelib.json."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, load_json

ECO = "haxelib"


@register("haxelib/haxelib.json", ECO, "manifest", names("haxelib.json"))
def parse_haxelib_json(text: str, path: str) -> Iterator[Dependency | None]:
    for name, version in as_dict(as_dict(load_json(text)).get("dependencies")).items():
        yield dep(ECO, name, version)  # "" means any version
