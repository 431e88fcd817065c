"""Asking the model for a draft: parsing its answer leniently, keeping what is complete, re-asking
with the error when it is invalid, and keeping the books (attempts, tokens) for provenance.

Transport retries live in the backends (one retry layer); here are the re-asks for invalid output,
bounded by `max_reasks`, and the token budget across all calls of one summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from service.config import Settings
from service.draft import Draft, draft_json_schema, repeats_so_far
from service.errors import BudgetExhausted, ModelOutputError, ModelRefusal, OutputTruncated
from service.llm.answers import json_object_in
from service.llm.base import Backend, ModelRequest
from service.progress import Progress, no_progress
from service.prompts import Prompt
from service.schemas import Usage


class DraftInvalid(ValueError):
    """The model's answer is not a valid draft; the message says why, for the re-ask."""


def parse_draft(content: str | None) -> Draft:
    """Parse leniently (code fences, prose around the object, raw newlines inside strings); a
    repeated claim and everything after it is dropped."""
    data = json_object_in(content, DraftInvalid)
    try:
        return Draft.model_validate(data).distinct()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'root'}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise DraftInvalid(f"the JSON does not match the schema: {problems}") from None


def salvage(content: str | None) -> Draft | None:
    """The complete part of an answer that stopped inside its claims list, or None.

    Tries closing the JSON after each of the last object ends, newest first; the first prefix
    that parses and validates, with at least one claim, wins.
    """
    text = (content or "").rstrip()
    ends = [i for i, ch in enumerate(text) if ch == "}"][-40:]
    for end in reversed(ends):
        try:
            answer = parse_draft(text[: end + 1] + "]}")
        except DraftInvalid:
            continue
        if answer.claims:
            return answer
    return None


@dataclass
class Drafter:
    """Asks the backend for a draft and keeps the books: attempts, tokens, re-asks."""

    backend: Backend
    settings: Settings
    prompt: Prompt
    progress: Progress = no_progress
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    model: str = ""
    notes: list[str] = field(default_factory=list)
    """What happened to the answer on the way (cut off, repeats ended): for the warnings."""

    @property
    def model_claims(self) -> bool:
        """Does the model choose the claims (`Settings.model_claims`)?"""
        if self.settings.model_claims is not None:
            return self.settings.model_claims
        return self.backend.name.rsplit(":", 1)[-1] != "embedded"  # a replay names what it replays

    def _spend_error(self, cls: type[ModelOutputError], message: str) -> ModelOutputError:
        return cls(
            message,
            attempts=self.attempts,
            prompt_tokens=self.usage.prompt_tokens,
            completion_tokens=self.usage.completion_tokens,
        )

    async def draft(
        self, messages: list[dict[str, str]], max_claims: int, statements: tuple[int, ...]
    ) -> Draft:
        """A valid draft, re-asking with the error while the answer is invalid."""
        reasks_left = self.settings.max_reasks
        schema = draft_json_schema(max_claims, statements, claims=self.model_claims)
        while True:
            if self.usage.total >= self.settings.token_budget:
                raise self._spend_error(
                    BudgetExhausted,
                    f"The token budget of {self.settings.token_budget} ran out before the model "
                    "produced a valid draft",
                )
            request = ModelRequest(
                messages=messages,
                schema=schema,
                schema_name="summary_draft",
                max_tokens=self.settings.max_output_tokens,
                stop_when=repeats_so_far,
            )
            reply = await self.backend.complete(request, self.progress)
            self.attempts += reply.attempts
            self.usage = self.usage + reply.usage
            self.model = reply.model or self.model
            if reply.refusal:
                raise self._spend_error(ModelRefusal, f"The model refused: {reply.refusal}")
            try:
                return parse_draft(reply.content)
            except DraftInvalid as exc:
                error = exc
            # Stopped inside the claims (a repeat began, or the token cap): what was complete
            # before the stop is kept. More of the same would stop again, so no re-ask for it.
            kept = salvage(reply.content)
            if kept is not None:
                if reply.finish_reason == "length":
                    self.notes.append(
                        f"the model's answer was cut off at {self.settings.max_output_tokens} "
                        f"tokens; the {len(kept.claims)} claims it completed were kept"
                    )
                return kept
            if reply.finish_reason == "length":
                raise self._spend_error(
                    OutputTruncated,
                    f"The model's answer was cut off at {self.settings.max_output_tokens} tokens "
                    "before it completed a claim",
                )
            if reasks_left <= 0:
                raise self._spend_error(ModelOutputError, f"The model gave no valid draft: {error}")
            reasks_left -= 1
            self.progress("re-asking", str(error))
            messages = [
                *messages,
                {"role": "assistant", "content": (reply.content or "")[:4000]},
                self.prompt.followup("invalid", error=str(error)),
            ]
