"""What the model is asked to produce: a compact draft that picks the document's statements.

The service has read the document (`reading.py`) and numbered its statements with their speakers.
The model writes a headline and a summary and chooses the statements that matter, most important
first, each with an optional short rewrite; sources, cues, spans and quotes come from the reading.
Every string is bounded, and a claim that repeats an earlier one ends the list, so no answer can
loop until the token cap. The draft is validated here; `assembly.py` turns it into claims.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

HEADLINE_MAX_CHARS = 110
SUMMARY_MAX_CHARS = 360
REWRITE_MAX_CHARS = 140
MAX_IDS_PER_CLAIM = 3
SCHEMAS_KEPT = 256
"""Draft schemas remembered: each document's statements make a new one (a few kilobytes each),
so an unbounded cache would grow with every document a caller sends."""


def _clip(text: str, limit: int) -> str:
    """An over-long string cut at a word boundary (an endpoint may ignore maxLength)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:")


class DraftClaim(BaseModel):
    model_config = ConfigDict(extra="ignore")

    ids: list[int] = Field(
        min_length=1, description="Numbers of the statements it rests on, e.g. [7]."
    )
    text: str = Field(
        default="",
        description='The statement in a few neutral words, naming who makes it; "" to use the '
        "statement as written.",
    )

    @field_validator("text", mode="before")
    @classmethod
    def _bounded_text(cls, value: Any) -> Any:
        return _clip(value, REWRITE_MAX_CHARS) if isinstance(value, str) else value


class Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    headline: str = Field(description="A short, neutral headline.")
    summary: str = Field(description="Two or three sentences.")
    claims: list[DraftClaim] = Field(default_factory=list)

    @field_validator("headline", mode="before")
    @classmethod
    def _bounded_headline(cls, value: Any) -> Any:
        return _clip(value, HEADLINE_MAX_CHARS) if isinstance(value, str) else value

    @field_validator("summary", mode="before")
    @classmethod
    def _bounded_summary(cls, value: Any) -> Any:
        return _clip(value, SUMMARY_MAX_CHARS) if isinstance(value, str) else value

    def distinct(self) -> Draft:
        """The draft up to its first repeated claim: a repeat ends the list."""
        return self.model_copy(update={"claims": self.claims[: first_repeat(self.claims)]})


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def first_repeat(claims: list[DraftClaim]) -> int:
    """Index of the first claim that cites the same statements as an earlier one, or repeats its
    words; len(claims) when none does."""
    seen_ids: set[frozenset[int]] = set()
    seen_text: set[str] = set()
    for index, claim in enumerate(claims):
        ids, text = frozenset(claim.ids), _fold(claim.text)
        if ids in seen_ids or (text and text in seen_text):
            return index
        seen_ids.add(ids)
        if text:
            seen_text.add(text)
    return len(claims)


_IDS = re.compile(r'"ids"\s*:\s*\[([\d\s,]*)\]')
_TEXT = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)"')


def repeats_so_far(partial: str) -> bool:
    """Has the answer written so far (a JSON prefix) just begun a claim that repeats an earlier
    one? Checked after every generated token by the embedded backend, which then stops: the
    repeated claim is incomplete and parsing keeps the claims before it."""
    start = partial.find('"claims"')
    if start < 0:
        return False
    body = partial[start:]
    ids = [
        frozenset(int(n) for n in m.group(1).replace(",", " ").split()) for m in _IDS.finditer(body)
    ]
    if len(ids) >= 2 and ids[-1] in ids[:-1]:
        return True
    texts = [_fold(_unescape(m.group(1))) for m in _TEXT.finditer(body)]
    texts = [t for t in texts if t]
    return len(texts) >= 2 and texts[-1] in texts[:-1]


def _unescape(raw: str) -> str:
    try:
        return str(json.loads(f'"{raw}"'))
    except ValueError:
        return raw


@cache
def _draft_model_schema() -> dict[str, Any]:
    """`Draft`'s own JSON schema: pydantic takes about a millisecond to make it, and it depends
    on the code alone, while `draft_json_schema` is asked again for every new set of statements."""
    return Draft.model_json_schema()


@lru_cache(maxsize=SCHEMAS_KEPT)
def draft_json_schema(
    max_claims: int, statements: tuple[int, ...], *, claims: bool = True
) -> dict[str, Any]:
    """The draft's JSON schema in the strict form OpenAI's structured outputs and llama.cpp accept.

    Strict mode wants every property required and no extra ones. Citations are bounded to the
    statements the model may choose (`statements`, as an enum), so a grammar-constrained local
    model cannot cite a caption, a planted instruction or a number that does not exist.
    String lengths are stated as `maxLength` (the embedded grammar enforces it; endpoints that
    ignore it are clipped when parsed). Without `claims` the model writes only the headline and
    summary (the service chooses the claims). Cached: treat the returned dict as read-only.
    """
    schema = copy.deepcopy(_draft_model_schema())
    defs = schema.get("$defs", {})
    for node in [schema, *defs.values()]:
        node["additionalProperties"] = False
        node["required"] = list(node.get("properties", {}))
        for prop in node.get("properties", {}).values():
            prop.pop("default", None)
            prop.pop("title", None)
    props = schema["properties"]
    props["headline"]["maxLength"] = HEADLINE_MAX_CHARS
    props["summary"]["maxLength"] = SUMMARY_MAX_CHARS
    if not claims:
        del props["claims"], schema["$defs"]
        schema["required"].remove("claims")
        return schema
    props["claims"]["maxItems"] = max_claims
    props["claims"]["minItems"] = 1 if statements else 0
    claim = defs["DraftClaim"]["properties"]
    claim["text"]["maxLength"] = REWRITE_MAX_CHARS
    claim["ids"]["maxItems"] = MAX_IDS_PER_CLAIM
    claim["ids"]["items"] = {"type": "integer", "enum": list(statements) or [0]}
    return schema
