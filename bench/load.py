"""What bench/api.py and bench/reliability.py share to put a server under wrk's load.

The fake upstream runs in its own process (a Python server in the benchmark's process would
take its cores' time from the service); the Lua prologue numbers wrk's threads, so that every
request body can be unique, and keeps them to sum their counts in `done`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

FAKE_UPSTREAM = """
import json, sys, threading
from service.testing.openai_server import FakeOpenAI, draft_reply
fake = FakeOpenAI()
fake.default = draft_reply(json.loads(sys.argv[1]), delay=float(sys.argv[2]))
fake.requests = type("Discard", (list,), {"append": lambda self, item: None})()  # keep no bodies
# Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the client's
# delayed ACK add ~40 ms to every answer, which is no property of a zero-latency upstream.
fake._server.RequestHandlerClass.disable_nagle_algorithm = True
fake.start()
print(fake.base_url, flush=True)
threading.Event().wait()
"""


@contextmanager
def fake_upstream(draft: dict[str, Any], delay: float = 0.0) -> Iterator[str]:
    """The base URL of a fake OpenAI-compatible endpoint answering `draft` after `delay` s."""
    process = subprocess.Popen(
        [sys.executable, "-c", FAKE_UPSTREAM, json.dumps(draft), str(delay)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # wrk hangs up mid-answer when its time is up
        text=True,
    )
    assert process.stdout is not None
    try:
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()


THREADS = """
local threads = {}
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
"""
"""wrk's setup: each thread's number in `tid`, every thread in `threads` for `done`."""


def lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def unique_bodies(body: str, run: str) -> str:
    """A `request` that POSTs `body` (a JSON object whose last field is the text) to
    /v1/summaries with a sentence no request has had before appended to the text: `run`, the
    thread and the request's number."""
    cut = body.rindex('"')
    return f"""
PREFIX = {lua_string(body[:cut])}
SUFFIX = {lua_string(body[cut:])}
RUN = {lua_string(run)}
function request()
  n = (n or 0) + 1
  local body = PREFIX .. "\\\\nReference " .. RUN .. "-" .. tid .. "-" .. n .. "." .. SUFFIX
  return wrk.format("POST", "/v1/summaries", {{["Content-Type"] = "application/json"}}, body)
end
"""
