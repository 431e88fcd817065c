"""Who or what a change or an action is said of: "The trial also fell by about a third" where
the evidence says sick days fell, "Maya Lin, Tom Adeyemi, and Brightline Logistics ran the
trial" where only Tom Adeyemi ran it. Every word is the evidence's, so the wording, names and
numbers checks pass; the predicate is said of another subject (FRANK's entity and relation
errors).

No parser: a predicate (`lexicon.PREDICATES`) is read as a verb only in a form that is one (a
past, or after "has", "will", "is"); its subject is the noun phrase just before it, which
function words and punctuation end, or a run of names and the names joined to it by "and".
What cannot be read so (a passive, "which", a noun such as "a tax cut") is no evidence against
a claim: the check fails a claim only where every use of the predicate in the evidence has a
subject that the claim's does not share. A pronoun is read as whom the reading resolves it to
(`coreference.resolve`); one it cannot resolve says only that a "they" or an "it" is never one
named person ("They offered us the 14th" is not Tom Reid's offer).
"""

from __future__ import annotations

from collections.abc import Sequence

from service.document import Document
from service.schemas import Check
from service.verify import terms
from service.verify.attribution import RESOLVE_WINDOW, Frame, Span, resolve
from service.verify.lexicon import (
    DETERMINERS,
    GOAL_NOUNS,
    IRREGULAR_PASTS,
    NOT_PERSON_HEADS,
    ORG_WORDS,
    POSSESSED_HEADS,
    PREDICATE_STATES,
    PREDICATES,
    REPORTING_VERBS,
    SCORING_VERBS,
    TEAM_WORDS,
    TELLING_VERBS,
)
from service.verify.terms import Tokens

PREDICATE_OF = {terms.term(w)[1]: n for n, forms in enumerate(PREDICATES) for w in forms.split()}
"""The stem of each form of a predicate -> which predicate it is ("dropped" and "fell": one)."""
_STATES = {word: PREDICATE_OF[verb] for word, verb in PREDICATE_STATES.items()}
"""The evidence's "were down": a use of "fell" whose subject counts (never read in a claim,
where "is up to the board" is no change)."""
SCORES = PREDICATES.index("score scores scored")
_SCORING_STEMS = frozenset(terms.term(w)[1] for w in SCORING_VERBS)
_GOAL_STEMS = frozenset(terms.term(w)[1] for w in GOAL_NOUNS)
_PREDICATE_STEMS = frozenset(PREDICATE_OF) | _SCORING_STEMS
_USE_STEMS = _PREDICATE_STEMS | {terms.term(word)[1] for word in _STATES}
_POSSESSED_STEMS = frozenset(terms.term(w)[1] for w in POSSESSED_HEADS)
_ORG_STEMS = frozenset(terms.term(w)[1] for w in ORG_WORDS)
ACTIONS = PREDICATES.index("run runs ran")
"""The first predicate that is an action, done by its subject to something; the ones before are
changes, which "by" measures."""

_AUXILIARIES = frozenset(
    "has have had will would could can may might should must did does do".split()
)
_BE = frozenset("is are was were be been being".split())
_NOUNS_AFTER_NAMES = frozenset({"offer", "offers"})
"""Present forms that a name before them makes a noun, not a verb: "a Limited-Time Offer"
(SummEdits' sales emails), where "Apple cuts jobs" is a verb."""
_ADVERBS = frozenset(
    "also then later already just only recently still reportedly not never even finally "
    "eventually both all again".split()
)
"""Words between a subject and its verb ("sick days have also fallen")."""
_LINKS = frozenset("of in at for from on".split())
"""Prepositions inside a subject: "shares in the company fell"."""
_AND = frozenset({"and", "&"})
_RELATIVES = frozenset({"who", "which", "that"})
"""Words that open a relative clause, whose subject is the phrase before them; "that" right
before a verb is one ("the car that lost control"), never "said that"."""


def same_predicate(stem: str, evidence_stems: frozenset[str]) -> bool:
    """Whether a claim's word is a predicate the evidence says in another form or word
    ("dropped" where the evidence has "fell"): the same change, not a word replaced."""
    group = PREDICATE_OF.get(stem)
    return group is not None and any(PREDICATE_OF.get(s) == group for s in evidence_stems)


def _predicate(tokens: Tokens, position: int) -> int | None:
    """Which predicate the word at `position` is, if any: a verb of `SCORING_VERBS` is `score`
    when a goal is its object ("Jon Okafor heading the winner")."""
    stem = tokens.sequence[position]
    group = PREDICATE_OF.get(stem)
    if group is not None or stem not in _SCORING_STEMS or position in tokens.phrase_ends:
        return group
    after = position + 1
    if after < len(tokens.words) and tokens.words[after] in DETERMINERS:
        after += 1
    if after < len(tokens.words) and tokens.sequence[after] in _GOAL_STEMS:
        return SCORES
    return None


def _agent_follows(tokens: Tokens, position: int) -> bool:
    """Whether an action's past is followed by "by" ("sold by Christie's"): a passive without
    "was". A change's "by" measures it ("fell by a third")."""
    after = position + 1
    return (
        after < len(tokens.words)
        and tokens.words[after] == "by"
        and PREDICATE_OF.get(tokens.sequence[position], 0) >= ACTIONS
    )


SUBJECT_WORDS = 3
"""Most content words a subject's phrase is read to, leftwards from its head: "the number of
sick days" is all of it; a longer run is more likely to hold the clause before."""

Subject = tuple[tuple[int, ...], ...]
"""Each conjunct of a subject ("Maya Lin", "Tom Adeyemi"), as the positions of its words."""


def _verbal(tokens: Tokens, position: int, auxiliary: bool, named: bool) -> bool:
    """Whether the predicate's form there is a verb: a past ("fell", "dropped") always; a
    present or "cut" only after an auxiliary ("will cut", "are falling") or a name ("Apple
    cuts jobs"): "a tax cut", "price rises" and "rising costs" are nouns and adjectives."""
    word = tokens.words[position]
    if word.endswith("ed") or word in IRREGULAR_PASTS or word in _STATES:
        return True
    return auxiliary or (named and not word.endswith("ing") and word not in _NOUNS_AFTER_NAMES)


def _absolute(tokens: Tokens, position: int, k: int) -> bool:
    """A clause of a name and its participle after a comma: "a 2-1 win over Harwick Rovers, Jon
    Okafor heading the winner" says Okafor headed it."""
    if not tokens.words[position].endswith("ing") or not terms.is_name(tokens.tokens[k]):
        return False
    start = _run_start(tokens, k)
    return start >= 1 and start - 1 in tokens.comma_ends


def _adverb(tokens: Tokens, position: int) -> bool:
    word = tokens.words[position]
    return word in _ADVERBS or (word.endswith("ly") and len(word) >= 5 and word.islower())


def _agent(tokens: Tokens, position: int) -> Subject | None:
    """The name after a passive's "by" ("was run by Maya Lin"), None without one: "was killed
    by a single punch" names a means, "fell by a third" a measure."""
    by, first = position + 1, position + 2
    if first >= len(tokens.words) or tokens.words[by] != "by" or position in tokens.phrase_ends:
        return None
    if by in tokens.phrase_ends or not terms.is_name(tokens.tokens[first]):
        return None
    if not tokens.content_flags[first]:
        return None
    last = first
    while (
        last + 1 < len(tokens.tokens)
        and last not in tokens.phrase_ends
        and terms.is_name(tokens.tokens[last + 1])
    ):
        last += 1
    return (tuple(range(first, last + 1)),)


def _comma_after(tokens: Tokens, position: int) -> bool:
    """A number keeps the comma after it in its token ("48,")."""
    return position in tokens.comma_ends or tokens.tokens[position].endswith(",")


