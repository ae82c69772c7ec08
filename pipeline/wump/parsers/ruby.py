"""RubyGems: Gemfile / gems.rb, Gemfile.lock / gems.locked, *.gemspec — read statically.

Requirements are written the way RubyGems prints a ``Gem::Requirement`` (and bibliothecary reports
them): "op version" pairs joined by ", ", a bare version meaning "= version", none at all ">= 0".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, globs, names, register

ECO = "gem"

# String literals Ruby code uses for gem names and versions: "x", 'x', %q<x>, %q{x}, %q(x), %q[x].
_STR = re.compile(
    r""""([^"\n]*)"|'([^'\n]*)'|%q<([^>\n]*)>|%q\{([^}\n]*)\}|%q\(([^)\n]*)\)|%q\[([^\]\n]*)\]"""
)
_SYMBOL = re.compile(r":(\w+)")


def _strings(s: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _STR.finditer(s)]


_OP = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S.*?)\s*$")


def gem_requirement(constraints: list[str]) -> str:
    """``["~>7.0", "1.2"]`` → ``"~> 7.0, = 1.2"``; ``[]`` → ``">= 0"``."""
    parts = []
    for c in constraints:
        m = _OP.match(c)
        if m:
            parts.append(f"{m.group(1) or '='} {m.group(2)}")
    return ", ".join(parts) or ">= 0"


def _split_options(args: str) -> tuple[str, str]:
    """Positional part and the ``key: value`` / ``:key => value`` options of a call."""
    m = re.search(r"(?:^|,)\s*(?::?\w+\s*=>|\w+:\s)", args)
    return (args[: m.start()], args[m.start() :]) if m else (args, "")


def _group_type(groups: list[str]) -> str:
    if "development" in groups or "dev" in groups:
        return "development"
    if "test" in groups:
        return "test"
    return "runtime"


_GEM = re.compile(r"gem\s*\(?\s*(.*)")
_GROUP = re.compile(r"group\s*\(?(.*?)\)?\s+do\b")
_OPENS = re.compile(r"(^(if|unless|case|while|until|begin|def|class|module)\b)|(\bdo\s*(\|[^|]*\|)?\s*$)")


@register("gem/Gemfile", ECO, "manifest", names("Gemfile", "gems.rb"))
def parse_gemfile(text: str, path: str) -> Iterator[Dependency | None]:
    # A stack of open blocks: the group names for `group … do`, None for any other block.
    stack: list[list[str] | None] = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if re.match(r"end\b", line):
            if stack:
                stack.pop()
            continue
        g = _GROUP.match(line)
        if g:
            stack.append(_SYMBOL.findall(g.group(1)) + _strings(g.group(1)))
            continue
        m = _GEM.match(line)
        if m and line.startswith("gem") and not line.startswith("gemspec"):
            positional, options = _split_options(m.group(1))
            strings = _strings(positional)
            if strings and not re.search(r"\bpath\s*(:|=>)", options):
                groups = [n for frame in stack if frame for n in frame]
                inline = re.search(r"groups?\s*(?::|=>)\s*(.*)", options)
                if inline:
                    groups += _SYMBOL.findall(inline.group(1)) + _strings(inline.group(1))
                yield dep(ECO, strings[0], gem_requirement(strings[1:]), _group_type(groups))
            continue
        if _OPENS.search(line):
            stack.append(None)


_SPEC = re.compile(r"^    (\S+) \(([^)]*)\)")
_DEPENDENCY = re.compile(r"^  ([^\s!(]+)")


@register("gem/Gemfile.lock", ECO, "lockfile", names("Gemfile.lock", "gems.locked"))
def parse_gemfile_lock(text: str, path: str) -> Iterator[Dependency | None]:
    section = ""
    specs: list[tuple[str, str]] = []
    direct: set[str] = set()
    bundler: str | None = None
    for line in text.splitlines():
        if line and not line[0].isspace():
            section = line.strip()
            continue
        if section in ("GEM", "GIT") or section.startswith("PLUGIN"):
            m = _SPEC.match(line)  # exactly four spaces: a locked gem (six = its own dependency)
            if m:
                # Platform gems are "1.13.10-x86_64-linux"; RubyGems versions never contain "-".
                specs.append((m.group(1), m.group(2).split("-", 1)[0]))
        elif section == "DEPENDENCIES":
            m = _DEPENDENCY.match(line)
            if m:
                direct.add(m.group(1))
        elif section == "BUNDLED WITH" and line.strip() and bundler is None:
            bundler = line.strip()  # the Bundler version that wrote the lockfile
        # PATH gems live in the repository itself; PLATFORMS and RUBY VERSION are not gems.
    for name, version in specs:
        yield dep(ECO, name, version, "runtime", name in direct)
    if bundler and not any(name == "bundler" for name, _ in specs):
        # Bundler itself is needed to install the rest; bibliothecary reports it from here.
        yield dep(ECO, "bundler", bundler, "runtime", "bundler" in direct)


_GEMSPEC_DEP = re.compile(r"\.add_(runtime_|development_)?dependency\s*\(?(.*)")


@register("gem/gemspec", ECO, "manifest", globs("*.gemspec"))
def parse_gemspec(text: str, path: str) -> Iterator[Dependency | None]:
    for line in text.splitlines():
        m = _GEMSPEC_DEP.search(line.split(" #", 1)[0])
        if not m:
            continue
        strings = _strings(m.group(2))
        if strings:
            typ = "development" if m.group(1) == "development_" else "runtime"
            yield dep(ECO, strings[0], gem_requirement(strings[1:]), typ)
