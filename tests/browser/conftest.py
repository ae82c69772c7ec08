"""A real server and a real browser: ``wump serve`` on the demo database, on a free 127.0.0.1
port, and Debian's headless Chromium driven by Playwright (pointed at that executable; nothing is
downloaded). Without a Chromium the browser tests skip, except under CI, where they fail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

# Without the background-networking flags Chromium reaches for Google's hosts at every start.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = {"data", "blob", "about"}


def chromium_executable() -> str | None:
    for candidate in (os.environ.get("WUMP_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium with apt-get)")
    pytest.skip(reason)


# Module-scoped: the sync API keeps an event loop in this thread, which asyncio.run in later test
# modules must not find.
@pytest.fixture(scope="module")
def browser():
    executable = chromium_executable()
    if executable is None:
        _unavailable("no Chromium found (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (make install)")
    with sync_playwright() as playwright:
        # Each launch gets a new, empty profile directory of its own (Playwright's --user-data-dir).
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_data_dir) -> str:
    """``wump serve`` (Datasette with the site) on the demo database; its base URL."""
    port = _free_port()
    env = {**os.environ, "WUMP_DATA_DIR": str(demo_data_dir)}
    log = open(demo_data_dir.parent / "serve.log", "w")  # noqa: SIM115 (closed after the process)
    process = subprocess.Popen([str(Path(sys.executable).with_name("wump")), "serve", "--port", str(port)],
                               cwd=demo_data_dir.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"wump serve did not come up: {(demo_data_dir.parent / 'serve.log').read_text()[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class Watched:
    """A page whose console errors, uncaught exceptions and requests are recorded."""

    def __init__(self, page, base: str, shots: Path):
        self.page, self.base, self.shots = page, base, shots
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def goto(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return response

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def outside(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"]


@pytest.fixture
def watched(browser, server, tmp_path):
    """A fresh browser context and page; after the test, no console error and no request off 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    w = Watched(page, server, shots)
    yield w
    context.close()
    assert w.outside() == [], f"requests left 127.0.0.1: {w.outside()}"
    assert w.errors == [], w.errors
    print(f"screenshots: {shots}")
