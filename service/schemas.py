"""The public contract: what callers send and the `Summary` they get back.

The model's draft schema lives apart, in `service/draft.py`: a user never sees a draft, only a
Summary built from it after verification.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

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
        description="Checks of the headline, summary and key points (repairs say so), and the "
        "model judge's (`model_judge`) when it rated the claims.",
    )
    document: DocumentInfo
    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)


class SummaryOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    length: Literal["short", "medium", "long"] = "medium"
    # Strict: `true` or "3" is a caller's mistake to report, not a number to guess.
    max_claims: StrictInt | None = Field(
        default=None,
        ge=1,
        le=30,
        description="At most this many claims; by default the server's SOURCED_MAX_CLAIMS.",
    )
    require_model: StrictBool = Field(
        default=False,
        description="Fail instead of returning an extractive summary when the model's answer "
        "cannot be used.",
    )

    def resolve(self, default_max_claims: int) -> ResolvedOptions:
        """These options with `max_claims` given: the caller's, else the server's setting."""
        values = self.model_dump()
        if values["max_claims"] is None:
            values["max_claims"] = default_max_claims
        return ResolvedOptions.model_validate(values)


class ResolvedOptions(SummaryOptions):
    """Options as the use case reads them: `max_claims` always given."""

    max_claims: StrictInt = Field(ge=1, le=30)


class SummaryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(min_length=1)
    title: StrictStr | None = Field(default=None, max_length=500)
    published_at: StrictStr | None = Field(default=None, max_length=64)
    options: SummaryOptions = Field(default_factory=SummaryOptions)


# --- Verification of any summary against its document (POST /v1/verify) ----------------------

Verdict = Literal["supported", "contradicted", "unsupported"]
AttributionVerdict = Literal[
    "stated_by_document",
    "matches_document",
    "stated_as_fact",
    "wrong_speaker",
    "speaker_not_found",
    "denied_in_document",
    "disputed_in_document",
]


class MissingTerms(BaseModel):
    """What the claim says that its evidence does not hold."""

    numbers: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)


class AttributionCheck(BaseModel):
    """Who the claim says made it, against who the document says made it."""

    verdict: AttributionVerdict
    claimed_source: str | None = Field(
        default=None, description="The speaker the claim's own words name, if any."
    )
    document_source: str | None = Field(
        default=None, description="Who the document says made it; null when it says it itself."
    )
    cue: str | None = None
    reason: str


class ClaimVerification(BaseModel):
    index: int = Field(description="1-based position of the claim in the summary.")
    text: str
    verdict: Verdict
    reason: str = Field(description="Why, in one line a person can act on.")
    sentences: list[int] = Field(description="Document sentences the evidence comes from.")
    evidence: list[Evidence]
    missing: MissingTerms
    attribution: AttributionCheck
    checks: list[Check]
    rules_verdict: Verdict | None = Field(
        default=None,
        description="When the model judge ran: the rules' own verdict, before the judge's rating "
        "(its `model_judge` check) was combined with it.",
    )


class JudgeProvenance(BaseModel):
    """Which model rated the claims (`SOURCED_JUDGE=model`), with which prompt, at what cost."""

    backend: str
    model: str
    prompt: str = Field(description="name@version of the judge's prompt file.")
    attempts: int = Field(description="Model calls made, re-asks and transport retries included.")
    usage: Usage
    latency_ms: float


class VerificationCounts(BaseModel):
    supported: int = 0
    contradicted: int = 0
    unsupported: int = 0


class VerificationReport(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"description": "Each claim of a summary checked against a document."}
    )

    verified: bool = Field(description="True only if every claim is supported.")
    counts: VerificationCounts
    claims: list[ClaimVerification]
    document: DocumentInfo
    judge: Literal["rules", "model"] = Field(
        default="rules",
        description="`model` when a model judge's ratings were combined with the rules' verdicts.",
    )
    judge_provenance: JudgeProvenance | None = Field(
        default=None,
        description="The model judge's call, when one was made (also when it failed: see "
        "warnings).",
    )
    warnings: list[str] = Field(default_factory=list)


class VerifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The document the summary is checked against.")
    summary: str | list[str] = Field(
        description="The summary as text (checked sentence by sentence) or a list of claims."
    )
