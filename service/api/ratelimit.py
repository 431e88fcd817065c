"""Per-key request limits, by the `limits` library (in memory, or shared through e.g. Redis)."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse_many
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string

from service.errors import ConfigError


class RateLimiter:
    def __init__(self, spec: str, storage_uri: str = "memory://") -> None:
        try:
            self.items: list[RateLimitItem] = parse_many(spec) if spec.strip() else []
        except ValueError:
            raise ConfigError(
                f"SOURCED_RATE_LIMIT={spec!r} is not a rate limit; write e.g. 60/minute "
                'or "10/second;500/hour", or leave it empty for none.'
            ) from None
        self.spec = spec
        uri = storage_uri if storage_uri.startswith("async+") else f"async+{storage_uri}"
        # Redis through redis-py (a dependency already), not limits' default coredis.
        options = {"implementation": "redispy"} if uri.startswith("async+redis") else {}
        try:
            storage = storage_from_string(uri, **options)
        except Exception as exc:
            raise ConfigError(
                f"SOURCED_RATE_LIMIT_STORAGE is unusable ({type(exc).__name__}); "
                "use memory:// or a URL whose driver is installed (e.g. redis://host:6379)."
            ) from None
        self._storage = storage
        self._strategy = SlidingWindowCounterRateLimiter(storage)

    async def aclose(self) -> None:
        """Close a shared storage's connections (Redis), which belong to this event loop."""
        client = getattr(getattr(self._storage, "bridge", None), "storage", None)
        close = getattr(client, "aclose", None)
        if close is not None:
            await close()

    async def hit(self, caller: str) -> int | None:
        """Count one request; None if allowed, else the seconds until one would be."""
        for item in self.items:
            if not await self._strategy.test(item, "sourced", caller):
                stats = await self._strategy.get_window_stats(item, "sourced", caller)
                return max(1, math.ceil(stats.reset_time - time.time()))
        for item in self.items:
            await self._strategy.hit(item, "sourced", caller)
        return None
