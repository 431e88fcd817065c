"""A fake OpenAI-compatible server: a real HTTP server on 127.0.0.1, scripted per test.

Each test enqueues the replies it wants (a valid draft, invalid JSON, a 429 with Retry-After, a
slow answer...). Replies are served in order; `default` answers once the queue is empty. Every
request body received is kept in `requests` so tests can assert what the service sent.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message (or tool-call arguments)
    finish_reason: str = "stop"
    refusal: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | str | None = None  # raw body, overrides the chat completion
    delay: float = 0.0
    prompt_tokens: int = 120
    completion_tokens: int = 80
    raw: bytes | None = None  # exact bytes to send as the body (garbage, HTML, huge answers)
    content_type: str = "application/json"
    drip_s: float = 0.0  # send the body one byte at a time, this long apart (a read timeout
    # that restarts on every byte never fires)
    reset: bool = False  # close the connection without answering
    unsized: bool = False  # no Content-Length: the body ends when the connection closes


def raw_reply(raw: bytes, **kwargs: Any) -> Reply:
    return Reply(raw=raw, **kwargs)


def draft_reply(draft: dict[str, Any], **kwargs: Any) -> Reply:
    return Reply(content=json.dumps(draft), **kwargs)


def error_reply(status: int, message: str = "error", **kwargs: Any) -> Reply:
    return Reply(status=status, body={"error": {"message": message, "type": "fake"}}, **kwargs)


def citing_draft(request: dict[str, Any], claims: int = 3) -> Reply:
    """A valid draft of whatever document the request holds: it picks spread-out numbered
    statements as they are written (for tests and benchmarks that send many documents)."""
    prompt = request["messages"][-1]["content"]
    statements = [
        (int(number), re.sub(r"^\([^)]*\) ", "", text))
        for number, text in re.findall(r"^\[(\d+)\] (.+)$", prompt, flags=re.MULTILINE)
    ]
    chosen = [s for s in statements if len(s[1].split()) >= 4] or statements
    step = max(1, len(chosen) // claims)
    picked = chosen[::step][:claims]
    lead = picked[0][1] if picked else "The document"
    draft = {
        "headline": " ".join(lead.split()[:8]),
        "summary": lead,
        "claims": [{"ids": [number], "text": ""} for number, _ in picked],
    }
    return Reply(content=json.dumps(draft))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a burst of concurrent requests (a benchmark's) is not refused


class FakeOpenAI:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.default: Reply | None = None
        # Answers each request once the queue is empty, before `default`: e.g. citing_draft.
        self.responder: Callable[[dict[str, Any]], Reply] | None = None
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.replies:
                return self.replies.popleft()
        if self.responder is not None:
            return self.responder(request)
        if self.default is None:
            return error_reply(500, "the fake server has no reply scripted for this request")
        return self.default

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                reply = fake._next(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.reset:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.raw is not None:
                    data = reply.raw
                else:
                    body = reply.body if reply.body is not None else _completion(request, reply)
                    data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", reply.content_type)
                    if reply.unsized:
                        self.send_header("connection", "close")
                        self.close_connection = True
                    else:
                        self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if reply.drip_s:
                        for i in range(len(data)):
                            self.wfile.write(data[i : i + 1])
                            self.wfile.flush()
                            time.sleep(reply.drip_s)
                    else:
                        self.wfile.write(data)
                except OSError:
                    self.close_connection = True  # the client gave up (a timeout test)

        return Handler


def _completion(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    if reply.refusal is not None:
        message = {"role": "assistant", "content": None, "refusal": reply.refusal}
    elif request.get("tool_choice"):
        name = request["tool_choice"]["function"]["name"]
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": name, "arguments": reply.content},
                }
            ],
        }
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model", "fake-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }
