"""Is this request really from Slack or Discord, fresh, and seen for the first time?

Slack signs `v0:timestamp:body` with HMAC-SHA256 (checked by slack_sdk's own verifier, which
compares in constant time); Discord signs `timestamp + body` with Ed25519 (checked by PyNaCl).
Both carry a timestamp: requests more than five minutes from our clock are refused, and a
signature seen within that window is refused the second time, so a captured request can't be
played again.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Mapping

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from slack_sdk.signature import Clock as SlackClock
from slack_sdk.signature import SignatureVerifier

Clock = Callable[[], float]
"""Seconds since the epoch; injected so tests never wait or depend on the date."""

FRESHNESS_S = 300  # Slack's documented window; Discord documents none, we apply the same.
MAX_TIMESTAMP_DIGITS = 12  # seconds since the epoch, for the next 30,000 years


def plausible_timestamp(value: str | None) -> bool:
    """Digits a clock could show: a 400-digit "timestamp" overflows float arithmetic, and one
    of 5,000 digits is more than int() will read."""
    if not value:
        return False
    return value.isascii() and value.isdigit() and len(value) <= MAX_TIMESTAMP_DIGITS


class ReplayGuard:
    """Remembers signatures for as long as their timestamp could still pass the freshness check."""

    def __init__(self, clock: Clock, window_s: float = FRESHNESS_S, max_entries: int = 200_000):
        self._clock = clock
        # A timestamp may be up to `window_s` ahead of us and is then fresh for `2 * window_s`.
        self._keep_s = 2 * window_s
        self._max_entries = max_entries
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen within the window (and remembers it)."""
        now = self._clock()
        while self._seen:
            oldest_key, expires = next(iter(self._seen.items()))
            if expires > now and len(self._seen) < self._max_entries:
                break
            del self._seen[oldest_key]
        if key in self._seen:
            return False
        self._seen[key] = now + self._keep_s
        return True


class _SdkClock(SlackClock):
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock()


class SlackSignatures:
    """Slack's v0 request signatures, via slack_sdk, plus replay refusal."""

    def __init__(self, signing_secret: str, clock: Clock = time.time) -> None:
        self._verifier = SignatureVerifier(signing_secret, clock=_SdkClock(clock))
        self._replays = ReplayGuard(clock)

    def is_authentic(self, body: bytes, headers: Mapping[str, str]) -> bool:
        headers = {name.lower(): value for name, value in headers.items()}
        timestamp = headers.get("x-slack-request-timestamp")
        signature = headers.get("x-slack-signature")
        if not signature or not plausible_timestamp(timestamp):
            return False
        assert timestamp is not None
        try:
            text = body.decode("utf-8")  # the SDK would raise on anything else
        except UnicodeDecodeError:
            return False
        if not self._verifier.is_valid(body=text, timestamp=timestamp, signature=signature):
            return False
        return self._replays.first_time(signature)


class DiscordSignatures:
    """Discord's Ed25519 interaction signatures, plus freshness and replay refusal."""

    def __init__(self, public_key_hex: str, clock: Clock = time.time) -> None:
        self._key = VerifyKey(bytes.fromhex(public_key_hex))
        self._clock = clock
        self._replays = ReplayGuard(clock)

    def is_authentic(self, body: bytes, headers: Mapping[str, str]) -> bool:
        headers = {name.lower(): value for name, value in headers.items()}
        timestamp = headers.get("x-signature-timestamp")
        signature_hex = headers.get("x-signature-ed25519")
        if not signature_hex or not plausible_timestamp(timestamp):
            return False
        assert timestamp is not None
        try:
            signature = bytes.fromhex(signature_hex)
            self._key.verify(timestamp.encode() + body, signature)
        except (ValueError, BadSignatureError):  # bad hex or wrong length are ValueErrors
            return False
        if abs(self._clock() - int(timestamp)) > FRESHNESS_S:
            return False
        return self._replays.first_time(signature_hex.lower())