def _subject(tokens: Tokens, position: int) -> Subject | None:
    """The subject of the predicate at `position`, None when it cannot be read."""
    words, ends, commas = tokens.words, tokens.phrase_ends, tokens.comma_ends
    k = position - 1
    auxiliary = passive = False
    while k >= 0 and k not in ends and (words[k] in _AUXILIARIES | _BE or _adverb(tokens, k)):
        auxiliary |= words[k] in _AUXILIARIES or words[k] in _BE
        passive |= words[k] in _BE
        k -= 1
    if k >= 0 and k in tokens.bracketed and words[position] not in _STATES:
        while k >= 0 and k in tokens.bracketed:
            k -= 1  # "Shares in Norvik Energy (LSE: NVK) rose": the aside is no subject
        if k < 0 or k in tokens.bracketed:
            return None
        ends = ends - {k}
    if words[position] in _STATES:
        if not passive:
            return None  # "broke down", "set up": no state
    elif (passive and not words[position].endswith("ing")) or _agent_follows(tokens, position):
        # "The trial was run by Maya Lin", "American Pie sold by Christie's": who did it is
        # the name after "by"; without one, the subject is only what was done to
        return _agent(tokens, position)
    opened = k < 0 or k in ends  # nothing before the verb in its phrase
    if k >= 1 and words[k][:1].isdigit() and k - 1 in commas and _comma_after(tokens, k):
        k, opened = k - 1, False  # "Barry Beavis, 48, lost his case"
    elif k >= 1 and words[k] in _RELATIVES and (k - 1 not in ends or k - 1 in commas):
        k -= 1  # "an Oldsmobile Bravada that lost control", "Vettel, who won"
    elif k >= 1 and words[k] == "s" and k - 1 not in ends:
        k -= 1  # "christie 's sold", as tokenised summaries write a possessive
    if opened or not tokens.content_flags[k] or not words[k][:1].isalpha():
        return None  # a pronoun, "to", a clause's start: its subject is elsewhere
    named = terms.is_name(tokens.tokens[k])
    if not (_verbal(tokens, position, auxiliary, named) or _absolute(tokens, position, k)):
        return None
    if not named:
        return (_apposed(tokens, _phrase(tokens, k)),)
    subject = _names(tokens, k)
    before = subject[0][0] - 1
    if before >= 1 and words[before] in _LINKS and before - 1 not in ends:
        # "a judge in Provo signed": the judge did; "Adrian Teklinski of Poland, who won"
        head = before - 1
        if terms.is_name(tokens.tokens[head]):
            owner = tuple(range(_run_start(tokens, head), head + 1))
        else:
            owner = _phrase(tokens, head)
        return ((*owner, *subject[0]), *subject[1:])
    return subject


def _phrase(tokens: Tokens, head: int) -> tuple[int, ...]:
    """The content words of the noun phrase that ends at `head`: "sick days", "shares in the
    company", up to SUBJECT_WORDS of them."""
    words, flags, ends = tokens.words, tokens.content_flags, tokens.phrase_ends
    found: list[int] = []
    j = head
    while j >= 0 and len(found) < SUBJECT_WORDS:
        word = words[j]
        if j < head and word in _REPORTING:
            break  # "said coffee could offer ...": the subject is "coffee"
        if flags[j] and word[:1].isalpha():
            found.append(j)
        elif word in DETERMINERS:
            if j < 1 or words[j - 1] not in _LINKS or j - 1 in ends:
                break
        elif word not in _LINKS and not word[:1].isdigit():
            break
        if j - 1 in ends:
            break
        j -= 1
    return tuple(found)


def _apposed(tokens: Tokens, phrase: tuple[int, ...]) -> tuple[int, ...]:
    """A phrase with the name it stands in apposition to: "Sterling, the England international
    who will lead Liverpool's line" says Sterling will."""
    if not phrase:
        return phrase
    before = min(phrase) - 1
    if before >= 0 and tokens.words[before] in DETERMINERS:
        before -= 1
    if before < 0 or before not in tokens.comma_ends or not terms.is_name(tokens.tokens[before]):
        return phrase
    return (*range(_run_start(tokens, before), before + 1), *phrase)


def _run_start(tokens: Tokens, last: int) -> int:
    start = last
    while (
        start > 0
        and start - 1 not in tokens.phrase_ends
        and terms.is_name(tokens.tokens[start - 1])
    ):
        start -= 1
    return start


