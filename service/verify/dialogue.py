"""What a conversation's summary may say without quoting it: who took part, and how they spoke.

A summary of a chat reads "Ann asks Mike to buy butter and Mike agrees" where the turns say
"Ann: Darling, buy some butter." and "Mike: Ok.": the participants' names are in the transcript,
not in the turn, and "asks" and "agrees" describe the turns instead of repeating them. Both count
as present for such a document (see `support.assess(present=...)`); what was said still has to be
in the turns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from service.document import Document
from service.schemas import Check
from service.verify import terms
from service.verify.lexicon import CONVERSATION_WORDS, OPENING_ACTS, REPLY_ACTS
from service.verify.turns import Turn, speaker_turns

SPEECH_ACTS = frozenset(terms.term(w)[1] for w in CONVERSATION_WORDS)
"""The stems of the lexicon's conversation words: a chat's claim needs no sentence for them."""


@lru_cache(maxsize=256)
def _turns_of(text: str) -> tuple[Turn, ...]:
    return tuple(speaker_turns(Document(text=text, sentences=())))


def turns(doc: Document) -> tuple[Turn, ...]:
    """The document's speaker turns (none unless it reads as a transcript), made once per text."""
    return _turns_of(doc.text)


@lru_cache(maxsize=256)
def _present(text: str) -> frozenset[str]:
    found = _turns_of(text)
    if not found:
        return frozenset()
    names = {s for t in found for s in terms.all_stems(t.speaker)}
    return frozenset(names) | SPEECH_ACTS


def present_terms(doc: Document) -> frozenset[str]:
    """Stems a claim about this document may use without its evidence holding them: the
    participants' names and the words for speaking, when the document is a transcript."""
    return _present(doc.text)


def speaker_at(doc: Document, position: int) -> str | None:
    """Who speaks the turn that holds this character offset, if the document has turns."""
    for turn in turns(doc):
        # From its line's start: "[00:16] Tom Adeyemi: ..." is his sentence, timestamp and all.
        line_start = doc.text.rfind("\n", 0, turn.speaker_span.start) + 1
        if line_start <= position < turn.content.end:
            return turn.speaker
    return None


_OPENING = frozenset(terms.term(w)[1] for w in OPENING_ACTS)
_REPLY = frozenset(terms.term(w)[1] for w in REPLY_ACTS)
_LINKS = frozenset({"and", "&"})


def _said_by(
    claim_text: str, participants: frozenset[str]
) -> list[tuple[str, bool, frozenset[str]]]:
    """Each participant the claim makes the subject of a conversation verb ("Ann asks", "Ann
    and Emily agree"), whether the verb opens (True) or answers (False), and the content stems
    of what follows it, up to the next such subject."""
    reading = terms.read(claim_text)
    acts: list[tuple[list[str], bool, int, int]] = []  # names, opens, from, subject start
    subject: list[str] = []
    subject_start = 0
    for i, (token, stem) in enumerate(zip(reading.tokens, reading.sequence, strict=True)):
        if token[:1].isupper() and stem in participants:
            if not subject:
                subject_start = i
            subject.append(reading.spelling[stem])
        elif subject and token.lower() in _LINKS:
            continue
        elif subject and stem in (_OPENING | _REPLY):
            acts.append((subject, stem in _OPENING, i + 1, subject_start))
            subject = []
        else:
            subject = []
    found: list[tuple[str, bool, frozenset[str]]] = []
    for k, (names, opens, begin, _) in enumerate(acts):
        end = acts[k + 1][3] if k + 1 < len(acts) else len(reading.sequence)
        end = _relative_clause(reading.words, reading.sequence, participants, begin, end)
        words = frozenset(
            stem
            for stem, content in zip(
                reading.sequence[begin:end], reading.content_flags[begin:end], strict=True
            )
            if content
        )
        found.extend((name, opens, words) for name in names)
    return found


def _relative_clause(
    words: Sequence[str], stems: Sequence[str], participants: frozenset[str], begin: int, end: int
) -> int:
    """Where what a speaker is said to say ends at a clause about another participant: "Jim
    says no and suggests asking Sue, who has one" has Jim suggest asking Sue, and Sue has one
    (her own turn says so, not Jim's)."""
    for i in range(begin + 1, end):
        if words[i] in ("who", "whose") and stems[i - 1] in participants:
            return i
    return end


