"""The optional model judge (`SOURCED_JUDGE=model`): one constrained call rates every claim of a
summary against its evidence as `supported`, `contradicted` or `unsupported`.

The model is the configured endpoint, else the embedded one, through the same `Backend` as the
drafts (its transport retries and deadlines); the answer is one JSON object keyed by claim number
whose values the schema (a grammar, on the embedded model) limits to the three ratings. An invalid
answer is re-asked with the error within `max_reasks` and `token_budget`, the whole judgement runs
within `max_total_s`, and any failure leaves the rules' verdicts standing with a warning: the
judge never fails a request.

The judge sees each claim with the evidence the rules chose for it, not the whole document: a
claim it lifts is supported by the spans the report shows. The rules keep their veto:

    rules' verdict                         judge: supported   unsupported    contradicted
    supported                              supported          unsupported    contradicted
    unsupported, wording overlap only      supported (lift)   unsupported    contradicted
    unsupported, a hard rule failed        unsupported        unsupported    contradicted
    contradicted                           contradicted       contradicted   contradicted

"Wording overlap only": the one failed rule is the share of the claim's words the evidence holds
(a paraphrase), so the rules cannot tell. A hard rule is anything else: a number or name not in
the evidence, a negation, opposite or requalified number, an added judgement, a speaker the
evidence does not have. The judge may lower any verdict, sharpen `unsupported` to `contradicted`,
and raise only the uncertain one.

In the summarizer every claim has passed the rules already (a claim that failed is dropped, and
a rewrite that failed gave way to the statement's own words), so there the judge can only drop
a claim, with a warning that says so (`screen_claims`); a claim that is its evidence word for
word is not asked about. The extractive floor and the sections
of a long document are not judged.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from service.config import Settings
from service.errors import SourcedError
from service.llm.answers import json_object_in
from service.llm.base import Backend, ModelRequest
from service.prompts import Prompt, load_prompt
from service.schemas import Check, Claim, JudgeProvenance, Usage, Verdict

JUDGE_PROMPT = "judge"
RATINGS: tuple[Verdict, ...] = get_args(Verdict)
TOKENS_PER_CLAIM = 12
"""Output tokens allowed per claim: `"12": "contradicted", ` is about eight."""

MAX_EVIDENCE_CHARS = 1500
"""Evidence shown per claim: a transcript's cited turns can run long; the start is what matters."""


@dataclass(frozen=True, slots=True)
class ClaimToJudge:
    text: str
    evidence: str


class JudgeAnswerInvalid(ValueError):
    """The judge's answer is not one rating per claim; the message says why, for the re-ask."""


def judge_schema(count: int) -> dict[str, Any]:
    """One required property per claim, in order, each one of the three ratings."""
    keys = [str(i) for i in range(1, count + 1)]
    return {
        "type": "object",
        "properties": {key: {"type": "string", "enum": list(RATINGS)} for key in keys},
        "required": keys,
        "additionalProperties": False,
    }