def _names(tokens: Tokens, last: int) -> Subject:
    """The run of names that ends at `last`, and the names an "and" joins to it before: "Maya
    Lin, Tom Adeyemi, and Brightline Logistics". A list that a verb's object is ("met Maya Lin
    and Tom ran") names one subject, the last."""
    words, commas = tokens.words, tokens.comma_ends
    start = _run_start(tokens, last)
    runs = [tuple(range(start, last + 1))]
    joined = False
    j = start - 1
    while j >= 0 and len(runs) < 6:
        if words[j] in _AND and j not in tokens.phrase_ends:
            joined, j = True, j - 1
            if j >= 0 and j in tokens.phrase_ends and j not in commas:
                break
        elif not (joined and j in commas):
            break
        if j < 0 or not terms.is_name(tokens.tokens[j]) or not tokens.content_flags[j]:
            break
        start = _run_start(tokens, j)
        runs.append(tuple(range(start, j + 1)))
        j = start - 1
    if len(runs) > 1 and j >= 0 and j not in tokens.phrase_ends and tokens.content_flags[j]:
        return (runs[0],)  # "met Maya Lin and Tom": the list before is an object
    return tuple(reversed(runs))


_WITH = frozenset({"with", "alongside"})
PARTNER_WORDS = 3
"""Words after "with" that may name who did it too: "Smith won the doubles with Jones"."""


def _partners(tokens: Tokens) -> frozenset[str]:
    """The stems of the words just after "with": a claim's "Smith and Jones won" names them as
    subjects too."""
    words = tokens.words
    return frozenset(
        tokens.sequence[j]
        for i, word in enumerate(words)
        if word in _WITH
        for j in range(i + 1, min(i + 1 + PARTNER_WORDS, len(words)))
    )


_REPORTING = frozenset(REPORTING_VERBS.split()) | TELLING_VERBS
SPEAKER_WORDS = 3
"""Words before a reporting verb that may name who reports: "Mayor Ann Lee told"."""


def _speakers(tokens: Tokens) -> frozenset[str]:
    """The stems of the words just before a reporting verb: "The mayor approved the budget"
    from "Mayor Ann Lee told reporters that the council had approved the budget" makes a
    speaker do what she reported, which `claim_speaker` says (unsupported, not contradicted)."""
    words = tokens.words
    return frozenset(
        tokens.sequence[j]
        for i, word in enumerate(words)
        if word in _REPORTING
        for j in range(max(0, i - SPEAKER_WORDS), i)
    )


def _stems(tokens: Tokens, positions: Sequence[int]) -> frozenset[str]:
    return frozenset(tokens.sequence[i] for i in positions)


def _spelled(tokens: Tokens, positions: Sequence[int]) -> str:
    """The subject as written, from its first word to its last: "Adrian Teklinski of Poland"."""
    return " ".join(tokens.tokens[min(positions) : max(positions) + 1])


