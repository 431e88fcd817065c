"""Words that carry a claim: numbers, names and content words, compared as crude stems.

The one tokeniser of verification: `TOKEN` and `term` (a token's normal form and stem), the set
functions `numbers`, `names`, `content_words` and `all_stems` (what `claims.py`, `topics.py` and
`citation.py` compare), and `read`, which gives the same facts for one text from one
tokenisation (`Tokens`, what `support.py` compares); `name_runs`, the one finder of names of
several words, and `initials`, what such a name is written short as. Every word is normalised
and stemmed once (cached per token): verification compares one claim with many sentences, and
must stay within microseconds per comparison.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from functools import cached_property, lru_cache
from itertools import compress, count, pairwise

from service.memo import LINE_CHARS
from service.verify.lexicon import CHAT_SPELLINGS, MAGNITUDES, NEGATIONS, NUMBER_WORDS, STOPWORDS

TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\d[\d,.]*|[^\W\d_][\w’'-]*")
"""Numbers and words; what a token may end with but not keep ('2019.', "workers'") is cut off by
`term`. Simpler than spelling the ends out in the pattern, and faster. "U.K." is one token, "uk"
as "UK" is."""
_TRAILING = "’'-.,"
_SENTENCE_END = re.compile(r"[.!?\n]")  # a line is a unit, as document.py splits it
_PHRASE_END = re.compile(r"[.!?,;:()\[\]\"“”]|\s[-\u2013\u2014]\s")

PER_TEXT_CACHE = 16_384
"""Entries of each per-text cache: more than the sentences of the longest job document (1,000,000
characters is about 7,000 sentences). A cache smaller than a document's sentences misses on every
pass over them, which made verification superlinear past 50,000 words."""


def _normalise(token: str) -> str:
    # One apostrophe: "O’Toole" in the document is "o'toole" in a summary typed elsewhere.
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word[:1].isdigit():
        return word.replace(",", "").rstrip(".")
    if "." in word:  # "u.k" (its last full stop cut off by `term`)
        word = word.replace(".", "")
    if word in CHAT_SPELLINGS and not token.isupper():  # "u", "tmrw"; not the initials "U", "UR"
        return CHAT_SPELLINGS[word]
    return NUMBER_WORDS.get(word, word)


_DOUBLING = frozenset({"ings", "ing", "ed"})
_UNDOUBLED = frozenset("bdgkmnprtv")
"""Consonants that "-ed" and "-ing" double ("submitted", "stopping", "planned"); a final "ll",
"ss", "zz" or "ff" is the word's own ("killed", "passed", "staffed")."""


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match killed/killing/kills, not a linguistic analysis.
    The consonant "-ed" or "-ing" doubled is written once ("submitted" meets "submit"); "-ied"
    and "-ies" are "y" ("cities" meets "city", not "cite"); a final "ss" is no plural ("pass"
    meets "passes")."""
    if word[:1].isdigit():
        return word
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):  # "pass", "business": no plural
                break
            word = word[: -len(suffix)]
            if suffix in ("ied", "ies"):
                word += "y"
            elif (
                suffix in _DOUBLING
                and len(word) >= 4
                and word[-1] == word[-2]
                and word[-1] in _UNDOUBLED
            ):
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def term(token: str) -> tuple[str, str]:
    """A token's normalised form and its stem."""
    word = _normalise(token.rstrip(_TRAILING))
    return word, stem(word)


def is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


def is_content(word: str) -> bool:
    """Numbers and words that are not function words; a split-off "n't" ("could n't", as
    tokenised summaries write it) is a negation, not a word the evidence must share."""
    return word[:1].isdigit() or (len(word) >= 3 and word not in STOPWORDS and word != "n't")


@lru_cache(maxsize=PER_TEXT_CACHE)
def all_stems(text: str) -> frozenset[str]:
    return _stems(text)


def text_stems(text: str) -> frozenset[str]:
    """`all_stems` of a whole document, made of its lines' (no token spans a line break): a
    request's new document is mostly lines read before; no line longer than a memo's keeps
    its stems (a scraped article of one line would be a whole text kept)."""
    lines = text.split("\n")
    return frozenset().union(
        *(all_stems(line) if len(line) <= LINE_CHARS else _stems(line) for line in lines)
    )


def _stems(text: str) -> frozenset[str]:
    return frozenset(term(t)[1] for t in TOKEN.findall(text))


@lru_cache(maxsize=PER_TEXT_CACHE)
def content_words(text: str) -> frozenset[str]:
    """Stems of the words that are not function words (numbers included)."""
    return frozenset(s for w, s in map(term, TOKEN.findall(text)) if is_content(w))


