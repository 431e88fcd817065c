"""Examples for the OpenAPI schema, with offsets computed so that `text[start:end] == quote`."""

from __future__ import annotations

from typing import Any

TEXT = (
    "Dock workers at the port of Halden walked out on Monday.\n"
    "The union said the strike would last 48 hours.\n"
    "The port authority denied that ships were being turned away."
)


def _evidence(quote: str, role: str = "content") -> dict[str, Any]:
    start = TEXT.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote, "role": role}


REQUESTS: dict[str, dict[str, Any]] = {
    "minimal": {"summary": "Just the text", "value": {"text": TEXT}},
    "with_options": {
        "summary": "With title, date and options",
        "value": {
            "text": TEXT,
            "title": "Halden dock strike",
            "published_at": "2026-11-30",
            "options": {"length": "short", "max_claims": 5},
        },
    },
}

_CHECKS = [
    {"name": "cited_sentences", "passed": True, "reason": "sentence 2 exists"},
    {"name": "numbers", "passed": True, "reason": "48 appears in the evidence"},
    {"name": "attribution", "passed": True, "reason": '"The union" is named in the evidence'},
]

SUMMARY: dict[str, Any] = {
    "id": "5f0c8e6a2b9d4c1e8f7a6b5c4d3e2f10",
    "headline": "Halden dock workers strike",
    "summary": "Dock workers at Halden walked out; the union expects a 48-hour strike.",
    "key_points": ["The strike began on Monday."],
    "claims": [
        {
            "id": "c1",
            "text": "The strike will last 48 hours.",
            "source": "The union",
            "cue": "said",
            "status": "attributed",
            "evidence": [
                _evidence("the strike would last 48 hours"),
                _evidence("The union", "attribution"),
            ],
            "verified": True,
            "checks": _CHECKS,
            "corroborated_by": [],
        }
    ],
    "disputes": [],
    "document": {
        "sha256": "3b8f2e0c9a1d4f6b7e5c2a9d8f1e0b3c4a5d6e7f8091a2b3c4d5e6f708192a3b",
        "chars": len(TEXT),
        "sentences": 3,
        "title": None,
        "published_at": None,
    },
    "provenance": {
        "backend": "openai",
        "model": "gpt-4o-mini",
        "prompt": "summarize@1+1a2b3c4d",
        "attempts": 1,
        "usage": {"prompt_tokens": 412, "completion_tokens": 188},
        "latency_ms": 1840.5,
        "created_at": "2026-11-30T12:00:00Z",
    },
    "warnings": [],
}
