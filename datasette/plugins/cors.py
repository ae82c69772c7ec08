"""CORS for every response: the site is public and read-only, so any page may read its JSON
(wump's /api/v1 and Datasette's own .json), and browser code may read the paging and
left-out-count headers, not only the body."""

from __future__ import annotations

from datasette import hookimpl

ADDED = {
    b"access-control-allow-origin": b"*",
    b"access-control-expose-headers": b"Link, X-Total-Count, X-Wump-Personal-Accounts-Left-Out, "
                                      b"X-Wump-Transitive-Only-Left-Out, X-Wump-Include-With, X-Wump-Package, "
                                      b"X-Wump-Packages",
}


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def with_cors(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)

            async def send_with_cors(event):
                if event["type"] == "http.response.start":
                    headers = list(event.get("headers") or [])
                    present = {name.lower() for name, _ in headers}
                    headers += [(name, value) for name, value in ADDED.items() if name not in present]
                    event = {**event, "headers": headers}
                await send(event)

            await app(scope, receive, send_with_cors)

        return with_cors

    return wrap