_CLAUSE_OPENERS = frozenset({"and", "but", "while", "whereas", "then", "so"})


def _stated_by(claim_text: str, participants: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    """Each participant who opens a clause of the claim with anything but a conversation verb
    ("Mike will check the fridge", "..., and Emily bakes a cake"), with the content stems of the
    rest of the clause."""
    matches = list(terms.TOKEN.finditer(claim_text))
    starts: list[tuple[int, int, list[str]]] = []  # subject's first token, first after it, names
    i = 0
    while i < len(matches):
        token = matches[i].group()
        gap = claim_text[matches[i - 1].end() : matches[i].start()] if i else ""
        opens_clause = (
            i == 0 or any(c in gap for c in ",;:") or matches[i - 1].group() in _CLAUSE_OPENERS
        )
        if opens_clause and token[:1].isupper() and terms.term(token)[1] in participants:
            names, j = [], i
            while j < len(matches):
                word = matches[j].group()
                if word[:1].isupper() and terms.term(word)[1] in participants:
                    names.append(word)
                elif word.lower() not in _LINKS:
                    break
                j += 1
            starts.append((i, j, names))
            i = j
        else:
            i += 1
    found: list[tuple[str, frozenset[str]]] = []
    for k, (_, after, names) in enumerate(starts):
        if after >= len(matches) or terms.term(matches[after].group())[1] in SPEECH_ACTS:
            continue  # a conversation verb: `_said_by`'s
        end = starts[k + 1][0] if k + 1 < len(starts) else len(matches)
        words = frozenset(s for m in matches[after:end] for s in terms.content_words(m.group()))
        found.extend((name, words) for name in names)
    return found


_PERSON = re.compile(
    r"\b(?:(?P<first>i|i'm|i’m|im|i'll|i’ll|i've|i’ve|ive|i'd|i’d|me|my|mine|myself)"
    r"|you|you're|you’re|you'll|you’ll|you've|you’ve|you'd|you’d|your|yours|yourself|u|ur|ya)\b",
    re.IGNORECASE,
)
"""A turn's persons, as a chat spells them too ("im bringing it", "can ya bring it?")."""


def _person_before(text: str, said: frozenset[str]) -> bool | None:
    """Whether the person nearest before the first of the claim's words in a turn is "I"
    (True) or "you" (False); None when no person stands before them."""
    first = next(
        (m.start() for m in terms.TOKEN.finditer(text) if terms.term(m.group())[1] in said), None
    )
    before = list(_PERSON.finditer(text, 0, first)) if first is not None else []
    return before[-1].group("first") is not None if before else None


def _of_speaker(text: str, said: frozenset[str]) -> bool:
    """Whether a turn says the claim's words of its own speaker: the person nearest before the
    first of them is "I" ("I will check the fridge"), not "you", the one spoken to ("I need you
    to buy butter", "Can you check? I'm out"). With no person before them, a turn in the first
    person and never the second ("Will check, I promise")."""
    if (person := _person_before(text, said)) is not None:
        return person
    if _EVERYONE.search(text):
        return False  # "Can everyone see my screen?" asks it of the others, whose screen it is not
    persons = [m.group("first") is not None for m in _PERSON.finditer(text)]
    return any(persons) and all(persons)


_EVERYONE = re.compile(r"\b(?:every|any)(?:one|body)\b", re.I)


def _to_another(text: str, said: frozenset[str]) -> bool:
    """Whether a turn says the claim's words of the one it speaks to: the person nearest before
    the first of them is "you" ("Bob, can you bring the slides?")."""
    return _person_before(text, said) is False


def _first_person_elsewhere(
    doc: Document,
    found: Sequence[Turn],
    name: str,
    said: frozenset[str],
    named: frozenset[str] = frozenset(),
) -> Turn | None:
    """The turn in which another speaker says in the first person what the claim has `name`
    do ("Ann: I will check" for "Mike will check"), when it holds more of it than any turn by or
    about `name` ("Bob: I can't make 10" for "Ann can't make 10", though Ann asked about 10am;
    a turn of hers asking it of the one she speaks to holds nothing of hers); None otherwise.
    A turn by another the claim names (`named`: stems) is theirs to say it in: "Beth will go
    to the concert with Anna" from "Anna: I have 2 tickets for the concert. Wanna come?"."""
    wanted = terms.all_stems(name)
    own = 0  # the most of `said` a turn by or about `name` holds
    other: tuple[int, Turn] | None = None
    for turn in found:
        text = _content(doc, turn)
        words = terms.all_stems(text)
        held = len(said & words)
        if wanted & terms.all_stems(turn.speaker) and _to_another(text, said):
            continue  # "Ann: Bob, can you bring the slides?" has Bob bring them, not Ann
        if named & terms.all_stems(turn.speaker) - wanted:
            continue
        if wanted & (terms.all_stems(turn.speaker) | words):
            own = max(own, held)
        elif (
            held * 2 >= len(said) and _of_speaker(text, said) and (other is None or held > other[0])
        ):
            other = (held, turn)
    return other[1] if other is not None and other[0] > own else None


ANSWER_WINDOW = 2
"""How many turns after a question or proposal its answer may come ("Kayla: You coming to
school tomorrow?" / "Ovi: I am!")."""


def _answers(
    doc: Document, found: Sequence[Turn], wanted: frozenset[str], said: frozenset[str]
) -> bool:
    """Whether a turn of the participant (`wanted`: their name's stems) answers, within
    ANSWER_WINDOW turns, another speaker's turn that holds some of `said`: what "Ovi agrees
    to meet at school" has him agree to stands in the turn he agrees with."""
    for i, turn in enumerate(found):
        if wanted & terms.all_stems(turn.speaker) or not said & terms.all_stems(
            _content(doc, turn)
        ):
            continue
        following = found[i + 1 : i + 1 + ANSWER_WINDOW]
        if any(wanted & terms.all_stems(t.speaker) for t in following):
            return True
    return False


_OBJECT_LINKS = frozenset("for to with from of about by".split())
_MY = re.compile(r"\b(?:me|my|mine|myself)\b", re.IGNORECASE)


def _my_words_for_another(
    doc: Document, found: Sequence[Turn], claim_text: str, present: frozenset[str]
) -> tuple[str, Turn, str] | None:
    """(the participant, the turn, its sentence) when the claim gives a participant, after a
    preposition, what another's turn says of "me": "The 14th works for Ana" where Ben wrote
    "The 14th works for me". None when a turn of theirs, or one naming them, holds it."""
    tokens = [m.group() for m in terms.TOKEN.finditer(claim_text)]
    named = {
        tokens[i]
        for i in range(1, len(tokens))
        if tokens[i][:1].isupper()
        and tokens[i - 1].lower() in _OBJECT_LINKS
        and terms.term(tokens[i])[1] in present
    }
    if not named:
        return None
    said = terms.content_words(claim_text) - present
    if len(said) < 2:
        return None
    holding = [t for t in found if said <= terms.all_stems(_content(doc, t))]
    for name in sorted(named):
        wanted = terms.all_stems(name)
        if any(
            wanted & (terms.all_stems(t.speaker) | terms.all_stems(_content(doc, t)))
            for t in holding
        ):
            continue
        for turn in holding:
            sentence = _sentence_holding(doc, turn, said)
            if sentence and _MY.search(sentence):
                return name, turn, sentence
    return None


MIN_TOLD_WORDS = 3
"""Content words a claim's report must have for another speaker's sentence to be its whole
source (two are a topic both may share: "the box", "the label")."""


def _told_by_another(
    doc: Document, found: Sequence[Turn], wanted: frozenset[str], said: frozenset[str]
) -> Turn | None:
    """The turn of another speaker with a sentence that holds all the claim has `wanted` (the
    participant's name stems) say, when no turn of theirs holds it all: "Marcus says the label
    was definitely in the box" where Dana wrote "The label was definitely in the box though"
    and Marcus "the box was missing the returns label". A question holds nothing said."""
    if len(said) < MIN_TOLD_WORDS:
        return None
    if any(
        wanted & terms.all_stems(t.speaker) and said <= terms.all_stems(_content(doc, t))
        for t in found
    ):
        return None
    for turn in found:
        if not wanted & terms.all_stems(turn.speaker) and _sentence_holding(doc, turn, said):
            return turn
    return None


_REPORTED_QUESTION = re.compile(r"\b(?:whether|if)\b|\?", re.IGNORECASE)
"""A claim that reports a question ("wants to know whether the gym is open") states nothing."""


def _only_asked(
    doc: Document,
    found: Sequence[Turn],
    name: str,
    said: frozenset[str],
    named: frozenset[str] = frozenset(),
) -> str | None:
    """The question of `name`'s that holds most of what the claim states of them, when no
    sentence anywhere that is not a question holds as much: "Ana Costa can see her screen"
    from her "Can everyone see my screen?", which asks it and states nothing. None otherwise
    (a claim that has them ask is `_said_by`'s, and not read here). Only a question's last
    clause asks ("my car broke down, could u help me?" states that the car broke down), and
    one the asker is the subject of asks leave to do it ("Can I borrow your dress?"). A claim
    that names another participant too (`named`: stems) reports the exchange: "Ann and Bob
    decide to have sushi" from "Ann: pizza or sushi tonight?" / "Bob: sushi!"."""
    wanted = terms.all_stems(name)
    if any(named & (s := terms.all_stems(t.speaker)) and not wanted & s for t in found):
        return None
    best: tuple[int, str] | None = None  # (words held, the question)
    stated = 0  # the most of `said` a sentence or clause that asks nothing holds
    for turn in found:
        own = bool(wanted & terms.all_stems(turn.speaker))
        for text in _turn_sentences(doc, turn):
            if not text.rstrip(" \"”’'").endswith("?"):
                stated = max(stated, len(said & terms.all_stems(text)))
                continue
            *before, asked = _CLAUSE_BREAK.split(text)
            stated = max(stated, len(said & terms.all_stems(" ".join(before))))
            held = len(said & terms.all_stems(asked))
            if not own or held * 2 < len(said) or _person_before(asked, said):
                continue
            if _PROPOSAL.search(asked):
                continue  # "wanna go shopping on Saturday?" proposes what the answer arranges
            if best is None or held > best[0]:
                best = (held, text.strip())
    return best[1] if best is not None and best[0] > stated else None


_CLAUSE_BREAK = re.compile(r"[,;:]\s")
_PROPOSAL = re.compile(
    r"\b(?:wanna|want to|fancy|shall|how about|what about|let's|let’s|we|us)\b", re.IGNORECASE
)
"""A question that proposes ("wanna come?", "shall we meet at 5?", "how about Friday?")."""


def _of_something_else(
    doc: Document, found: Sequence[Turn], name: str, said: frozenset[str]
) -> Turn | None:
    """Another speaker's turn that states all the claim says of `name`, of no person, when no
    turn by or naming them holds any of it and none of theirs answers it: "Chloé Martin has
    €1,200 left" from Ben's "Budget has €1,200 left"."""
    wanted = terms.all_stems(name)
    if len(said) < 2 or _answers(doc, found, wanted, said):
        return None
    holding = None
    for turn in found:
        stems = terms.all_stems(_content(doc, turn))
        if wanted & (terms.all_stems(turn.speaker) | stems) and said & stems:
            return None
        if holding is None and said <= stems and _sentence_holding(doc, turn, said):
            holding = turn
    if holding is None or _PERSON.search(_sentence_holding(doc, holding, said)):
        return None  # "I have €1,200 left" is the first person's, `_first_person_elsewhere`'s
    return holding


def _turn_sentences(doc: Document, turn: Turn) -> list[str]:
    """The turn's text, sentence by sentence."""
    return [
        doc.text[max(s.start, turn.content.start) : min(s.end, turn.content.end)]
        for s in doc.sentences
        if s.end > turn.content.start and s.start < turn.content.end
    ]


def _sentence_holding(doc: Document, turn: Turn, said: frozenset[str]) -> str:
    """The first sentence of the turn, no question, that holds all of `said`; "" if none."""
    for sentence in doc.sentences:
        if sentence.end <= turn.content.start or sentence.start >= turn.content.end:
            continue
        text = doc.text[
            max(sentence.start, turn.content.start) : min(sentence.end, turn.content.end)
        ]
        if not text.rstrip(" \"”’'").endswith("?") and said <= terms.all_stems(text):
            return text.strip()
    return ""


def _content(doc: Document, turn: Turn) -> str:
    return doc.text[turn.content.start : turn.content.end]


def check_turn_speakers(doc: Document, claim_text: str, sentences: Sequence[int]) -> Check | None:
    """In a transcript, a participant the claim has ask, suggest or agree must say it: "Mike
    asks Ann to buy butter" is false where Ann's turn asks it. What the claim has them say
    must be in a turn of theirs; an answer with nothing of its own ("Mike agrees") may stand
    next to the evidence, as "Ok." answers the turn before it. A turn's "I" is its speaker:
    "Mike will check the fridge" is false where only "Ann: I will check the fridge" says it.
    None when the document has no turns or the claim has no participant speak or act."""
    found = turns(doc)
    if not found:
        return None
    present = _present(doc.text)
    if (mine := _my_words_for_another(doc, found, claim_text, present)) is not None:
        who, speaker_turn, sentence = mine
        return Check(
            name="speaker_matches_claim",
            passed=False,
            reason=f"the claim says it of {who}; {speaker_turn.speaker} says it of themself: "
            f'"{sentence}"',
        )
    claimed = _said_by(claim_text, present - SPEECH_ACTS)
    stated = _stated_by(claim_text, present - SPEECH_ACTS)
    named = frozenset(
        stem
        for token in terms.TOKEN.findall(claim_text)
        if token[:1].isupper() and (stem := terms.term(token)[1]) in present - SPEECH_ACTS
    )
    if not claimed and not stated:
        return None
    held = {
        i
        for n in sentences
        if (s := doc.sentence(n)) is not None
        for i, turn in enumerate(found)
        if turn.speaker_span.start < s.end and s.start < turn.content.end
    }
    near = held | {j for i in held for j in (i - 1, i + 1) if 0 <= j < len(found)}
    wrong = []
    for name, opens, words in claimed:
        wanted = terms.all_stems(name)
        said = words - present
        if said:
            # The evidence picked for the whole claim may leave out the turn of one of its
            # speakers ("Pat suggests ..., while Cassie suggests ..."): any turn of theirs that
            # holds what the claim has them say will do.
            ok = any(
                wanted & terms.all_stems(t.speaker) and said & terms.all_stems(_content(doc, t))
                for t in found
            ) or (not opens and _answers(doc, found, wanted, said))
        else:
            ok = any(wanted & terms.all_stems(found[i].speaker) for i in (held if opens else near))
        if ok and opens and (turn := _told_by_another(doc, found, wanted, said)) is not None:
            return Check(
                name="speaker_matches_claim",
                passed=False,
                reason=f"the claim has {name} say what {turn.speaker} says: "
                f'"{_sentence_holding(doc, turn, said)}"',
            )
        if not ok:
            wrong.append(name)
    for name, words in stated:
        said = words - present
        if said and (turn := _first_person_elsewhere(doc, found, name, said, named)) is not None:
            quote = _content(doc, turn)
            return Check(
                name="speaker_matches_claim",
                passed=False,
                reason=f"the claim says it of {name}; {turn.speaker} says it of themself: "
                f'"{quote if len(quote) <= 80 else quote[:79] + "…"}"',
            )
        if said and (other := _of_something_else(doc, found, name, said)) is not None:
            return Check(
                name="speaker_matches_claim",
                passed=False,
                reason=f"the claim says it of {name}; {other.speaker} says it of something "
                f'else: "{_sentence_holding(doc, other, said)}"',
            )
        if (
            said
            and not _REPORTED_QUESTION.search(claim_text)
            and (question := _only_asked(doc, found, name, said, named)) is not None
        ):
            return Check(
                name="speaker_matches_claim",
                passed=False,
                reason=f'the claim states what {name} only asks: "{question}"',
            )
        claimed.append((name, False, words))
    speakers = ", ".join(sorted({found[i].speaker for i in held})) or "no one"
    if wrong:
        return Check(
            name="speaker_matches_claim",
            passed=False,
            reason=f"the claim has {', '.join(wrong)} say what no turn of theirs holds; the "
            f"turns that hold it are by {speakers}",
        )
    names = ", ".join(sorted({name for name, _, _ in claimed}))
    return Check(
        name="speaker_matches_claim",
        passed=True,
        reason=f"the claim has {names} say it, as their turns do",
    )
