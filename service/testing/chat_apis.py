"""Fake Slack Web API on 127.0.0.1 holding conversations to read (Discord: `discord_api`).

Real HTTP servers, so the real clients (slack_sdk's WebClient, httpx) talk to them as they would
to Slack and Discord: cursor pagination, 429 with Retry-After, refusals (`not_in_channel`, 403
Missing Access), deleted messages. Message links point back at the fake (`/archives/...`,
`/channels/...`), which answers 200 for a message it holds: a benchmark can check that every
link it was given works. Benchmarks import these too.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from service.testing.http import start_in_thread, stop


@dataclass
class Call:
    """One request the fake got: the API method (or path), its parameters, its headers."""

    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: Any = None
    at: float = field(default_factory=time.perf_counter)  # when it arrived


class JsonServer:
    """A threaded 127.0.0.1 server that records calls and routes them to `_answer`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "use the fake as a context manager"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Any:
        fake = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self, verb: str) -> None:
                parts = urlsplit(self.path)
                params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body: Any = None
                if raw:
                    if "json" in (self.headers.get("Content-Type") or ""):
                        body = json.loads(raw)
                    else:
                        params.update({k: v[-1] for k, v in parse_qs(raw.decode()).items()})
                call = Call(parts.path, params, dict(self.headers.items()), body)
                status, payload, headers = fake._answer(verb, call)
                with fake._changed:
                    fake.calls.append(call)
                    fake._changed.notify_all()
                reply = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if not isinstance(payload, bytes):
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PUT(self) -> None:
                self._handle("PUT")

            def do_PATCH(self) -> None:
                self._handle("PATCH")

        self._server = start_in_thread(Server(("127.0.0.1", 0), RequestHandler))
        return self

    def __exit__(self, *exc_info: object) -> None:
        stop(self._server)

    def _answer(self, verb: str, call: Call) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    def called(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method.endswith(method)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := self.called(method)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(found)} of {count} calls to {method} arrived")
                self._changed.wait(left)
            return found


# --- a conversation to read ----------------------------------------------------------------------

PEOPLE = [("U1", "Ana Lima"), ("U2", "Ben Okafor"), ("U3", "Chen Wei"), ("U4", "Dana Cohen")]
TOPICS = [
    "The release moves to Thursday because the migration tests failed twice.",
    "I disagree, the migration is fine and the release should stay on Tuesday.",
    "Support tickets about login errors doubled since the last deploy.",
    "The new pricing page goes live on the first of the month.",
    "We will hire two more engineers for the payments team this quarter.",
    "The outage on Friday lasted 42 minutes and hit the EU region only.",
    "Marketing wants the launch post to mention the 30% speed-up.",
    "The 30% speed-up only holds for cached pages, not for search.",
]


def conversation(count: int) -> list[tuple[str, str]]:
    """`count` (user id, text) pairs: people discussing releases, outages and plans, disagreeing."""
    lines = []
    for i in range(count):
        user, _ = PEOPLE[i % len(PEOPLE)]
        lines.append((user, f"{TOPICS[i % len(TOPICS)]} (note {i + 1})"))
    return lines


# --- Slack ---------------------------------------------------------------------------------------


@dataclass
class SlackThrottle:
    method: str  # e.g. "conversations.replies"
    after_calls: int  # calls to the method answered normally before the 429s start
    retry_after: int
    times: int = 1  # how many 429s in a row


