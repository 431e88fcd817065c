"""What the model is asked to produce: a draft that cites sentence numbers, never offsets.

A small model cannot copy quotes faithfully, so it cites the numbered sentences it read and the
service computes spans and quotes itself. The draft is validated here and verified in `verify/`.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class DraftClaim(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="One fact or statement from the document, in neutral words.")
    sentences: list[int] = Field(
        min_length=1, description="Numbers of the sentences that state it, e.g. [3]."
    )
    source: str | None = Field(
        default=None,
        description="Who the document says made the statement, as the document names them; "
        "null if the document states it itself.",
    )
    cue: str | None = Field(
        default=None, description="The reporting word: said, denied, according to; or null."
    )


class Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    headline: str = Field(description="A short, neutral headline.")
    summary: str = Field(description="Two to four sentences.")
    key_points: list[str] = Field(default_factory=list)
    claims: list[DraftClaim]


class ClaimFixes(BaseModel):
    """The answer to a re-ask: corrected versions of only the claims that failed verification."""

    model_config = ConfigDict(extra="ignore")

    claims: list[DraftClaim]


@cache
def fixes_json_schema(max_claims: int, *, sentences: int | None = None) -> dict[str, Any]:
    return _strict(ClaimFixes.model_json_schema(), max_claims, sentences)


@cache
def draft_json_schema(max_claims: int, *, sentences: int | None = None) -> dict[str, Any]:
    """The draft's JSON schema in the strict form OpenAI's structured outputs and llama.cpp accept.

    Strict mode wants every property required and no extra ones; nullable fields stay nullable.
    With the document's sentence count, citations are bounded to real sentence numbers (at most
    three per claim), which a grammar-constrained local model then cannot get wrong.
    Cached: treat the returned dict as read-only.
    """
    schema = _strict(Draft.model_json_schema(), max_claims, sentences)
    schema["properties"]["key_points"]["maxItems"] = 5
    return schema


def _strict(schema: dict[str, Any], max_claims: int, sentences: int | None) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    defs = schema.get("$defs", {})
    for node in [schema, *defs.values()]:
        node["additionalProperties"] = False
        node["required"] = list(node.get("properties", {}))
        for prop in node.get("properties", {}).values():
            prop.pop("default", None)
            prop.pop("title", None)
    schema["properties"]["claims"]["maxItems"] = max_claims
    schema["properties"]["claims"]["minItems"] = 1
    if sentences is not None:
        cited = defs["DraftClaim"]["properties"]["sentences"]
        cited["items"] = {"type": "integer", "minimum": 1, "maximum": max(1, sentences)}
        cited["maxItems"] = 3
    return schema
