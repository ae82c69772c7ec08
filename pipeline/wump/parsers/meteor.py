"""Meteor (Atmosphere): the versions.json Meteorite wrote, a list of [name, version] pairs."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_json

ECO = "meteor"


@register("meteor/versions.json", ECO, "manifest", names("versions.json"))
def parse_versions_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    deps = data.get("dependencies")
    # bibliothecary reads it as pairs; a mapping form is accepted too.
    pairs = as_dict(deps).items() if isinstance(deps, dict) else as_list(deps)
    for pair in pairs:
        pair = list(pair) if isinstance(pair, (list, tuple)) else []
        if len(pair) >= 1:
            yield dep(ECO, pair[0], pair[1] if len(pair) > 1 else None)