@dataclass
class FakeSlack(JsonServer):
    """Slack's Web API: auth.test, users.info, conversations.replies/history, chat.post*.

    `messages[channel]` holds each channel's messages (Slack's JSON, ascending ts); replies carry
    `thread_ts`. `member_of` lists the channels the bot may read (others: not_in_channel).
    `max_limit` caps a page as Slack caps apps outside its Marketplace (15). Replies posted
    (chat.postMessage, chat.postEphemeral, and POSTs to `/responses/...`, the response URLs
    handed out with commands) are in `posted`.
    """

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    member_of: set[str] = field(default_factory=set)
    max_limit: int = 1000
    throttles: list[SlackThrottle] = field(default_factory=list)
    posted: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        for user_id, name in PEOPLE:
            self.add_user(user_id, name)
        self.add_user("UBOT", "Sourced", is_bot=True)

    def __enter__(self) -> FakeSlack:
        super().__enter__()
        return self

    def add_user(self, user_id: str, name: str, *, is_bot: bool = False) -> None:
        self.users[user_id] = {
            "id": user_id,
            "name": name.lower().replace(" ", "."),
            "is_bot": is_bot,
            "profile": {"display_name": name, "real_name": name},
        }

    def add_thread(
        self,
        channel: str,
        lines: list[tuple[str, str]],
        *,
        start: float = 1_800_000_000.0,
        step_s: float = 30.0,
    ) -> str:
        """A thread of `lines` (the first is its parent); returns the parent's ts."""
        self.member_of.add(channel)
        store = self.messages.setdefault(channel, [])
        parent_ts = _ts(start)
        for i, (user, text) in enumerate(lines):
            ts = _ts(start + i * step_s)
            message: dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts}
            if i == 0:
                message["reply_count"] = len(lines) - 1
            if len(lines) > 1:
                message["thread_ts"] = parent_ts
            store.append(message)
        store.sort(key=lambda m: float(m["ts"]))
        return parent_ts

    def add_channel_messages(
        self,
        channel: str,
        lines: list[tuple[str, str]],
        *,
        start: float = 1_800_000_000.0,
        step_s: float = 60.0,
    ) -> list[str]:
        self.member_of.add(channel)
        store = self.messages.setdefault(channel, [])
        stamps = []
        for i, (user, text) in enumerate(lines):
            ts = _ts(start + i * step_s)
            store.append({"type": "message", "user": user, "text": text, "ts": ts})
            stamps.append(ts)
        store.sort(key=lambda m: float(m["ts"]))
        return stamps

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages.get(channel, []) if m["ts"] == ts), None)

    def replies(self, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """The first `count` replies posted, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.posted) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self.posted)} of {count} replies arrived")
                self._changed.wait(left)
            return list(self.posted)

    def link_works(self, link: str) -> bool:
        """Whether `link` is a permalink of this fake to a message it holds."""
        if not link.startswith(self.url + "/archives/"):
            return False
        parts = urlsplit(link)
        _, _, channel, stamp = parts.path.split("/")
        ts = f"{stamp[1:11]}.{stamp[11:]}"
        return self.message(channel, ts) is not None

    def _answer(self, verb: str, call: Call) -> tuple[int, Any, dict[str, str]]:
        if call.method.startswith("/archives/"):
            found = self.link_works(self.url + call.method)
            return (200 if found else 404), b"message page" if found else b"no such message", {}
        if call.method.startswith("/responses/"):  # a command's or shortcut's response_url
            with self._changed:
                self.posted.append(call)
            return 200, {"ok": True}, {}
        method = call.method.rsplit("/", 1)[-1]
        throttled = self._throttled(method)
        if throttled is not None:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(throttled)}
        if call.headers.get("Authorization") != "Bearer xoxb-test-token":
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        if method == "auth.test":
            return 200, {"ok": True, "url": self.url + "/", "team": "Fake", "user_id": "UBOT"}, {}
        if method == "users.info":
            user = self.users.get(call.params.get("user", ""))
            if user is None:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": user}, {}
        if method in ("conversations.replies", "conversations.history"):
            return self._history(method, call.params)
        if method in ("chat.postMessage", "chat.postEphemeral"):
            with self._changed:
                self.posted.append(call)
            return (
                200,
                {"ok": True, "ts": _ts(time.time()), "channel": call.params.get("channel")},
                {},
            )
        return 200, {"ok": False, "error": "unknown_method"}, {}

    def _throttled(self, method: str) -> int | None:
        with self._changed:
            made = sum(1 for c in self.calls if c.method.endswith("/" + method))
            for throttle in self.throttles:
                if throttle.method == method and made >= throttle.after_calls and throttle.times:
                    throttle.times -= 1
                    return throttle.retry_after
        return None

    def _history(self, method: str, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        channel = params.get("channel", "")
        if channel not in self.messages:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if channel not in self.member_of:
            return 200, {"ok": False, "error": "not_in_channel"}, {}
        store = self.messages[channel]
        if method == "conversations.replies":
            ts = params.get("ts", "")
            parent = self.message(channel, ts)
            if parent is None:
                return 200, {"ok": False, "error": "thread_not_found"}, {}
            items = [m for m in store if m.get("thread_ts") == ts] or [parent]
        else:
            oldest = float(params.get("oldest") or 0)
            items = [
                m
                for m in reversed(store)
                if float(m["ts"]) >= oldest
                and (
                    m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
                )
            ]
        limit = min(int(params.get("limit") or 100), self.max_limit)
        offset = _uncursor(params.get("cursor"))
        page = items[offset : offset + limit]
        more = offset + limit < len(items)
        body: dict[str, Any] = {"ok": True, "messages": page, "has_more": more}
        body["response_metadata"] = {"next_cursor": _cursor(offset + limit) if more else ""}
        return 200, body, {}


def _ts(seconds: float) -> str:
    return f"{seconds:.6f}"


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _uncursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(base64.urlsafe_b64decode(cursor.encode()).decode().split(":")[1])
