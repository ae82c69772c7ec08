"""The bundled offline demo: GitHub API responses served from a snapshot through httpx.

Only the transport differs from live use: the GitHub client, the crawl, the reverse lookup of
the demo's watched packages through ecosyste.ms, owner enrichment and everything after run the
same code. Regenerate the snapshot with ``python -m wump.demo.generate``.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import httpx

SNAPSHOT = Path(__file__).with_name("github.json")
ECOSYSTEMS_SNAPSHOT = Path(__file__).with_name("ecosystems.json")
# The reverse sources the demo imitates; the others are not asked in the demo.
DEMO_SOURCES = frozenset({"ecosystems"})


@lru_cache(maxsize=1)
def load_snapshot() -> dict:
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    # The sponsorship demo's extra organizations (wump.demo.leads) are served beside the snapshot.
    from wump.demo.leads import extra_github

    owners, responses = extra_github()
    return {**snapshot, "owners": [*snapshot["owners"], *owners], "responses": {**snapshot["responses"], **responses}}


@lru_cache(maxsize=1)
def load_ecosystems_snapshot() -> dict:
    return json.loads(ECOSYSTEMS_SNAPSHOT.read_text(encoding="utf-8"))


def demo_signal_transports() -> dict[str, httpx.BaseTransport]:
    """The demo's GitHub GraphQL, sponsors service and Pledge imitations (see ``wump.demo.leads``)."""
    from wump.demo.leads import signal_transports

    responses = load_snapshot()["responses"]
    return signal_transports({login: responses[f"/users/{login}"]["body"]["type"] for login in demo_owners()})


def demo_owners() -> tuple[str, ...]:
    """The owners the demo crawls (what a watch list would name)."""
    return tuple(load_snapshot()["owners"])


def demo_packages() -> tuple[str, ...]:
    """The packages the demo looks up in reverse (what ``[watch] packages`` would name)."""
    return tuple(load_ecosystems_snapshot()["packages"])


def snapshot_key(request: httpx.Request) -> str:
    query = sorted(request.url.params.multi_items())
    return request.url.path + (f"?{urlencode(query)}" if query else "")


def demo_transport() -> httpx.MockTransport:
    """A transport answering GitHub API and ecosyste.ms requests from the snapshots (their paths
    never overlap); anything else is a 404."""
    responses = {**load_snapshot()["responses"], **load_ecosystems_snapshot()["responses"]}

    def handle(request: httpx.Request) -> httpx.Response:
        entry = responses.get(snapshot_key(request))
        if entry is None:
            return httpx.Response(404, json={"message": "Not Found", "documentation_url": "wump demo snapshot"})
        body = json.dumps(entry["body"], sort_keys=True).encode()
        # Like GitHub: an ETag on every success, and 304 for a matching If-None-Match.
        etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
        if entry["status"] == 200 and request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"etag": etag})
        headers = {"content-type": "application/json", **({"etag": etag} if entry["status"] == 200 else {})}
        return httpx.Response(entry["status"], content=body, headers=headers)

    return httpx.MockTransport(handle)
