"""A summary written all in lower case, read with the document's capitals.

Some summarizers lower-case everything ("gordon brown has warned that the snp ..."). The checks
find names by their capitals, so such a summary has no names to check: a wrong one passed where
the same summary, cased, failed. A word the document writes only with a capital, wherever a
capital is not a sentence's first, is a name the document gives; the claim gets it back as the
document spells it ("snp" -> "SNP", "mcdonald" -> "McDonald"). The evidence is still picked for
the claim as written (`summary_check`): names weigh double in picking, and picking for them took
sentences that hold a name over those that hold the claim's other words, so that XSum's wrong
summaries, caught by their wording, passed.
"""

from __future__ import annotations

from functools import lru_cache

from service.verify import tables, terms
from service.verify.lexicon import STOPWORDS


@lru_cache(maxsize=256)
def document_names(document: str) -> dict[str, str]:
    """Each word (lower case) the document writes only capitalised, and at least once not as a
    sentence's first word, and how it writes it (its commonest form). A table cell's first word
    counts as a sentence's ("Revenue (£m)" is a header, not a name)."""
    reading = terms.read(tables.cells_apart(document))
    starts = {0} | {i + 1 for i in reading.sentence_ends}
    forms: dict[str, dict[str, int]] = {}
    lowered: set[str] = set()
    for i, token in enumerate(reading.tokens):
        word = _base(token)
        if not word[:1].isalpha():
            continue
        key = word.lower()
        if not word[:1].isupper():
            lowered.add(key)
        elif i not in starts:  # a sentence's first word may be any word ("Now Porto ...")
            counts = forms.setdefault(key, {})
            counts[word] = counts.get(word, 0) + 1
    return {
        key: max(counts, key=lambda form: (counts[form], form))
        for key, counts in forms.items()
        if key not in lowered
    }


def _base(token: str) -> str:
    """A token without what follows a name ("UK's", "Smith,")."""
    word = token.rstrip("’'-.,")
    if word[-2:].lower() in ("'s", "’s"):
        word = word[:-2]
    return word


def lower_cased(claim: str) -> bool:
    """Whether no letter after the claim's first is a capital."""
    letters = [c for c in claim if c.isalpha()]
    return len(letters) > 1 and not any(c.isupper() for c in letters[1:])


def with_document_capitals(claim: str, document: str) -> str:
    """`claim` with the capitals of the names the document gives, when it is written in lower
    case; otherwise `claim` itself."""
    if not lower_cased(claim):
        return claim
    names = document_names(document)
    if not names:
        return claim
    parts, last = [], 0
    for match in terms.TOKEN.finditer(claim):
        token = match.group()
        word = _base(token)
        spelled = names.get(word)
        if spelled is not None and word.islower() and len(word) >= 2 and word not in STOPWORDS:
            parts.append(claim[last : match.start()])
            parts.append(spelled)
            last = match.start() + len(word)
    parts.append(claim[last:])
    return "".join(parts)
