"""The everyday words of a chat and the words its summary puts in their place.

A chat is summarised in other words than its turns use: "Ann: Darling, buy some butter." is
"Ann asks Mike to purchase butter", "Candice: SO jealous" is "they express their envy", "Ovi:
Ye see ya!" is "Ovi agrees to meet them". In a transcript a summary's word counts as in the
evidence when a turn has a word of the same group (`bearing_out`), as a claim's other words
count when a turn has their stem; a past the crude stemmer cannot undo ("bought", "went") meets
its verb there too. Groups hold words of one meaning only: a word an edit puts in place of
another ("cinema" for "theatre", "sister" for "brother") is in no group with it.
"""

from __future__ import annotations

from functools import lru_cache

from service.verify import terms
from service.verify.lexicon import PAST_BASES

SAME_MEANING = (
    "buy buys bought purchase purchases purchased",
    "jealous jealousy envy envious",
    "trip trips travel travels travelled traveled travelling traveling journey holiday vacation",
    "film films movie movies",
    "kid kids child children",
    "mum mom mother mommy mummy",
    "dad father daddy",
    "friend friends mate mates buddy buddies pal pals",
    "tv television telly",
    "message messages text texts texted texting",
    "photo photos picture pictures file_photo",  # SAMSum's placeholder of a shared photo
    "gif gifs file_gif",
    "video videos file_video",
    "gift gifts",
    "happy glad pleased",
    "sad upset unhappy",
    "sick ill unwell",
    "help helps helped assist assists assisted",
    "start starts started begin begins began commence",
    "finish finishes finished end ends ended",
    "fix fixes fixed repair repairs repaired",
    "clean cleans cleaned tidy tidies tidied",
    "house home flat apartment",
    "car cars vehicle",
    "money cash",
    "price prices cost costs",
    "expensive pricey",
    "cheap inexpensive",
    "small little tiny",
    "tired exhausted",
    "difficult hard tricky tough",
    "angry mad furious",
    "annoyed annoying frustrated frustrating frustration irritated irritating",
    "funny hilarious",
    "congrats congratulations congratulate congratulates congratulated",
    "thanks thank grateful gratitude",
    "sorry apologise apologises apologised apologize apologizes apologized apology",
    "hi hello hey greet greets greeted",
    "exam exams test tests",
    "boss manager",
    "need needs needed require requires required",
    "ask asks asked inquire inquires inquired enquire enquires enquired",
    "soon shortly",
)
"""Words of one meaning, as a chat and its summary write it."""

CHAT_FOR = {
    "contact contacts contacted": "call calls called phone phoned text texted message email "
    "emailed write ask",
    "meet meets meeting": "see",
    "attend attends attended join joins joined arrive arrives arrived visit visits visited": (
        "come comes came coming"
    ),
    "leave leaves left depart departs departed": "go goes going went",
    "receive receives received obtain obtains obtained acquire acquires acquired": "get gets got",
    "laugh laughs laughed": "lol haha hahaha lmao",
    "phone phones phoned": "call calls called ring",
    "send sends sent share shares shared": "file_photo file_gif file_video file_other link",
}
"""A summary's word (the key) that a chat's everyday words bear out, though not the reverse:
"Hannah will contact Larry" from "Ask Larry", but "Ann calls Bob" is no "Ann contacts Bob"
come true ("Ann: I'll email him")."""


EMOJI_WORDS = {
    "😂🤣😆😹": "laugh laughs funny",
    "😭😢😿": "cry cries crying sad upset",
    "😞😔☹🙁😟": "sad upset disappointed",
    "😡😠🤬": "angry furious",
    "😍🥰😘❤💕💖💗": "love loves",
    "🎉🥳🎊": "celebrate celebration congratulations party",
    "😩😫😤": "frustrated annoyed tired",
    "😴": "tired sleep sleepy",
    "🤢🤮": "sick",
    "😱😨😰": "shocked scared",
    "🙏": "thanks grateful please",
    "🤞": "hope hopes",
    "🍕": "pizza",
    "🍺🍻": "beer",
    "🍷": "wine",
    "☕": "coffee",
    "🎂": "birthday cake",
}
"""What a chat's emoji say, as its summary puts it ("Kate: I can't find my keys 😭" is "Kate is
upset"); each is a word of the turn it stands in."""
_EMOJI = {char: words for chars, words in EMOJI_WORDS.items() for char in chars}


@lru_cache(maxsize=terms.PER_TEXT_CACHE)
def emoji_stems(text: str) -> frozenset[str]:
    """The stems of the words `text`'s emoji say (none for most texts)."""
    found = [_EMOJI[c] for c in text if c in _EMOJI]
    return _stems(" ".join(found)) if found else frozenset()


def _stems(words: str) -> frozenset[str]:
    return frozenset(terms.term(w)[1] for w in words.split())


def _bearing() -> dict[str, frozenset[str]]:
    """Chat stem -> the summary stems it bears out."""
    found: dict[str, set[str]] = {}
    for group in SAME_MEANING:
        stems = _stems(group)
        for stem in stems:
            found.setdefault(stem, set()).update(stems)
    for summary_words, chat_words in CHAT_FOR.items():
        for stem in _stems(chat_words):
            found.setdefault(stem, set()).update(_stems(summary_words))
    for past, base in PAST_BASES.items():  # "I went" bears out "goes", "will go" "went"
        pair = _stems(f"{past} {base}")
        for stem in pair:
            found.setdefault(stem, set()).update(pair)
    return {stem: frozenset(words) for stem, words in found.items()}


_BEARING = _bearing()


@lru_cache(maxsize=terms.PER_TEXT_CACHE)
def bearing_out(stems: frozenset[str]) -> frozenset[str]:
    """The stems a summary may use for what a chat's `stems` say, theirs included."""
    extra = [_BEARING[s] for s in stems if s in _BEARING]
    return stems.union(*extra) if extra else stems
