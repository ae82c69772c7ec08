"""Cargo: Cargo.toml (dependencies, dev-, build-, target-specific, workspace) and Cargo.lock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_toml

ECO = "cargo"
SECTIONS = (("dependencies", "runtime"), ("dev-dependencies", "development"), ("build-dependencies", "build"))


def _deps(table: Any, typ: str) -> Iterator[Dependency | None]:
    for key, spec in as_dict(table).items():
        if isinstance(spec, str):
            yield dep(ECO, key, spec, typ)
            continue
        spec = as_dict(spec)
        if "path" in spec and "version" not in spec and "git" not in spec:
            continue  # a crate in the same repository
        # `package = "real"` renames: the crate fetched is the real one. Optional crates stay
        # runtime (they are features of this crate, which is how bibliothecary reports them).
        name = spec.get("package") if isinstance(spec.get("package"), str) else key
        yield dep(ECO, name, spec.get("version"), typ)


@register("cargo/Cargo.toml", ECO, "manifest", names("Cargo.toml"))
def parse_cargo_toml(text: str, path: str) -> Iterator[Dependency | None]:
    data = load_toml(text)
    for section, typ in SECTIONS:
        yield from _deps(data.get(section), typ)
        for target in as_dict(data.get("target")).values():  # [target.'cfg(unix)'.dependencies]
            yield from _deps(as_dict(target).get(section), typ)
    # [workspace.dependencies] declares versions members inherit with `dep.workspace = true`.
    yield from _deps(as_dict(data.get("workspace")).get("dependencies"), "runtime")


@register("cargo/Cargo.lock", ECO, "lockfile", names("Cargo.lock"))
def parse_cargo_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = load_toml(text)
    packages = [as_dict(p) for p in as_list(data.get("package"))]
    # Packages without a source are the workspace's own crates (Cargo.lock v1 also had [root]);
    # their dependency lists are direct.
    direct: set[str] = set()
    for p in packages + [as_dict(data.get("root"))]:
        if "source" not in p:
            for d in as_list(p.get("dependencies")):
                if isinstance(d, str):
                    direct.add(d.split(" ", 1)[0])
    for p in packages:
        if "source" in p:
            name = p.get("name")
            yield dep(ECO, name, p.get("version"), "runtime", name in direct)
