"""Posting to Slack and Discord: one retry layer, Retry-After honoured, no payload logged."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from service.config import Settings
from service.errors import DeliveryFailed

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]


class Poster:
    """Posts JSON with bounded retries: 4 attempts and 30 s at most per message."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings, sleep: Sleep = anyio.sleep):
        self._client = client
        self._settings = settings
        self._sleep = sleep
        self._backoff = wait_random_exponential(
            multiplier=settings.backoff_initial_s, max=settings.backoff_max_s
        )

    async def post(
        self, what: str, url: str, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """POST `payload` to `url` (named `what` in logs, which never show the URL's token)."""
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda e: isinstance(e, DeliveryFailed) and e.retryable),
            stop=stop_after_attempt(4) | stop_after_delay(30),
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=lambda state: log.warning(
                "posting %s failed (%s); retrying",
                what,
                state.outcome and state.outcome.exception(),
            ),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._post_once(what, url, payload, headers or {})
        raise AssertionError("unreachable: tenacity re-raises the last error")

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, DeliveryFailed) and error.retry_after is not None:
            return min(error.retry_after, self._settings.retry_after_cap_s)
        return float(self._backoff(state))

    async def _post_once(
        self, what: str, url: str, payload: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        try:
            response = await self._client.post(url, json=payload, headers=headers)
        except httpx.TransportError as exc:
            raise DeliveryFailed(f"{what}: {type(exc).__name__}", retryable=True) from None
        body = _json_or_empty(response)
        if response.status_code == 429:
            raise DeliveryFailed(
                f"{what}: rate limited", retryable=True, retry_after=_retry_after(response, body)
            )
        if response.status_code >= 500:
            raise DeliveryFailed(f"{what}: HTTP {response.status_code}", retryable=True)
        if response.status_code >= 400:
            raise DeliveryFailed(f"{what}: HTTP {response.status_code}", retryable=False)
        if body.get("ok") is False:  # Slack's Web API answers 200 with {"ok": false, "error"}
            raise DeliveryFailed(f"{what}: {body.get('error', 'refused')}", retryable=False)
        return body


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(response: httpx.Response, body: dict[str, Any]) -> float | None:
    for value in (response.headers.get("retry-after"), body.get("retry_after")):
        try:
            return max(0.0, float(str(value)))
        except ValueError:
            continue
    return None