def wrong_subjects(
    claim: Tokens,
    evidence: Tokens,
    present: frozenset[str] = frozenset(),
    *,
    objects: bool = False,
    people: frozenset[str] = frozenset(),
) -> tuple[tuple[str, str, str], ...]:
    """(the claim's subject, its predicate, the evidence's subject of it): a change or action
    the evidence says of another subject, the claim's made of the evidence's words (or of a
    conversation's `present` participants). "The trial also fell by about a third" from "Sick
    days fell by about a third" (and "ran the trial" elsewhere); "Maya Lin, Tom Adeyemi, and
    Brightline Logistics ran the trial" from "Tom Adeyemi ran the trial at Brightline
    Logistics". A subject that shares a word with the evidence's ("Sick days dropped", "Shares
    in Apple fell" for "Apple shares fell") passes, unless the word shared is what a name owns
    ("Halvorsen shares rose" where shares in Norvik Energy rose), as does one the evidence lacks
    ("Absences fell"), which is the wording check's to weigh. `objects`, for another sentence
    than the evidence: only a subject of names is weighed, and only the uses with the claim's
    object ("scored the winner", not "scored a penalty"). `people`: the stems of a
    conversation's participants, each one person though named in one word ("Ben")."""
    # Sets first: most claims have no predicate, most sentences a scan compares none of theirs.
    if not claim.stems & _PREDICATE_STEMS or not evidence.stems & _USE_STEMS:
        return ()
    mine = [(i, g) for i in range(len(claim.sequence)) if (g := _predicate(claim, i)) is not None]
    theirs = _uses(evidence)
    have = evidence.stems | present
    found = []
    for i, group in mine:
        uses = theirs.get(group)
        if uses and objects:
            uses = [j for j in uses if _object(claim, i) <= _after(evidence, j)]
        if not uses or (subject := _subject(claim, i)) is None:
            continue
        if objects and not all(terms.is_name(claim.tokens[k]) for c in subject for k in c):
            continue  # another sentence is weighed only against a name ("Sam Price scored")
        subjects = [_subject(evidence, j) for j in uses]
        pronouns = [_pronoun(evidence, j) for j, s in zip(uses, subjects, strict=True) if not s]
        if pronouns and not (all(pronouns) and _one_person(claim, subject, people)):
            continue  # "he fell", "which Tom ran": perhaps the claim's subject
        said_of = [_stems(evidence, c) for s in subjects if s for c in s]
        their_stems = frozenset().union(*said_of)
        unmatched = [
            c
            for c in subject
            if (stems := _stems(claim, c))
            and (not stems & their_stems or _other_owner(claim, c, evidence, subjects))
            and stems <= have
            and not (len(subject) > 1 and stems & _partners(evidence))
            and not stems & _speakers(evidence)
        ]
        if not unmatched:
            continue
        if len(unmatched) == len(subject) and (their_stems - _POSSESSED_STEMS) & claim.stems:
            continue  # the claim names the evidence's subject too ("was cut by", another order)
        named = [c for s in subjects if s for c in s]
        other = _spelled(evidence, named[0]) if named else next(p for p in pronouns if p)
        for c in unmatched:
            found.append((_spelled(claim, c), claim.tokens[i], other))
    return tuple(dict.fromkeys(found))


def _uses(tokens: Tokens) -> dict[int, list[int]]:
    """Each predicate the text says -> the positions it is said at."""
    found: dict[int, list[int]] = {}
    for j, word in enumerate(tokens.words):
        group = _predicate(tokens, j) if word not in _STATES else _STATES[word]
        if group is not None:
            found.setdefault(group, []).append(j)
    return found


OBJECT_WORDS = 3
"""Words after a predicate read as its object ("scored the winner")."""


def _object(tokens: Tokens, position: int) -> frozenset[str]:
    """The content stems just after a predicate, up to a phrase's end: "the winner"."""
    found = set()
    for j in range(position + 1, min(position + 1 + OBJECT_WORDS, len(tokens.words))):
        if tokens.content_flags[j]:
            found.add(tokens.sequence[j])
        if j in tokens.phrase_ends:
            break
    return frozenset(found)


def _after(tokens: Tokens, position: int) -> frozenset[str]:
    end = min(position + 1 + OBJECT_WORDS + 1, len(tokens.words))
    return frozenset(tokens.sequence[position + 1 : end])


_PERSONAL = frozenset({"he", "she", "they", "it"})
_NOT_ONE_PERSON = frozenset({"they", "it"})


def _pronoun(tokens: Tokens, position: int) -> str | None:
    """ "They" or "it" as the active subject of the predicate at `position` ("They offered us
    the 14th"): what it stands for is a group or a thing, never one person named."""
    k = _pronoun_at(tokens, position)
    return tokens.tokens[k] if k is not None and tokens.words[k] in _NOT_ONE_PERSON else None


def _pronoun_at(tokens: Tokens, position: int) -> int | None:
    """Where the pronoun is that is the active subject of the predicate at `position` (a past,
    or after an auxiliary: "they have offered"; "they were offered" is done to them)."""
    words, ends = tokens.words, tokens.phrase_ends
    k = position - 1
    auxiliary = False
    while k >= 0 and k not in ends and (words[k] in _AUXILIARIES or _adverb(tokens, k)):
        auxiliary |= words[k] in _AUXILIARIES
        k -= 1
    if k < 0 or words[k] not in _PERSONAL:
        return None
    word = words[position]
    return k if auxiliary or word.endswith("ed") or word in IRREGULAR_PASTS else None


