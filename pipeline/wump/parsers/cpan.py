"""CPAN (Perl): META.json (CPAN::Meta::Spec v2), META.yml (v1.4) and cpanfile (read statically)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, load_json, load_yaml_strings

ECO = "cpan"

PHASES = {
    "runtime": "runtime",
    "build": "build",
    "configure": "build",
    "test": "test",
    "develop": "development",
}


def _mod(name: object, version: object, typ: str) -> Dependency | None:
    # "perl" (the interpreter version) is kept: bibliothecary reports it like a module.
    return dep(ECO, name, version, typ)


@register("cpan/META.json", ECO, "manifest", names("META.json", "MYMETA.json"))
def parse_meta_json(text: str, path: str) -> Iterator[Dependency | None]:
    """Every phase's ``requires`` (typed by phase); ``recommends`` and ``suggests`` are left out
    like bibliothecary does, and ``conflicts`` names what must NOT be installed."""
    data = as_dict(load_json(text))
    for phase, relations in as_dict(data.get("prereqs")).items():
        typ = PHASES.get(phase, "development")
        for name, version in as_dict(as_dict(relations).get("requires")).items():
            yield _mod(name, version, typ)


_YML_KEYS = {
    "requires": "runtime",
    "build_requires": "build",
    "configure_requires": "build",
    "test_requires": "test",
}


@register("cpan/META.yml", ECO, "manifest", names("META.yml", "MYMETA.yml"))
def parse_meta_yml(text: str, path: str) -> Iterator[Dependency | None]:
    # Versions as written: "1.10" is not the number 1.1, "5.010" is not 5.01.
    data = as_dict(load_yaml_strings(text))
    for key, typ in _YML_KEYS.items():
        for name, version in as_dict(data.get(key)).items():
            yield _mod(name, version, typ)


_CPANFILE_CALL = re.compile(
    r"""\b(requires|recommends|suggests|test_requires|build_requires|configure_requires|author_requires)\b"""
    r"""[\s(]*['"]([^'"]+)['"](?:\s*(?:,|=>)\s*(?:['"]([^'"]*)['"]|([\d._v]+)))?"""
)
_ON = re.compile(r"""\bon\s*\(?\s*['"]?(\w+)['"]?\s*=>\s*sub\b""")
_CPANFILE_TYPES = {
    "test_requires": "test",
    "build_requires": "build",
    "configure_requires": "build",
    "author_requires": "development",
}


@register("cpan/cpanfile", ECO, "manifest", names("cpanfile"))
def parse_cpanfile(text: str, path: str) -> Iterator[Dependency | None]:
    # Track `on 'test' => sub { … }` blocks by brace depth.
    stack: list[tuple[str, int]] = []
    depth = 0
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw)
        phase = stack[-1][0] if stack else "runtime"
        on = _ON.search(line)
        if on:
            phase = on.group(1)
        for m in _CPANFILE_CALL.finditer(line):
            verb, name = m.group(1), m.group(2)
            version = m.group(3) if m.group(3) is not None else m.group(4)
            if verb in _CPANFILE_TYPES:
                typ = _CPANFILE_TYPES[verb]
            elif verb in ("recommends", "suggests"):
                typ = "optional"
            else:
                typ = PHASES.get(phase, "development")
            yield _mod(name, version, typ)
        opened = line.count("{") - line.count("}")
        if on:
            stack.append((on.group(1), depth))
        depth += opened
        while stack and depth <= stack[-1][1]:
            stack.pop()