@lru_cache(maxsize=PER_TEXT_CACHE)
def numbers(text: str) -> frozenset[str]:
    return frozenset(w for t in TOKEN.findall(text) if (w := term(t)[0])[:1].isdigit())


@lru_cache(maxsize=PER_TEXT_CACHE)
def quantities(text: str) -> frozenset[tuple[str, float | None]]:
    """Each number with its value once a following magnitude word (million, bn...) is applied;
    the value is None when the number does not parse."""
    words = [term(t)[0] for t in TOKEN.findall(text)]
    return frozenset(
        quantity(word, words[i + 1] if i + 1 < len(words) else None)
        for i, word in enumerate(words)
        if word[:1].isdigit()
    )


def quantity(number: str, following: str | None) -> tuple[str, float | None]:
    """A normalised number, with the magnitude word after it if there is one, and its value."""
    value = _value(number)
    scale = MAGNITUDES.get(following) if following else None
    if scale and value is not None:
        return f"{number} {following}", round(value * scale, 3)
    return number, value


def _value(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        return None


_NOT_NAMES = frozenset({"AM", "PM"})
"""Capitals that spell a time of day ("10 AM"), which evidence writes "10 a.m.", not a name."""


def is_name(token: str) -> bool:
    """Whether a token is a name: capitalised and not a function word, or a function word
    written as a short acronym ("US" is not "us", nor "IT" "it", nor "WHO" "who": read as
    function words, "The US military" passed against "The UK military")."""
    if not token[:1].isupper():
        return False
    if token.lower() not in STOPWORDS:
        return True
    return 2 <= len(token) <= 3 and token.isupper() and token not in _NOT_NAMES


@lru_cache(maxsize=PER_TEXT_CACHE)
def names(text: str) -> frozenset[str]:
    """Stems of capitalised words, the text's first word only when it is not a plain word."""
    found = set()
    for i, token in enumerate(TOKEN.findall(text)):
        if not is_name(token):
            continue
        if i == 0 and not any(c.isupper() for c in token[1:]):
            continue
        found.add(term(token)[1])
    return frozenset(found)


def name_runs(
    tokens: Sequence[str],
    named: Iterable[bool],
    *,
    links: frozenset[str] = frozenset(),
    ends: Container[int] = frozenset(),
) -> list[list[int]]:
    """The positions of each run of name words ("John Smith", "Halden Ports"). Callers read
    names differently, so `named` says which tokens are name words; a word of `links` (in any
    case) is passed over, neither kept nor ending a run ("Bank of England"); a run ends at a
    position in `ends` (a sentence's last token), which otherwise does not end one."""
    runs: list[list[int]] = []
    last = -1
    for i in compress(count(), named):  # name words only: a text has few, a loop over all is slow
        if links and tokens[i].lower() in links:
            continue
        if (
            runs
            and (i == last + 1 or (links and all(t.lower() in links for t in tokens[last + 1 : i])))
            and (last not in ends if i == last + 1 else not any(k in ends for k in range(last, i)))
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
        last = i
    return runs


NAME_LINKS = frozenset({"of", "the", "for", "and"})
"""Words inside a spelled-out name that its initials skip ("Bank of England", BoE aside)."""


def initials(
    tokens: Sequence[str], ends: Container[int] = frozenset()
) -> list[tuple[str, list[int]]]:
    """Each run of two or more capitalised words (links passed over, a capitalised function
    word kept), and each run of two or more of its words in a row, with its initials as written
    and its positions: "UEPA", "EPA" and the rest for "the U.S. Environmental Protection
    Agency", which a text may call "the EPA". A run ends at a position in `ends` (a token a
    comma follows: "Paris, France" is two names). A one-word run has no initials to write it
    short by."""
    capitalised = [token[:1].isupper() for token in tokens]
    found = []
    for run in name_runs(tokens, capitalised, links=NAME_LINKS, ends=ends):
        for size in range(len(run), 1, -1):  # the whole run first
            for start in range(len(run) - size + 1):
                part = run[start : start + size]
                found.append(("".join(tokens[i][0] for i in part), part))
    return found


def other_name(name: str, text: str) -> bool:
    """Whether `text` writes a name that shares a word with `name` but is another: "John Smith"
    for "James Smith" (each has a word the other lacks), not "Smith" for "John Smith"."""
    mine = [run for run in _name_stems(name) if len(run) > 1]
    if not mine:
        return False
    return any(a & b and a - b and b - a for a in mine for b in _name_stems(text))


def _name_stems(text: str) -> list[frozenset[str]]:
    """The stems of each run of names (`is_name`) in a text."""
    tokens = TOKEN.findall(text)
    return [
        frozenset(term(tokens[i])[1] for i in run)
        for run in name_runs(tokens, map(is_name, tokens))
    ]


NEGATION_SCOPE = 3
"""How many content words after a negation, in the same clause, it is taken to deny."""

_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]\"“”\u2014\u2013]|\.(?:\s|$)|\s-\s")
_CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "while", "whereas"})