def _one_person(tokens: Tokens, subject: Subject, people: frozenset[str] = frozenset()) -> bool:
    """A subject that reads as one person's name, a given name and a surname ("Tom Reid"), or
    a participant's one-word name ("Ben"): not a list, an acronym, a name with an
    organisation's or a club's word ("Brightline Logistics", "Leyton Orient"), or one that a law,
    a place or an event ends ("the Equality Act", "the Paris Agreement")."""
    if len(subject) == 1 and len(subject[0]) == 1 and tokens.sequence[subject[0][0]] in people:
        return True
    if len(subject) != 1 or len(subject[0]) < 2:
        return False
    words = [tokens.words[i] for i in subject[0]]
    if words[-1] in NOT_PERSON_HEADS or not TEAM_WORDS.isdisjoint(words):
        return False
    return all(
        terms.is_name(tokens.tokens[i])
        and not tokens.tokens[i].isupper()
        and tokens.sequence[i] not in _ORG_STEMS
        for i in subject[0]
    )


def _other_owner(
    claim: Tokens, conjunct: tuple[int, ...], evidence: Tokens, subjects: Sequence[Subject | None]
) -> bool:
    """Whether the claim's subject shares with the evidence's only what a name owns, and names
    another owner: "Halvorsen shares rose" where "Shares in Norvik Energy (LSE: NVK) rose"."""
    theirs = [(evidence, c) for s in subjects if s for c in s]
    shared = _stems(claim, conjunct) & frozenset().union(*(_stems(t, c) for t, c in theirs))
    if not shared or not shared <= _POSSESSED_STEMS:
        return False
    mine = _owners(claim, conjunct)
    their_owners = frozenset().union(*(_owners(t, c) for t, c in theirs))
    return bool(mine) and bool(their_owners) and not mine & their_owners


def _owners(tokens: Tokens, conjunct: tuple[int, ...]) -> frozenset[str]:
    """The names in a subject other than what they own, with an aside in brackets after it:
    "Norvik", "Energy", "NVK" of "Shares in Norvik Energy (LSE: NVK)"."""
    positions = list(conjunct)
    j = max(conjunct) + 1
    while j in tokens.bracketed:
        positions.append(j)
        j += 1
    return frozenset(
        tokens.sequence[i]
        for i in positions
        if terms.is_name(tokens.tokens[i]) and tokens.sequence[i] not in _POSSESSED_STEMS
    )


def said_of(subjects: Sequence[tuple[str, str, str]]) -> str:
    """ "the evidence says 'ran' of 'Tom Adeyemi', not of 'Maya Lin' or 'Brightline'"."""
    claimed: dict[tuple[str, str], list[str]] = {}
    for mine, verb, theirs in subjects:
        claimed.setdefault((verb, theirs), []).append(f"'{mine}'")
    said = "; ".join(
        f"'{verb}' of '{theirs}', not of {' or '.join(mine)}"
        for (verb, theirs), mine in claimed.items()
    )
    return f"the evidence says {said}"


def check_subject(
    doc: Document,
    claim_text: str,
    evidence_text: str,
    present: frozenset[str] = frozenset(),
    *,
    sentences: Sequence[int] = (),
    frames: Sequence[Frame] = (),
) -> Check | None:
    """`wrong_subjects` with the claim's subject made of any of the document's words, not only
    its evidence's: a model that cites only "Sick days fell by about a third" for "The trial
    also fell by about a third" has the trial from another sentence (and a repaired citation
    drops that sentence). None when the evidence says it of the claim's subject."""
    claim = terms.read(claim_text)
    if not claim.stems & _PREDICATE_STEMS:
        return None  # what `wrong_subjects` reads first: most claims say no change or action
    evidence = terms.read(evidence_text)
    have = terms.text_stems(doc.text) | present
    found = wrong_subjects(claim, evidence, have, people=present)
    named = None if found or not sentences else _pronouns_named(doc, claim, sentences, frames)
    if named and (found := wrong_subjects(claim, terms.read(named[0]), have, people=present)):
        return Check(
            name="subject_as_in_evidence",
            passed=False,
            reason=f"{said_of(found)} ({_resolved(named[1])})",
        )
    if not found and (others := _said_elsewhere(doc, claim, evidence)):
        plain = " ".join(s.text for n in others if (s := doc.sentence(n)))
        named = _pronouns_named(doc, claim, others, frames)
        found = wrong_subjects(claim, terms.read(named[0] if named else plain), have, objects=True)
        if found:
            return Check(
                name="subject_as_in_evidence",
                passed=False,
                reason=f'{said_of(found)} (in another sentence: "{plain}")',
            )
    if not found:
        return None
    return Check(name="subject_as_in_evidence", passed=False, reason=said_of(found))


