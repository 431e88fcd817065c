"""The path a request's routes match, for the checks that run before FastAPI's router.

Behind a proxy that serves the API under a prefix and strips it, `sourced serve --root-path
/prefix` (uvicorn's root_path) puts the prefix back in front of the ASGI scope's `path`, and
FastAPI's router matches the rest. A middleware that compared `scope["path"]` with a route's
path missed every such request: cache hits went the slow way, and the operations pages' key,
the door and the body limits were not applied. Each compares `route_path(scope)` instead.
"""

from __future__ import annotations

from starlette.types import Scope


def route_path(scope: Scope) -> str:
    """`scope["path"]` without the scope's root_path: what the router matches."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] in ("", "/"):
        return path[len(root) :]
    return path
