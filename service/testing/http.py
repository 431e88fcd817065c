"""A real HTTP server for an app under test: uvicorn in a thread, on a free 127.0.0.1 port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import Any, Literal

import uvicorn
from fastapi import FastAPI


@contextmanager
def serve_in_thread(
    app: FastAPI, *, lifespan: Literal["on", "off"] = "off", http: Any = "auto"
) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL. `lifespan="on"` runs the app's
    start-up and shutdown (the full API's engine and jobs), as `sourced serve` does; `http`
    is uvicorn's protocol (a name, or a class such as `sourced serve`'s DoorProtocol)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan=lifespan, http=http)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def start_in_thread(server: ThreadingHTTPServer) -> ThreadingHTTPServer:
    """Serve a standard-library server (the fake platforms) until `stop(server)`."""
    serve = server.serve_forever
    threading.Thread(target=serve, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server


def stop(server: ThreadingHTTPServer | None) -> None:
    if server is not None:
        server.shutdown()
        server.server_close()
