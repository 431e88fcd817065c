"""A conversation as a document: one line per message, `Author Name: message text`.

The summarizer reads each line as a statement by its author, and every claim's evidence is a span
of this text; so the transcript keeps, per message, where its line lies, and a claim's spans lead
back to the message (and its link) they quote. How much of the conversation was read, and why the
rest was not, travels with it (`Reading`) so the reply can say so.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from service.schemas import Claim, Dispute, Evidence

STANCE_WORDS = {"asserts": "says", "denies": "disagrees", "confirms": "agrees"}
MESSAGE_CHARS = 4000  # a longer message is cut here: a chat summary needs its gist, not all of it
AUTHOR_CHARS = 80
ELLIPSIS = "…"
PROMPT_LINE_CHARS = len("[9999] () \n")  # what a statement line adds to an author and words


@dataclass(frozen=True)
class ChatMessage:
    """One message as read from a platform, its text already plain (markup resolved)."""

    id: str  # Slack's ts, Discord's snowflake
    author_id: str
    author: str  # the name people see
    text: str
    posted_at: datetime
    link: str  # Slack permalink, Discord jump link


@dataclass(frozen=True)
class Line:
    """Where one message's line lies in the transcript: `text[start:end]` is the whole line."""

    message: ChatMessage
    author: str  # as written on the line (made unique and colon-free)
    start: int
    text_start: int  # where the message's own words begin, after "Author: "
    end: int


@dataclass
class Reading:
    """How much of a conversation was read, and why the rest was not: shown with the summary."""

    where: str  # "this thread", "#general"
    read: int = 0
    bots: int = 0  # bot messages (our own summaries included) left out
    other: int = 0  # joins, leaves, deleted messages, other events
    shortened: int = 0  # messages cut to MESSAGE_CHARS
    cuts: list[str] = field(default_factory=list)  # why the history ends where it does

    def describe(self) -> str:
        """One sentence, e.g. "Read 200 messages in this thread (3 from bots left out)."."""
        noun = "message" if self.read == 1 else "messages"
        left_out = []
        if self.bots:
            left_out.append(f"{self.bots} from bots")
        if self.other:
            left_out.append(f"{self.other} joins, deletions or other events")
        sentence = f"Read {self.read} {noun} in {self.where}"
        if left_out:
            sentence += f" ({' and '.join(left_out)} left out)"
        sentence += "."
        if self.shortened:
            many = "message was" if self.shortened == 1 else "messages were"
            sentence += f" {self.shortened} long {many} read up to {MESSAGE_CHARS:,} characters."
        return " ".join([sentence, *self.cuts])


@dataclass(frozen=True)
class Transcript:
    text: str
    lines: tuple[Line, ...]
    reading: Reading

    def line_at(self, offset: int) -> Line | None:
        """The line holding character `offset`, if any (the newlines between lines hold none)."""
        starts = [line.start for line in self.lines]
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return None
        line = self.lines[index]
        return line if offset < line.end else None

    def lines_for(self, claim: Claim) -> list[Line]:
        """The messages a claim's evidence quotes, in transcript order, each once."""
        return self.lines_quoted(claim.evidence)

    def lines_quoted(self, evidence: list[Evidence]) -> list[Line]:
        """The messages these spans fall in (content spans first: they hold what was said)."""
        found: dict[int, Line] = {}
        evidence = [e for e in evidence if e.role == "content"] or evidence
        for span in evidence:
            for line in self._overlapping(span):
                found[line.start] = line
        return [found[start] for start in sorted(found)]

    def _overlapping(self, span: Evidence) -> Iterable[Line]:
        starts = [line.start for line in self.lines]
        index = max(0, bisect.bisect_right(starts, span.start) - 1)
        for line in self.lines[index:]:
            if line.start >= max(span.end, span.start + 1):
                break
            if line.end > span.start:
                yield line


@dataclass(frozen=True)
class Side:
    """One participant's side of a disagreement: their stance and the messages that hold it."""

    who: str
    stance: str  # "says", "disagrees", "agrees": how a reader names it
    lines: tuple[Line, ...]
    quote: str  # what they said first, as the transcript has it


