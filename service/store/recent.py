"""The stored JSON of summaries served lately, kept in memory for a moment.

Under load most requests are hits of a few documents, and a hit's lookup was most of its cost:
a hop to a worker thread and a query (about 0.4 of the 0.6 ms a hit cost the app). A record
this process found is served again from memory, as the same bytes, for `max_age_s`; then it
is looked up again. So a record another process adds or removes (a second worker, an operator
cleaning the database) is seen within that long, as it was after one lookup before. Only a
tenant's own record is kept (another tenant's is copied, never served), and a record this
process writes for a tenant's key drops what it kept of it, so the newest record is served.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

MAX_AGE_S = 1.0
"""How long a found record is served from memory: at 1,000 hits a second, one lookup in
a thousand; and a second is as stale as an answer that was in flight when a row changed."""

MAX_BYTES = 32_000_000
"""What the kept JSON may add up to: 2,000 summaries of 600-word documents (14 kB each)."""


class RecentJson:
    def __init__(
        self,
        *,
        max_age_s: float = MAX_AGE_S,
        max_bytes: int = MAX_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age_s = max_age_s
        self.max_bytes = max_bytes
        self._clock = clock
        self._kept: OrderedDict[tuple[str, str], tuple[float, bytes]] = OrderedDict()
        self._bytes = 0

    def get(self, key: str, tenant: str) -> bytes | None:
        """The JSON kept of this tenant's record of `key`, if it was found less than
        `max_age_s` ago."""
        kept = self._kept.get((key, tenant))
        if kept is None:
            return None
        found_at, summary_json = kept
        if self._clock() - found_at >= self.max_age_s:
            self.forget(key, tenant)
            return None
        return summary_json

    def keep(self, key: str, tenant: str, summary_json: bytes) -> None:
        """Keep the JSON of this tenant's record of `key`, just found in the store; the oldest
        kept go when the total would pass `max_bytes` (a record larger than that is not kept)."""
        self.forget(key, tenant)
        if len(summary_json) > self.max_bytes:
            return
        self._kept[(key, tenant)] = (self._clock(), summary_json)
        self._bytes += len(summary_json)
        while self._bytes > self.max_bytes:
            _, (_, dropped) = self._kept.popitem(last=False)
            self._bytes -= len(dropped)

    def forget(self, key: str, tenant: str) -> None:
        kept = self._kept.pop((key, tenant), None)
        if kept is not None:
            self._bytes -= len(kept[1])
