"""The use case: a document goes in, a model drafts, the service verifies, a Summary comes out.

    text -> Document (sentences with offsets) -> prompt -> model (transport retries in the
    backend; re-asks for invalid output here) -> verify each claim (repair when certain,
    re-ask once with the failures, else drop with a warning) -> Summary with provenance

Budgets bound every step: re-asks for invalid output (`max_reasks`), one re-ask for claims
that failed verification, and a token budget across all calls of one summary.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from service.config import Settings
from service.document import Document, Sentence, load_document
from service.draft import ClaimFixes, Draft, DraftClaim, draft_json_schema, fixes_json_schema
from service.errors import BudgetExhausted, ModelOutputError, ModelRefusal, OutputTruncated
from service.llm.base import Backend, ModelRequest, Progress, no_progress
from service.prompts import Prompt, load_prompt
from service.schemas import (
    Claim,
    DocumentInfo,
    Provenance,
    Summary,
    SummaryOptions,
    Usage,
)
from service.verify import terms
from service.verify.attribution import Attribution, analyze
from service.verify.claims import ClaimCheck, sentence_lines, verify_claim
from service.verify.disputes import find_disputes
from service.verify.hedges import check_hedges
from service.verify.instructions import instruction_sentences, words_only_in
from service.verify.overview import check_overview

PROMPT_NAME = "summarize"
AnswerT = TypeVar("AnswerT", Draft, ClaimFixes)


class DraftInvalid(ValueError):
    """The model's answer is not a valid draft; the message says why, for the re-ask."""


def parse_draft(content: str | None, model: type[AnswerT] = Draft) -> AnswerT:  # type: ignore[assignment]
    """Parse leniently (code fences, prose around the object, raw newlines inside strings)."""
    if not content or not content.strip():
        raise DraftInvalid("the answer was empty")
    text = content.strip()
    start = text.find("{")
    if start < 0:
        raise DraftInvalid("the answer contains no JSON object")
    try:
        data, _ = json.JSONDecoder(strict=False).raw_decode(text, start)
    except json.JSONDecodeError as exc:
        reason = f"the answer is not valid JSON: {exc.msg} at character {exc.pos}"
        raise DraftInvalid(reason) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'root'}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise DraftInvalid(f"the JSON does not match the schema: {problems}") from None


def salvage_truncated(content: str | None, model: type[AnswerT]) -> AnswerT | None:
    """The complete part of an answer cut off inside its claims list, or None.

    Tries closing the JSON after each of the last object ends, newest first; the first prefix
    that parses and validates, with at least one claim, wins.
    """
    text = (content or "").rstrip()
    ends = [i for i, ch in enumerate(text) if ch == "}"][-40:]
    for end in reversed(ends):
        try:
            answer = parse_draft(text[: end + 1] + "]}", model)
        except DraftInvalid:
            continue
        if answer.claims:
            return answer
    return None


@dataclass
class Drafter:
    """Asks the backend for drafts and keeps the books: attempts, tokens, re-asks."""

    backend: Backend
    settings: Settings
    progress: Progress = no_progress
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    model: str = ""
    truncated: bool = False

    def _spend_error(self, cls: type[ModelOutputError], message: str) -> ModelOutputError:
        return cls(
            message,
            attempts=self.attempts,
            prompt_tokens=self.usage.prompt_tokens,
            completion_tokens=self.usage.completion_tokens,
        )

    def within_budget(self) -> bool:
        return self.usage.total < self.settings.token_budget

    async def draft(
        self,
        messages: list[dict[str, str]],
        model: type[AnswerT],
        schema: dict[str, Any],
    ) -> tuple[AnswerT, str]:
        """A valid answer and its raw JSON, re-asking with the error when the answer is invalid."""
        reasks_left = self.settings.max_reasks
        while True:
            if not self.within_budget():
                raise self._spend_error(
                    BudgetExhausted,
                    f"The token budget of {self.settings.token_budget} ran out before the model "
                    "produced a valid draft",
                )
            request = ModelRequest(
                messages=messages,
                schema=schema,
                schema_name="summary_draft" if model is Draft else "claim_fixes",
                max_tokens=self.settings.max_output_tokens,
            )
            reply = await self.backend.complete(request, self.progress)
            self.attempts += reply.attempts
            self.usage = self.usage + reply.usage
            self.model = reply.model or self.model
            if reply.refusal:
                raise self._spend_error(ModelRefusal, f"The model refused: {reply.refusal}")
            if reply.finish_reason == "length":
                # More of the same would be cut off again: not re-asked blindly. What was
                # complete before the cut (claims come last) is kept, and verified as usual.
                salvaged = salvage_truncated(reply.content, model)
                if salvaged is None:
                    raise self._spend_error(
                        OutputTruncated,
                        f"The model's answer was cut off at {self.settings.max_output_tokens} "
                        "tokens; raise SOURCED_MAX_OUTPUT_TOKENS or ask for fewer claims",
                    )
                self.truncated = True
                return salvaged, reply.content or ""
            try:
                return parse_draft(reply.content, model), reply.content or ""
            except DraftInvalid as exc:
                if reasks_left <= 0:
                    raise self._spend_error(
                        ModelOutputError, f"The model gave no valid draft: {exc}"
                    ) from None
                reasks_left -= 1
                self.progress("re-asking", str(exc))
                messages = [
                    *messages,
                    {"role": "assistant", "content": (reply.content or "")[:4000]},
                    {
                        "role": "user",
                        "content": f"That answer is invalid: {exc}. "
                        "Answer again with only the JSON object.",
                    },
                ]


