"""The API contract: /api/v1/openapi.json is valid OpenAPI 3.1, and every documented route, at
every documented status, answers as documented (checked by openapi-core against the live
responses of Datasette in process). Every registered /api/v1 route is documented."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator import validate
from wump import answers, openapi

from datasette.plugins import pm

REPO = Path(__file__).resolve().parents[1]
PKG = "/api/v1/packages/{ecosystem}/{name}"

# (documented path, URL, expected status, whether the request itself is valid per the document)
EXAMPLES = [
    (f"{PKG}/users", "/api/v1/packages/pypi/fastapi/users?per_page=2", 200, True),
    (f"{PKG}/users", "/api/v1/packages/pypi/fastapi/users?owner_type=any&transitive=true&forks=false"
                     "&archived=false&runtime=true&active_since=2024-01-01&sort=stars&page=1", 200, True),
    (f"{PKG}/users", "/api/v1/packages/npm/@types%2Fnode/users", 200, True),
    (f"{PKG}/users", "/api/v1/packages/golang/github.com%2Fstretchr%2Ftestify/users?sort=recent", 200, True),
    (f"{PKG}/users", "/api/v1/packages/pypi/fastapi/users?per_page=3&_format=csv", 200, True),
    (f"{PKG}/users", "/api/v1/packages/pypi/fastapi/users?per_page=1000", 400, False),
    (f"{PKG}/users", "/api/v1/packages/pypi/fastapy/users", 404, True),
    (f"{PKG}/users.csv", "/api/v1/packages/pypi/fastapi/users.csv?per_page=3", 200, True),
    (f"{PKG}/users.csv", "/api/v1/packages/pypi/fastapi/users.csv?sort=popularity", 400, False),
    (f"{PKG}/users.csv", "/api/v1/packages/pypi/fastapy/users.csv", 404, True),
    ("/api/v1/packages/{name}/users", "/api/v1/packages/fastapi/users?per_page=5", 200, True),
    ("/api/v1/packages/{name}/users", "/api/v1/packages/fastapi/users?forks=maybe", 400, False),
    ("/api/v1/packages/{name}/users", "/api/v1/packages/nothing-like-it/users", 404, True),
    (f"{PKG}/users/{{org}}", "/api/v1/packages/pypi/fastapi/users/stripe", 200, True),
    (f"{PKG}/users/{{org}}", "/api/v1/packages/pypi/fastapi/users/tidepool-dev?transitive=true", 200, True),
    (f"{PKG}/users/{{org}}", "/api/v1/packages/pypi/fastapi/users/stripe?per_page=0", 400, False),
    (f"{PKG}/users/{{org}}", "/api/v1/packages/pypi/fastapi/users/tidepool-dev", 404, True),
    (f"{PKG}/users/{{org}}.csv", "/api/v1/packages/pypi/fastapi/users/stripe.csv", 200, True),
    (f"{PKG}/users/{{org}}.csv", "/api/v1/packages/pypi/fastapi/users/stripe.csv?page=0", 400, False),
    (f"{PKG}/users/{{org}}.csv", "/api/v1/packages/pypi/fastapi/users/nobody-at-all.csv", 404, True),
    (f"{PKG}/adopters", "/api/v1/packages/npm/react/adopters?per_page=4&since=2025-06-01", 200, True),
    (f"{PKG}/adopters", "/api/v1/packages/npm/react/adopters?since=yesterday", 400, False),
    (f"{PKG}/adopters", "/api/v1/packages/npm/raect/adopters", 404, True),
    (f"{PKG}/adopters.csv", "/api/v1/packages/npm/react/adopters.csv", 200, True),
    (f"{PKG}/adopters.csv", "/api/v1/packages/npm/react/adopters.csv?per_page=101", 400, False),
    (f"{PKG}/adopters.csv", "/api/v1/packages/npm/raect/adopters.csv", 404, True),
    (f"{PKG}/adopters.atom", "/api/v1/packages/npm/react/adopters.atom?per_page=3", 200, True),
    (f"{PKG}/adopters.atom", "/api/v1/packages/npm/react/adopters.atom?since=soon", 400, False),
    (f"{PKG}/adopters.atom", "/api/v1/packages/npm/raect/adopters.atom", 404, True),
    (f"{PKG}/leads", "/api/v1/packages/pypi/fastapi/leads", 200, True),
    (f"{PKG}/leads", "/api/v1/packages/pypi/fastapi/leads?per_page=0", 400, False),
    (f"{PKG}/leads", "/api/v1/packages/pypi/fastapy/leads", 404, True),
    (f"{PKG}/leads.csv", "/api/v1/packages/pypi/fastapi/leads.csv", 200, True),
    (f"{PKG}/leads.csv", "/api/v1/packages/pypi/fastapi/leads.csv?per_page=0", 400, False),
    (f"{PKG}/leads.csv", "/api/v1/packages/pypi/fastapy/leads.csv", 404, True),
    (f"{PKG}/companies", "/api/v1/packages/pypi/fastapi/companies", 200, True),
    (f"{PKG}/companies", "/api/v1/packages/pypi/fastapy/companies", 404, True),
    (f"{PKG}/badge.json", "/api/v1/packages/pypi/fastapi/badge.json", 200, True),
    (f"{PKG}/badge.json", "/api/v1/packages/pypi/fastapy/badge.json", 404, True),
    ("/api/v1/repos/{owner}/{repo}/users", "/api/v1/repos/facebook/react/users?per_page=3", 200, True),
    ("/api/v1/repos/{owner}/{repo}/users", "/api/v1/repos/facebook/react/users?owner_type=robot", 400, True),
    ("/api/v1/repos/{owner}/{repo}/users", "/api/v1/repos/nobody/nothing/users", 404, True),
    ("/api/v1/repos/{owner}/{repo}/users.csv", "/api/v1/repos/facebook/react/users.csv", 200, True),
    ("/api/v1/repos/{owner}/{repo}/users.csv", "/api/v1/repos/facebook/react/users.csv?runtime=maybe", 400, False),
    ("/api/v1/repos/{owner}/{repo}/users.csv", "/api/v1/repos/nobody/nothing/users.csv", 404, True),
    ("/api/v1/users", "/api/v1/users?packages=npm/react,npm/react-dom&per_page=3", 200, True),
    ("/api/v1/users", "/api/v1/users", 400, False),
    ("/api/v1/users", "/api/v1/users?packages=npm/not-a-package", 404, True),
    ("/api/v1/users.csv", "/api/v1/users.csv?packages=npm/react", 200, True),
    ("/api/v1/users.csv", "/api/v1/users.csv", 400, False),
    ("/api/v1/users.csv", "/api/v1/users.csv?packages=npm/not-a-package", 404, True),
    ("/api/v1/orgs/{org}", "/api/v1/orgs/vercel", 200, True),
    ("/api/v1/orgs/{org}", "/api/v1/orgs/quietcorp", 200, True),
    ("/api/v1/orgs/{org}", "/api/v1/orgs/no-such-owner", 404, True),
    ("/api/v1/search", "/api/v1/search?q=fast", 200, True),
    ("/api/v1/search", "/api/v1/search?q=net", 200, True),
    ("/api/v1/search", "/api/v1/search?q=pypi/fla", 200, True),
    ("/api/v1/search", "/api/v1/search", 400, False),
    ("/api/v1/openapi.json", "/api/v1/openapi.json", 200, True),
    ("/api/v1/docs", "/api/v1/docs", 200, True),
    ("/health", "/health", 200, True),
]
# Statuses no example can provoke on a healthy demo database.
UNPROVOKED = {("/health", "503")}


@pytest.fixture(scope="module")
def spec():
    return OpenAPI.from_dict(openapi.document())


def _route_regexes(ds) -> list[str]:
    return [regex for routes in pm.hook.register_routes(datasette=ds) for regex, _ in routes
            if regex.startswith(("^/api/v1", "^/health"))]


def _template_regex(template: str) -> str:
    return "^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template)) + "$"


def test_the_document_is_valid_openapi_3_1():
    document = openapi.document()
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_the_document_lists_the_vocabularies_answers_accepts():
    parameters = openapi.document()["components"]["parameters"]
    assert parameters["sort"]["schema"]["enum"] == list(answers.SORTS)
    assert parameters["per_page"]["schema"]["maximum"] == answers.MAX_PER_PAGE
    assert all(t in parameters["owner_type"]["description"] for t in answers.OWNER_TYPES)


def test_every_registered_route_is_documented_and_exercised(ds):
    """A route added to a plugin without a description (and an example here) fails."""
    urls = [urlsplit(url).path for _, url, _, _ in EXAMPLES]
    for regex in _route_regexes(ds):
        assert any(re.match(regex, url) for url in urls), f"no documented example reaches {regex}"
    documented = openapi.document()["paths"]
    for template, url, _, _ in EXAMPLES:
        assert template in documented
        assert re.match(_template_regex(template), urlsplit(url).path), (template, url)


def test_every_documented_status_has_an_example():
    exercised = {(template, str(status)) for template, _, status, _ in EXAMPLES}
    for template, item in openapi.document()["paths"].items():
        for status in item["get"]["responses"]:
            assert (template, status) in exercised | UNPROVOKED, f"no example for {template} → {status}"


@pytest.mark.parametrize(("template", "url", "status", "valid_request"), EXAMPLES,
                         ids=[f"{status} {url}" for _, url, status, _ in EXAMPLES])
def test_live_responses_match_the_document(ds, spec, template, url, status, valid_request):
    response = asyncio.run(ds.client.get(url))
    path = urlsplit(url).path
    assert response.status_code == status, response.text[:500]
    request = MockRequest("http://localhost", "get", path, args=dict(parse_qsl(urlsplit(url).query)))
    if valid_request:
        spec.validate_request(request)
    content_type = response.headers["content-type"]
    body = response.content if content_type.startswith("application/json") else response.text
    spec.validate_response(request, MockResponse(body, status_code=response.status_code,
                                                 headers=dict(response.headers),
                                                 content_type=content_type))
