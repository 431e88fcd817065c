"""HTTP clients for the chat layer, made cheap: one TLS context, built once, shared by all.

An `httpx.AsyncClient` builds its own TLS context by default, which costs about 100 ms of CPU;
chat makes a short-lived client per reply, on the event loop that also acknowledges requests.
"""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx


@functools.cache
def tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def async_client(**options: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=tls_context(), **options)
