"""Crystal shards: shard.yml and shard.lock."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, load_yaml

ECO = "shards"


@register("shards/shard.yml", ECO, "manifest", names("shard.yml", "shard.yaml"))
def parse_shard_yml(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for section, typ in (("dependencies", "runtime"), ("development_dependencies", "development")):
        for name, spec in as_dict(data.get(section)).items():
            spec = as_dict(spec)
            if "path" in spec:
                continue
            # The version constraint only; a tag, branch or commit pins a git checkout, which
            # bibliothecary does not report as a requirement either.
            yield dep(ECO, str(name), spec.get("version"), typ)


@register("shards/shard.lock", ECO, "lockfile", names("shard.lock"))
def parse_shard_lock(text: str, path: str) -> Iterator[Dependency | None]:
    for name, spec in as_dict(as_dict(load_yaml(text)).get("shards")).items():
        spec = as_dict(spec)
        if "path" not in spec:
            yield dep(ECO, str(name), spec.get("version") or spec.get("commit"), "runtime", False)