def _failure_report(failed: list[ClaimCheck]) -> str:
    lines = []
    for item in failed:
        reasons = "; ".join(f"{c.name}: {c.reason}" for c in item.failures)
        lines.append(f'- claim "{item.draft.text}" (sentences {item.draft.sentences}): {reasons}')
    return "\n".join(lines)


def _same_claim(a: ClaimCheck, b: ClaimCheck) -> bool:
    return (
        a.sentences == b.sentences or a.draft.text.strip().lower() == b.draft.text.strip().lower()
    )


async def _verify_with_reask(
    doc: Document,
    draft: Draft,
    messages: list[dict[str, str]],
    drafter: Drafter,
    options: SummaryOptions,
    frames: Sequence[Attribution],
    planted: Collection[int],
) -> tuple[list[ClaimCheck], list[ClaimCheck]]:
    """Verified claims and dropped ones. Failures are re-asked once, naming each failed check;
    a fix that verifies joins the verified claims and takes its original off the dropped list."""
    drafter.progress("verifying", f"{len(draft.claims)} claims")
    distinct: dict[str, DraftClaim] = {}  # a small model repeats itself; a repeat is no claim
    for claim in draft.claims:
        distinct.setdefault(" ".join(claim.text.lower().split()), claim)
    claims = list(distinct.values())[: options.max_claims]
    checked = [verify_claim(doc, c, frames, planted) for c in claims]
    kept = [c for c in checked if c.passed]
    dropped = [c for c in checked if not c.passed]
    if not dropped or not drafter.within_budget():
        return kept, dropped
    drafter.progress("re-asking", f"{len(dropped)} claims failed verification")
    # Only the failed claims go back, and only their fixes come back: a small model pays per
    # generated token, and the verified claims need no second opinion.
    failed_json = json.dumps(
        {"claims": [c.draft.model_dump() for c in dropped]}, ensure_ascii=False
    )
    feedback = (
        "These claims failed verification against the document:\n"
        + _failure_report(dropped)
        + '\nAnswer with a JSON object {"claims": [...]} holding a corrected version of each: '
        "cite the sentence that states it, keep numbers and names exactly as the document "
        "writes them, and name only sources the document names. Leave out a claim the "
        "document does not support."
    )
    retry = [
        *messages,
        {"role": "assistant", "content": failed_json},
        {"role": "user", "content": feedback},
    ]
    try:
        schema = fixes_json_schema(len(dropped), sentences=len(doc.sentences))
        fixes, _ = await drafter.draft(retry, ClaimFixes, schema)
    except ModelOutputError:
        return kept, dropped  # the first draft stands; its failures stay dropped
    for item in (verify_claim(doc, c, frames, planted) for c in fixes.claims[: len(dropped)]):
        if not item.passed or any(_same_claim(item, k) for k in kept):
            continue
        kept.append(item)
        fixed = next((d for d in dropped if _replaces(item, d)), None)
        if fixed is not None:
            dropped.remove(fixed)
    return kept, dropped


