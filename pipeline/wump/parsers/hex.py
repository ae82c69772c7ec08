"""Hex (Elixir): mix.exs read statically (the deps list tuples) and mix.lock."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register

ECO = "hex"

# {:name, "~> 1.0", only: :test} / {:name, github: "x/y"} / {:name, path: "../x"}
# No quantifier may sit next to an overlapping one: [^{}]* already absorbs whitespace.
_TUPLE = re.compile(r'\{\s*:([a-z_][a-zA-Z0-9_]*)\s*,(?:\s*"([^"\n]*)")?([^{}]*)\}')
_DEPS_FN = re.compile(r"^\s*defp?\s+deps(?:\s*\(\s*\))?\s*(?:,|do\b)", re.MULTILINE)
_NEXT_DEF = re.compile(r"^\s*defp?\s", re.MULTILINE)


def _type(options: str) -> str:
    only = re.search(r"only:\s*(\[[^\]]*\]|:\w+)", options)
    envs = re.findall(r":(\w+)", only.group(1)) if only else []
    if envs and "prod" not in envs:
        return "development" if "dev" in envs else "test" if "test" in envs else "development"
    if re.search(r"optional:\s*true", options):
        return "optional"
    return "runtime"


@register("hex/mix.exs", ECO, "manifest", names("mix.exs"))
def parse_mix_exs(text: str, path: str) -> Iterator[Dependency | None]:
    for start in _DEPS_FN.finditer(text):
        nxt = _NEXT_DEF.search(text, start.end())
        body = text[start.end() : nxt.start() if nxt else len(text)]
        body = re.sub(r"#[^\n]*", "", body)
        for m in _TUPLE.finditer(body):
            name, req, options = m.group(1), m.group(2), m.group(3)
            if re.search(r"\b(path|in_umbrella):", options):
                continue  # a sibling app or local directory
            yield dep(ECO, name, req, _type(options))


# "name": {:hex, :package, "1.2.3", "sha", [:mix], [...], "hexpm", "sha"},
# "name": {:git, "https://…", "sha", [branch: "main"]},
# The first entry shares its line with the map's opening "%{".
_LOCK = re.compile(
    r'^\s*(?:%\{\s*)?"([^"]+)"\s*:\s*\{\s*:(hex|git)\s*,\s*(?::([\w]+)\s*,\s*)?"([^"]*)"(?:\s*,\s*"([^"]*)")?'
)


@register("hex/mix.lock", ECO, "lockfile", names("mix.lock"))
def parse_mix_lock(text: str, path: str) -> Iterator[Dependency | None]:
    for line in text.splitlines():
        m = _LOCK.match(line)
        if not m:
            continue
        key, source, package, first, second = m.groups()
        if source == "hex":
            yield dep(ECO, package or key, first, "runtime", False)
        else:
            yield dep(ECO, key, second, "runtime", False)  # git: the locked commit