def judge_messages(prompt: Prompt, claims: Sequence[ClaimToJudge]) -> list[dict[str, str]]:
    """The prompt with each claim and its evidence, on one line each (the layout is the prompt
    file's)."""
    shown = []
    for claim in claims:
        evidence = " ".join(claim.evidence.split())
        if len(evidence) > MAX_EVIDENCE_CHARS:
            evidence = evidence[:MAX_EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"
        shown.append({"text": " ".join(claim.text.split()), "evidence": evidence})
    return prompt.render(claims=shown)


def parse_ratings(content: str | None, count: int) -> list[Verdict]:
    """The ratings in claim order, or `JudgeAnswerInvalid` saying what is wrong."""
    data = json_object_in(content, JudgeAnswerInvalid)
    if not isinstance(data, dict):
        raise JudgeAnswerInvalid("the answer is not a JSON object")
    wanted = [str(i) for i in range(1, count + 1)]
    if missing := [k for k in wanted if k not in data]:
        raise JudgeAnswerInvalid(f"no rating for claim {', '.join(missing)}")
    if unknown := sorted(set(data) - set(wanted)):
        raise JudgeAnswerInvalid(f"there is no claim {', '.join(unknown)}")
    ratings: list[Verdict] = []
    for key in wanted:
        value = data[key]
        if value not in RATINGS:
            raise JudgeAnswerInvalid(
                f"claim {key}'s rating {value!r} is not one of {', '.join(RATINGS)}"
            )
        ratings.append(value)
    return ratings


@dataclass
class JudgeOutcome:
    """The ratings, or None with the warning that says why the rules' verdicts stand."""

    ratings: list[Verdict] | None
    provenance: JudgeProvenance
    warning: str | None = None
    errors: list[str] = field(default_factory=list)


async def rate_claims(
    claims: Sequence[ClaimToJudge],
    backend: Backend,
    settings: Settings,
    prompt: Prompt | None = None,
    *,
    spent: int = 0,
) -> JudgeOutcome:
    """Every claim rated in one call (plus re-asks of an invalid answer), within what is left
    of `token_budget` after `spent` tokens. Never raises for a failed judgement: the outcome
    carries no ratings and a warning instead."""
    prompt = prompt or load_prompt(JUDGE_PROMPT)
    started = time.perf_counter()
    usage, attempts, model = Usage(), 0, backend.model
    messages = judge_messages(prompt, claims)
    schema = judge_schema(len(claims))
    reasks_left = settings.max_reasks
    problem: str | None = None
    ratings: list[Verdict] | None = None
    try:
        async with asyncio.timeout(settings.max_total_s):
            while True:
                if spent + usage.total >= settings.token_budget:
                    problem = f"its token budget of {settings.token_budget} ran out"
                    break
                request = ModelRequest(
                    messages=messages,
                    schema=schema,
                    schema_name="claim_ratings",
                    max_tokens=16 + TOKENS_PER_CLAIM * len(claims),
                )
                reply = await backend.complete(request)
                attempts += reply.attempts
                usage = usage + reply.usage
                model = reply.model or model
                if reply.refusal:
                    problem = f"the model refused: {reply.refusal}"
                    break
                try:
                    ratings = parse_ratings(reply.content, len(claims))
                    break
                except JudgeAnswerInvalid as exc:
                    problem = f"its answer was invalid ({exc})"
                if reasks_left <= 0:
                    break
                reasks_left -= 1
                messages = [
                    *messages,
                    {"role": "assistant", "content": (reply.content or "")[:2000]},
                    prompt.followup("invalid", error=problem),
                ]
    except TimeoutError:
        problem = f"it did not answer within {settings.max_total_s:g}s (SOURCED_MAX_TOTAL_S)"
    except SourcedError as exc:  # upstream down, context too small, weights missing...
        problem = exc.message
        attempts += getattr(exc, "attempts", 0)
    provenance = JudgeProvenance(
        backend=backend.name,
        model=model,
        prompt=prompt.version,
        attempts=attempts,
        usage=usage,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    if ratings is not None:
        return JudgeOutcome(ratings, provenance)
    return JudgeOutcome(
        None,
        provenance,
        warning=f"the model judge gave no ratings: {problem}; the rules' verdicts stand",
    )


def combine(rules: Verdict, liftable: bool, rating: Verdict) -> Verdict:
    """The verdict the report gives (the table in the module docstring)."""
    if rules == "contradicted" or rating == "contradicted":
        return "contradicted"
    if rules == "supported":
        return rating
    return "supported" if liftable and rating == "supported" else "unsupported"


def judge_check(rules: Verdict, liftable: bool, rating: Verdict, model: str) -> Check:
    """The judge's rating as a check a person can read, saying how it met the rules."""
    final = combine(rules, liftable, rating)
    reason = f"{model} rated it {rating} against the evidence"
    if final != rating:
        reason += f"; the rules' {rules} verdict stands (a hard rule failed)"
    elif final != rules:
        how = "lifted over the rules' wording check" if final == "supported" else "over the rules"
        reason += f"; {how}"
    return Check(name="model_judge", passed=rating == "supported", reason=reason)


@dataclass
class Screened:
    """The claims the judge let through, what it dropped and why, and the check saying so."""

    claims: list[Claim]
    dropped: list[Claim]
    warnings: list[str]
    check: Check
    provenance: JudgeProvenance


def _as_written(claim: Claim, document: str) -> bool:
    """Is the claim's text word for word in the document where its evidence stands? Then the
    document states it there, and there is nothing for a judge to rate."""
    if not claim.evidence:
        return False
    start = min(e.start for e in claim.evidence)
    end = max(e.end for e in claim.evidence)
    # A statement's span may stop before its full stop.
    words = " ".join(claim.text.split()).rstrip(".!?;: ")
    return bool(words) and words in " ".join(document[start:end].split())


async def screen_claims(
    claims: Sequence[Claim],
    document: str,
    backend: Backend,
    settings: Settings,
    *,
    spent: int = 0,
) -> Screened:
    """The summarizer's verified claims rated in one call against their content evidence: a
    claim rated unsupported or contradicted is dropped, the others carry a `model_judge` check.
    A claim that is its evidence word for word is not asked about (a small model rejects such
    claims too: measured on examples/port-strike.txt); none to ask, no call. A failed judgement
    keeps every claim, with a warning."""
    asked = [c for c in claims if not _as_written(c, document)]
    if not asked:
        check = Check(
            name="model_judge",
            passed=True,
            reason="not asked: every claim is the document's own words",
        )
        provenance = JudgeProvenance(
            backend=backend.name,
            model=backend.model,
            prompt=load_prompt(JUDGE_PROMPT).version,
            attempts=0,
            usage=Usage(),
            latency_ms=0.0,
        )
        return Screened(list(claims), [], [], check, provenance)
    outcome = await rate_claims(
        [
            ClaimToJudge(c.text, " ".join(e.quote for e in c.evidence if e.role == "content"))
            for c in asked
        ],
        backend,
        settings,
        spent=spent,
    )
    judged = outcome.provenance
    if outcome.ratings is None:
        assert outcome.warning is not None
        check = Check(name="model_judge", passed=False, reason=outcome.warning)
        return Screened(list(claims), [], [outcome.warning], check, judged)
    rating_of = {id(c): r for c, r in zip(asked, outcome.ratings, strict=True)}
    kept, dropped, warnings = [], [], []
    for claim in claims:
        rating = rating_of.get(id(claim))
        if rating is None:  # its own words: nothing to ask
            kept.append(claim)
            continue
        check = judge_check("supported", False, rating, judged.model)
        if rating == "supported":
            kept.append(claim.model_copy(update={"checks": [*claim.checks, check]}))
        else:
            dropped.append(claim)
            warnings.append(f'dropped claim "{claim.text}": model_judge: {check.reason}')
    reason = (
        f"{judged.model} ({judged.prompt}) rated {len(asked)} claims: "
        f"{len(asked) - len(dropped)} supported, {len(dropped)} dropped"
    )
    if len(asked) < len(claims):
        reason += f"; {len(claims) - len(asked)} not asked, being the document's own words"
    return Screened(
        kept, dropped, warnings, Check(name="model_judge", passed=True, reason=reason), judged
    )
