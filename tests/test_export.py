"""`wump export static DIR`: the read-only API as files, served by a plain static server, equal to
the live routes byte for byte."""

from __future__ import annotations

import asyncio
import http.server
import re
import threading
import urllib.request
from functools import partial
from pathlib import Path

import feedparser
import pytest
import yaml
from datasette.app import Datasette
from wump import answers, export

REPO = Path(__file__).resolve().parents[1]


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, plus the headers the ``_headers`` sidecar names."""

    sidecar: dict[str, dict[str, str]] = {}

    def end_headers(self):
        for name, value in self.sidecar.get(self.path.split("?")[0], {}).items():
            if name != "content-type":
                self.send_header(name, value)
        super().end_headers()

    def guess_type(self, path):
        return "application/atom+xml" if str(path).endswith(".atom") else "application/json"

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def exported(demo_db, tmp_path_factory):
    target = tmp_path_factory.mktemp("static") / "site"
    report = export.export_static(demo_db, target)
    handler = type("Handler", (StaticHandler,), {"sidecar": export.read_headers_file((target / "_headers").read_text())})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(target)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield report, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def live(demo_db):
    metadata = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text())
    return Datasette([str(demo_db)], metadata=metadata, plugins_dir=str(REPO / "datasette" / "plugins"))


def fetch(base: str, path: str):
    with urllib.request.urlopen(base + path) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def live_get(ds, path):
    return asyncio.run(ds.client.get(path))


def rels(link: str | None) -> dict[str, str]:
    """rel → the page number it points to, in either spelling (?page=N or _page-N.json)."""
    found = {}
    for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', link or ""):
        number = re.search(r"page=(\d+)|_page-(\d+)\.json", url)
        found[rel] = next(g for g in number.groups() if g) if number else "1"
    return found


def demo_packages(demo_db) -> list[str]:
    import sqlite3

    with sqlite3.connect(demo_db) as con:
        return [f"{e}/{n}" for e, n in con.execute(
            "SELECT DISTINCT ecosystem, package FROM package_users ORDER BY 1, 2")]


def test_every_package_answers_as_the_live_route_does(exported, live, demo_db):
    report, base = exported
    packages = demo_packages(demo_db)
    assert report.packages == len(packages) == 61
    for spec in packages:
        route = f"/api/v1/packages/{spec}"
        page = 1
        while True:
            path = f"{route}/users.json" if page == 1 else f"{route}/users/_page-{page}.json"
            body, headers = fetch(base, path)
            expected = live_get(live, f"{route}/users?page={page}")
            assert body == expected.content, path
            for name in ("x-total-count", "x-wump-personal-accounts-left-out", "x-wump-transitive-only-left-out"):
                assert headers[name] == expected.headers[name], (path, name)
            assert rels(headers.get("link")) == rels(expected.headers.get("link")), path
            if "next" not in rels(headers.get("link")):
                break
            page += 1
        for path in ("adopters.json", "badge.json"):
            body, headers = fetch(base, f"{route}/{path}")
            assert body == live_get(live, f"{route}/{path.replace('adopters.json', 'adopters')}").content, path
        assert headers["cache-control"] == "public, max-age=3600"


def test_evidence_files_equal_the_live_evidence(exported, live):
    _, base = exported
    for org in ("uber", "stripe", "quietcorp", "dsouza-r"):
        body, headers = fetch(base, f"/api/v1/packages/pypi/fastapi/users/{org}.json")
        expected = live_get(live, f"/api/v1/packages/pypi/fastapi/users/{org}")
        assert body == expected.content and headers["x-total-count"] == expected.headers["x-total-count"]
    with pytest.raises(urllib.error.HTTPError, match="404"):  # transitive-only: no direct evidence, as live
        fetch(base, "/api/v1/packages/pypi/fastapi/users/tidepool-dev.json")


def test_the_atom_feed_lists_the_same_adopters(exported, live):
    _, base = exported
    body, _ = fetch(base, "/api/v1/packages/npm/react/adopters.atom")
    static = feedparser.parse(body)
    served = feedparser.parse(live_get(live, "/api/v1/packages/npm/react/adopters.atom").content)
    assert not static.bozo and [e.title for e in static.entries] == [e.title for e in served.entries]
    assert len(static.entries) == answers.DEFAULT_PER_PAGE or len(static.entries) == len(served.entries)


def test_paths_mirror_the_live_routes(exported, live):
    """The static paths are live paths too: `…/users.json` is the JSON of `…/users`."""
    assert live_get(live, "/api/v1/packages/pypi/fastapi/users.json").content == \
        live_get(live, "/api/v1/packages/pypi/fastapi/users").content


def test_an_export_replaces_the_folder_only_when_complete(demo_db, tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "stale.json").write_text("[]")
    export.export_static(demo_db, target)
    assert not (target / "stale.json").exists() and (target / "_headers").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
