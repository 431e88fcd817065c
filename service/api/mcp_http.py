"""The MCP server over streamable HTTP at /mcp, behind the same API keys and rate limit as the API.

The SDK's own ASGI endpoint does the protocol (stateless, JSON responses: any worker can answer
any request); in front of it, the key check answers problem+json like the rest of the API. The
session manager's task group lives as long as the app (`mcp_lifespan`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI
from mcp.server.transport_security import TransportSecuritySettings
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from service.config import Settings
from service.engine import Engine
from service.mcp_server import build_server

PATH = "/mcp"


def mount_mcp(
    app: FastAPI, engine: Engine, settings: Settings
) -> Callable[[], AbstractAsyncContextManager[None]]:
    """Adds /mcp to `app`; returns what the app's lifespan must enter for it to work."""
    server = build_server(engine, settings)
    if settings.api_keys:
        # Keys protect it; a browser page cannot send them (no DNS-rebinding risk).
        security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    else:
        # Without keys the server only listens on loopback: refuse pages of other origins.
        security = TransportSecuritySettings(
            enable_dns_rebinding_protection=True,
            allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*", "testserver"],
            allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
        )
    sdk_app = server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=True,
        json_response=True,
        transport_security=security,
    )
    endpoint = next(r.endpoint for r in sdk_app.routes if isinstance(r, Route) and r.path == PATH)
    app.router.routes.append(Route(PATH, endpoint=KeyRequired(endpoint, app)))
    return server.session_manager.run


class KeyRequired:
    """The API's key check and rate limit in front of an ASGI app."""

    def __init__(self, inner: ASGIApp, app: FastAPI) -> None:
        self._inner = inner
        self._state = app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = await self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self._inner(scope, receive, send)

    async def _refusal(self, scope: Scope) -> JSONResponse | None:
        keys = self._state.keys
        if keys is None:
            client = scope.get("client")
            caller = f"addr:{client[0] if client else 'local'}"
        else:
            scheme, _, presented = Headers(scope=scope).get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not presented.strip():
                return _problem(
                    401,
                    "Unauthenticated",
                    "This endpoint needs an API key: send Authorization: Bearer <key>.",
                    {"WWW-Authenticate": 'Bearer realm="sourced"'},
                )
            fingerprint = keys.identify(presented.strip())
            if fingerprint is None:
                return _problem(
                    403, "Forbidden", "The API key is not accepted here; check SOURCED_API_KEYS."
                )
            caller = f"key:{fingerprint}"
        limiter = self._state.limiter
        retry_after = await limiter.hit(caller)
        if retry_after is not None:
            return _problem(
                429,
                "Too many requests",
                f"Rate limit reached ({limiter.spec} per API key); retry in {retry_after}s.",
                {"Retry-After": str(retry_after)},
            )
        return None


def _problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )
