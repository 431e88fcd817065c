"""Evaluation fixtures: a document written for the project and what a good summary of it must do.

One YAML file per fixture in evals/fixtures/. Expectations name key terms, not whole sentences, so
a summary passes by saying the right thing in its own words. A term like "87|eighty-seven" matches
either spelling; every term of a list must match. A field left out is not checked; `source: null`
is checked and means "the document's own voice".
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from service.evals.matching import alternatives, contains_term
from service.schemas import ClaimStatus, ResolvedOptions, Stance, SummaryOptions
from service.verify.lexicon import HEDGE_CUE_STEMS

EVALS_DIR = Path(__file__).resolve().parents[2] / "evals"
FIXTURES_DIR = EVALS_DIR / "fixtures"

Coverage = Literal[
    "named-sources",
    "quote",
    "paraphrase",
    "denial",
    "one-sided-claim",
    "numbers-units",
    "relative-date",
    "photo-captions",
    "press-release",
    "meeting-minutes",
    "research-abstract",
    "very-short",
    "other-language",
    "hidden-instructions",
    "agreeing-sources",
    "quote-two-sentences",
    "pronoun-source",
    "unnamed-source",
    "nested-attribution",
    "caption-restates-body",
    "hedge",
]
"""What a fixture exercises: issue 5's list plus issue 6's attribution cases."""

DEFAULT_HEDGE_CUES = HEDGE_CUE_STEMS
"""Words that keep a statement attributed: "the union says 87% voted", "claims of ...". """

MIN_WORDS = 80
MAX_WORDS = 600
# The fixtures' expectations were written for requests of at most 8 claims (the request default
# of their time): a fixture that does not say keeps 8, whatever the server's SOURCED_MAX_CLAIMS.
FIXTURE_MAX_CLAIMS = 8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class ClaimExpectation(_Strict):
    """A claim the summary must contain, found by key terms in the claim's text."""

    id: str
    terms: list[str] = Field(min_length=1, description='All must match; "a|b" is either.')
    source: str | None = Field(default=None, description="Alternatives; null = no source.")
    cue: str | None = Field(default=None, description="Alternatives for the reporting verb.")
    status: list[ClaimStatus] | None = Field(
        default=None, description="Accepted statuses; a single value is a list of one."
    )
    corroborated_by: str | None = Field(
        default=None, description="Alternatives naming a source listed in corroborated_by."
    )
    note: str = ""

    @field_validator("status", mode="before")
    @classmethod
    def _one_status(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @property
    def checks_source(self) -> bool:
        return "source" in self.model_fields_set

    @property
    def checks_cue(self) -> bool:
        return "cue" in self.model_fields_set


class PartyExpectation(_Strict):
    source: str = Field(description="Alternatives naming the party.")
    stance: Stance | None = None


class DisputeExpectation(_Strict):
    """Sources that disagree about one matter; the summary's disputes must group them."""

    id: str
    parties: list[PartyExpectation] = Field(min_length=2)
    topic: list[str] = Field(
        default_factory=list, description="Terms found in the topic or the parties' claims."
    )
    note: str = ""


class HedgeExpectation(_Strict):
    """Something the document only attributes: the headline, summary and key points may mention
    it only alongside an attribution word."""

    id: str
    terms: list[str] = Field(min_length=1)
    cues: str = DEFAULT_HEDGE_CUES
    note: str = ""


class InjectionExpectation(_Strict):
    """An instruction hidden in the document. Obeying it would put `payload` in the output."""

    id: str
    trigger: str
    payload: list[str] = Field(min_length=1)


class Limits(_Strict):
    headline_max_chars: int = Field(default=120, ge=10)
    min_claims: int = Field(default=1, ge=0)
    max_claims: int | None = Field(
        default=None, ge=1, description="Defaults to options.max_claims."
    )
    max_disputes: int | None = Field(
        default=None,
        ge=0,
        description="At most this many disputes: any beyond the expected ones group statements "
        "that are not about one matter.",
    )


class Expectations(_Strict):
    claims: list[ClaimExpectation] = Field(default_factory=list)
    disputes: list[DisputeExpectation] = Field(default_factory=list)
    hedges: list[HedgeExpectation] = Field(default_factory=list)
    traps: list[str] = Field(
        default_factory=list, description="Strings that must never appear: hallucination traps."
    )
    injections: list[InjectionExpectation] = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)


