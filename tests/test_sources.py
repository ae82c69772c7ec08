"""The house rules of the engine: one folder per external system behind one interface, no import
cycles, configuration typed and documented, and a source that is down never stalls a build."""

from __future__ import annotations

import ast
import re
import socket
import sqlite3
from pathlib import Path

import httpx
import pytest
from fakes.reverse_services import FakeReverseServices, fake_settings
from wump import reverse
from wump.config import OPTIONS, ConfigError, load_settings
from wump.raw import read_records_file
from wump.sources.registry import PRIORITIES, REVERSE_SOURCES, SOURCES, priority_sql
from wump.vocabulary import DEPENDENCY_TYPES, dependency_type

REPO = Path(__file__).resolve().parents[1]
ENGINE = REPO / "pipeline" / "wump"

# Lower layers first: a module may import from its own layer or a lower one, never a higher one.
LAYERS = [
    {"vocabulary", "raw", "identity", "identity_frames", "config", "http", "checkpoint", "schema", "duck", "domains"},
    {"normalize", "parsers", "demo"},
    {"sources"},
    {"reverse", "enrich", "verify", "signals", "readiness", "warehouse"},
    {"publish", "answers", "feeds", "site", "watch", "leads", "export", "openapi", "pages",
     "api_support"},
    {"steps", "cli"},
]


