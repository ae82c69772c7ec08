"""vcpkg: the vcpkg.json manifest."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_json

ECO = "vcpkg"


@register("vcpkg/vcpkg.json", ECO, "manifest", names("vcpkg.json"))
def parse_vcpkg_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    for item in as_list(data.get("dependencies")):
        if isinstance(item, str):
            yield dep(ECO, item)
        elif isinstance(item, dict):
            # host dependencies are build tools (compilers, code generators) for the host machine.
            yield dep(
                ECO,
                item.get("name"),
                item.get("version>="),
                "build" if item.get("host") is True else "runtime",
            )
