"""/metrics, /docs and /openapi.json on a server with API keys: behind a key, unless opened.

What a scraper or a browser reads about the service (its routes, its traffic, its token spend)
is for its operators; `SOURCED_OPEN_OPERATIONS=true` opens them (e.g. to a scraper that sends no
key on a private network). /healthz and /readyz stay open for orchestrators.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.auth import KeyRing
from service.api.paths import route_path
from service.api.problems import problem_response

GUARDED_PATHS = frozenset({"/metrics", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})


class OperationsGuard:
    def __init__(self, app: ASGIApp, *, keys: KeyRing) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or route_path(scope) not in GUARDED_PATHS:
            await self.app(scope, receive, send)
            return
        scheme, _, key = Headers(scope=scope).get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            response = problem_response(
                401,
                f"{scope['path']} needs an API key on this server: send Authorization: Bearer "
                "<key> (or set SOURCED_OPEN_OPERATIONS=true to open it).",
                slug="unauthenticated",
                instance=scope["path"],
                headers={"WWW-Authenticate": 'Bearer realm="sourced"'},
            )
        elif self.keys.identify(key.strip()) is None:
            response = problem_response(
                403,
                "The API key is not accepted here; check it against the server's SOURCED_API_KEYS.",
                slug="forbidden",
                instance=scope["path"],
            )
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)
