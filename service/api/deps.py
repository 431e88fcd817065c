"""Dependencies of the routes: the engine, and who is calling (authenticated and rate-limited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.auth import KeyRing
from service.api.problems import Problem
from service.api.ratelimit import RateLimiter
from service.config import Settings
from service.engine import Engine

bearer = HTTPBearer(
    auto_error=False,
    description="An API key from the server's SOURCED_API_KEYS (not needed when it has none).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def get_engine(request: Request) -> Engine:
    # async: a plain function would be run in a worker thread, a thread hop per request.
    engine: Engine = request.app.state.engine
    return engine


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    """A name for the caller: its key's fingerprint, or its address when no keys are configured."""
    keys: KeyRing | None = request.app.state.keys
    if keys is None:
        return f"addr:{request.client.host if request.client else 'local'}"
    if credentials is None:
        raise Problem(
            401,
            "This endpoint needs an API key: send the header Authorization: Bearer <key>.",
            slug="unauthenticated",
            headers={"WWW-Authenticate": 'Bearer realm="sourced"'},
        )
    caller = keys.identify(credentials.credentials)
    if caller is None:
        raise Problem(
            403,
            "The API key is not accepted here; check it against the server's SOURCED_API_KEYS.",
            slug="forbidden",
        )
    return f"key:{caller}"


async def rate_limit(request: Request, caller: str) -> None:
    limiter: RateLimiter = request.app.state.limiter
    retry_after = await limiter.hit(caller)
    if retry_after is not None:
        raise Problem(
            429,
            f"Rate limit reached ({limiter.spec} per API key); retry in {retry_after}s.",
            slug="rate-limited",
            headers={"Retry-After": str(retry_after)},
        )


async def current_caller(request: Request, credentials: Credentials) -> str:
    caller = authenticate(request, credentials)
    await rate_limit(request, caller)
    return caller


EngineDep = Annotated[Engine, Depends(get_engine)]
Caller = Annotated[str, Depends(current_caller)]
