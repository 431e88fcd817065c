"""Documents longer than the model's context: read whole, drafted section by section, reduced.

    text -> one Reading of the whole text (global offsets, speakers, planted text) -> fits the
    backend's context? -> `summarize` as is
                     -> else: statements packed into sections on paragraph boundaries within
    the backend's budget -> each section drafted with the same prompt and drafter (concurrently
    where the backend allows) -> candidates merged, repeats dropped -> a reduce step: the same
    prompt over the candidates writes the headline and summary and ranks them -> every claim
    verified against the whole reading, so every offset is into the original text -> with
    SOURCED_JUDGE=model, the verified claims rated in one call, as for a short document

The decision is made from the text alone, before any model is loaded. Documents too long for
one prompt are refused (413, pointing at jobs) unless `settings.long_documents` allows sections:
jobs do, the synchronous endpoint keeps its modest limit.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypedDict, Unpack

from service.assembly import choose_claims, finish_summary
from service.config import Settings
from service.draft import Draft, DraftClaim, first_repeat
from service.drafting import Drafter
from service.errors import DocumentTooLong, ModelOutputError
from service.extractive import chosen_by_service, extractive_draft
from service.llm.base import Backend
from service.progress import Progress, no_progress
from service.prompts import Prompt, load_prompt
from service.reading import Reading, Statement, read
from service.schemas import ResolvedOptions, Summary, SummaryOptions
from service.summarize import (
    JUDGE_REJECTED_ALL,
    PROMPT_NAME,
    judge_chosen,
    made_by,
    reading_warnings,
    summarize,
)

# A conservative 3 characters per token for prompt text (English runs near 4), and room for the
# prompt's own instructions: a section never overflows the context it was sized for.
CHARS_PER_TOKEN = 3.0
PROMPT_OVERHEAD_TOKENS = 700
# Prompt lines add "[n] " and a speaker's label to the text; a text this much under the budget
# fits without being read first.
SURELY_FITS_FACTOR = 1.3
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def context_tokens(backend: Backend, settings: Settings) -> int:
    """The backend's context, as it states it (`context_tokens`), else the configured one."""
    stated = getattr(backend, "context_tokens", None)
    return stated if isinstance(stated, int) and stated > 0 else settings.context_tokens


def section_budget_chars(backend: Backend, settings: Settings) -> int:
    """Characters of statement lines one prompt may carry, with room for the answer."""
    return prompt_budget_chars(context_tokens(backend, settings), settings)


def prompt_budget_chars(context: int, settings: Settings) -> int:
    """Characters of statement lines a prompt to a model of `context` tokens may carry."""
    tokens = context - settings.max_output_tokens
    return max(1_000, int((tokens - PROMPT_OVERHEAD_TOKENS) * CHARS_PER_TOKEN))


def paragraph_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in PARAGRAPH_BREAK.finditer(text))]


def split_sections(reading: Reading, budget_chars: int) -> list[list[Statement]]:
    """Statements in sections of at most `budget_chars` of prompt lines, cut between paragraphs
    (inside a paragraph only when that paragraph alone is over the budget)."""
    starts = paragraph_starts(reading.text)
    paragraphs: list[list[Statement]] = []
    index = -1
    for statement in reading.statements:
        while index + 1 < len(starts) and starts[index + 1] <= statement.start:
            index += 1
            paragraphs.append([])
        if not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(statement)
    sections: list[list[Statement]] = []
    current: list[Statement] = []
    size = 0
    for paragraph in filter(None, paragraphs):
        length = sum(len(s.prompt_line()) + 1 for s in paragraph)
        if current and size + length > budget_chars:
            sections.append(current)
            current, size = [], 0
        if length <= budget_chars:
            current.extend(paragraph)
            size += length
            continue
        for statement in paragraph:  # one paragraph over the budget: cut between statements
            line = len(statement.prompt_line()) + 1
            if current and size + line > budget_chars:
                sections.append(current)
                current, size = [], 0
            current.append(statement)
            size += line
    if current:
        sections.append(current)
    return sections


def fits(reading: Reading, backend: Backend, settings: Settings) -> bool:
    return len(reading.prompt_lines()) <= section_budget_chars(backend, settings)


class SummarizeArgs(TypedDict, total=False):
    """`summarize`'s keyword arguments, which `summarize_document` passes on."""

    options: SummaryOptions | None
    title: str | None
    published_at: str | None
    progress: Progress
    prompt: Prompt | None


async def summarize_document(
    text: str, backend: Backend, settings: Settings, **given: Unpack[SummarizeArgs]
) -> Summary:
    """`summarize`, for a document of any length the settings allow (same signature)."""
    budget = section_budget_chars(backend, settings)
    surely_fits = len(text) * SURELY_FITS_FACTOR <= budget  # no need to read it twice
    reading = None if surely_fits else read(text, max_chars=settings.max_document_chars)
    if reading is None or fits(reading, backend, settings):
        return await summarize(text, backend, settings, **given)
    if not settings.long_documents:
        raise DocumentTooLong(
            f"The document is too long to summarize in one pass: its statements take "
            f"{len(reading.prompt_lines()):,} characters of prompt and the model's context holds "
            f"about {budget:,} (SOURCED_CONTEXT_TOKENS). Send it as a job, POST /v1/jobs, "
            "which reads long documents section by section."
        )
    return await summarize_sections(
        reading,
        backend,
        settings,
        options=(given.get("options") or SummaryOptions()).resolve(settings.max_claims),
        title=given.get("title"),
        published_at=given.get("published_at"),
        progress=given.get("progress", no_progress),
        prompt=given.get("prompt") or load_prompt(PROMPT_NAME),
    )


