"""API keys: who may call, checked in constant time, never logged or echoed.

Keys come from settings.api_keys: comma-separated keys, or "@/path/to/file" holding one sha256 hex
digest per line (so the server never needs the keys themselves). Only digests are kept in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

from service.errors import ConfigError

MIN_KEY_CHARS = 16
_HEX_DIGEST = re.compile(r"^[0-9a-fA-F]{64}$")


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()


class KeyRing:
    def __init__(self, digests: list[bytes]) -> None:
        if not digests:
            raise ConfigError("SOURCED_API_KEYS is set but holds no key.")
        self._digests = tuple(digests)

    @classmethod
    def from_setting(cls, value: str | None) -> KeyRing | None:
        """The configured keys, or None when none are configured (local use only)."""
        if value is None or not value.strip():
            return None
        value = value.strip()
        if value.startswith("@"):
            return cls(_read_digest_file(Path(value[1:]).expanduser()))
        keys = [k.strip() for k in value.split(",") if k.strip()]
        if any(len(k) < MIN_KEY_CHARS for k in keys):
            raise ConfigError(
                f"SOURCED_API_KEYS holds a key shorter than {MIN_KEY_CHARS} characters; use "
                "long random keys, e.g. from: openssl rand -base64 32"
            )
        return cls([_digest(k) for k in keys])

    def identify(self, presented: str) -> str | None:
        """A stable, non-secret name for the key (for rate limits), or None if it is not ours.

        Every known digest is compared, match or not, so timing does not tell which one matched.
        """
        candidate = _digest(presented)
        match: bytes | None = None
        for known in self._digests:
            if hmac.compare_digest(candidate, known):
                match = known
        return match.hex()[:16] if match is not None else None


def _read_digest_file(path: Path) -> list[bytes]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Cannot read the API key file {path} ({type(exc).__name__}); "
            "SOURCED_API_KEYS=@PATH names a file of sha256 hex digests, one per line."
        ) from None
    digests = []
    for number, line in enumerate(lines, 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if not _HEX_DIGEST.match(entry):
            raise ConfigError(
                f"{path} line {number} is not a sha256 hex digest (64 hex digits); make one with: "
                'printf %s "$KEY" | sha256sum'
            )
        digests.append(bytes.fromhex(entry))
    return digests
