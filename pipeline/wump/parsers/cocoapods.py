"""CocoaPods: Podfile, Podfile.lock, *.podspec (static) and *.podspec.json."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, globs, names, register
from wump.parsers._util import as_dict, as_list, load_json, load_yaml
from wump.parsers.ruby import gem_requirement

ECO = "cocoapods"

_QUOTED = re.compile(r"""(?:"([^"\n]*)"|'([^'\n]*)')""")


def _call_args(rest: str) -> tuple[str | None, str, str]:
    """Name, requirement (written like RubyGems', ">= 0" for none) and the options part of
    ``'Name', '~> 1.0', :git => …``; "*" (any version) is no constraint."""
    opt = re.search(r",\s*(?::\w+\s*=>|\w+:)", rest)
    positional, options = (rest[: opt.start()], rest[opt.start() :]) if opt else (rest, "")
    strings = [m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(positional)]
    if not strings:
        return None, "", options
    return strings[0], gem_requirement([c for c in strings[1:] if c.strip() != "*"]), options


_POD = re.compile(r"^\s*pod\s*\(?\s*(.*)")


@register("cocoapods/Podfile", ECO, "manifest", names("Podfile"))
def parse_podfile(text: str, path: str) -> Iterator[Dependency | None]:
    for line in text.splitlines():
        m = _POD.match(line.split(" #", 1)[0])
        if not m:
            continue
        name, req, options = _call_args(m.group(1))
        # Pods from a path, a git checkout or a podspec URL do not come from the trunk registry;
        # bibliothecary leaves them out too.
        if name and not re.search(r"(:(path|git|podspec)\s*=>|\b(path|git|podspec):)", options):
            yield dep(ECO, name, req)


_ENTRY = re.compile(r"^(\S+)(?: \(([^)]*)\))?$")


@register("cocoapods/Podfile.lock", ECO, "lockfile", names("Podfile.lock"))
def parse_podfile_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    direct = set()
    for item in as_list(data.get("DEPENDENCIES")):
        m = _ENTRY.match(str(item).strip())
        if m:
            direct.add(m.group(1))
    # Every pod in PODS, those from a path or a git checkout too (bibliothecary reports them all).
    for item in as_list(data.get("PODS")):
        # A pod with dependencies is a one-key mapping {"Name (1.0)": [deps]}.
        entry = next(iter(item), "") if isinstance(item, dict) else item
        m = _ENTRY.match(str(entry).strip())
        if not m:
            continue
        # "Firebase/Analytics (10.1.0)" is a subspec: part of the Firebase pod.
        name = m.group(1).split("/")[0]
        is_direct = name in direct or any(d.split("/")[0] == name for d in direct)
        yield dep(ECO, name, m.group(2), "runtime", is_direct)


_SPEC_DEP = re.compile(r"\.dependency\s*\(?\s*(.*)")


@register("cocoapods/podspec", ECO, "manifest", globs("*.podspec"))
def parse_podspec(text: str, path: str) -> Iterator[Dependency | None]:
    """``s.dependency`` lines, subspecs' included. A subspec ("Pod/Core") is part of its pod, so
    the pod is the dependency, as bibliothecary reports it; "*" means any version (">= 0")."""
    for line in text.splitlines():
        m = _SPEC_DEP.search(line.split(" #", 1)[0])
        if m:
            name, req, _ = _call_args(m.group(1))
            if name:
                yield dep(ECO, name.split("/")[0], req)


@register("cocoapods/podspec.json", ECO, "manifest", globs("*.podspec.json"))
def parse_podspec_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    specs = [data] + [as_dict(s) for s in as_list(data.get("subspecs"))]
    for spec in specs:
        for name, reqs in as_dict(spec.get("dependencies")).items():
            reqs = [r for r in as_list(reqs) if isinstance(r, str)]
            yield dep(ECO, name, ", ".join(reqs) or None)
