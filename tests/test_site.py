"""The site in process: home and search, the package page (the same ranking as the API, toggles
that lead where they say with the counts they promise, evidence, chart), the organization page,
and Datasette's own pages (names instead of ids, CORS, 404s)."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from wump import pages

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FASTAPI = ["uber", "explosion", "netflix", "stripe", "microsoft", "azure", "twilio", "lyft", "dropbox",
                   "mozilla", "pydantic", "spotify", "pinterest", "quietcorp", "northwind-labs"]


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def html(ds, path, status=200) -> HTMLParser:
    response = get(ds, path)
    assert response.status_code == status, response.text[:1000]
    return HTMLParser(response.text)


def ranked(tree: HTMLParser) -> list[str]:
    return [li.attributes["data-org"] for li in tree.css("#users li.user")]


def test_home_has_search_most_used_and_newest(ds):
    tree = html(ds, "/")
    form = tree.css_first("form.wump-search")
    assert form.attributes["action"] == "/search" and form.css_first("input[name=q]") is not None
    assert "/static/search.js" in [s.attributes.get("src") for s in tree.css("script")]
    most_used = [a.text() for a in tree.css("#most-used a")]
    assert {"npm/react", "pypi/fastapi", "npm/@types/node"} <= set(most_used)
    fastapi_row = next(tr for tr in tree.css("#most-used tbody tr") if tr.css_first("a").text() == "pypi/fastapi")
    assert fastapi_row.css("td")[1].text() == str(len(DEFAULT_FASTAPI))  # counted as the default answer counts
    adopters = [li.css_first("a").text() for li in tree.css("#newest-adopters li")]
    assert len(adopters) == pages.HOME_LIMIT and len(set(adopters)) == len(adopters)  # one line per organization
    assert "GitHub dependency graph" in tree.css_first(".wump-lede").text()


def test_search_json_finds_packages_then_owners_by_prefix(ds):
    found = get(ds, "/api/v1/search?q=fast").json()
    assert found[0] == {"type": "package", "name": "pypi/fastapi", "description": found[0]["description"],
                        "organizations": found[0]["organizations"], "url": "/packages/pypi/fastapi"}
    assert [r["name"] for r in get(ds, "/api/v1/search?q=netf").json() if r["type"] == "organization"] == ["netflix"]
    assert get(ds, "/api/v1/search?q=netf").json()[-1]["url"] == "/orgs/netflix"
    assert {r["name"].split("/")[0] for r in get(ds, "/api/v1/search?q=pypi/py").json()} == {"pypi"}
    assert get(ds, "/api/v1/search?q=types%20node").json()[0]["url"] == "/packages/npm/@types/node"
    assert get(ds, "/api/v1/search?q=").status_code == 400


@pytest.mark.parametrize("q", ['"', "AND (", "NEAR(a b", "*", "react OR", "—"])
def test_search_input_is_text_not_fts_syntax(ds, q):
    assert get(ds, f"/api/v1/search?q={q}").status_code == 200


def test_search_page_works_without_javascript(ds):
    exact = get(ds, "/search?q=fastapi")
    assert exact.status_code == 302 and exact.headers["location"] == "/packages/pypi/fastapi"
    tree = html(ds, "/search?q=re")
    assert "/packages/npm/react" in [a.attributes["href"] for a in tree.css("#search-results a")]
    assert "Nothing in wump matches" in html(ds, "/search?q=zzzzzz").text()


def test_package_page_ranks_the_default_answer_like_the_api(ds):
    tree = html(ds, "/packages/pypi/fastapi")
    assert ranked(tree) == DEFAULT_FASTAPI
    summary = tree.css_first("#answer-summary").text()
    assert "15" in summary and "11 personal" in summary and "1 transitive-only" in summary
    quietcorp = tree.css_first("li.user[data-org=quietcorp]")
    assert "type unknown" in quietcorp.css_first("summary").text()


def test_each_toggle_leads_to_the_api_answer_with_the_promised_count(ds):
    """Every toggle's link shows the same owners, in the same order, as the API with the same
    query; and its badge says how many that adds or removes."""
    tree = html(ds, "/packages/pypi/fastapi")
    toggles = {a.attributes["data-toggle"]: a for a in tree.css(".wump-toggles a.toggle")}
    assert set(toggles) == {"personal", "transitive", "forks", "archived", "runtime", "active"}
    deltas = {key: a.css_first(".delta").text() for key, a in toggles.items()}
    assert (deltas["personal"], deltas["transitive"], deltas["forks"], deltas["archived"]) == ("+11", "+1", "−1", "−2")
    for key, a in toggles.items():
        href = a.attributes["href"]
        assert a.attributes["aria-pressed"] == "false"
        flipped = html(ds, href)
        query = urlsplit(href).query
        api = get(ds, f"/api/v1/packages/pypi/fastapi/users?per_page=100&{query}")
        assert ranked(flipped) == [r["org"] for r in api.json()], key
        delta = deltas[key].replace("−", "-").replace("±", "")
        assert int(api.headers["x-total-count"]) - len(DEFAULT_FASTAPI) == int(delta), key
        again = {t.attributes["data-toggle"]: t for t in flipped.css(".wump-toggles a.toggle")}[key]
        assert again.attributes["aria-pressed"] == "true"
        assert ranked(html(ds, again.attributes["href"])) == DEFAULT_FASTAPI, f"{key} does not switch back"


def test_filters_form_and_sort(ds):
    tree = html(ds, "/packages/pypi/fastapi?sort=stars&forks=false")
    form = tree.css_first("form.wump-filters")
    hidden = {i.attributes["name"]: i.attributes["value"] for i in form.css("input[type=hidden]")}
    assert hidden == {"forks": "false"}
    assert form.css_first("option[selected]").attributes["value"] == "stars"
    api = get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=100&sort=stars&forks=false").json()
    assert ranked(tree) == [r["org"] for r in api]
    assert html(ds, "/packages/pypi/fastapi?sort=popularity", status=400).css_first(".wump-error") is not None


def test_evidence_expands_to_repositories_and_manifests(ds):
    stripe = html(ds, "/packages/pypi/fastapi").css_first("li.user[data-org=stripe] details")
    rows = stripe.css("table.evidence tbody tr")
    assert [r.css_first("td a").text() for r in rows] == ["stripe/iris-pipeline", "stripe/willow-worker"]
    manifest = rows[1].css("td")[1].css_first("a")
    assert (manifest.text(), manifest.attributes["href"]) == (
        "requirements.txt", "https://github.com/stripe/willow-worker/blob/main/requirements.txt")
    assert rows[1].css("td")[2].text() == ">=0.110"
    assert rows[1].css("td")[5].text() == "2023-01-03"
    assert "fork" in rows[0].css_first("td").text()


def test_chart_badge_and_data_links(ds):
    tree = html(ds, "/packages/pypi/fastapi")
    svg = tree.css_first("#adoption-chart svg")
    assert svg is not None and svg.css_first("polyline") is not None
    links = {a.attributes["id"]: a.attributes["href"] for a in tree.css(".wump-formats a")}
    assert links == {"link-json": "/api/v1/packages/pypi/fastapi/users",
                     "link-csv": "/api/v1/packages/pypi/fastapi/users.csv",
                     "link-atom": "/api/v1/packages/pypi/fastapi/adopters.atom"}
    for href in links.values():
        assert get(ds, href).status_code == 200
    badge = tree.css_first("#badge-snippet").text()
    assert badge.startswith("[![used by](https://img.shields.io/endpoint?url=http%3A%2F%2Flocalhost%2Fapi%2Fv1%2F"
                            "packages%2Fpypi%2Ffastapi%2Fbadge.json)]")
    assert not [img for img in tree.css("img") if "shields.io" in img.attributes.get("src", "")]


@pytest.mark.parametrize("path", ["/packages/npm/@types/node", "/packages/npm/%40types/node",
                                  "/packages/golang/github.com/stretchr/testify"])
def test_names_with_slashes(ds, path):
    tree = html(ds, path)
    assert ranked(tree), path
    assert tree.css_first("#adoption-chart svg polyline") is not None


@pytest.mark.parametrize(("path", "canonical"), [("/packages/pypi/FastAPI", "/packages/pypi/fastapi"),
                                                 ("/packages/fastapi", "/packages/pypi/fastapi"),
                                                 ("/packages/@types/node?sort=name", "/packages/npm/@types/node?sort=name")])
def test_other_spellings_redirect_to_the_package_page(ds, path, canonical):
    response = get(ds, path)
    assert response.status_code == 302 and response.headers["location"] == canonical


def test_unknown_package_is_a_404_page_with_suggestions(ds):
    tree = html(ds, "/packages/pypi/fastapy", status=404)
    assert "No package 'pypi/fastapy'" in tree.css_first(".wump-error").text()
    assert [a.attributes["href"] for a in tree.css(".wump-suggestions-list a")] == ["/packages/pypi/fastapi"]


def test_organization_page(ds):
    tree = html(ds, "/orgs/vercel")
    facts = tree.css_first("#owner-facts").text()
    assert "organization" in facts and "https://vercel.com" in facts and "yes" in facts
    sections = {s.attributes["data-ecosystem"]: [a.text() for a in s.css("a")] for s in tree.css(".wump-ecosystem")}
    assert "react" in sections["npm"]
    assert tree.css_first(".wump-ecosystem a[href='/packages/npm/react']") is not None
    assert len(tree.css("#repositories tbody tr")) == 8
    assert "Domain verified by GitHub" in tree.css_first("#signals").text()
    assert "unknown" in html(ds, "/orgs/quietcorp").css_first("#owner-facts").text()
    assert "GitHub has no account by this name" in html(ds, "/orgs/gone-startup").css_first("#owner-facts").text()
    missing = html(ds, "/orgs/no-such-owner", status=404)
    assert "No owner 'no-such-owner'" in missing.css_first(".wump-error").text()


def test_datasette_tables_show_names_not_ids(ds):
    tree = html(ds, "/wump/repositories?_size=5")
    owners = [td.css_first("a") for td in tree.css("td.col-organization_id")]
    assert owners and all(a.attributes["title"].startswith("id ") and not a.text().isdigit() for a in owners)
    assert not tree.css("td.col-organization_id em")
    assert "/static/wump.css" in [link.attributes.get("href") for link in tree.css("link[rel=stylesheet]")]


def test_cors_on_datasette_json_and_the_api(ds):
    for path in ("/wump/packages.json", "/api/v1/packages/pypi/fastapi/users", "/api/v1/search?q=re"):
        headers = get(ds, path).headers
        assert headers["access-control-allow-origin"] == "*", path
        assert "X-Total-Count" in headers["access-control-expose-headers"]


def test_unknown_addresses_are_404_not_500(ds):
    """Datasette 0.65 with rich installed raised ValueError on every unmatched URL (rich wants an
    active exception to print); errors.py turns that back into Datasette's 404."""
    assert get(ds, "/no/such/page/here").status_code == 404
    assert get(ds, "/api/v1/nothing").status_code == 404


