"""Parser throughput: files/s and MB/s over a generated, deterministic corpus of mixed manifests.

Run: ``python bench/parsers_bench.py`` (or import and call ``run()``). The corpus is written to a
temporary directory, parsed once for warm-up of the OS cache, then timed with ``parse_file``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    from wump.parsers import parse_file
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))
    from wump.parsers import parse_file

SEED = 20240501
FILES_PER_FORMAT = 120  # × formats below ≈ 2,600 files, ≈ 30 MB


def _names(rng: random.Random, n: int, sep: str = "-") -> list[str]:
    words = ["core", "util", "http", "json", "log", "test", "data", "net", "io", "fast", "tiny", "web"]
    return [f"{rng.choice(words)}{sep}{rng.choice(words)}{sep}{i}" for i in range(n)]


def _ver(rng: random.Random) -> str:
    return f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}"


def package_json(rng: random.Random) -> str:
    deps = {n: "^" + _ver(rng) for n in _names(rng, rng.randint(5, 60))}
    dev = {n: "~" + _ver(rng) for n in _names(rng, rng.randint(5, 30))}
    return json.dumps({"name": "app", "dependencies": deps, "devDependencies": dev}, indent=2)


def package_lock(rng: random.Random) -> str:
    names = _names(rng, rng.randint(200, 1500))
    packages: dict = {"": {"name": "app", "dependencies": {n: "^1" for n in names[:20]}}}
    for n in names:
        packages[f"node_modules/{n}"] = {
            "version": _ver(rng),
            "resolved": f"https://registry.npmjs.org/{n}/-/{n}.tgz",
            "integrity": "sha512-" + "a" * 80,
            "dev": rng.random() < 0.3,
        }
    return json.dumps({"name": "app", "lockfileVersion": 3, "packages": packages}, indent=2)


def yarn_lock(rng: random.Random) -> str:
    out = ["# yarn lockfile v1", ""]
    for n in _names(rng, rng.randint(200, 1200)):
        v = _ver(rng)
        out += [
            f'"{n}@^{v}":',
            f'  version "{v}"',
            f'  resolved "https://registry.yarnpkg.com/{n}/-/{n}-{v}.tgz"',
            "  integrity sha512-" + "b" * 80,
            "  dependencies:",
            f'    other "^{v}"',
            "",
        ]
    return "\n".join(out)


def pnpm_lock(rng: random.Random) -> str:
    names = _names(rng, rng.randint(100, 600))
    out = ["lockfileVersion: '9.0'", "", "importers:", "  .:", "    dependencies:"]
    for n in names[:15]:
        out += [f"      {n}:", "        specifier: ^1.0.0", "        version: 1.0.0"]
    out += ["", "packages:", ""]
    for n in names:
        out += [f"  {n}@{_ver(rng)}:", "    resolution: {integrity: sha512-abc}", ""]
    return "\n".join(out)


def requirements_txt(rng: random.Random) -> str:
    lines = ["# generated"]
    for n in _names(rng, rng.randint(5, 80), "_"):
        lines.append(
            f"{n}=={_ver(rng)} ; python_version >= '3.8'  # comment"
            if rng.random() < 0.2
            else f"{n}>={_ver(rng)}"
        )
    return "\n".join(lines) + "\n"


def poetry_lock(rng: random.Random) -> str:
    out = []
    for n in _names(rng, rng.randint(30, 200)):
        out += [
            "[[package]]",
            f'name = "{n}"',
            f'version = "{_ver(rng)}"',
            'description = "x"',
            "optional = false",
            'python-versions = ">=3.8"',
            "",
            "[package.dependencies]",
            'six = ">=1.0"',
            "",
        ]
    return "\n".join(out)


def go_mod(rng: random.Random) -> str:
    out = ["module github.com/example/app", "", "go 1.21", "", "require ("]
    for n in _names(rng, rng.randint(5, 120)):
        out.append(f"\tgithub.com/{n}/{n} v{_ver(rng)}" + (" // indirect" if rng.random() < 0.5 else ""))
    return "\n".join(out + [")"]) + "\n"


def cargo_lock(rng: random.Random) -> str:
    out = ["version = 3", ""]
    for n in _names(rng, rng.randint(50, 400), "_"):
        out += [
            "[[package]]",
            f'name = "{n}"',
            f'version = "{_ver(rng)}"',
            'source = "registry+https://github.com/rust-lang/crates.io-index"',
            'checksum = "' + "c" * 64 + '"',
            "",
        ]
    return "\n".join(out)


def gemfile_lock(rng: random.Random) -> str:
    names = _names(rng, rng.randint(30, 300), "_")
    out = ["GEM", "  remote: https://rubygems.org/", "  specs:"]
    for n in names:
        out += [f"    {n} ({_ver(rng)})", f"      rack (>= {_ver(rng)})"]
    out += ["", "PLATFORMS", "  ruby", "", "DEPENDENCIES"] + [f"  {n}" for n in names[:20]]
    return "\n".join(out) + "\n"


def pom_xml(rng: random.Random) -> str:
    deps = "".join(
        f"<dependency><groupId>org.{n}</groupId><artifactId>{n}</artifactId><version>${{v{i}}}</version>"
        f"<scope>{rng.choice(['compile', 'test', 'provided'])}</scope></dependency>\n"
        for i, n in enumerate(_names(rng, rng.randint(5, 80)))
    )
    props = "".join(f"<v{i}>{_ver(rng)}</v{i}>" for i in range(80))
    return (
        f'<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><groupId>g</groupId>'
        f"<artifactId>a</artifactId><properties>{props}</properties><dependencies>{deps}</dependencies></project>"
    )


def composer_lock(rng: random.Random) -> str:
    pkgs = [
        {
            "name": f"vendor/{n}",
            "version": "v" + _ver(rng),
            "source": {"type": "git", "url": "https://x"},
            "require": {"php": ">=8"},
        }
        for n in _names(rng, rng.randint(20, 200))
    ]
    return json.dumps({"packages": pkgs, "packages-dev": pkgs[:10]}, indent=4)


def workflow(rng: random.Random) -> str:
    steps = "".join(
        f"      - uses: actions/{n}@v{rng.randint(1, 5)}\n      - run: echo {n}\n"
        for n in _names(rng, rng.randint(3, 20))
    )
    return f"name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


def csproj(rng: random.Random) -> str:
    refs = "".join(
        f'    <PackageReference Include="Org.{n}" Version="{_ver(rng)}" />\n'
        for n in _names(rng, rng.randint(3, 40))
    )
    return f'<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n{refs}  </ItemGroup>\n</Project>\n'


def dockerfile(rng: random.Random) -> str:
    return "".join(
        f"FROM {n}:{_ver(rng)} AS s{i}\nRUN make\n" for i, n in enumerate(_names(rng, rng.randint(1, 4)))
    )


FORMATS: list[tuple[str, Callable[[random.Random], str]]] = [
    ("package.json", package_json),
    ("package-lock.json", package_lock),
    ("yarn.lock", yarn_lock),
    ("pnpm-lock.yaml", pnpm_lock),
    ("requirements.txt", requirements_txt),
    ("poetry.lock", poetry_lock),
    ("go.mod", go_mod),
    ("Cargo.lock", cargo_lock),
    ("Gemfile.lock", gemfile_lock),
    ("pom.xml", pom_xml),
    ("composer.lock", composer_lock),
    (".github/workflows/ci.yml", workflow),
    ("App.csproj", csproj),
    ("Dockerfile", dockerfile),
]


def build_corpus(root: Path, files_per_format: int = FILES_PER_FORMAT) -> list[Path]:
    rng = random.Random(SEED)
    paths = []
    for i in range(files_per_format):
        for name, make in FORMATS:
            path = root / f"repo{i:04d}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(make(rng))
            paths.append(path)
    return paths


def run(files_per_format: int = FILES_PER_FORMAT) -> dict:
    """Generate the corpus, parse every file once, and return the throughput figures."""
    with tempfile.TemporaryDirectory(prefix="wump-parsers-bench-") as tmp:
        paths = build_corpus(Path(tmp), files_per_format)
        total_bytes = sum(p.stat().st_size for p in paths)
        errors = deps = 0
        start = time.perf_counter()
        for p in paths:
            result = parse_file(p)
            errors += result.error is not None
            deps += len(result.dependencies)
        elapsed = time.perf_counter() - start
    return {
        "files": len(paths),
        "bytes": total_bytes,
        "dependencies": deps,
        "errors": errors,
        "seconds": round(elapsed, 3),
        "files_per_s": round(len(paths) / elapsed, 1),
        "mb_per_s": round(total_bytes / 1e6 / elapsed, 2),
    }


def main() -> None:
    figures = run()
    print(
        f"parsers: {figures['files']} files, {figures['bytes'] / 1e6:.1f} MB, {figures['dependencies']} dependencies, "
        f"{figures['errors']} errors in {figures['seconds']} s → "
        f"{figures['files_per_s']} files/s, {figures['mb_per_s']} MB/s"
    )


if __name__ == "__main__":
    main()
