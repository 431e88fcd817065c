"""Speaker turns: the lines of a transcript, chat log or minutes that open with who is speaking.

"Ann: the launch slips to May", "[00:12] Bob: I disagree", "Cllr Hughes: ..." are statements by
their speaker exactly as "Ann said the launch slips to May" is, and so are the lines under a
pasted chat's header ("priya — Today at 9:02 AM"). A line counts as a turn only in a document
that reads as a transcript (several such lines, two speakers or more), so a news article's
"Photo: ..." or "Update: ..." line is never a speaker.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from service.document import LINE_MARKER, Document
from service.memo import text_memo
from service.verify import captions
from service.verify.attribution import Span
from service.verify.attribution.coreference import mention_index
from service.verify.lexicon import HONORIFICS

_ADDRESSED = (
    r"(?:[ \t]+to[ \t]+(?:Everyone|everyone|[^:\n()]{1,40}\((?:Direct Message|[Pp]rivately)\)))"
)
"""A Zoom chat's addressee after the author ("From Ana Costa to Everyone:")."""

# An optional timestamp ("[00:12]", "(10:32)", "10:32 -", a WhatsApp export's "[03/12/2026,
# 09:02:11]" or "03/12/2026, 09:02 - "), then a name of one to seven words and a colon. Names
# may be lower-case chat handles ("bob.smith", "@ann") but hold no sentence punctuation.
_TURN = re.compile(
    r"^[ \t]*(?:[-*•][ \t]+)?(?:[QT]\d{1,2}\.[ \t]+)?(?:\[\d{5,}\][ \t]+)?"
    r"(?:[\[(]?(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+)?\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*[AaPp]\.?[Mm]\.?)?[\])]?\s*(?:[-–—]\s*)?(?:From[ \t]+)?)?"
    r"(?:\*\*|__)?(?P<speaker>@?[^\W\d_][\w.’'@-]*(?:[ \t]+[\w.’'@-]+){0,6}?)"
    r"(?:[ \t]*\((?P<who>[A-Z][^()\n:]{1,40})\))?(?:[ \t]*\((?P<party>[^()\n:]{1,24})\))?"
    r"(?:,[ \t]+(?P<office>[A-Z][A-Z0-9 .,’'&-]{1,60}))?"
    r"(?:[ \t]*[\[(]\d{1,2}:\d{2}(?::\d{2})?[\])])?"  # "Speaker 1 (00:05): ..."
    rf"{_ADDRESSED}?[ \t]*(?:\*\*|__)?:(?:\*\*|__)?[ \t]+(?P<content>\S.*)$",
    re.MULTILINE,
)
"""A Markdown transcript's "**Maya Lin:** ..." and a Zoom chat's "10:02:33 From Ana Costa to
Everyone: ..." are turns too. A briefing's "SPOKESPERSON (Dr Lena Ortiz): ..." and a
parliament's "The Secretary of State for Energy (Ms Priya Nandakumar): ..." name who speaks in
brackets (`who`); a member's own "Mr David Harcourt (Wealden) (Con): ..." names the seat and
the party there (`party`), after Hansard's question number ("Q1. [901234] Sarah Mitchell
(Bristol North) (Lab): ..."). Meeting notes may list them ("- Ana: the signups were 40%
above target"). A television transcript gives the office after a comma, in capitals
(`office`): "SAM PRICE, CNN CORRESPONDENT: ...", "GOV. MARIA LOPEZ (D), NEVADA: ..."."""

_DATE_AT_END = re.compile(r"\d,?\s*$")
"""A line ending in a turn's date ("[03/12/2026,"), its time and name on the next line."""


def _turn_matches(text: str) -> Iterator[re.Match[str]]:
    """`_TURN.finditer(text)`, tried only at the lines that can open a turn: its colon is on
    its first line, unless only the date is ("[03/12/2026," over "09:02:11] Ann: ..."). The
    pattern tried at each of a story's paragraphs cost it a tenth of a millisecond."""
    end = start = 0
    for line in text.split("\n"):
        opens = start >= end and (":" in line or _DATE_AT_END.search(line))
        if opens and (match := _TURN.match(text, start)) is not None:
            yield match
            end = match.end()
        start += len(line) + 1


_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
_HEADER = re.compile(
    r"^[ \t]*(?P<speaker>@?[^\W\d_][\w.’'@-]*(?:[ \t]+[\w.’'@-]+){0,3}?)[ \t]*(?:[—–-]|[ \t])[ \t]*"
    rf"(?:(?:Today|Yesterday)\s+at\s+{_CLOCK}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}(?:,?\s+{_CLOCK})?"
    rf"|\[{_CLOCK}\]|{_CLOCK})[ \t]*$",
    re.MULTILINE,
)
"""A pasted Discord or Slack message's header line, the author and when, its words on the lines
below: "priya — Today at 9:02 AM", "marco — 03/12/2026 9:04 AM", "Priya Shah  9:02 AM"."""
_FORUM_HEADER = re.compile(
    r"^[ \t]*(?:r/[\w-]+[ \t]*·[ \t]*)?(?:Posted by[ \t]+)?(?P<speaker>u/[\w-]+)[ \t]*·?[ \t]*"
    r"\d+[ \t]*(?:s|m|h|d|w|mo|y|mins?|hrs?|hours?|days?|weeks?|months?|years?)[ \t]+ago[ \t]*$",
    re.MULTILINE,
)
"""A forum thread's post header: "u/rackmount_rick · 4h ago", "r/homelab · Posted by u/x 5h ago"."""
_NEWS_BOARD_HEADER = re.compile(
    r"^[ \t]*(?P<speaker>[A-Za-z][\w-]{1,14})[ \t]+\d+[ \t]+"
    r"(?:minutes?|hours?|days?|months?|years?)[ \t]+ago"
    r"(?:[ \t]*\|[ \t]*(?:parent|next|prev|root|context|on:)[^\n]{0,80})*"
    r"(?:[ \t]*\[[–-]\])?[ \t]*$",
    re.MULTILINE,
)
"""A news board's comment header, as Hacker News prints it: "tptacek 4 hours ago | next [–]",
"mjl 3 hours ago | parent | next [–]"."""
_POST_HEADER = re.compile(
    r"^[ \t]*(?P<speaker>[^\W\d_][\w.’'-]*(?:[ \t]+[\w.’'-]+){0,3}?)"
    r"[ \t]+@[\w.-]{1,60}[ \t]*·[ \t]*"
    r"(?:\d{1,2}[smhd]|[A-Z][a-z]{2}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?|\d{1,2}[ \t]+[A-Z][a-z]{2}\.?"
    r"(?:[ \t]+\d{4})?)[ \t]*$",
    re.MULTILINE,
)
"""A social post's header, the author's name, handle and when: "Maria Okonjo @mokonjo · Dec 2",
"Jonah Pike @jpike.bsky.social · 4h"; the post is the lines below it."""
_TIMED_NAME_HEADER = re.compile(
    r"^[ \t]*(?P<speaker>[^\W\d_][\w.’'-]*(?:[ \t]+[\w.’'-]+){0,3}?)[ \t]*"
    rf"[\[(]{_CLOCK}[\])][ \t]*:?[ \t]*$",
    re.MULTILINE,
)
"""A transcription service's turn header, the words on the lines below: "Maya Lin (00:00):",
"Speaker 2 (00:00:09):", "Tom Adeyemi [01:12]"."""
_ZOOM_CHAT_HEADER = re.compile(
    rf"^[ \t]*{_CLOCK}[ \t]+From[ \t]+(?P<speaker>[^\W\d_][\w.’'-]*(?:[ \t]+[\w.’'-]+){{0,3}}?)"
    rf"{_ADDRESSED}[ \t]*:[ \t]*$",
    re.MULTILINE,
)
"""A Zoom chat's header when the message is on the lines below: "10:02:33 From Ana Costa to
Everyone:"."""
_TIME_FIRST_HEADER = re.compile(
    rf"^[ \t]*\[(?:\d{{1,2}}/\d{{1,2}}/\d{{2,4}},?[ \t]+)?{_CLOCK}\][ \t]*"
    r"(?P<speaker>[^\W\d_][\w.’'-]*(?:[ \t]+[\w.’'-]+){0,3}?)[ \t]*$",
    re.MULTILINE,
)
"""A Teams message's header, when first and then who: "[10:02 AM] Ana Costa"."""
_DATE = (
    r"(?:\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?,?[ \t]+\d{4}|[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_CLOCK_UNDER_NAME = re.compile(rf"^[ \t]*{_CLOCK}[ \t]*$", re.MULTILINE)
"""A meeting transcript copied from Teams or Meet: the speaker's name, the time on the line
under it, then what they said ("Ana Torres" / "10:02" / "Okay, let's start.")."""
_HANDLE_UNDER_NAME = re.compile(r"^[ \t]*@[\w.-]{1,30}(?:@[\w.-]{1,60})?[ \t]*$", re.MULTILINE)
"""A Mastodon or Bluesky post copied with its header: the author's name, their handle on the
line under it ("Ana Torres" / "@ana@mastodon.social"), then the post."""
_ANSWER_HEADER = re.compile(
    r"^[ \t]*(?:Asked|Answered|Tabled)[ \t]+by[ \t]+"
    r"(?P<speaker>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,4}?)(?:[ \t]*\([^()\n]{1,60}\))*"
    rf"(?:[ \t]+on[ \t]+{_DATE})?[ \t]*$",
    re.MULTILINE,
)
"""A parliament's written question and its answer: "Asked by Sarah Mitchell (Bristol North) on
25 November 2026" over the question, "Answered by Tom Reid on 2 December 2026" over the answer."""
_DOTTED_HEADER = re.compile(
    r"^[ \t]*(?P<speaker>[A-Z][\w.’'-]*(?:[ \t]+[\w.’'-]+){0,3}?)(?:[ \t]*\([^()\n]{1,30}\))?"
    rf"[ \t]*·[ \t]*(?:(?:{_DATE}|\d{{1,2}}[ \t]+[A-Z][a-z]{{2,8}}\.?"
    rf"|[A-Z][a-z]{{2,8}}\.?[ \t]+\d{{1,2}}|Today|Yesterday)(?:,?[ \t]+(?:at[ \t]+)?{_CLOCK})?"
    rf"|{_CLOCK})[ \t]*$",
    re.MULTILINE,
)
"""A help desk chat's message header, who (and their team) and when: "Dana Whitfield · 2 Dec,
09:14", "Sam (Support) · 2 Dec, 09:16"."""
_TICKET_HEADER = re.compile(
    r"^[ \t]*(?P<speaker>[A-Z][\w.’'-]*(?:[ \t]+[\w.’'-]+){0,3}?)"
    r"(?:[ \t]*\((?P<who>[^()\n,]{1,40})(?:,[^()\n]{0,30})?\))?[ \t]*[,–—-][ \t]*"
    rf"{_DATE}(?:,?[ \t]+(?:at[ \t]+)?{_CLOCK})?[ \t]*:?[ \t]*$",
    re.MULTILINE,
)
"""A support ticket's or help desk's message header, who (in brackets, for a role) and when:
"Customer (Dana Whitfield), 2 Dec 2026 09:14:", "Agent (Marcus, Support), 2 Dec 2026 10:02:"."""
_REVIEW_HEADER = re.compile(
    rf"^[ \t]*Reviewed(?:[ \t]+in[ \t]+[^\n]{{1,40}}?)?[ \t]+on[ \t]+{_DATE}"
    r"(?:[ \t]+by[ \t]+(?P<speaker>[^\W\d_][\w.’'-]*(?:[ \t]+[\w.’'-]+){0,3}?))?[ \t]*$",
    re.MULTILINE,
)
"""A shop review's header: "Reviewed in the United Kingdom on 2 November 2026 by Sam K.", or
without "by", under the reviewer's name and the stars ("Sam K." / "★★★★★ Best boots")."""
_ISSUE_COMMENT = re.compile(
    r"^[ \t]*(?P<speaker>[A-Za-z\d][\w-]{0,38})"
    r"(?:[ \t]+\((?:Maintainer|Member|Collaborator|Contributor|Owner|Author)\))*"
    rf"[ \t]+commented[ \t]+(?:on[ \t]+{_DATE}|\d+[ \t]+[a-z]+[ \t]+ago|yesterday|last[ \t]+[a-z]+)"
    r"[ \t]*(?:·[^\n]*)?$",
    re.MULTILINE,
)
"""An issue tracker's comment header, the comment on the lines below: "dana-k commented on Nov
28, 2026", "jlee (Maintainer) commented 2 days ago"."""
_ADDED_COMMENT = re.compile(
    r"^[ \t]*(?P<speaker>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3})"
    r"[ \t]+added[ \t]+a[ \t]+comment"
    r"[ \t]*(?:[-–—][ \t]*[^\n]{1,40})?$",
    re.MULTILINE,
)
"""A ticket's comment header: "Marco Rossi added a comment - 02/Dec/26 10:14"."""
_REVIEWER = re.compile(
    r"^[ \t]*(?P<speaker>(?:Reviewer|Referee)[ \t]*#?[ \t]*\d{1,2}|(?:Academic |Associate )?Editor)"
    r"(?:['’]s comments)?(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*:[ \t]*$",
    re.MULTILINE,
)
"""A journal's decision letter: "Reviewer #1 (Remarks to the Author):", "Editor's comments:",
each over the reviewer's report."""
_CALL_HEADER = re.compile(
    r"^[ \t]*(?:(?P<operator>Operator)|(?P<speaker>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){1,3})"
    r"[ \t]+(?:--|—|–)[ \t]+[A-Z][^\n.!?:]{0,80}?)[ \t]*$",
    re.MULTILINE,
)
"""An earnings call transcript's turn header, who and their office or firm, the words on the
lines below: "Tom Becker -- Chief Executive Officer", "Raj Mehta -- Barclays -- Analyst", and the
call's "Operator" on a line of its own."""
_RATING = re.compile(r"[ \t]*[★☆⭐✩✰]")
"""A review's stars and its title after them: the next review's, not the last one's words."""
_FURNITURE = re.compile(
    r"(?:Verified Purchase|\d+ people found this helpful"
    r"|(?::[\w+-]{1,40}:[ \t]*\d+[ \t]*)+|\d+ repl(?:y|ies)(?:[ \t]+Last reply[^\n]*)?"
    r"|View thread|Also sent to the channel|Transcribed by (?:https?://)?otter\.ai\S*|reply"
    r"|[^\n]{0,60}·[^\n]*\b\d+[ \t]+(?:boosts?|favou?rites?|likes?|reposts?)\b[^\n]*)",
    re.I,
)
"""A shop's and a chat's furniture under a message: "Verified Purchase", a Slack message's
reactions (":eyes: 3") and its thread's "2 replies", a transcription service's credit, a forum's
"reply" link, a post's "Dec 2, 2026, 09:14 · 🌐 · 12 boosts · 40 favourites"."""
_REPLYING = re.compile(r"Replying to\s+@", re.IGNORECASE)
"""A reply's line under its header ("Replying to @mokonjo"): the site's words, not the author's."""
_SECTION = re.compile(r"[A-Z][\w&’' -]{0,40}:")
"""A section's heading inside a transcript: "Questions & Answers:", "Prepared Remarks:"."""
_DISCORD = re.compile(r"[—–-][ \t]*(?:Today|Yesterday|\d{1,2}/)")
"""Discord's header form, which no agenda line has ("— Today at", "— 03/12/2026")."""

NOT_SPEAKERS = frozenset(
    """
    photo photos caption image images picture video watch listen credit credits source sources
    note notes update updated correction editor editors editor's tags tag related read more see
    also subject re fwd fw to from cc bcc date time location venue where when what why how
    agenda item items minutes present apologies attendees action actions resolved decision
    decisions summary background warning disclaimer copyright q a question answer tl;dr ps p.s.
    example examples step figure table chart map file filed posted published breaking live
    abstract introduction objective objectives aim aims purpose methods method design setting
    participants interventions results findings discussion conclusion conclusions
    interpretation funding keywords limitations
    episode chapter part season transcript title headline topic theme podcast show
    phone telephone tel mobile cell fax email e-mail mail web website url address linkedin
    twitter skype whatsapp
    """.split()
)
"""Labels that open a line with a colon but name no speaker (the contact lines of an email's
signature among them: "Phone: ...", "Email: ...")."""

MAX_NAME = 5
"""Words of a speaker's name; an office a bracketed name speaks for may run to seven ("The
Secretary of State for Energy")."""
MIN_TURNS = 2
"""A document needs this many turn lines, by at least two speakers, to read as a transcript."""
MIN_TURN_SHARE = 0.5
"""...and this share of its non-blank lines: a letter or an article with a few "Label: value"
lines is not a conversation, whatever the labels are."""


@dataclass(frozen=True, slots=True)
class Turn:
    """One line spoken by `speaker`; spans index the document's text."""

    speaker: str
    speaker_span: Span
    content: Span
    named_at: Span | None = None
    """Where the text names a speaker its label does not ("A:" lines: the interviewee)."""


_COURT_ROLES = frozenset(
    "the court|the witness|the clerk|the defendant|the interpreter|the bailiff|the juror".split("|")
)
"""A court transcript's labels for who speaks by office: "THE COURT: Overruled."."""


def _is_speaker(name: str) -> bool:
    words = name.split()
    if not words or len(name) > 48:
        return False
    if name.lower() in _COURT_ROLES:
        return True
    if _phrase_not_name(words):
        return False  # "Focus group: night bus users, 28 November 2026", "Next steps: ..."
    if " ".join(words).lower().rstrip(".") in NOT_SPEAKERS or words[0].lower() in NOT_SPEAKERS:
        return False
    if _INITIALS.fullmatch(name):
        return True  # an interview's "AT:" for Ana Torres, though "at" is a small word
    # A name, not a clause: no common function word inside ("The report found: ...").
    return not any(w.lower() in _CLAUSE_WORDS for w in words)


_INITIALS = re.compile(r"[A-Z]{2,3}")
"""A speaker's initials, as an interview prints them: "SL:", "AT:"."""


_NAME_PARTICLES = frozenset("de da di del della van von der den du la le bin al el y".split())


def _phrase_not_name(words: list[str]) -> bool:
    """A capitalised word, then a lower-case one that no name holds: a phrase ("Focus group",
    "Next steps"), not a person; a chat handle all in lower case ("priya shah") may be one."""
    return (
        len(words) >= 2
        and words[0][:1].isupper()
        and any(w.isalpha() and w.islower() and w not in _NAME_PARTICLES for w in words[1:])
    )


def _is_role(label: str) -> bool:
    """A label that a bracketed name speaks for: "SPOKESPERSON", "The Secretary of State for
    Energy". Capitalised words, with the small words of an office between them."""
    words = label.split()
    return (
        len(words) <= 7
        and words[0][:1].isupper()
        and words[0].lower() not in NOT_SPEAKERS
        and all(w[:1].isupper() or w in _OFFICE_WORDS for w in words)
    )


_OFFICE_WORDS = frozenset("of for the and at to in".split())


def _bracketed_speaker(match: re.Match[str]) -> str | None:
    """The name in a turn label's brackets when it, not the label, says who speaks: "The Prime
    Minister (Keir Starmer)", "REPORTER (Calder Herald)", "Leader (Mrs Doyle)". Not a member's
    seat and party ("Claire Moss (Bath) (LD)", "Mr David Harcourt (Wealden and Crowborough)"),
    where the label itself is the name."""
    who = match.group("who")
    if not who or match.group("party"):
        return None
    label = match.group("speaker").split()
    if label[0].lower().rstrip(".") + "." in HONORIFICS | {"sir.", "dame.", "lord.", "lady."}:
        return None
    first = who.split()[0].lower()
    if first in HONORIFICS or first + "." in HONORIFICS:
        return who.strip()
    return who.strip() if sum(w[:1].isupper() for w in who.split()) >= 2 else None


_CLAUSE_WORDS = frozenset(
    "the a an is are was were said says that this these those it its of to in on for with "
    "and or but by from at as".split()
)


def speaker_turns(document: Document) -> list[Turn]:
    """Every turn line of a transcript-like document, in order; [] for any other document."""
    text = document.text
    if interview := _interview(text):
        return [_in_title_case(t) for t in interview]
    if voiced := captions.voices(text):
        return [Turn(speaker, span, content) for speaker, span, content in voiced]
    turns = _pasted_chat(text)
    # Above a thread's first header, "Reporter: Dana Wu" and "Status: In Progress" are the
    # page's fields, not turns.
    first_header = min((t.speaker_span.start for t in turns), default=0)
    named: dict[str, dict[str, Span]] = {}  # role -> each name it is given, where first
    for match in _turn_matches(text):
        if match.start() < first_header:
            continue
        name, who = match.group("speaker"), _bracketed_speaker(match)
        # A role a bracketed name was given is a speaker without it: "The Prime Minister (Keir
        # Starmer): ..." then "The Prime Minister: ...".
        if not (
            _is_role(name)
            if who
            else name.strip().lower() in named
            or (_is_speaker(name) and len(name.split()) <= MAX_NAME)
        ):
            continue
        content_end = match.end("content")
        while content_end > match.start("content") and text[content_end - 1] in " \t\r":
            content_end -= 1
        span = Span(match.start("speaker"), match.start("speaker") + len(name))
        if who:
            role = name.strip().lower()
            name, span = who, Span(match.start("who"), match.end("who"))
            named.setdefault(role, {}).setdefault(name.strip(), span)
        turns.append(Turn(name.strip(), span, Span(match.start("content"), content_end)))
    turns = _labels_named(turns, named)
    turns = _surnames_named(text, turns)
    turns = _witness_named(text, turns)
    turns = _surnames_alone_named(turns)
    turns = _initials_named(text, turns)
    if turns:
        turns += _questions(text)  # a briefing's reporters: "Q    Will he meet the governor?"
    turns.sort(key=lambda t: t.content.start)
    speakers = {t.speaker.lower() for t in turns}
    if len(turns) < MIN_TURNS or len(speakers) < 2:
        return []
    if len(turns) < MIN_TURN_SHARE * _lines(text, turns):
        return []
    if more := _paragraphs_going_on(text, turns):  # asked of transcripts only
        turns = sorted([*turns, *more], key=lambda t: t.content.start)
    return [_in_title_case(t) for t in turns]


_TEXT_LINE = re.compile(r"[^\n]+")
_ENDS_AS_SENTENCE = re.compile(r"[.!?…][\"”’')]*[ \t\r]*$")
"""A paragraph that ends as a sentence does: not a time ("1:31 P.M. EST") or a heading."""


def _paragraphs_going_on(text: str, turns: list[Turn]) -> list[Turn]:
    """A speaker's further paragraphs before the next turn ("MS. DUBOIS: Good afternoon ..."
    then "With that, I'll take questions."): theirs, not the page's. Only after a turn whose
    label opens its line; a header's turn holds every line below it already."""
    found = []
    for turn, after in itertools.pairwise(turns):
        line_start = text.rfind("\n", 0, turn.content.start) + 1
        if not line_start <= turn.speaker_span.start < turn.content.start:
            continue
        gap_end = text.rfind("\n", 0, min(after.speaker_span.start, after.content.start)) + 1
        last = turn.content.end
        for line in _TEXT_LINE.finditer(text, turn.content.end, gap_end):
            said = line.group().strip()
            # A paragraph, after a blank line; not the turn's own line wrapped ("Marco Rossi:
            # I don't agree," / "we promised Tuesday to Northwind"), nor a stage note.
            paragraph = _BLANK_LINE.search(text, last, line.start() + 1) is not None
            last = line.end()
            if not paragraph or len(said.split()) < MIN_GOING_ON_WORDS or said[:1] in "([":
                continue
            if not _ENDS_AS_SENTENCE.search(said) or _FURNITURE.fullmatch(said):
                continue
            if _TURN.match(said) or _QUESTION_LINE.match(said):
                continue
            start = line.start() + line.group().index(said)
            span = Span(start, start + len(said))
            found.append(Turn(turn.speaker, turn.speaker_span, span, turn.named_at))
    return found


MIN_GOING_ON_WORDS = 3
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


_CAPITALS_NAME = re.compile(r"[A-Z][A-Z.’'-]+(?:[ \t]+[A-Z][A-Z.’'-]+)+")
"""A name a transcript prints in capitals: "MAYA LIN", "MR. HOLT"; not one word ("NASA")."""


def _in_title_case(turn: Turn) -> Turn:
    """A turn under its speaker's name as a summary writes it: "Maya Lin", not "MAYA LIN"."""
    if not _CAPITALS_NAME.fullmatch(turn.speaker):
        return turn
    return dataclasses.replace(turn, speaker=turn.speaker.title())


_QUESTION_LINE = re.compile(
    r"^[ \t]*(?P<label>Q)(?:[ \t]*[:.][ \t]*|[ \t]{2,}|\t)(?P<content>\S.*)$", re.M
)
"""A press briefing's question, its asker unnamed: "Q    Thank you, Karine. Will he ...?", a
press conference's "Q. Dana, how do you assess the performance?"."""
REPORTER = "a reporter"
"""Who asks a briefing's unnamed questions, as a summary says it ("a reporter asked ...")."""


def _questions(text: str) -> list[Turn]:
    """The question lines of a transcript whose answers are named turns ("MS. JEAN-PIERRE:")."""
    return [
        Turn(
            REPORTER,
            Span(m.start("label"), m.end("label")),
            Span(m.start("content"), m.start("content") + len(m.group("content").rstrip())),
        )
        for m in _QUESTION_LINE.finditer(text)
    ]


def _lines(text: str, turns: list[Turn]) -> int:
    """Non-blank lines that could be turns: a caption file's timings and cue numbers are not."""
    return _text_lines(text, turns) - len(captions.furniture(text))


_QA = re.compile(
    r"^[ \t]*(?:\*\*|__)?(?P<label>Q|A|Question|Answer)[ \t]*[:.](?:\*\*|__)?[ \t]+"
    r"(?P<content>\S.*)$",
    re.M,
)

MIN_QA = 2
"""Questions and answers each: an interview printed as "Q: ..." / "A: ..." lines."""


def _interview(text: str) -> list[Turn]:
    """An interview printed as questions and answers: each "A:" line is said by the person the
    text names before the first question ("The mayor of Calder, Ana Torres, spoke to ..."), each
    "Q:" line by the interviewer. Its answers are the interviewee's claims, not the outlet's."""
    lines = list(_QA.finditer(text))
    asked = [m for m in lines if m.group("label")[0] == "Q"]
    if len(asked) < MIN_QA or len(lines) - len(asked) < MIN_QA:
        return []
    interviewee, named_at = _interviewee(text, asked[0].start())
    examiners = list(_EXAMINER.finditer(text))
    turns = []
    for line in lines:
        question = line.group("label")[0] == "Q"
        content = Span(
            line.start("content"), line.start("content") + len(line.group("content").rstrip())
        )
        label = Span(line.start("label"), line.end("label"))
        if question:
            # A deposition's "BY MS. CARTER:" says who asks the questions after it.
            by = [m for m in examiners if m.end() <= line.start()]
            asker = by[-1].group("name") if by else "Q"
            turns.append(Turn(asker, label, content, _span(by[-1], "name") if by else None))
        else:
            turns.append(Turn(interviewee, label, content, named_at))
    # Counsel's and the court's words between the questions: "MR. HOLT: Objection, hearsay.",
    # "THE COURT: Overruled."
    for match in _turn_matches(text):
        counsel = match.group("speaker")
        if _SURNAME_LABEL.fullmatch(counsel) or counsel.lower() in _COURT_ROLES:
            speaker = _span(match, "speaker")
            turns.append(Turn(counsel, speaker, _span(match, "content"), speaker))
    turns.sort(key=lambda t: t.content.start)
    return turns


def _interviewee(text: str, first_question: int) -> tuple[str, Span | None]:
    """Who answers an interview's questions: the first person the text names in full before
    them ("The mayor of Calder, Ana Torres, spoke to ..."), or a transcript's title's deponent
    ("DEPOSITION OF DANIEL REEVES"), or the body that publishes the answers (a council's
    frequently asked questions); else "A"."""
    named = [
        m for m in mention_index(text)[1] if not m.org and m.full and m.span.end <= first_question
    ]
    if named:
        return named[0].name, named[0].span
    if (title := _DEPONENT.search(text, 0, first_question)) is not None:
        return title.group("name"), _span(title, "name")
    sworn = [m for m in _SWORN.finditer(text, 0, first_question)]
    if sworn:  # a court transcript's "DAVID ELLISON, having been duly sworn, testified ..."
        return sworn[-1].group("name"), _span(sworn[-1], "name")
    if _FAQ.search(text, 0, first_question):
        # A council's frequently asked questions ("Calder Council, updated 2 December"): the
        # body that publishes them answers, not the outlet an interview was given to.
        bodies = [m for m in mention_index(text)[1] if m.org and m.span.end <= first_question]
        if bodies:
            return bodies[0].name, bodies[0].span
    return "A", None


_FAQ = re.compile(r"\b(?:FAQs?|(?i:frequently asked questions))\b")
_DEPONENT = re.compile(
    r"(?i:deposition|testimony|examination|interview|statement)[ \t]+(?i:of|with)[ \t]+"
    r"(?P<name>[A-Z][\w.’'-]+(?:[ \t]+[A-Z][\w.’'-]+){1,3})"
)
"""A transcript's title naming who answers: "DEPOSITION OF DANIEL REEVES", "Interview with Ana
Torres"."""
_EXAMINER = re.compile(
    r"^[ \t]*BY[ \t]+(?P<name>(?:MR|MRS|MS|DR)\.?[ \t]+[A-Z][A-Z’'-]+)[ \t]*:[ \t]*$", re.M
)
"""A deposition's line over the questions counsel asks: "BY MS. CARTER:"."""


def _span(match: re.Match[str], group: str) -> Span:
    """Where a group of `match` stands, without the spaces after it."""
    return Span(match.start(group), match.start(group) + len(match.group(group).rstrip()))


def _labels_named(turns: list[Turn], named: dict[str, dict[str, Span]]) -> list[Turn]:
    """A role's later turns under the name its first gave ("SPOKESPERSON (Dr Lena Ortiz): ..."
    then "SPOKESPERSON: ..."), where the role had one name; that name is part of their evidence."""
    once = {role: next(iter(names.items())) for role, names in named.items() if len(names) == 1}
    return _renamed(turns, once)


def _renamed(turns: list[Turn], names: dict[str, tuple[str, Span]]) -> list[Turn]:
    """Each turn whose label (lower-cased) `names` gives a name to, under that name, named where
    the text names it."""
    if not names:
        return turns
    return [
        Turn(names[t.speaker.lower()][0], t.speaker_span, t.content, names[t.speaker.lower()][1])
        if t.speaker.lower() in names
        else t
        for t in turns
    ]


_SURNAME_LABEL = re.compile(
    r"(?:MR|MRS|MS|MISS|DR|PROF|SEN|REP|GOV|SECRETARY)\.?\s+(?P<surname>[A-Z][A-Z’'-]+)"
)
"""A transcript's "MS. JEAN-PIERRE" or "SECRETARY BLINKEN": a title and a surname in capitals."""


def _surnames_named(text: str, turns: list[Turn]) -> list[Turn]:
    """A "MS. JEAN-PIERRE:" label's turns under the full name the text gives before its first
    ("Press Briefing by Press Secretary Karine Jean-Pierre"), when it gives one such name."""
    first: dict[str, int] = {}
    for turn in turns:
        first.setdefault(turn.speaker, turn.speaker_span.start)
    labels = {label: match for label in first if (match := _SURNAME_LABEL.fullmatch(label))}
    if not labels:
        return turns  # nearly every transcript: no label is a title and a surname
    names: dict[str, tuple[str, Span]] = {}
    # A title-case heading reads "Press Secretary Karine Jean-Pierre" as one name: the given
    # name and the surname are its last two words.
    mentions = [m for m in mention_index(text)[1] if len(m.name.split()) >= 2]
    for label, match in labels.items():
        surname = match.group("surname").lower()
        found = {
            " ".join(m.name.split()[-2:]): m.span
            for m in mentions
            if m.span.end <= first[label] and m.name.split()[-1].lower() == surname
        }
        if len(found) == 1:
            names[label.lower()] = next(iter(found.items()))
    return _renamed(turns, names)


def _initials_named(text: str, turns: list[Turn]) -> list[Turn]:
    """An interview's "AT:" and "SL:" turns under the names whose initials they are ("Ana
    Torres", "Interview by Sarah Lee"), each when the text names one such person before."""
    labels = {t.speaker for t in turns if _INITIALS.fullmatch(t.speaker)}
    if not labels:
        return turns  # nearly every transcript
    first = min(t.speaker_span.start for t in turns)
    people = [m for m in mention_index(text)[1] if not m.org and m.full and m.span.end <= first]
    names: dict[str, tuple[str, Span]] = {}
    for label in labels:
        found = {
            m.name: m.span
            for m in people
            if len(m.name.split()) > 1 and "".join(w[0] for w in m.name.split()).upper() == label
        }
        if len(found) == 1:
            names[label.lower()] = next(iter(found.items()))
    return _renamed(turns, names)


def _surnames_alone_named(turns: list[Turn]) -> list[Turn]:
    """A television transcript's "COOPER:" under the name its first turn gave in full
    ("ANDERSON COOPER, CNN HOST:"), when one earlier speaker's name ends with it."""
    full = [t for t in turns if len(t.speaker.split()) >= 2]
    if not full:
        return turns
    names: dict[str, tuple[str, Span]] = {}
    for turn in turns:
        label = turn.speaker.lower()
        if " " in label or label in names:
            continue
        earlier = {
            f.speaker: f.speaker_span
            for f in full
            if f.speaker_span.start < turn.speaker_span.start
            and f.speaker.lower().split()[-1] == label
        }
        if len(earlier) == 1:
            names[label] = next(iter(earlier.items()))
    return _renamed(turns, names)


_SWORN = re.compile(
    r"^[ \t]*(?P<name>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){1,3}),[ \t]+(?:having been (?:first )?"
    r"duly sworn|called as a witness|being (?:first )?duly sworn|sworn)",
    re.MULTILINE,
)
"""A court transcript's note of who takes the stand: "DAVID ELLISON, having been duly sworn,
testified as follows:"."""


def _witness_named(text: str, turns: list[Turn]) -> list[Turn]:
    """ "THE WITNESS:" turns under the name of the witness sworn before them, the last one sworn
    before each (a transcript calls several)."""
    if not any(t.speaker.lower() == "the witness" for t in turns):
        return turns  # nearly every transcript
    sworn = list(_SWORN.finditer(text))
    out = []
    for turn in turns:
        before = [m for m in sworn if m.end() <= turn.speaker_span.start]
        if turn.speaker.lower() != "the witness" or not before:
            out.append(turn)
            continue
        name, span = before[-1].group("name"), _span(before[-1], "name")
        out.append(Turn(name, turn.speaker_span, turn.content, span))
    return out


_HEADER_LINE = re.compile(r"^[^\n]{1,160}$", re.MULTILINE)
"""A line short enough to be a chat's, a ticket's or a review's header."""


def _pasted_chat(text: str) -> list[Turn]:
    """The turns under a pasted chat's header lines: each line below a header, up to the next
    header, is its author's (a Discord author's messages in a row share one header)."""
    # Each pattern is tried on the short lines only: a header is one, an article's paragraph
    # never (the patterns run over a whole news story cost it a third of a millisecond).
    found = [
        m
        for line in _HEADER_LINE.finditer(text)
        for form in _header_forms(line.group())
        if (m := _HEADERS[form].match(text, line.start(), line.end())) is not None
    ]
    headers = [(m, *author) for m in found if (author := _author(m))]
    if not headers:
        return []
    authors = [name.lower() for _, name, _ in headers]
    unmistakable = all(_DISCORD.search(m.group()) or m.re in _UNMISTAKABLE for m, _, _ in headers)
    if len(set(authors)) == len(authors) and not unmistakable:
        return []  # "Registration 9:00 / Keynote 9:30": an agenda's times, nobody talking twice
    # Each header's words run to the next header, or to the name over it ("Dana W." above a
    # review's stars and header).
    ends = [min(m.start(), span.start) for m, _, span in headers[1:]] + [len(text)]
    turns = []
    for (header, name, speaker_span), end in zip(headers, ends, strict=True):
        for line in re.finditer(r"[^\n]+", text[header.end() : end]):
            content = line.group().strip()
            if not content or _REPLYING.match(content) or _FURNITURE.fullmatch(content):
                continue
            if _SECTION.fullmatch(content):
                continue  # "Questions & Answers:": the transcript's section, nobody's words
            if _RATING.match(content):
                break  # the next review's stars and title: no part of this one
            start = header.end() + line.start() + line.group().index(content)
            if marker := LINE_MARKER.match(content):  # "2/ We edited ...": the post's number
                start, content = start + marker.end(), content[marker.end() :]
            turns.append(Turn(name, speaker_span, Span(start, start + len(content))))
    return turns


def _reviewer_above(header: re.Match[str]) -> tuple[str, Span] | None:
    """The reviewer a review header without "by" stands under: the line above its stars."""
    text = header.string
    lines = list(re.finditer(r"[^\n]+", text[: header.start()]))[-3:]
    named = [m for m in lines if m.group().strip() and not _RATING.match(m.group())]
    if not named or not _is_speaker(name := named[-1].group().strip()):
        return None
    start = named[-1].start() + named[-1].group().index(name)
    return name, Span(start, start + len(name))


def _name_just_above(header: re.Match[str]) -> tuple[str, Span] | None:
    """The speaker over a time on a line of its own: the line just above it, a name."""
    text = header.string
    end = header.start() - 1  # the line break before the time's line
    if end <= 0 or text[end] != "\n":
        return None
    start = text.rfind("\n", 0, end) + 1
    line = text[start:end]
    name = line.strip()
    if not name or not all(w[:1].isupper() for w in name.split()) or not _is_speaker(name):
        return None
    start += line.index(name)
    return name, Span(start, start + len(name))


_UNMISTAKABLE = (
    _REVIEW_HEADER,
    _ISSUE_COMMENT,
    _ADDED_COMMENT,
    _REVIEWER,
    _HANDLE_UNDER_NAME,
    _ANSWER_HEADER,
)
"""Headers no agenda or programme has: their authors need not write twice to be a thread."""
_HEADERS = (
    _HEADER,
    _FORUM_HEADER,
    _POST_HEADER,
    _TIME_FIRST_HEADER,
    _TICKET_HEADER,
    _REVIEW_HEADER,
    _ZOOM_CHAT_HEADER,
    _TIMED_NAME_HEADER,
    _ISSUE_COMMENT,
    _ADDED_COMMENT,
    _REVIEWER,
    _CALL_HEADER,
    _CLOCK_UNDER_NAME,
    _DOTTED_HEADER,
    _NEWS_BOARD_HEADER,
    _HANDLE_UNDER_NAME,
    _ANSWER_HEADER,
)


@text_memo()
def _header_forms(line: str) -> tuple[int, ...]:
    """Which of `_HEADERS` match a short line, asked once per line's text: a story's title and
    photo line come back in every new document that carries them, and are no header."""
    return tuple(i for i, pattern in enumerate(_HEADERS) if pattern.match(line))


def _author(header: re.Match[str]) -> tuple[str, Span] | None:
    """Who a header line names: the name in brackets after a role ("Customer (Dana
    Whitfield)"), else the name itself; None when it is no name ("Minutes 2 Dec 2026")."""
    if header.re is _CLOCK_UNDER_NAME or header.re is _HANDLE_UNDER_NAME:
        return _name_just_above(header)
    groups = header.groupdict()
    if groups.get("operator"):
        return "Operator", Span(header.start("operator"), header.end("operator"))
    label, who = groups["speaker"], groups.get("who")
    if label is None:
        return _reviewer_above(header)
    if who and _is_role(label.strip()):
        name = who.strip()
        start = header.start("who") + who.index(name)
        return name, Span(start, start + len(name))
    if not _is_speaker(label) and header.re is not _REVIEWER:  # "Editor's comments:" speaks
        return None
    name = label.strip()
    return name, Span(header.start("speaker"), header.start("speaker") + len(name))


_NEWLINE = re.compile("\n")


def _text_lines(text: str, turns: list[Turn]) -> int:
    """Non-blank lines, a turn's wrapped lines counted as one with it: "Ann: I think...\n  and
    then..." is one line, as a transcript with long turns is still a conversation."""
    starts = {text.rfind("\n", 0, t.speaker_span.start) + 1 for t in turns}
    # A header's lines ("Tom Becker -- Chief Executive Officer", a review's name, stars and
    # "Reviewed in ...") are no lines of their own: its turn is the lines below them, which may
    # stand after a blank line.
    headers: set[int] = set()
    inline = 0  # turns whose speaker opens their own line ("Ann: ...")
    labels = {  # and their labels, though a speaker's further paragraphs are said under them
        t.speaker_span for t in turns if "\n" not in text[t.speaker_span.start : t.content.start]
    }
    for turn in turns:
        content_line = text.rfind("\n", 0, turn.content.start) + 1
        speaker_line = text.rfind("\n", 0, turn.speaker_span.start) + 1
        inline += content_line == speaker_line
        if content_line != speaker_line and turn.speaker_span not in labels:
            headers.add(speaker_line)
            headers.update(m.end() for m in _NEWLINE.finditer(text, speaker_line, content_line - 1))
            starts.add(content_line)
    # A chat or a transcript with a header over every turn may open with what a transcription
    # service puts first (a title, the date, "SUMMARY KEYWORDS", "SPEAKERS" and their lists):
    # the lines counted start at the first header.
    headed = bool(turns) and not inline
    first = min(headers) if headed else 0
    count, offset, in_turn = 0, 0, False
    for line in text.split("\n"):
        if not line.strip():
            in_turn = False
        elif offset < first or (headed and _FURNITURE.fullmatch(line.strip())):
            pass  # before the first header; a chat's reactions, a service's credit
        elif _RATING.match(line) or offset in headers:
            pass  # a review's stars and title, over its header; a header line
        elif offset in starts:
            in_turn = True
            count += 1
        elif not in_turn:
            count += 1
        offset += len(line) + 1
    return count