def engine_imports() -> dict[str, set[str]]:
    """module → the wump modules it imports, at the top or inside functions."""
    graph: dict[str, set[str]] = {}
    for path in ENGINE.rglob("*.py"):
        parts = path.relative_to(ENGINE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wump"):
                imported.add(node.module)
                imported |= {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("wump")}
        graph[module] = imported
    known = set(graph)
    return {m: {i for i in imports if i in known and i != m} for m, imports in graph.items()}


def test_the_engine_has_no_import_cycle():
    graph = engine_imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [module, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def layer_of(module: str) -> int | None:
    top = module.split(".")[1] if "." in module else None
    return next((i for i, names in enumerate(LAYERS) if top in names), None)


def test_no_import_reaches_a_higher_layer():
    offenders = []
    for module, imports in engine_imports().items():
        mine = layer_of(module)
        for target in imports:
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                offenders.append(f"{module} → {target}")
    assert offenders == []
    assert all(layer_of(m) is not None for m in engine_imports() if m != "wump"), "a module outside LAYERS"


def test_every_source_lives_in_its_own_folder_behind_the_registry():
    folders = {p.name for p in (ENGINE / "sources").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {"github", "ecosystems", "github_dependents", "librariesio", "github_graphql",
                       "ecosystems_sponsors", "pledge"}
    assert [s.name for s in REVERSE_SOURCES] == ["ecosystems", "librariesio-api", "github-dependents"]
    assert PRIORITIES == {"github-manifest": 6, "github": 5, "github-sbom": 4, "ecosystems": 3,
                          "github-dependents": 2, "librariesio-api": 2, "librariesio-1.6.0": 1}
    assert len(SOURCES) == 8
    # Nothing outside a source's folder names a source: the loop over sources is generic.
    for path in (ENGINE / "reverse.py", ENGINE / "warehouse.py"):
        assert not re.search(r"""["'](ecosystems|github-dependents|librariesio-api)["']""", path.read_text()), path
    assert "WHEN 'ecosystems' THEN 3" in priority_sql()


def test_every_configuration_key_and_variable_is_documented():
    """The README's configuration table is generated from config.OPTIONS (keys, defaults), and every
    environment variable the engine reads is in it."""
    from wump.config import ENVIRONMENT, options_table

    readme = (REPO / "README.md").read_text()
    assert options_table() in readme, "regenerate the README table from wump.config.options_table()"
    used = set()
    for path in ENGINE.rglob("*.py"):
        used |= set(re.findall(r"""["'](WUMP_[A-Z_]+|GITHUB_TOKEN|LIBRARIES_IO_API_KEY|DAGSTER_HOME)["']""",
                               path.read_text()))
    documented = {o.env for o in OPTIONS if o.env} | set(ENVIRONMENT)
    assert sorted(used - documented) == []


def test_an_unknown_key_is_an_error_naming_the_allowed_ones(tmp_path):
    config = tmp_path / "wump.toml"
    config.write_text('[sources]\nmailto = "a@b.c"\necosystems_perpage = 50\n')
    with pytest.raises(ConfigError, match=r"unknown key\(s\) ecosystems_perpage in \[sources\]; allowed: .*ecosystems_per_page"):
        load_settings({"WUMP_CONFIG": str(config)})
    config.write_text('[sources]\nhttp_timeout = "soon"\n')
    with pytest.raises(ConfigError, match=r"\[sources\] http_timeout must be a float, not 'soon'"):
        load_settings({"WUMP_CONFIG": str(config)})


def test_typed_options_reach_every_client(tmp_path):
    config = tmp_path / "wump.toml"
    config.write_text('[sources]\nhttp_timeout = 4.5\nmax_rate_limit_wait = 12\necosystems_per_page = 50\n'
                      'libraries_io_interval = 0.5\ndependents_interval = 2\n[enrich]\nmax_age_seconds = 60\n'
                      '[sources.repositories]\n"pypi/FastAPI" = "fastapi/fastapi"\n')
    settings = load_settings({"WUMP_CONFIG": str(config), "WUMP_ECOSYSTEMS_PACKAGES_URL": "http://pkgs.test"})
    assert (settings.http.timeout, settings.http.max_rate_limit_wait) == (4.5, 12.0)
    assert (settings.ecosystems.per_page, settings.ecosystems.packages_url) == (50, "http://pkgs.test")
    assert (settings.librariesio.interval, settings.github.dependents_interval) == (0.5, 2.0)
    assert settings.enrich.max_age_seconds == 60 and settings.repositories == (("pypi/FastAPI", "fastapi/fastapi"),)
    clients = reverse.ReverseClients(settings)
    try:
        for live in clients.live:
            if live.client is not None:
                for http in live.source.http_clients(live.client):
                    assert http.client.timeout.read == 4.5 and http.retry.max_rate_limit_wait == 12.0
    finally:
        clients.close()


# --- a source that is down -------------------------------------------------------------------

WATCHED = ("pypi/fastapi", "pypi/httpx", "npm/@babel/core")


def test_an_unreachable_source_is_skipped_after_a_few_failures_and_its_last_data_kept(tmp_path):
    """ecosyste.ms' name stops resolving: a name that does not resolve is not retried, after three
    failures in a row the source is down for the rest of the run (one error record, with how many
    lookups were skipped), the other sources go on, and each package keeps ecosyste.ms' last edges."""
    settings = fake_settings(tmp_path / "data", watch_packages=WATCHED, interval=0.0,
                             repositories=(("npm/@babel/core", "babel/babel"),))
    sleeps: list[float] = []
    up = FakeReverseServices()
    reverse.fetch_packages_step(settings, transports=up.transport(), sleep=sleeps.append)
    before = {spec: [r for r in read_records_file(reverse.raw_path(settings, spec)) if r["kind"] == "ecosystems_dependencies"]
              for spec in WATCHED}
    assert all(before.values())

    down = FakeReverseServices(unreachable={"ecosystems"})
    sleeps.clear()
    result = reverse.fetch_packages_step(settings, transports=down.transport(), sleep=sleeps.append)
    assert down.count("ecosystems") == 3  # then no more requests at all
    assert sum(s for s in sleeps if s > 0.0) < 5  # backoff waits on the way down: a few seconds at most
    downs = [e for e in result["errors"] if e["subject"] == "source down"]
    assert len(downs) == 1 and downs[0]["source"] == "ecosystems"
    # fastapi's two lookups failed on their own, httpx's first marked the source down, @babel/core
    # was not asked at all.
    assert "Name or service not known" in downs[0]["reason"] and "(1 package lookup(s) skipped" in downs[0]["reason"]
    # httpx's second request was not sent once the first marked the source down; @babel/core's
    # lookups never started.
    assert result["requests"]["ecosystems"]["skipped"] == 1
    for spec in WATCHED:
        kept = [r for r in read_records_file(reverse.raw_path(settings, spec)) if r["kind"] == "ecosystems_dependencies"]
        assert kept == before[spec]
    assert all(result["listed"][spec]["github-dependents"]["repositories"] > 0 for spec in WATCHED)
    reverse.normalize_packages_step(settings)
    errors = reverse.normalize_reverse([*read_records_file(settings.raw_dir / "packages" / "sources-down.records")])
    assert errors["errors"]["subject"].to_list() == ["source down"]


def test_a_refused_connection_is_retried_briefly_then_the_source_is_down(tmp_path):
    """Nothing listens on the port: two attempts per request, three failures in a row, down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = fake_settings(tmp_path / "data", watch_packages=WATCHED, interval=0.0,
                             repositories=tuple((spec, "someone/somewhere") for spec in WATCHED),
                             urls={"ecosystems": f"http://127.0.0.1:{port}", "github_web": f"http://127.0.0.1:{port}",
                                   "librariesio": f"http://127.0.0.1:{port}"})
    sleeps: list[float] = []
    result = reverse.fetch_packages_step(settings, sleep=sleeps.append)
    downs = sorted(e["source"] for e in result["errors"] if e["subject"] == "source down")
    assert downs == ["ecosystems", "github-dependents", "librariesio-api"]
    assert len(sleeps) <= 6  # one short backoff per refused request before each source is down


def test_permanent_http_failures_are_not_retried():
    from wump.http import PoliteClient

    calls = []

    def handler(request):
        calls.append(request.url.path)
        return httpx.Response({"/gone": 404, "/denied": 403, "/key": 401}[request.url.path])

    client = PoliteClient("http://api.test", transport=httpx.MockTransport(handler), sleep=lambda s: None)
    assert [client.get(p).status_code for p in ("/gone", "/denied", "/key")] == [404, 403, 401]
    assert calls == ["/gone", "/denied", "/key"] and client.stats.retries == 0


# --- truncated listings and the type vocabulary -------------------------------------------------

def test_a_listing_stopped_at_its_page_cap_says_so(tmp_path):
    from wump.sources.ecosystems import make_client
    from wump.sources.ecosystems.client import fetch_ecosystems

    settings = fake_settings(tmp_path / "data", ecosystems_per_page=10)
    fake = FakeReverseServices()
    client = make_client(settings, fake.transport(), sleep=lambda s: None)
    try:
        records = fetch_ecosystems(client, "pypi/fastapi", "pypi", "fastapi", cache_dir=settings.cache_dir,
                                   purl="pkg:pypi/fastapi", max_pages=2)
    finally:
        client.close()
    listing = next(r for r in records if r["kind"] == "ecosystems_dependencies")
    assert listing["complete"] is False and len(listing["rows"]) == 20
    error = next(r for r in records if r["kind"] == "error" and r["subject"] == "dependencies pypi/fastapi")
    assert error["reason"] == ("listing truncated at its cap of 2 pages (20 rows); the next run continues after it")
    frames = reverse.normalize_reverse(records)
    assert frames["packages"].filter(frames["packages"]["source"] == "ecosystems")["listing_complete"].to_list() == [False]


@pytest.mark.parametrize("raw, expected", [
    ("normal", "runtime"), ("Development", "development"), ("devDependencies", "development"),
    ("import", "runtime"), ("test", "test"), ("build-dependencies", "build"), ("system", None), (None, None)])
def test_one_kind_vocabulary_for_every_source(raw, expected):
    assert dependency_type(raw) == expected


def test_published_dependency_types_are_the_documented_ones(demo_db):
    with sqlite3.connect(demo_db) as con:
        found = {r[0] for r in con.execute("SELECT DISTINCT dependency_type FROM dependencies")}
    assert found - {None} <= set(DEPENDENCY_TYPES)