_BOUNDING = re.compile(r"\s+(?:more|less|fewer|longer than|only|later|earlier|sooner)\b", re.I)
"""After a negation, words that make it bound or extend a statement ('no more than 44',
'not only'), not deny it."""


@lru_cache(maxsize=65536)
def _token(token: str) -> tuple[str, str, bool, bool, bool, bool]:
    """A token's word and stem, and whether it is a content word, a negation, a name, a number."""
    word, stemmed = term(token)
    name = is_name(token)
    number = word[:1].isdigit()
    return word, stemmed, is_content(word), is_negation(word), name, number


_YEAR = re.compile(r"(?:19|20)\d\d")


class Tokens:
    """What the support check needs from one text: the same tokens, stems and names as the
    functions above give, from one tokenisation. Only the stems are computed at once; the rest
    when first asked for, since a sentence scanned as evidence needs far less than a claim."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[str] = TOKEN.findall(text)
        # Columns, not rows: C-level passes over the cached per-token facts keep this fast.
        columns = list(zip(*map(_token, self.tokens), strict=True)) or [()] * 6
        (
            self.words,
            self.sequence,
            self.content_flags,
            self._negations,
            self._names,
            self._numbers,
        ) = columns
        self.stems = frozenset(self.sequence)
        self.has_negation = any(self._negations)

    @cached_property
    def content(self) -> frozenset[str]:
        return frozenset(compress(self.sequence, self.content_flags))

    @cached_property
    def names(self) -> frozenset[str]:
        named = set(compress(self.sequence[1:], self._names[1:]))
        if self.tokens and self._names[0] and any(c.isupper() for c in self.tokens[0][1:]):
            named.add(self.sequence[0])
        return frozenset(named)

    @cached_property
    def quantities(self) -> frozenset[tuple[str, float | None]]:
        words = self.words
        return frozenset(
            quantity(words[i], words[i + 1] if i + 1 < len(words) else None)
            for i in compress(range(len(words)), self._numbers)
        )

    @cached_property
    def counts(self) -> dict[str, frozenset[str]]:
        """The stem of each word a number counts ("two weeks", "$100/month") -> the numbers
        written before it. A year counts nothing ("the 2020 Olympics")."""
        found: dict[str, set[str]] = {}
        words, flags = self.words, self.content_flags
        for i in compress(range(len(words) - 1), self._numbers[:-1]):
            if _YEAR.fullmatch(words[i]):
                continue
            unit = words[i + 1]
            if flags[i + 1] and unit[:1].isalpha() and unit not in MAGNITUDES:
                found.setdefault(self.sequence[i + 1], set()).add(words[i])
        return {k: frozenset(v) for k, v in found.items()}

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(word.split(" ")[0] for word, _ in self.quantities)

    @cached_property
    def spelling(self) -> dict[str, str]:
        """Stem -> the word as the text first writes it, for reasons a person reads."""
        return dict(reversed(list(zip(self.sequence, self.tokens, strict=True))))

    @cached_property
    def trigrams(self) -> frozenset[tuple[str, str, str]]:
        stems = self.sequence
        return frozenset(zip(stems, stems[1:], stems[2:], strict=False))

    @cached_property
    def sentence_ends(self) -> frozenset[int]:
        """Positions of the tokens a full stop, question or exclamation mark or a line break
        follows."""
        matches = list(TOKEN.finditer(self.text))
        return frozenset(
            i
            for i, (match, following) in enumerate(pairwise(matches))
            if _SENTENCE_END.search(self.text, match.end(), following.start())
        )

    @cached_property
    def phrase_ends(self) -> frozenset[int]:
        """Positions of the tokens punctuation follows (a comma, a bracket, a full stop): where
        a name written out ends ("Paris, France")."""
        matches = list(TOKEN.finditer(self.text))
        return frozenset(
            i
            for i, (match, following) in enumerate(pairwise(matches))
            if _PHRASE_END.search(self.text, match.end(), following.start())
        )

    @cached_property
    def bracketed(self) -> frozenset[int]:
        """Positions of the tokens inside round brackets: an aside such as a ticker ("Shares in
        Norvik Energy (LSE: NVK) rose") that stands between a subject and its verb."""
        found = set()
        depth = 0
        last = 0
        for i, match in enumerate(TOKEN.finditer(self.text)):
            between = self.text[last : match.start()]
            depth = max(0, depth + between.count("(") - between.count(")"))
            if depth:
                found.add(i)
            last = match.end()
        return frozenset(found)

    @cached_property
    def comma_ends(self) -> frozenset[int]:
        """Positions of the tokens a comma follows: where a list of names parts ("Maya Lin, Tom
        Adeyemi, and Brightline"), which other punctuation ends."""
        matches = list(TOKEN.finditer(self.text))
        return frozenset(
            i
            for i, (match, following) in enumerate(pairwise(matches))
            if "," in self.text[match.end() : following.start()]
        )

    @cached_property
    def slots(self) -> dict[tuple[str, str], frozenset[str]]:
        """(previous stem, next stem) -> the stems found between them."""
        found: dict[tuple[str, str], set[str]] = {}
        stems = self.sequence
        for before, middle, after in zip(stems, stems[1:], stems[2:], strict=False):
            found.setdefault((before, after), set()).add(middle)
        return {k: frozenset(v) for k, v in found.items()}

    @cached_property
    def _scopes(self) -> tuple[int, frozenset[str], frozenset[str], frozenset[str]]:
        if not self.has_negation:
            return 0, frozenset(), frozenset(), frozenset()
        return _negations(self.text)

    @property
    def negations(self) -> int:
        return self._scopes[0]

    @property
    def denied(self) -> frozenset[str]:
        """Content stems within a negation's scope."""
        return self._scopes[1]

    @property
    def denied_only(self) -> frozenset[str]:
        """The `denied` stems the text never states outside a negation: "ship it without
        Android 9" denies Android there, not where "QA found a crash on older Android phones"."""
        return self._scopes[1] - self._scopes[3]

    @property
    def denied_if(self) -> frozenset[str]:
        """The `denied` stems whose negation stands in a condition ("if the website is not
        working"): supposed, not stated."""
        return self._scopes[2]


read = lru_cache(maxsize=8192)(Tokens)
"""The tokens of a text, made once per text."""


_NOUN_NEGATIONS = frozenset({"no", "without"})
_PHRASE_ENDS = frozenset("for of at in on to by from with about over under after before".split())
""""no" and "without" deny the noun phrase after them, which a preposition ends: "a trial with
no risk for their plans" denies the risk, not the plans."""

_CONDITIONS = frozenset({"if", "unless", "whether"})
"""Words that open a condition: a negation after them in the same clause supposes a denial
rather than states one."""


def _negations(text: str) -> tuple[int, frozenset[str], frozenset[str], frozenset[str]]:
    """How many negations the text has, the content words in their scope, those of them
    denied inside a condition, and the content words outside every scope."""
    denied: set[str] = set()
    supposed: set[str] = set()
    stated: set[str] = set()
    negations = scope = 0
    previous_end = 0
    condition = in_condition = phrase_only = False
    for match in TOKEN.finditer(text):
        word, stemmed, is_content, is_negation, _, _ = _token(match.group())
        if word in _CLAUSE_WORDS or (
            # Most words are apart by one space, which breaks no clause: no search for those.
            (match.start() - previous_end != 1 or text[previous_end] != " ")
            and _CLAUSE_BREAK.search(text, previous_end, match.start())
        ):
            scope = 0
            condition = False
        previous_end = match.end()
        if word in _CONDITIONS:
            condition = True
        if scope and phrase_only and word in _PHRASE_ENDS:
            scope = 0
        if is_negation and not _BOUNDING.match(text, match.end()):
            negations += 1
            scope = NEGATION_SCOPE
            in_condition = condition
            phrase_only = word in _NOUN_NEGATIONS
        elif scope and is_content:
            denied.add(stemmed)
            if in_condition:
                supposed.add(stemmed)
            scope -= 1
        elif is_content:
            stated.add(stemmed)
        if word[:1].isdigit() and match.group()[-1] in _TOKEN_BREAKS:
            scope = 0  # "I can't make 10, I have ...": the number keeps the comma that ends it
            condition = False
    return negations, frozenset(denied), frozenset(supposed), frozenset(stated)


_TOKEN_BREAKS = frozenset(",;.")
