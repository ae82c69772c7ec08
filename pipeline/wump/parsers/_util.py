"""Safe loaders shared by the format modules.

Every loader either returns data or raises; ``wump.parsers.parse`` turns exceptions into error
results, so the modules can stay straightforward.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import yaml

try:  # libyaml is ~10x faster on big lockfiles; fall back to the pure-Python safe loader.
    _YamlLoader: Any = yaml.CSafeLoader
    _YamlStringLoader: Any = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YamlLoader = yaml.SafeLoader
    _YamlStringLoader = yaml.BaseLoader

# A YAML document can reference one anchored node many times ("billion laughs"). PyYAML shares the
# node, so loading is cheap, but walking it is not; refuse documents whose expanded tree is huge.
MAX_YAML_NODES = 2_000_000


class FormatError(ValueError):
    """The file is syntactically fine but not the shape its format requires."""


def load_json(text: str) -> Any:
    return json.loads(text)


# JSONC (bun.lock, tsconfig-style files): comments and trailing commas. Strings are matched first so
# that "//" inside a URL stays; an unterminated comment runs to the end (never backtracks).
_JSONC = re.compile(r'("(?:[^"\\\n]|\\.)*"?)|//[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z)|,(\s*[}\]])')


def load_jsonc(text: str) -> Any:
    return json.loads(_JSONC.sub(lambda m: m.group(1) or m.group(2) or "", text))


def load_toml(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def load_yaml(text: str) -> Any:
    data = yaml.load(text, Loader=_YamlLoader)
    _check_yaml_size(data)
    return data


def load_yaml_strings(text: str) -> Any:
    """YAML with every scalar a string, as written: for formats whose versions must not become
    numbers (``1.10`` read as a float is ``1.1``)."""
    data = yaml.load(text, Loader=_YamlStringLoader)
    _check_yaml_size(data)
    return data


def _check_yaml_size(data: Any) -> None:
    """Count nodes of the expanded tree, memoized per shared object so the count is linear."""
    sizes: dict[int, int] = {}
    # Iterative post-order walk: deep YAML must not hit Python's recursion limit here.
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        if key in sizes and not done:
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if not done:
            sizes[key] = -1  # in progress (cycles are impossible from safe_load, but be safe)
            stack.append((node, True))
            stack.extend((c, False) for c in children if isinstance(c, (dict, list)))
            continue
        total = 1 + len(children)
        for c in children:
            if isinstance(c, (dict, list)):
                total += max(sizes.get(id(c), 0), 0)
        if total > MAX_YAML_NODES:
            raise FormatError("YAML aliases expand to too many nodes")
        sizes[key] = total


def parse_xml(content: bytes) -> Element:
    """An XML tree with namespaces stripped from tags; DTD entities are refused by defusedxml."""
    root = SafeET.fromstring(content)
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.rsplit("}", 1)[1]
    return root


def text_of(el: Element | None) -> str | None:
    """Stripped element text, None for missing/empty."""
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one: formats are often half-filled."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def strip_quotes(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return s[1:-1]
    return s
