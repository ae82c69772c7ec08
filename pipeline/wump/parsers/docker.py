"""Docker: Dockerfile FROM lines and compose files' service images (ecosystem "docker")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, any_of, dep, globs, names, regex, register
from wump.parsers._util import as_dict, load_yaml

ECO = "docker"


def image_dep(ref: str) -> Dependency | None:
    """``[registry/]name[:tag][@digest]`` → (name lower-cased with its registry, tag or digest)."""
    ref = ref.strip().strip("'\"")
    if not ref or ref.lower() == "scratch" or ref.startswith("$") or "${" in ref.split(":")[0]:
        return None
    name, _, digest = ref.partition("@")
    tag = None
    # Compose interpolation such as ${TAG:-dev} has colons and slashes of its own: mask it.
    masked = re.sub(r"\$\{[^}]*\}", lambda m: "_" * len(m.group()), name)
    slash = masked.rfind("/")
    colon = masked.rfind(":")
    if colon > slash:  # a colon after the last slash is a tag; before it, a registry port
        name, tag = name[:colon], name[colon + 1 :]
    if tag and digest:
        requirement = f"{tag}@{digest}"
    else:
        requirement = tag or digest or None
    return dep(ECO, name.lower(), requirement)


_ARG = re.compile(r"^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)", re.IGNORECASE)
_FROM = re.compile(r"^FROM\s+(.*)$", re.IGNORECASE)
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}?")


def _instructions(text: str) -> Iterator[str]:
    """Instructions with backslash continuations joined and comment lines dropped."""
    buf = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        yield (buf + stripped).strip()
        buf = ""
    if buf:
        yield buf.strip()


@register(
    "docker/Dockerfile",
    ECO,
    "manifest",
    any_of(
        names("Dockerfile", "Containerfile", case=False),
        regex(r"(?i)(Dockerfile|Containerfile)[.-][\w.-]+"),
        globs("*.dockerfile", "*.containerfile"),
    ),
)
def parse_dockerfile(text: str, path: str) -> Iterator[Dependency | None]:
    args: dict[str, str] = {}
    stages: set[str] = set()
    for inst in _instructions(text):
        a = _ARG.match(inst)
        if a:
            args.setdefault(a.group(1), a.group(2).strip("'\""))  # global ARG defaults used by FROM
            continue
        m = _FROM.match(inst)
        if not m:
            continue
        words = [w for w in m.group(1).split() if not w.startswith("--")]  # --platform=…
        if not words:
            continue
        image = _VAR.sub(lambda v: args.get(v.group(1), v.group(0)), words[0])
        if len(words) >= 3 and words[1].lower() == "as":
            stages.add(words[2].lower())
        if image.lower() in stages:
            continue  # FROM an earlier build stage
        yield image_dep(image)


@register(
    "docker/compose",
    ECO,
    "manifest",
    any_of(
        names("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"),
        regex(r"(docker-)?compose[.-][\w.-]+\.ya?ml"),
    ),
)
def parse_compose(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    services = as_dict(data.get("services")) if "services" in data else data  # v1 had no "services:"
    for service in services.values():
        image = as_dict(service).get("image")
        if isinstance(image, str):
            yield image_dep(image)
