"""`sourced serve`: the API under uvicorn, refusing to be reachable by others without API keys."""

from __future__ import annotations

import gc
import ipaddress
import logging
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from service.api.admission import DoorProtocol
from service.api.app import create_app
from service.api.auth import KeyRing
from service.api.workers import WorkerApp, prepare_store
from service.config import Settings
from service.errors import ConfigError

log = logging.getLogger(__name__)

# These SDKs log whole request bodies (the document) at DEBUG; a server never wants that.
PAYLOAD_LOGGERS = ("openai", "httpcore", "httpx", "httpx2")


def quiet_payload_loggers() -> None:
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def configure_logging() -> None:
    """The service's own lines (a model that failed, a client that left) beside uvicorn's."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    quiet_payload_loggers()


YOUNG_COLLECTION_THRESHOLD = 10_000
"""Allocations (net of frees) between two collections of the youngest generation; Python's
default is 700. A cache miss makes and drops thousands of objects at a time (frames, spans,
pydantic models), nearly all freed by reference counting: at 700 the collector ran about once
per miss and found nothing to free."""


def tune_collector() -> None:
    """The cyclic garbage collector set for a long-lived server, once its app is built.

    The objects of start-up (modules, the app, pydantic's validators: about 270,000)
    are frozen, never traversed again: each full collection of them took about 200 ms
    mid-request, once every few hundred misses (bench/api.py). Young collections run at
    `YOUNG_COLLECTION_THRESHOLD`. Every cycle made later is still collected."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str) -> None:
    """Without keys anyone who can reach the port can spend the model: loopback only."""
    if KeyRing.from_setting(settings.api_keys) is None and not is_loopback(host):
        raise ConfigError(
            f"Refusing to listen on {host} without API keys: anyone who can reach it could use "
            "the model and read stored summaries. Set SOURCED_API_KEYS (comma-separated keys, or "
            "@FILE of sha256 digests), or serve on 127.0.0.1."
        )


def bind_host(host: str) -> str:
    """The address to bind: `[::1]` (as in a URL) is `::1` to the socket."""
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def uvicorn_config(
    settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1
) -> uvicorn.Config:
    """uvicorn's settings. X-Forwarded-For is believed only from SOURCED_TRUSTED_PROXIES:
    uvicorn's default trusts it from 127.0.0.1, so any local client could pick the address
    the rate limit counts."""
    trusted = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    options: dict[str, Any] = (
        {"app": WorkerApp(settings), "factory": True, "workers": workers}
        if workers > 1
        else {"app": create_app(settings)}
    )
    return uvicorn.Config(
        **options,
        host=bind_host(host),
        port=port,
        server_header=False,
        http=DoorProtocol,  # overload refused as soon as a request's headers are read
        timeout_graceful_shutdown=10,
        log_level="info",
        access_log=settings.access_log,
        root_path=settings.root_path,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or [],
    )


def per_worker_limits(settings: Settings, workers: int) -> str | None:
    """What to tell an operator whose workers each count the rate limit on their own, if so."""
    storage = settings.shared_rate_limit_storage
    if workers < 2 or not settings.rate_limit.strip() or not storage.startswith("memory"):
        return None
    return (
        f"each of the {workers} workers counts SOURCED_RATE_LIMIT={settings.rate_limit} in its "
        f"own memory, so a key may make up to {workers} times as many requests; set "
        "SOURCED_RATE_LIMIT_STORAGE=redis://host:6379 (or a Redis SOURCED_BROKER_URL) to share it"
    )


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve in this process, or in `workers` processes sharing the socket and the store."""
    check_bind(settings, host)
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}.")
    configure_logging()
    if warning := per_worker_limits(settings, workers):
        log.warning(warning)
    config = uvicorn_config(settings, host, port, workers)
    if workers == 1:
        tune_collector()  # the app is built (uvicorn_config made it)
        uvicorn.Server(config).run()
        return
    prepare_store(settings)
    Multiprocess(config, sockets=[config.bind_socket()]).run()