def sides(dispute: Dispute, transcript: Transcript) -> list[Side]:
    """The dispute's parties, one side per person in the order they spoke, each with their
    messages (a person who argues twice is one side with two messages)."""
    found: dict[str, tuple[str, str, list[Line], str]] = {}
    for party in dispute.parties:
        who = party.source or "someone"
        quoted = transcript.lines_quoted(party.evidence)
        content = next((e.quote for e in party.evidence if e.role == "content"), "")
        key = who.casefold()
        if key not in found:
            found[key] = (who, STANCE_WORDS.get(party.stance, party.stance), [], content)
        found[key][2].extend(line for line in quoted if line not in found[key][2])
    return [Side(who, stance, tuple(lines), quote) for who, stance, lines, quote in found.values()]


def build_transcript(
    messages: Iterable[ChatMessage],
    reading: Reading,
    *,
    max_chars: int | None = None,
    keep_first: bool = False,
) -> Transcript:
    """The transcript of `messages` (oldest first); empty messages are left out.

    Past `max_chars` of prompt lines the oldest messages are left out (a thread keeps its first,
    `keep_first`): what someone missed is most often the latest; the reading says how many.
    """
    messages = [m for m in messages if _counted_empty(m, reading)]
    names = _unique_names(messages)
    entries: list[tuple[ChatMessage, str, str]] = []
    for message in messages:
        words = one_line(message.text)
        if len(words) > MESSAGE_CHARS:
            words = _shorten(words, MESSAGE_CHARS)
            reading.shortened += 1
        entries.append((message, names[message.author_id], words))
    if max_chars is not None:
        entries = _latest_fitting(entries, max_chars, keep_first, reading)

    parts: list[str] = []
    lines: list[Line] = []
    offset = 0
    for message, author, words in entries:
        prefix = f"{author}: "
        if parts:
            offset += 1  # the newline before this line
        line = Line(
            message=message,
            author=author,
            start=offset,
            text_start=offset + len(prefix),
            end=offset + len(prefix) + len(words),
        )
        parts.append(prefix + words)
        lines.append(line)
        offset = line.end
    reading.read = len(lines)
    return Transcript("\n".join(parts), tuple(lines), reading)


def _counted_empty(message: ChatMessage, reading: Reading) -> bool:
    if one_line(message.text):
        return True
    reading.other += 1
    return False


def _latest_fitting(
    entries: list[tuple[ChatMessage, str, str]], max_chars: int, keep_first: bool, reading: Reading
) -> list[tuple[ChatMessage, str, str]]:
    # Counted as the model is shown each line, "[123] (Author) words", not as "Author: words".
    sizes = [len(author) + len(words) + PROMPT_LINE_CHARS for _, author, words in entries]
    if sum(sizes) <= max_chars:
        return entries
    first = entries[:1] if keep_first else []
    budget = max_chars - sum(sizes[: len(first)])
    kept: list[tuple[ChatMessage, str, str]] = []
    for entry, size in zip(
        reversed(entries[len(first) :]), reversed(sizes[len(first) :]), strict=True
    ):
        if size > budget:
            break
        kept.append(entry)
        budget -= size
    kept.reverse()
    dropped = len(entries) - len(first) - len(kept)
    if dropped:
        which = "messages after the first" if first else "earlier messages"
        reading.cuts.append(
            f"{dropped} {which} were left out: the model reads about {max_chars:,} characters "
            "of conversation at once."
        )
    return first + kept


def one_line(text: str) -> str:
    """Newlines and runs of spaces folded to single spaces: one message, one line."""
    return " ".join(text.split())


def _author_name(name: str) -> str:
    # A colon would move where the line's author ends; "Name: text" must parse one way only.
    clean = one_line(name.replace(":", " ")) or "someone"
    return clean if len(clean) <= AUTHOR_CHARS else _shorten(clean, AUTHOR_CHARS)


def _unique_names(messages: list[ChatMessage]) -> dict[str, str]:
    """Each author's name on the lines; two people with one name are told apart by a number."""
    names: dict[str, str] = {}
    taken: dict[str, int] = {}
    for message in messages:
        if message.author_id in names:
            continue
        name = _author_name(message.author)
        count = taken.get(name.casefold(), 0) + 1
        taken[name.casefold()] = count
        names[message.author_id] = name if count == 1 else f"{name} ({count})"
    return names


def _shorten(text: str, limit: int) -> str:
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS
