"""Pub (Dart/Flutter): pubspec.yaml and pubspec.lock."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, load_yaml

ECO = "pub"


@register("pub/pubspec.yaml", ECO, "manifest", names("pubspec.yaml", "pubspec.yml"))
def parse_pubspec(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    # dependency_overrides only pin what the sections below already declare.
    for section, typ in (("dependencies", "runtime"), ("dev_dependencies", "development")):
        for name, spec in as_dict(data.get(section)).items():
            if isinstance(spec, dict):
                if "path" in spec:
                    continue  # a package in the same repository
                # sdk: flutter is kept (bibliothecary does); git/hosted specs may carry a version.
                yield dep(ECO, str(name), spec.get("version"), typ)
            else:
                yield dep(ECO, str(name), spec, typ)


@register("pub/pubspec.lock", ECO, "lockfile", names("pubspec.lock"))
def parse_pubspec_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for name, info in as_dict(data.get("packages")).items():
        info = as_dict(info)
        if info.get("source") == "path":
            continue
        relation = str(info.get("dependency", ""))  # "direct main", "direct dev", "transitive"
        typ = "development" if relation == "direct dev" else "runtime"
        yield dep(ECO, str(name), info.get("version"), typ, relation.startswith("direct"))