def _opening(text: str, words: int = 8) -> str:
    head = text.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def _replaces(fix: ClaimCheck, original: ClaimCheck) -> bool:
    """Is `fix` the corrected version of `original`? Same sentences, or mostly the same words."""
    if set(fix.sentences) & set(original.draft.sentences):
        return True
    a, b = terms.content_words(fix.draft.text), terms.content_words(original.draft.text)
    return bool(a | b) and len(a & b) / len(a | b) >= 0.5


async def summarize(
    text: str,
    backend: Backend,
    settings: Settings,
    *,
    options: SummaryOptions | None = None,
    title: str | None = None,
    published_at: str | None = None,
    progress: Progress = no_progress,
    prompt: Prompt | None = None,
) -> Summary:
    started = time.perf_counter()
    options = options or SummaryOptions(max_claims=settings.max_claims)
    doc = load_document(text, max_chars=settings.max_document_chars)
    progress("reading", f"{len(doc.sentences)} sentences")
    prompt = prompt or load_prompt(PROMPT_NAME)
    messages = prompt.render(
        sentences=sentence_lines(doc.sentences),
        max_claims=options.max_claims,
        length=options.length,
        title=title,
    )
    drafter = Drafter(backend, settings, progress)
    schema = draft_json_schema(options.max_claims, sentences=len(doc.sentences))
    draft, _ = await drafter.draft(messages, Draft, schema)

    progress("verifying", f"{len(draft.claims)} claims")
    frames = analyze(doc)
    planted = instruction_sentences(doc)
    orders = {s.number for s in planted}
    kept, dropped = await _verify_with_reask(doc, draft, messages, drafter, options, frames, orders)
    warnings = [
        f"sentence {s.number} addresses an AI summarizer (“{_opening(s.text)}”); "
        "it was read as part of the document and not followed"
        for s in planted
    ]
    warnings += [
        f'dropped claim "{c.draft.text}": ' + "; ".join(f"{f.name}: {f.reason}" for f in c.failures)
        for c in dropped
    ]
    verified = kept[: options.max_claims]
    if drafter.truncated:
        warnings.append(
            f"the model's answer was cut off at {settings.max_output_tokens} tokens; "
            "only the claims it completed were verified"
        )
    if not verified:
        warnings.append("no claim could be verified against the document")
    progress("done", f"{len(verified)} verified, {len(dropped)} dropped")
    return build_summary(
        doc,
        draft,
        verified,
        frames,
        planted=planted,
        warnings=warnings,
        provenance=Provenance(
            backend=backend.name,
            model=drafter.model or backend.model,
            prompt=prompt.version,
            attempts=drafter.attempts,
            usage=drafter.usage,
            claims_drafted=len(kept) + len(dropped),
            claims_dropped=len(dropped),
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            created_at=datetime.now(UTC),
        ),
        title=title,
        published_at=published_at,
    )


def build_summary(
    doc: Document,
    draft: Draft,
    verified: list[ClaimCheck],
    frames: Sequence[Attribution],
    *,
    planted: Sequence[Sentence],
    warnings: list[str],
    provenance: Provenance,
    title: str | None = None,
    published_at: str | None = None,
) -> Summary:
    """Only verified claims reach a Summary; each keeps the checks that verified it.

    Then the document's reporting structure decides which claims are disputed or corroborated,
    and the headline, summary and key points are checked (and repaired) so that they neither
    name what the document lacks nor state as fact what it only attributes."""
    overview = check_overview(
        doc,
        draft.headline,
        draft.summary,
        draft.key_points,
        [c.draft.text for c in verified],
        planted=words_only_in(doc, planted),
    )
    hedged = check_hedges(
        doc,
        frames,
        headline=overview.headline,
        summary=overview.summary,
        key_points=overview.key_points,
    )
    claims = [
        Claim(
            id=f"c{i}",
            text=item.draft.text.strip(),
            source=item.source,
            cue=item.cue,
            status=item.status,
            evidence=item.evidence,
            verified=item.passed,
            checks=item.checks,
        )
        for i, item in enumerate(verified, 1)
    ]
    claims, disputes = find_disputes(doc, frames, claims)
    return Summary(
        id=uuid.uuid4().hex,
        headline=hedged.headline,
        summary=hedged.summary,
        key_points=hedged.key_points,
        claims=claims,
        disputes=disputes,
        checks=overview.checks + hedged.checks,
        document=DocumentInfo(
            sha256=doc.sha256,
            chars=len(doc.text),
            sentences=len(doc.sentences),
            title=title,
            published_at=published_at,
        ),
        provenance=provenance,
        warnings=warnings,
    )