def test_datasette_limits_and_facets_are_configured():
    from wump import cli, site

    command = cli.datasette_command(type("S", (), {"published_path": "db", "inspect_path": "i"}), "127.0.0.1", 1)
    assert command[command.index("sql_time_limit_ms") + 1] and command[command.index("max_returned_rows") + 1]
    tables = site.metadata()["databases"]["wump"]["tables"]
    assert set(tables["package_users"]["facets"]) == {"owner_type", "ecosystem", "sources"}
    assert tables["repositories"]["label_column"] == "full_name"


def test_chart_is_well_formed_svg():
    svg = pages.adoption_chart_svg([("2022-01-01", 2), ("2023-06-30", 1), ("2025-02-01", 3)], "A <title> & more")
    root = ET.fromstring(svg)
    points = root.find("{http://www.w3.org/2000/svg}polyline").attrib["points"].split()
    assert len(points) == 2 + 2 * 3
    assert float(points[-1].split(",")[1]) < float(points[0].split(",")[1])  # ends higher than it starts
    assert [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")][:2] == ["6", "0"]
    assert ET.fromstring(pages.adoption_chart_svg([], "empty")).find("{http://www.w3.org/2000/svg}polyline") is None
    ET.fromstring(pages.adoption_chart_svg([("2024-05-05", 1)], "one day"))


def test_fts_query_quotes_every_word():
    assert pages.fts_query('fast "api') == '"fast"* "api"*'
    assert pages.fts_query("  --  ") is None
