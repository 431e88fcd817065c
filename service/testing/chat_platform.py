"""Slack's and Discord's reply endpoints, for the chat bots: signed requests in, replies recorded.

`FakeChatPlatform` is a real HTTP server on 127.0.0.1 standing in for Slack's and Discord's APIs
(it records every message posted to it) and for the web pages chat users link to; `chat_app`
serves only the chat routes. `FakeEngine` (service.testing.engines) answers without a model.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fastapi import FastAPI
from nacl.signing import SigningKey
from slack_sdk.signature import SignatureVerifier

from service.api.body_checks import BodyGuard, body_limits
from service.chat.conversations import ConversationService
from service.chat.jobs import ChatService, SummaryEngine
from service.chat.routes import router
from service.chat.shortcuts import router as shortcuts_router
from service.testing.http import start_in_thread, stop


def slack_headers(secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers Slack would send with `body`, signed with `secret`."""
    verifier = SignatureVerifier(secret)
    signature = verifier.generate_signature(timestamp=str(timestamp), body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


def discord_headers(key: SigningKey, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers Discord would send with `body`, signed with the application's key."""
    signature = key.sign(str(timestamp).encode() + body).signature.hex()
    return {"X-Signature-Timestamp": str(timestamp), "X-Signature-Ed25519": signature}


def chat_app(chat: ChatService, engine: SummaryEngine) -> FastAPI:
    """A bare app serving only the chat routes, for tests and benchmarks of the chat layer."""
    app = FastAPI()
    app.include_router(router)
    app.include_router(shortcuts_router)
    app.add_middleware(
        BodyGuard,
        max_bytes=chat.settings.max_body_bytes,
        json_paths=(),
        path_limits=body_limits(chat.settings),
    )
    app.state.settings = chat.settings
    app.state.chat = chat
    app.state.conversations = ConversationService(chat.settings)
    app.state.engine = engine
    return app


@dataclass
class Received:
    """One request the fake platform got."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float  # time.perf_counter() when it arrived


@dataclass
class Page:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False  # send without Content-Length


class FakeChatPlatform:
    """Slack's and Discord's reply endpoints plus some web pages, on a real 127.0.0.1 socket.

    POSTs are recorded and answered `{"ok": true}` unless `statuses` scripts other answers
    (e.g. `[(429, {"Retry-After": "2"})]` for the next POST); GETs serve `pages`.
    """

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.pages: dict[str, Page] = {}
        self.statuses: list[tuple[int, dict[str, str]]] = []
        self.connections = 0  # TCP connections accepted, to prove that none were made
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "use FakeChatPlatform as a context manager"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def posts(self, path_prefix: str = "/") -> list[Received]:
        with self._changed:
            return [
                r for r in self.received if r.method == "POST" and r.path.startswith(path_prefix)
            ]

    def wait_for_posts(
        self, count: int, path_prefix: str = "/", timeout: float = 10.0
    ) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := self.posts(path_prefix)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(found)} of {count} posts to {path_prefix} arrived")
                self._changed.wait(left)
            return found

    def __enter__(self) -> FakeChatPlatform:
        platform = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # a burst of replies must not be refused at accept

            def get_request(self) -> tuple[socket.socket, Any]:
                accepted = super().get_request()
                with platform._changed:
                    platform.connections += 1
                return accepted

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body: Any = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                platform._record("POST", self.path, dict(self.headers.items()), body)
                with platform._changed:
                    status, headers = platform.statuses.pop(0) if platform.statuses else (200, {})
                reply = json.dumps({"ok": status < 400}).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def do_GET(self) -> None:
                platform._record("GET", self.path, dict(self.headers.items()), None)
                page = platform.pages.get(self.path, Page(404, "text/plain", b"not found"))
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                if page.chunked:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(page.body)
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

        self._server = start_in_thread(Server(("127.0.0.1", 0), Handler))
        return self

    def __exit__(self, *exc_info: object) -> None:
        stop(self._server)

    def _record(self, method: str, path: str, headers: dict[str, str], body: Any) -> None:
        with self._changed:
            self.received.append(Received(method, path, headers, body, time.perf_counter()))
            self._changed.notify_all()
