"""The frame type: who (`source`) said what (`content`), by which cue, as spans of the text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Literal

from service.schemas import Stance

SourceKind = Literal["named", "unnamed", "pronoun", "description"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]

    def overlap(self, other: Span) -> int:
        # As max(0, min(ends) - max(starts)), without three builtin calls: asked some 350
        # times in reading a 600-word document.
        end = self.end if self.end < other.end else other.end
        start = self.start if self.start > other.start else other.start
        return end - start if end > start else 0


def touches(spans: Iterable[Span], others: Sequence[Span]) -> bool:
    """Whether any of `spans` overlaps any of `others` (`Span.overlap` above 0), with no
    generator made per pair: asked of every frame of a document for each claim."""
    for span in spans:
        for other in others:
            end = span.end if span.end < other.end else other.end
            if end > (span.start if span.start > other.start else other.start):
                return True
    return False


@dataclass(frozen=True)
class Frame:
    """One frame: `source` (resolved) said `content`, by `cue`. Spans index the original text."""

    content: tuple[Span, ...]
    cue: Span | None
    cue_text: str | None
    source_span: Span | None
    source_text: str | None
    """The source as written where the frame is: "he", "the minister", "activists"."""
    source: str | None
    """The source as the document names it: a pronoun resolved to its name, else `source_text`."""
    kind: SourceKind
    stance: Stance
    direct_quote: bool
    certain: bool
    """False for a quote with no reporting verb of its own, or a pronoun left unresolved."""
    antecedent: Span | None = None
    inner: Frame | None = None
    """A nested frame inside the content ("X said that Y told him..."): Y's frame."""
    sentences: tuple[int, ...] = ()
    """Numbers of the sentences the content touches."""
    content_quote: str = ""
    """The content's text, parts joined by " … " (set by `analyze`)."""

    @property
    def start(self) -> int:
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        return max(s.end for s in self.content)

    def content_text(self, text: str) -> str:
        return " … ".join(s.quote(text) for s in self.content)

    def attribution_spans(self) -> list[Span]:
        """Source and cue as one phrase when they stand together, else apart; plus the name a
        pronoun stands for."""
        source, cue = self.source_span, self.cue
        spans: list[Span]
        if source is not None and cue is not None:
            first, second = (source, cue) if source.start <= cue.start else (cue, source)
            together = second.start - first.end <= 60
            spans = [Span(first.start, second.end)] if together else [first, second]
        else:
            spans = [s for s in (source, cue) if s is not None]
        if self.antecedent is not None and not touches((self.antecedent,), self.content):
            spans.append(self.antecedent)
        return spans


_FIELDS = frozenset(f.name for f in fields(Frame))


def updated(frame: Frame, **changes: object) -> Frame:
    """`dataclasses.replace(frame, **changes)`, the fields copied instead of passed through the
    frozen `__init__` again: about 1 us against 4.7, and reading a 600-word article replaces
    some 70 frames (each sentence's frames moved into place, then finished). The same frame:
    Frame has no `__post_init__`, no field outside `__init__` and nothing cached on it."""
    unknown = changes.keys() - _FIELDS
    if unknown:
        raise TypeError(f"Frame has no field {', '.join(sorted(unknown))}")
    copy = object.__new__(Frame)
    copy.__dict__.update(frame.__dict__, **changes)
    return copy


def shifted(frame: Frame, delta: int) -> Frame:
    """The same frame `delta` characters further on (its words found where they stand now)."""

    def move(span: Span | None) -> Span | None:
        return None if span is None else Span(span.start + delta, span.end + delta)

    return updated(
        frame,
        content=tuple(Span(s.start + delta, s.end + delta) for s in frame.content),
        cue=move(frame.cue),
        source_span=move(frame.source_span),
        antecedent=move(frame.antecedent),
        inner=None if frame.inner is None else shifted(frame.inner, delta),
    )


def flatten(frames: Iterable[Frame]) -> list[Frame]:
    """Every frame, nested ones ("X said that Y told him") after their outer frame."""
    out: list[Frame] = []
    for frame in frames:
        out.append(frame)
        if frame.inner is not None:
            out.extend(flatten([frame.inner]))
    return out
