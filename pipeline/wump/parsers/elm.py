"""Elm: elm.json (0.19 applications and packages), the older elm-package.json and
elm_dependencies.json, and elm-make's lock, elm-stuff/exact-dependencies.json."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, in_dir, names, register
from wump.parsers._util import as_dict, load_json

ECO = "elm"


def _section(value: object, typ: str) -> Iterator[Dependency | None]:
    value = as_dict(value)
    if "direct" in value or "indirect" in value:
        # Applications pin exact versions and list what their dependencies need as "indirect".
        for name, version in as_dict(value.get("direct")).items():
            yield dep(ECO, name, version, typ, True)
        for name, version in as_dict(value.get("indirect")).items():
            yield dep(ECO, name, version, typ, False)
    else:
        for name, constraint in value.items():
            yield dep(ECO, name, constraint, typ)


@register("elm/elm.json", ECO, "manifest", names("elm.json", "elm-package.json", "elm_dependencies.json"))
def parse_elm_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    yield from _section(data.get("dependencies"), "runtime")
    yield from _section(data.get("test-dependencies"), "test")


@register(
    "elm/exact-dependencies.json",
    ECO,
    "lockfile",
    in_dir(("elm-stuff",), names("exact-dependencies.json")),
)
def parse_exact_dependencies(text: str, path: str) -> Iterator[Dependency | None]:
    # A flat {"user/package": "1.0.2"} of everything elm-make installed: direct or not, it does not say.
    for name, version in as_dict(load_json(text)).items():
        yield dep(ECO, name, version, "runtime", False)
