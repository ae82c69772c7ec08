"""Composer (Packagist): composer.json and composer.lock.

Platform requirements (php, ext-*, lib-*) are kept like bibliothecary does, so counts agree.
"""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_json

ECO = "composer"


@register("composer/composer.json", ECO, "manifest", names("composer.json"))
def parse_composer_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    for section, typ in (("require", "runtime"), ("require-dev", "development")):
        for name, req in as_dict(data.get(section)).items():
            yield dep(ECO, name, req, typ)


@register("composer/composer.lock", ECO, "lockfile", names("composer.lock"))
def parse_composer_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    for section, typ in (("packages", "runtime"), ("packages-dev", "development")):
        for pkg in as_list(data.get(section)):
            pkg = as_dict(pkg)
            yield dep(ECO, pkg.get("name"), pkg.get("version"), typ, False)
