"""What a claim calls a person: "Anderson Cooper, a governor of Nevada, ..." describes the host
of a television programme as the governor he interviews. Every word is in the transcript ("The
governor of Nevada says ..." is his line), so the word checks pass; but no sentence that names
Cooper calls him a governor. An appositive's head noun must stand in some sentence that names
the person it describes; and what a relative clause says they did ("Mary Chen, who led the
study,", where Oliver Kennedy led it and she was not involved), its verb in one such sentence.
"""

from __future__ import annotations

import re

from service.document import Document
from service.schemas import Check
from service.verify import terms

_APPOSITIVE = re.compile(
    r"(?P<name>[A-Z][\w’'.-]+(?:[ \t]+[A-Z][\w’'.-]+){0,3}),[ \t]+(?:a|an|the)[ \t]+"
    r"(?P<role>[a-z][^,.;:()\n]{1,60}),"
)
"""A name and what the claim calls them, between commas: "Anderson Cooper, a governor of
Nevada,"."""
_WHO_CLAUSE = re.compile(
    r"(?P<name>[A-Z][\w’'.-]+(?:[ \t]+[A-Z][\w’'.-]+){0,3}),[ \t]+who[ \t]+"
    r"(?P<did>[a-z][^,.;:()\n]{2,60}),"
)
"""A name and what the claim says they did, between commas: "Mary Chen, who led the study,"."""
_AFTER_HEAD = re.compile(r"\s+(?:of|at|for|in|from|with|to|on|who|whose|which|and)\s")
"""Where a description's head noun ends: "governor" of "governor of Nevada"."""
_ABBREVIATED = {
    "governor": ("gov",),
    "senator": ("sen",),
    "representative": ("rep",),
    "professor": ("prof",),
    "doctor": ("dr",),
    "president": ("pres",),
}
"""A transcript's labels abbreviate offices: "GOV. MARIA LOPEZ (D), NEVADA:"."""
STEM = 5
"""Letters of a head noun compared: "governor" is "governors", "adviser" is "advisers"."""


def check_description(document: Document, claim_text: str) -> Check | None:
    """A failed check when the claim calls a person something no sentence naming them does;
    None when it describes no one, or the document gives the description."""
    if ", " not in claim_text:
        return None  # most claims: no appositive
    for match in _APPOSITIVE.finditer(claim_text):
        name, role = match.group("name"), match.group("role").strip()
        head = _AFTER_HEAD.split(role, maxsplit=1)[0].split()[-1].lower()
        surname = name.split()[-1].lower().rstrip(".")
        if len(surname) < 3 or len(head) < 3:
            continue
        mentioning = _sentences_naming(document, surname)
        if not mentioning:
            continue  # a name the document lacks: the name checks say so
        forms = (head[:STEM], *_ABBREVIATED.get(head, ()))
        if not any(_holds(sentence, forms) for sentence in mentioning):
            return Check(
                name="description_as_in_document",
                passed=False,
                reason=f"no sentence naming {name} calls them {role!r}",
            )
    for match in _WHO_CLAUSE.finditer(claim_text):
        name, did = match.group("name"), match.group("did").strip()
        # What they did: the clause's first content word ("led" of "led the study").
        verb = next((w for w in terms.TOKEN.findall(did) if terms.is_content(w)), None)
        surname = name.split()[-1].lower().rstrip(".")
        if len(surname) < 3 or verb is None:
            continue
        stem = terms.term(verb)[1]
        mentioning = _sentences_naming(document, surname)
        if mentioning and not any(stem in terms.all_stems(s) for s in mentioning):
            return Check(
                name="description_as_in_document",
                passed=False,
                reason=f"no sentence naming {name} says they {did!r}",
            )
    return None


def _sentences_naming(document: Document, surname: str) -> list[str]:
    """The sentences that name the person; a name on a line of its own (an email's signature:
    "Michael Smith" / "Account Executive" / "SwiftHealthcare") with the lines under it."""
    pattern = re.compile(rf"(?<![\w’'-]){re.escape(surname)}(?![\w’'-])", re.IGNORECASE)
    sentences = document.sentences
    found = []
    for index, sentence in enumerate(sentences):
        if not pattern.search(sentence.text):
            continue
        # A turn's label ("COOPER: The governor denies that.") names its speaker, not what
        # the turn is about: only the label's own words describe them ("ANDERSON COOPER, CNN
        # HOST").
        label, colon, said = sentence.text.partition(":")
        if colon and len(label.split()) <= LABEL_WORDS and pattern.search(label):
            found.append(label.lower() + (f" {said.lower()}" if pattern.search(said) else ""))
            continue
        found.append(sentence.text.lower())
        if len(sentence.text.split()) <= SIGNATURE_WORDS:
            found += [s.text.lower() for s in sentences[index + 1 : index + 1 + SIGNATURE_LINES]]
    return found


LABEL_WORDS = 8
SIGNATURE_WORDS = 4
SIGNATURE_LINES = 2
"""A name alone on its line, and the lines under it that may give the office and the firm."""


def _holds(sentence: str, forms: tuple[str, ...]) -> bool:
    """Whether a word of the sentence starts with the head noun's stem, or is its
    abbreviation."""
    words = re.findall(r"[\w’'-]+", sentence)
    return any(w.startswith(forms[0]) or w in forms[1:] for w in words)
