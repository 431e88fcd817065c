"""Test doubles for the chat bots, shipped with them so tests and benchmarks share one version.

`FakeChatPlatform` is a real HTTP server on 127.0.0.1 standing in for Slack's and Discord's APIs
(it records every message posted to it) and for the web pages chat users link to. `FakeEngine`
answers summary requests without a model.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import anyio
import uvicorn
from fastapi import FastAPI
from nacl.signing import SigningKey
from slack_sdk.signature import SignatureVerifier

from service.api.body_checks import BodyGuard, body_limits
from service.chat.conversations import ConversationService
from service.chat.jobs import ChatService, SummaryEngine
from service.chat.routes import router
from service.chat.shortcuts import router as shortcuts_router
from service.progress import Progress, no_progress
from service.schemas import (
    Check,
    Claim,
    DocumentInfo,
    Evidence,
    Provenance,
    Summary,
    SummaryRequest,
    Usage,
)


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


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free 127.0.0.1 port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
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


def sample_summary(text: str, claims: int = 3, *, headline: str = "What the text says") -> Summary:
    """A well-formed Summary whose claims quote real spans of `text`."""
    spans = []
    step = max(1, len(text) // max(1, claims))
    for i in range(claims):
        start = min(i * step, max(0, len(text) - 1))
        end = min(len(text), start + min(step, 120)) or 1
        spans.append((start, max(end, start + 1)))
    return Summary(
        id=uuid.uuid4().hex,
        headline=headline,
        summary=text[:400],
        claims=[
            Claim(
                id=f"c{i + 1}",
                text=f"Claim {i + 1} about the text.",
                source="a spokesperson" if i % 2 else None,
                cue="said" if i % 2 else None,
                status="attributed" if i % 2 else "asserted",
                evidence=[Evidence(start=start, end=end, quote=text[start:end])],
                verified=i % 3 != 2,
                checks=[Check(name="quote", passed=i % 3 != 2, reason="the quote is in the text")],
            )
            for i, (start, end) in enumerate(spans)
        ],
        document=DocumentInfo(sha256="0" * 64, chars=len(text), sentences=1),
        provenance=Provenance(
            backend="fake",
            model="fake",
            prompt="summarize@1",
            attempts=1,
            usage=Usage(),
            latency_ms=0.0,
            created_at=datetime.now(UTC),
        ),
    )


class FakeEngine:
    """Summarizes instantly (or after `delay_s`, or once `gate` is set), or raises `error`."""

    def __init__(
        self,
        *,
        claims: int = 3,
        delay_s: float = 0.0,
        error: Exception | None = None,
        gate: threading.Event | None = None,
    ) -> None:
        self.claims = claims
        self.delay_s = delay_s
        self.error = error
        self.gate = gate
        self.requests: list[SummaryRequest] = []
        self.concurrency = 1  # what a job runner sizes its workers by

    async def summarize(
        self, request: SummaryRequest, progress: Progress = no_progress
    ) -> tuple[Summary, bool]:
        self.requests.append(request)
        if self.gate is not None:
            await anyio.to_thread.run_sync(self.gate.wait, 30.0)
        if self.delay_s:
            await anyio.sleep(self.delay_s)
        if self.error is not None:
            raise self.error
        return sample_summary(request.text, self.claims, headline=request.title or "Summary"), False


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

        self._server = Server(("127.0.0.1", 0), Handler)
        serve = self._server.serve_forever
        threading.Thread(target=serve, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _record(self, method: str, path: str, headers: dict[str, str], body: Any) -> None:
        with self._changed:
            self.received.append(Received(method, path, headers, body, time.perf_counter()))
            self._changed.notify_all()
