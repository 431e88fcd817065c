"""The use case: a document goes in, the service reads it, a model chooses, a Summary comes out.

    text -> Reading (sentences, who says what, titles, captions, boilerplate, planted text,
    numbered statements) -> prompt -> model picks statements and condenses (transport retries
    in the backend; re-asks for invalid output in `drafting.py`) -> claims from the chosen
    statements (`assembly.py`) -> with SOURCED_JUDGE=model, one more call rates them and may
    drop some (`verify/judge.py`) -> headline and summary checked against the claims -> Summary

When the model answered but its answer cannot be used, the Summary is built from the reading
alone (`extractive.py`, `provenance.mode == "extractive"`), unless the caller requires the model.
Transport failures stay errors: a caller must see an outage.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from service.assembly import ChosenClaims, build_summary, choose_claims, finish_summary
from service.config import JudgeMode, Settings
from service.draft import Draft
from service.drafting import Drafter
from service.errors import ModelOutputError
from service.extractive import chosen_by_service, extractive_draft
from service.llm.base import Backend
from service.progress import Progress, no_progress
from service.prompts import Prompt, load_prompt
from service.reading import Reading, read
from service.schemas import Check, Provenance, Summary, SummaryOptions, Usage
from service.verify.judge import screen_claims

PROMPT_NAME = "summarize"


def _opening(text: str, words: int = 8) -> str:
    head = text.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def reading_warnings(reading: Reading) -> list[str]:
    """What the reading found that a person should know: planted text, above all."""
    return [
        f"planted instruction: sentence {s.number} addresses an AI summarizer "
        f"(“{_opening(s.text)}”); it was read as part of the document and not followed"
        for s in reading.planted_sentences
    ]


def made_by(
    backend: Backend,
    prompt: Prompt,
    drafters: Sequence[Drafter],
    *,
    started: float,
    mode: Literal["model", "extractive"],
) -> Provenance:
    """The provenance of a summary drafted by `drafters` (one, or one per section)."""
    usage = Usage()
    for drafter in drafters:
        usage = usage + drafter.usage
    return Provenance(
        backend=backend.name,
        model=next((d.model for d in drafters if d.model), backend.model),
        prompt=prompt.version,
        attempts=sum(d.attempts for d in drafters),
        usage=usage,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        created_at=datetime.now(UTC),
        mode=mode,
    )


def draft_messages(
    reading: Reading, options: SummaryOptions, prompt: Prompt, title: str | None = None
) -> list[dict[str, str]]:
    """What the model reads: the numbered statements with who says what, and the task."""
    return prompt.render(
        statements=reading.prompt_lines(),
        max_claims=options.max_claims,
        length=options.length,
        title=title or reading.title,
    )


JUDGE_REJECTED_ALL = (
    "the model judge rejected every verified claim; none is given (SOURCED_JUDGE=rules gives the "
    "rules' claims)"
)


@dataclass
class Judged:
    """What the model judge did to the chosen claims (nothing, with SOURCED_JUDGE=rules)."""

    checks: list[Check] = field(default_factory=list)
    attempts: int = 0
    usage: Usage = field(default_factory=Usage)
    rejected_all: bool = False

    def charged(self, provenance: Provenance) -> Provenance:
        """`provenance` with the judge's call added to its attempts and tokens."""
        return provenance.model_copy(
            update={
                "attempts": provenance.attempts + self.attempts,
                "usage": provenance.usage + self.usage,
            }
        )


async def judge_chosen(
    chosen: ChosenClaims,
    reading: Reading,
    backend: Backend,
    settings: Settings,
    *,
    mode: Literal["model", "extractive"],
    spent: int,
    progress: Progress = no_progress,
) -> Judged:
    """With SOURCED_JUDGE=model, the verified claims of a model's draft rated in one more call:
    the ones it rejects leave `chosen` (in place), and its check and cost are returned. An
    extractive summary is the document's own words: nothing to judge. `spent`: tokens the drafts
    already took, counted against the summary's budget."""
    if mode != "model" or settings.judge is not JudgeMode.MODEL or not chosen.claims:
        return Judged()
    progress("judging", f"{len(chosen.claims)} verified claims")
    screened = await screen_claims(chosen.claims, reading.text, backend, settings, spent=spent)
    drafted_dropped = sum(
        not any(c.name == "chosen_by_service" for c in claim.checks) for claim in screened.dropped
    )
    chosen.claims = screened.claims
    chosen.warnings += screened.warnings
    chosen.drafted_verified -= drafted_dropped
    return Judged(
        checks=[screened.check],
        attempts=screened.provenance.attempts,
        usage=screened.provenance.usage,
        rejected_all=not screened.claims,
    )


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
    options = (options or SummaryOptions()).resolve(settings.max_claims)
    reading = read(text, max_chars=settings.max_document_chars)
    progress("reading", f"{len(reading.statements)} statements")
    prompt = prompt or load_prompt(PROMPT_NAME)
    messages = draft_messages(reading, options, prompt, title)
    drafter = Drafter(backend, settings, prompt, progress)
    warnings = reading_warnings(reading)
    mode: Literal["model", "extractive"] = "model"
    draft: Draft
    try:
        draft = await drafter.draft(
            messages, options.max_claims, tuple(s.number for s in reading.statements)
        )
        if not drafter.model_claims:
            draft = chosen_by_service(reading, draft, reading.statements, options.max_claims)
    except ModelOutputError as exc:
        if options.require_model:
            raise
        draft, mode = extractive_draft(reading, options.max_claims), "extractive"
        warnings.append(
            f"extractive summary: the model's answer could not be used ({exc}); "
            "the claims are the document's own leading statements"
        )
    warnings += drafter.notes

    def provenance() -> Provenance:
        return made_by(backend, prompt, [drafter], started=started, mode=mode)

    progress("verifying", f"{len(draft.claims)} chosen statements")
    chosen = choose_claims(
        reading,
        draft,
        max_claims=options.max_claims,
        warnings=warnings,
        fill_to=settings.fill_claims,
    )
    judged = await judge_chosen(
        chosen, reading, backend, settings, mode=mode, spent=drafter.usage.total, progress=progress
    )
    summary = finish_summary(
        reading,
        draft,
        chosen,
        provenance=judged.charged(provenance()),
        title=title,
        published_at=published_at,
        checks=judged.checks,
    )
    if judged.rejected_all:
        # The document's own statements passed the same rules the rejected claims passed: the
        # extractive floor would put back what the judge has just ruled out.
        summary.warnings.append(JUDGE_REJECTED_ALL)
    elif not summary.claims and mode == "model" and reading.statements:
        if options.require_model:
            raise ModelOutputError(
                "No claim of the model's draft could be verified against the document",
                attempts=drafter.attempts,
                prompt_tokens=drafter.usage.prompt_tokens,
                completion_tokens=drafter.usage.completion_tokens,
            )
        mode = "extractive"
        summary = build_summary(
            reading,
            extractive_draft(reading, options.max_claims),
            max_claims=options.max_claims,
            provenance=provenance(),
            warnings=[
                *summary.warnings,
                "extractive summary: no claim of the model's draft could be verified; "
                "the claims are the document's own leading statements",
            ],
            title=title,
            published_at=published_at,
        )
    progress("done", f"{len(summary.claims)} verified claims ({mode})")
    return summary
