"""Julia: Project.toml ([deps] with [compat] bounds, [extras]/[targets] test deps), Manifest.toml
(format 1 and 2), and the legacy REQUIRE file."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, regex, register
from wump.parsers._util import as_dict, as_list, load_toml

ECO = "julia"


@register("julia/Project.toml", ECO, "manifest", names("Project.toml", "JuliaProject.toml"))
def parse_project_toml(text: str, path: str) -> Iterator[Dependency | None]:
    data = load_toml(text)
    compat = as_dict(data.get("compat"))
    for name in as_dict(data.get("deps")):
        yield dep(ECO, name, compat.get(name), "runtime")
    for name in as_dict(data.get("weakdeps")):  # package extensions: loaded only if present
        yield dep(ECO, name, compat.get(name), "optional")
    extras = as_dict(data.get("extras"))
    for target, members in as_dict(data.get("targets")).items():
        for name in as_list(members):
            if isinstance(name, str) and name in extras:
                yield dep(ECO, name, compat.get(name), "test" if target == "test" else "development")


@register("julia/Manifest.toml", ECO, "lockfile", regex(r"(Julia)?Manifest(-v\d+\.\d+)?\.toml"))
def parse_manifest_toml(text: str, path: str) -> Iterator[Dependency | None]:
    data = load_toml(text)
    # Format 2 nests entries under [deps]; format 1 has them at the top level.
    entries = as_dict(data.get("deps")) if "manifest_format" in data else data
    for name, versions in entries.items():
        for entry in as_list(versions):
            entry = as_dict(entry)
            if "path" in entry:
                continue  # a dev'ed local package
            # Standard libraries have no version of their own; they ship with Julia.
            yield dep(ECO, name, entry.get("version"), "runtime", False)


@register("julia/REQUIRE", ECO, "manifest", names("REQUIRE"))
def parse_require(text: str, path: str) -> Iterator[Dependency | None]:
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        while fields and fields[0].startswith("@"):  # platform selectors such as @windows
            fields = fields[1:]
        if fields and fields[0] != "julia":
            yield dep(ECO, fields[0], " ".join(fields[1:]) or None)
