"""Package and owner identity: ecosystems are purl types, names follow each ecosystem's rules.

Every source (GitHub SBOM purls, manifests, ecosyste.ms, Libraries.io) names packages its own way;
everything passes through here so that one package has exactly one (ecosystem, name) key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlparse

from packageurl import PackageURL

# The one platform table: purl type → (Libraries.io platform, ecosyste.ms ecosystem name).
# Every mapping between wump's ecosystems and the services' names is derived from it.
PLATFORMS: dict[str, tuple[str, str]] = {
    "npm": ("npm", "npm"), "pypi": ("pypi", "pypi"), "golang": ("go", "go"), "cargo": ("cargo", "cargo"),
    "gem": ("rubygems", "rubygems"), "maven": ("maven", "maven"), "nuget": ("nuget", "nuget"),
    "composer": ("packagist", "packagist"), "hex": ("hex", "hex"), "pub": ("pub", "pub"),
    "cocoapods": ("cocoapods", "cocoapods"), "swift": ("swiftpm", "swiftpm"), "conda": ("conda", "conda"),
    "githubactions": ("githubactions", "actions"), "bower": ("bower", "bower"), "carthage": ("carthage", "carthage"),
    "cran": ("cran", "cran"), "cpan": ("cpan", "cpan"), "hackage": ("hackage", "hackage"),
    "julia": ("julia", "julia"), "clojars": ("clojars", "clojars"), "elm": ("elm", "elm"), "dub": ("dub", "dub"),
    "haxelib": ("haxelib", "haxelib"), "conan": ("conan", "conan"), "vcpkg": ("vcpkg", "vcpkg"),
    "shards": ("shards", "shards"), "docker": ("docker", "docker"), "meteor": ("meteor", "meteor"),
    "puppet": ("puppet", "puppet"),
}
# Other spellings seen in the services' data.
_PLATFORM_ALIASES = {"crates": "cargo", "github actions": "githubactions", "pypi-conda": "conda"}

# Libraries.io / ecosyste.ms platform names (lower-cased) → purl types.
PLATFORM_TO_ECOSYSTEM: dict[str, str] = {
    **{purl: purl for purl in PLATFORMS},
    **{names[0]: purl for purl, names in PLATFORMS.items()},
    **{names[1]: purl for purl, names in PLATFORMS.items()},
    **_PLATFORM_ALIASES,
}

KNOWN_ECOSYSTEMS: frozenset[str] = frozenset(PLATFORM_TO_ECOSYSTEM.values())

_PEP503 = re.compile(r"[-_.]+")


def librariesio_platform(ecosystem: str) -> str:
    """The Libraries.io platform name for a purl type (``golang`` → ``go``)."""
    return PLATFORMS.get(ecosystem, (ecosystem, ecosystem))[0]


def ecosystems_name(ecosystem: str) -> str:
    """The ecosyste.ms ecosystem name for a purl type (``golang`` → ``go``, ``gem`` → ``rubygems``)."""
    return PLATFORMS.get(ecosystem, (ecosystem, ecosystem))[1]


def ecosystem_for_platform(platform: str) -> str:
    """The purl type for a Libraries.io/ecosyste.ms platform name; unknown names are lower-cased."""
    key = platform.strip().lower()
    return PLATFORM_TO_ECOSYSTEM.get(key, key)


def normalize_name(ecosystem: str, name: str) -> str:
    """A package name as its ecosystem compares names (PEP 503 for PyPI, case rules elsewhere)."""
    name = name.strip()
    if ecosystem == "pypi":
        return _PEP503.sub("-", name).lower()
    if ecosystem in {"npm", "nuget", "composer", "githubactions", "cargo"}:
        # npm names are lower-case by rule; NuGet, Packagist and Actions compare case-insensitively.
        # Cargo treats - and _ as distinct but crates.io names are case-insensitive.
        return name.lower()
    if ecosystem == "maven":
        # Maven coordinates are case-sensitive; unify the two common separators to group:artifact.
        return name.replace("/", ":")
    if ecosystem == "golang":
        return name
    return name


def purl_for(ecosystem: str, name: str, version: str | None = None) -> str:
    """The package URL for an (ecosystem, normalized name), without qualifiers."""
    namespace: str | None = None
    short = name
    if ecosystem == "maven" and ":" in name:
        namespace, short = name.split(":", 1)
    elif ecosystem == "npm" and name.startswith("@") and "/" in name:
        namespace, short = name.split("/", 1)
    elif "/" in name and ecosystem in {"golang", "composer", "githubactions", "swift", "docker"}:
        namespace, short = name.rsplit("/", 1)
    return PackageURL(type=ecosystem, namespace=namespace, name=short, version=version or None).to_string()


def package_from_purl(purl: str) -> tuple[str, str, str | None]:
    """(ecosystem, normalized name, version) from a purl such as ``pkg:npm/%40types/node@1.0``."""
    parsed = PackageURL.from_string(purl)
    ecosystem = parsed.type.lower()
    if ecosystem == "github":
        # GitHub's SBOM names Actions as pkg:githubactions; older exports used pkg:github.
        ecosystem = "githubactions"
    if parsed.namespace:
        sep = ":" if ecosystem == "maven" else "/"
        name = f"{parsed.namespace}{sep}{parsed.name}"
    else:
        name = parsed.name
    return ecosystem, normalize_name(ecosystem, name), parsed.version


def split_full_name(full_name: str) -> tuple[str, str]:
    """('owner', 'repo') from 'owner/repo'."""
    owner, _, repo = full_name.partition("/")
    if not owner or not repo:
        raise ValueError(f"not an owner/repo name: {full_name!r}")
    return owner, repo


class SpecError(ValueError):
    """A package named in a form wump cannot use (not ECOSYSTEM/NAME with a purl type)."""


def parse_spec(spec: str) -> tuple[str, str]:
    """('pypi', 'fastapi') from 'pypi/fastapi'; the name normalized by its ecosystem's rules.

    :param spec: ``ECOSYSTEM/NAME`` with a purl type; names may contain slashes (``npm/@types/node``).
    """
    ecosystem, _, name = spec.strip().partition("/")
    ecosystem = ecosystem.lower()
    if not name or ecosystem not in KNOWN_ECOSYSTEMS:
        raise SpecError(f"{spec!r}: a watched package is ECOSYSTEM/NAME with a purl type, e.g. pypi/fastapi")
    return ecosystem, normalize_name(ecosystem, name)



def parse_specs(specs: Iterable[str]) -> list[tuple[str, str]]:
    """(ecosystem, name) of every spec that parses, in order; the others are skipped (``wump watch``
    validates specs as they are added, so these are hand edits a later run reports)."""
    pairs = []
    for spec in specs:
        try:
            pairs.append(parse_spec(spec))
        except SpecError:
            continue
    return pairs

def canonical_spec(spec: str) -> str:
    """``ECOSYSTEM/NAME`` with the name normalized (``pypi/Flask_Login`` → ``pypi/flask-login``)."""
    ecosystem, name = parse_spec(spec)
    return f"{ecosystem}/{name}"


def github_repository(url: str | None) -> str | None:
    """'owner/repo' from a GitHub URL in any of the usual spellings, else None."""
    if not url or not isinstance(url, str):
        return None
    text = url.strip()
    text = re.sub(r"^git\+", "", text)
    text = re.sub(r"^git@github\.com:", "https://github.com/", text)
    if text.startswith("github.com/"):
        text = "https://" + text
    parsed = urlparse(text)
    if not parsed.netloc.lower().endswith("github.com"):
        return None
    parts = [p for p in parsed.path.split("/") if p]
    if len(parts) < 2:
        return None
    repo = re.sub(r"\.git$", "", parts[1])
    return f"{parts[0]}/{repo}" if repo else None