@dataclass
class _SectionDraft:
    draft: Draft | None
    drafter: Drafter
    failure: str | None = None


async def summarize_sections(
    reading: Reading,
    backend: Backend,
    settings: Settings,
    *,
    options: ResolvedOptions,
    prompt: Prompt,
    title: str | None = None,
    published_at: str | None = None,
    progress: Progress = no_progress,
) -> Summary:
    started = time.perf_counter()
    sections = split_sections(reading, section_budget_chars(backend, settings))
    total = len(sections)
    progress("sections", f"0/{total} sections")
    done = 0
    slots = asyncio.Semaphore(settings.model_concurrency or (8 if settings.uses_endpoint else 1))

    async def draft_section(statements: Sequence[Statement]) -> _SectionDraft:
        nonlocal done
        drafter = Drafter(backend, settings, prompt, progress)
        async with slots:
            try:
                draft = await _draft(
                    reading, drafter, prompt, statements, options, title or reading.title
                )
            except ModelOutputError as exc:
                if options.require_model:
                    raise
                return _SectionDraft(None, drafter, str(exc))
            finally:
                done += 1
                progress("sections", f"{done}/{total} sections")
        return _SectionDraft(draft, drafter)

    drafted = await asyncio.gather(*(draft_section(s) for s in sections))
    warnings = reading_warnings(reading)
    warnings.append(f"long document: read whole, drafted in {total} sections, then reduced")
    for number, result in enumerate(drafted, 1):
        if result.failure:
            warnings.append(f"section {number} of {total} had no usable draft: {result.failure}")
        warnings += result.drafter.notes
    candidates = merge_claims([r.draft for r in drafted if r.draft], options.max_claims * 3)
    drafters = [r.drafter for r in drafted]

    mode: Literal["model", "extractive"] = "model"
    if candidates:
        progress("reducing", f"{len(candidates)} candidate claims")
        reducer = Drafter(backend, settings, prompt, progress)
        drafters.append(reducer)
        chosen = [reading.statements[n - 1] for n in sorted({i for c in candidates for i in c.ids})]
        try:
            draft = await _draft(reading, reducer, prompt, chosen, options, title or reading.title)
        except ModelOutputError as exc:
            if options.require_model:
                raise
            first = next(r.draft for r in drafted if r.draft)
            draft = Draft(headline=first.headline, summary=first.summary, claims=candidates)
            warnings.append(f"the reduce step had no usable draft ({exc}); sections' claims kept")
    else:
        mode = "extractive"
        draft = extractive_draft(reading, options.max_claims)
        warnings.append("extractive summary: no section had a usable draft")
    progress("verifying", f"{len(draft.claims)} chosen statements")
    verified = choose_claims(
        reading,
        draft,
        max_claims=options.max_claims,
        warnings=warnings,
        fill_to=settings.fill_claims,
    )
    spent = sum(d.usage.total for d in drafters)
    judged = await judge_chosen(
        verified, reading, backend, settings, mode=mode, spent=spent, progress=progress
    )
    provenance = made_by(backend, prompt, drafters, started=started, mode=mode)
    summary = finish_summary(
        reading,
        draft,
        verified,
        provenance=judged.charged(provenance),
        title=title,
        published_at=published_at,
        checks=judged.checks,
    )
    if judged.rejected_all:
        summary.warnings.append(JUDGE_REJECTED_ALL)
    progress("done", f"{len(summary.claims)} verified claims ({mode}, {total} sections)")
    return summary


async def _draft(
    reading: Reading,
    drafter: Drafter,
    prompt: Prompt,
    statements: Sequence[Statement],
    options: ResolvedOptions,
    title: str | None,
) -> Draft:
    messages = prompt.render(
        statements="\n".join(s.prompt_line() for s in statements),
        max_claims=options.max_claims,
        length=options.length,
        title=title,
    )
    draft = await drafter.draft(messages, options.max_claims, tuple(s.number for s in statements))
    if drafter.model_claims:
        return draft
    return chosen_by_service(reading, draft, statements, options.max_claims)


def merge_claims(drafts: Sequence[Draft], limit: int) -> list[DraftClaim]:
    """The sections' claims, most important of each section first, taken in turn (so that
    every part of the document is heard), without repeats; at most `limit`."""
    queues = [list(d.claims) for d in drafts]
    merged: list[DraftClaim] = []
    while any(queues) and len(merged) < limit:
        for queue in queues:
            if not queue or len(merged) >= limit:
                continue
            claim = queue.pop(0)
            if first_repeat([*merged, claim]) > len(merged):  # not a repeat of one taken
                merged.append(claim)
    return merged