def _pronouns_named(
    doc: Document, claim: Tokens, sentences: Sequence[int], frames: Sequence[Frame]
) -> tuple[str, list[tuple[str, str]]] | None:
    """The evidence with each pronoun that does one of the claim's predicates replaced by whom
    the reading resolves it to (`coreference.resolve`, as for a speaker): "He headed the winner"
    after "Jon Okafor ..." reads "Jon Okafor headed the winner"; with each (pronoun, referent).
    None when no such pronoun is resolved."""
    groups = {g for i in range(len(claim.sequence)) if (g := _predicate(claim, i)) is not None}
    if not groups:
        return None
    pieces, changed = [], []
    for number in sorted(set(sentences)):
        sentence = doc.sentence(number)
        if sentence is None:
            continue
        tokens = terms.read(sentence.text)
        named = sentence.text
        uses = [j for g, js in _uses(tokens).items() if g in groups for j in js]
        for k in sorted(
            {k for j in uses if (k := _pronoun_at(tokens, j)) is not None}, reverse=True
        ):
            match = list(terms.TOKEN.finditer(sentence.text))[k]
            if match.group().lower() in _NOT_ONE_PERSON and _quoted_at(
                sentence.text, match.start()
            ):
                continue  # a speaker's "it" is what they speak of ("Coffee ... it could offer")
            referent = _referent(doc, sentence.start + match.start(), match.group(), frames)
            if referent:
                named = named[: match.start()] + referent + named[match.end() :]
                changed.append((match.group(), referent))
        pieces.append(named)
    return (" ".join(pieces), changed) if changed else None


def _quoted_at(text: str, at: int) -> bool:
    """Whether `at` stands inside a quotation opened before it in the sentence."""
    before = text[:at]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _resolved(pairs: Sequence[tuple[str, str]]) -> str:
    said = ", ".join(f"'{pronoun}' is {referent}" for pronoun, referent in dict.fromkeys(pairs))
    return f"the document's {said}"


def _referent(doc: Document, at: int, pronoun: str, frames: Sequence[Frame]) -> str | None:
    """Whom the reading takes the pronoun at `at` to stand for, None when it cannot tell."""
    span = Span(at, at + len(pronoun))
    probe = Frame(
        content=(),
        cue=None,
        cue_text=None,
        source_span=span,
        source_text=pronoun,
        source=pronoun,
        kind="pronoun",
        stance="asserts",
        direct_quote=False,
        certain=False,
    )
    sentence = doc.sentence_at(at, or_before=True)
    first = max(0, (sentence.number if sentence else 1) - 1 - RESOLVE_WINDOW)
    window_start = doc.sentences[first].start if doc.sentences else 0
    earlier = [f for f in frames if f.source_span is not None and f.source_span.start < at]
    resolved = resolve(doc.text, probe, earlier, window_start)
    if resolved is None or resolved.kind != "named" or not resolved.source:
        return None
    return resolved.source


def _said_elsewhere(doc: Document, claim: Tokens, evidence: Tokens) -> list[int]:
    """The document's sentences that say, with the claim's object, a predicate of the claim
    that its evidence does not: "Sam Price scored the winner" picks "Rovers led through Sam
    Price's penalty" for its names, while "Jon Okafor heading the winner" says who scored it."""
    if not claim.stems & _PREDICATE_STEMS:
        return []
    said = _uses(evidence)
    wanted = {
        g: wanted
        for i in range(len(claim.sequence))
        if (g := _predicate(claim, i)) is not None
        and g not in said
        and (wanted := _object(claim, i))
    }
    if not wanted:
        return []
    found = []
    for sentence in doc.sentences:
        tokens = terms.read(sentence.text)
        if any(stems <= tokens.stems for stems in wanted.values()) and (
            wanted.keys() & _uses(tokens).keys()
        ):
            found.append(sentence.number)
    return found