class Fixture(_Strict):
    name: str
    description: str
    covers: list[Coverage] = Field(min_length=1)
    language: str = "en"
    title: str | None = None
    published_at: str | None = None
    options: ResolvedOptions = Field(
        default_factory=lambda: SummaryOptions().resolve(FIXTURE_MAX_CLAIMS)
    )
    text: str = Field(min_length=1)
    expect: Expectations

    @field_validator("options", mode="before")
    @classmethod
    def _fixture_claims(cls, given: object) -> object:
        if isinstance(given, dict):
            return SummaryOptions.model_validate(given).resolve(FIXTURE_MAX_CLAIMS)
        return given

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def max_claims(self) -> int:
        return self.expect.limits.max_claims or self.options.max_claims

    @model_validator(mode="after")
    def _consistent(self) -> Fixture:
        """Catch fixtures that could never pass, or pass for the wrong reason."""
        problems: list[str] = []
        if self.words > MAX_WORDS:
            problems.append(f"the text has {self.words} words; keep it under {MAX_WORDS}")
        if self.words < MIN_WORDS and "very-short" not in self.covers:
            problems.append(
                f"the text has {self.words} words; below {MIN_WORDS} mark it very-short"
            )
        expect = self.expect
        ids = [c.id for c in expect.claims] + [d.id for d in expect.disputes]
        ids += [h.id for h in expect.hedges] + [i.id for i in expect.injections]
        if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(f"expectation ids repeat: {duplicates}")
        for claim in self.expect.claims:
            if claim.source and not contains_term(self.text, claim.source):
                problems.append(
                    f"claim {claim.id}: no alternative of source {claim.source!r} is in the text"
                )
        for dispute in self.expect.disputes:
            for party in dispute.parties:
                if not contains_term(self.text, party.source):
                    problems.append(
                        f"dispute {dispute.id}: party {party.source!r} is not in the text"
                    )
        for trap in self.expect.traps:
            if contains_term(self.text, trap):
                problems.append(f"trap {trap!r} is in the text itself, so the summary may say it")
        for injection in self.expect.injections:
            if not contains_term(self.text, injection.trigger):
                problems.append(
                    f"injection {injection.id}: trigger {injection.trigger!r} is not in the text"
                )
        for term in [t for c in self.expect.claims for t in c.terms]:
            if not alternatives(term):
                problems.append(f"empty term {term!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class FixtureError(ValueError):
    """A fixture file that does not load: names the file and what is wrong."""


def load_fixture(path: Path) -> Fixture:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fixture = Fixture.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise FixtureError(f"{path}: unreadable: {exc}") from exc
    except ValidationError as exc:
        raise FixtureError(f"{path}: invalid fixture:\n{exc}") from exc
    if fixture.name != path.stem:
        raise FixtureError(f"{path}: name {fixture.name!r} must equal the file name {path.stem!r}")
    return fixture


def load_fixtures(pattern: str | None = None) -> list[Fixture]:
    """Fixtures whose files match `pattern`, sorted by name.

    A pattern without a slash names fixtures in evals/fixtures ("injection-*"); one with a slash is
    a path glob. The default is every fixture.
    """
    pattern = pattern or "*"
    if "/" not in pattern:
        pattern = str(FIXTURES_DIR / (pattern if pattern.endswith(".yaml") else f"{pattern}.yaml"))
    paths = sorted(Path(p) for p in glob.glob(pattern))
    if not paths:
        raise FixtureError(f"no fixture files match {pattern}")
    return [load_fixture(path) for path in paths]
