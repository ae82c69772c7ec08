"""The API's contract: ``/api/v1/openapi.json`` (built by ``wump.openapi``) and ``/api/v1/docs``,
Swagger UI served from the swagger-ui-py package's own files, so the docs load nothing from a CDN.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from datasette.utils.asgi import Response
from wump import openapi

from datasette import hookimpl

JSON_HEADERS = {"access-control-allow-origin": "*"}
# The Swagger UI files the docs page loads; nothing else of the package is served.
ASSETS = {"swagger-ui.css": "text/css; charset=utf-8", "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
          "favicon-32x32.png": "image/png"}

DOCS_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>wump API — Swagger UI</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" type="image/png" href="/-/swagger-ui/favicon-32x32.png">
  <link rel="stylesheet" href="/-/swagger-ui/swagger-ui.css">
</head>
<body>
  <p style="margin: 0.5em 1em; font-family: sans-serif"><a href="/">wump</a> &middot;
    <a href="/api/v1/openapi.json">openapi.json</a></p>
  <div id="swagger-ui"></div>
  <script src="/-/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""


@cache
def _document() -> dict:
    return openapi.document()


@cache
def _asset(name: str) -> bytes:
    spec = importlib.util.find_spec("swagger_ui")
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    return (folder / name).read_bytes()


async def openapi_json(request):
    """GET /api/v1/openapi.json — the OpenAPI 3.1 document."""
    return Response.json(_document(), headers=JSON_HEADERS)


async def docs(request):
    """GET /api/v1/docs — Swagger UI on the document."""
    return Response.html(DOCS_HTML)


async def docs_asset(request):
    name = request.url_vars["name"]
    if name not in ASSETS:
        return Response.text("Not found", status=404)
    return Response(_asset(name), content_type=ASSETS[name], headers={"cache-control": "max-age=86400"})


@hookimpl
def register_routes():
    return [
        (r"^/api/v1/openapi\.json$", openapi_json),
        (r"^/api/v1/docs/?$", docs),
        (r"^/-/swagger-ui/(?P<name>[^/]+)$", docs_asset),
    ]
