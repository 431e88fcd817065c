"""The public contract: what callers send and the `Summary` they get back.

The model's draft schema lives apart, in `service/draft.py`: a user never sees a draft, only a
Summary built from it after verification.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimStatus = Literal["asserted", "attributed", "disputed"]
Stance = Literal["asserts", "denies", "confirms"]


class Evidence(BaseModel):
    """A span of the document exactly as the caller sent it: `text[start:end] == quote`."""

    start: int = Field(ge=0, description="Character offset (Python string index), inclusive.")
    end: int = Field(ge=0, description="Character offset, exclusive.")
    quote: str
    role: Literal["content", "attribution"] = Field(
        default="content",
        description="`content` holds what is claimed; `attribution` names who claims it.",
    )


class Check(BaseModel):
    """One verification step on one claim, with a reason a person can read."""

    name: str
    passed: bool
    reason: str


class Claim(BaseModel):
    id: str
    text: str = Field(description="The claim in neutral words.")
    source: str | None = Field(
        default=None,
        description="Who the document says made the claim, as the document names them; "
        "null when the document states it in its own voice.",
    )
    cue: str | None = Field(
        default=None, description="The reporting verb or phrase: said, denied, according to."
    )
    status: ClaimStatus = "asserted"
    evidence: list[Evidence]
    verified: bool = Field(description="True only if every check of this claim passed.")
    checks: list[Check]
    corroborated_by: list[str] = Field(
        default_factory=list,
        description="Other sources in the document that report the same thing.",
    )


class DisputeParty(BaseModel):
    source: str | None
    stance: Stance
    claim_id: str | None = None
    evidence: list[Evidence]


class Dispute(BaseModel):
    id: str
    topic: str
    parties: list[DisputeParty]


class DocumentInfo(BaseModel):
    sha256: str
    chars: int
    sentences: int
    statements: int = Field(
        default=0, description="Checkable statements the service read in the document."
    )
    title: str | None = None
    published_at: str | None = None
    planted: list[Evidence] = Field(
        default_factory=list,
        description="Sentences that address the AI instead of the reader: read, never obeyed.",
    )
    boilerplate: list[Evidence] = Field(
        default_factory=list,
        description="Page furniture (share bars, bylines, cookie notices): never a claim.",
    )


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Provenance(BaseModel):
    backend: str
    model: str
    prompt: str = Field(description="name@version of the prompt file that made the draft.")
    attempts: int = Field(description="Model calls made, re-asks and transport retries included.")
    usage: Usage
    claims_drafted: int = Field(default=0, description="Distinct claims the model drafted.")
    claims_dropped: int = Field(
        default=0, description="Drafted claims that failed verification and were left out."
    )
    latency_ms: float
    created_at: datetime
    mode: Literal["model", "extractive"] = Field(
        default="model",
        description="`extractive` when the model's answer could not be used and the summary was "
        "built from the document's own statements.",
    )


class Summary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"description": "A summary whose every claim was checked."}
    )

    id: str
    headline: str
    summary: str
    key_points: list[str] = Field(default_factory=list)
    claims: list[Claim]
    disputes: list[Dispute] = Field(default_factory=list)
    checks: list[Check] = Field(
        default_factory=list,
        description="Checks of the headline, summary and key points; repairs say so.",
    )
    document: DocumentInfo
    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)


class SummaryOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    length: Literal["short", "medium", "long"] = "medium"
    max_claims: int = Field(default=8, ge=1, le=30)
    require_model: bool = Field(
        default=False,
        description="Fail instead of returning an extractive summary when the model's answer "
        "cannot be used.",
    )


class SummaryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    title: str | None = Field(default=None, max_length=500)
    published_at: str | None = Field(default=None, max_length=64)
    options: SummaryOptions = Field(default_factory=SummaryOptions)
