"""vcpkg: the vcpkg.json manifest and ``vcpkg list --x-json`` output (_generated-vcpkg-list.json).

Requirements are written the way bibliothecary writes them: ">=1.2" for a ``version>=`` minimum,
an override's version (with ``#port-version`` when not 0) in place of any minimum.
"""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_json

ECO = "vcpkg"


def _with_port(version: object, port: object) -> str | None:
    if not isinstance(version, str) or not version:
        return None
    if isinstance(port, int) and not isinstance(port, bool) and port > 0:
        return f"{version}#{port}"
    return version


_VERSION_KEYS = ("version", "version-semver", "version-date", "version-string")


@register("vcpkg/vcpkg.json", ECO, "manifest", names("vcpkg.json"))
def parse_vcpkg_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    overrides: dict[str, str | None] = {}
    for o in as_list(data.get("overrides")):
        o = as_dict(o)
        if isinstance(o.get("name"), str):
            version = next((o[k] for k in _VERSION_KEYS if isinstance(o.get(k), str)), None)
            overrides[o["name"]] = _with_port(version, o.get("port-version"))
    for item in as_list(data.get("dependencies")):
        if isinstance(item, str):
            yield dep(ECO, item, overrides.get(item))
        elif isinstance(item, dict):
            name = item.get("name")
            minimum = item.get("version>=")
            req = f">={minimum}" if isinstance(minimum, str) and minimum else None
            if isinstance(name, str) and overrides.get(name):
                req = overrides[name]
            # host dependencies are build tools (compilers, code generators) for the host machine.
            yield dep(ECO, name, req, "build" if item.get("host") is True else "runtime")


@register("vcpkg/_generated-vcpkg-list.json", ECO, "lockfile", names("_generated-vcpkg-list.json"))
def parse_vcpkg_list(text: str, path: str) -> Iterator[Dependency | None]:
    # {"zlib:x64-linux": {"package_name": "zlib", "version": "1.3", "port_version": 1, …}, …}
    for info in as_dict(load_json(text)).values():
        info = as_dict(info)
        version = _with_port(info.get("version"), info.get("port_version"))
        yield dep(ECO, info.get("package_name"), version or "*", "runtime", False)
