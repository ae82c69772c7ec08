"""The site in headless Chromium against ``wump serve``: search as you type and without
JavaScript, the package pages with every toggle, the evidence and the chart, the organization
page and the API docs — with no console error and no request leaving 127.0.0.1 (checked by the
``watched`` fixture after each test). Screenshots land in each test's tmp folder."""

from __future__ import annotations

import re

import httpx

TOGGLES = ["personal", "transitive", "forks", "archived", "runtime", "active"]


def owners(page) -> list[str]:
    return page.locator("#users li.user").evaluate_all("items => items.map(li => li.dataset.org)")


def total(page) -> int:
    return int(page.locator("#answer-summary strong").inner_text())


def test_home_search_as_you_type(watched):
    page = watched.page
    watched.goto("/")
    assert page.locator("#most-used tbody tr").count() > 0
    assert page.locator("#newest-adopters li").count() > 0
    watched.shot("home")
    page.locator("#wump-q").press_sequentially("fast", delay=30)
    first = page.locator("#wump-suggestions li a").first
    first.wait_for(state="visible")
    assert first.get_attribute("href") == "/packages/pypi/fastapi"
    watched.shot("home-suggestions")
    page.locator("#wump-q").press("ArrowDown")
    page.locator("#wump-q").press("Enter")
    page.wait_for_url(re.compile(r"/packages/pypi/fastapi$"))
    assert page.locator("h1").inner_text() == "Who uses pypi/fastapi?"


def test_search_form_without_javascript(browser, server, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    page.goto(f"{server}/")
    page.fill("#wump-q", "react")
    page.click("form.wump-search button[type=submit]")
    page.wait_for_url(re.compile(r"/packages/npm/react$"))
    assert len(owners(page)) > 0
    page.goto(f"{server}/search?q=types")
    assert page.locator("#search-results a[href='/packages/npm/@types/node']").count() == 1
    page.screenshot(path=str(tmp_path / "search-no-js.png"), full_page=True)
    context.close()
    assert outside == []


def test_package_page_toggles_evidence_and_chart(watched, server):
    page = watched.page
    watched.goto("/packages/pypi/fastapi")
    default = owners(page)
    api = httpx.get(f"{server}/api/v1/packages/pypi/fastapi/users?per_page=100").json()
    assert default == [r["org"] for r in api]
    assert total(page) == len(default)

    chart = page.locator("#adoption-chart svg polyline")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20, "the chart is not drawn"

    stripe = page.locator("li.user[data-org=stripe] details")
    stripe.locator("summary").click()
    assert stripe.get_attribute("open") is not None
    assert stripe.locator("table.evidence tbody tr").count() == 2
    assert stripe.locator("a", has_text="requirements.txt").first.is_visible()
    page.locator("li.user[data-org=uber] summary").click()  # a second one opens; the first stays open
    assert stripe.get_attribute("open") is not None
    watched.shot("package-fastapi")

    for key in TOGGLES:
        toggle = page.locator(f".wump-toggles a[data-toggle={key}]")
        delta = int(toggle.locator(".delta").inner_text().replace("−", "-").replace("±", ""))
        toggle.click()
        page.wait_for_load_state()
        toggle = page.locator(f".wump-toggles a[data-toggle={key}]")
        assert toggle.get_attribute("aria-pressed") == "true", key
        assert total(page) == len(default) + delta, key
        assert page.locator("#adoption-chart svg").count() == 1
        watched.shot(f"package-fastapi-{key}")
        toggle.click()
        page.wait_for_load_state()
        assert owners(page) == default, f"{key} did not switch back"

    page.fill("form.wump-filters input[name=active_since]", "2026-01-01")
    page.select_option("form.wump-filters select[name=sort]", "stars")
    page.click("form.wump-filters button[type=submit]")
    page.wait_for_url(re.compile(r"active_since=2026-01-01"))
    narrowed = httpx.get(f"{server}/api/v1/packages/pypi/fastapi/users?per_page=100&active_since=2026-01-01"
                         "&sort=stars").json()
    assert owners(page) == [r["org"] for r in narrowed]


def test_scoped_npm_package_page(watched):
    page = watched.page
    watched.goto("/packages/npm/@types/node")
    assert page.locator("h1").inner_text() == "Who uses npm/@types/node?"
    assert len(owners(page)) > 0
    assert page.locator("#adoption-chart svg polyline").bounding_box()["width"] > 100
    page.locator("#users li.user summary").first.click()
    assert page.locator("#users li.user details[open] table.evidence tbody tr").count() > 0
    watched.shot("package-types-node")


def test_organization_page_from_the_package_page(watched):
    page = watched.page
    watched.goto("/packages/pypi/fastapi")
    page.locator("li.user[data-org=netflix] summary a.org").click()
    page.wait_for_url(re.compile(r"/orgs/netflix$"))
    assert "Netflix" in page.locator("h1").inner_text()
    assert page.locator("#owner-facts").inner_text().count("https://") >= 2
    assert page.locator(".wump-ecosystem[data-ecosystem=pypi] a", has_text="fastapi").count() == 1
    assert page.locator("#repositories tbody tr").count() > 0
    watched.shot("org-netflix")


def test_api_docs_render_offline(watched):
    page = watched.page
    watched.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for(state="visible")
    assert page.locator(".opblock").count() >= 15
    assert page.locator(".opblock-summary-path", has_text="/api/v1/packages/{ecosystem}/{name}/users").count() >= 1
    watched.shot("api-docs")
