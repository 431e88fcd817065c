"""The words and regular expressions frames are read with, each with the reason it exists."""

from __future__ import annotations

import re

from service.verify.lexicon import FOLLOW_UPS, OBJECT_CUES, STANCE

# A word begins (_B) and ends (_E) where no letter, apostrophe or hyphen touches it.
_B = r"(?<![\w’'-])"
_E = r"(?![\w’'-])"
# A clause ends before the source of a cue at punctuation or a subordinating word.
BOUNDARY = re.compile(
    r"(?<!\d),|,(?!\d)|[;:\[\]—–“”\"«»]|\s-\s|"
    + _B
    + r"(?:that|and|but|while|as|because|after|when|where|if|though|although|since|before|so|or|"
    r"which|whom|whose|who|que|than|then|said|says|After|When|While|As|Because|Although|Though|If|"
    r"Since|Before|Once|Until|Unless|Whether)" + _E
)
# What stands between a source and its cue without being the source: "has also", "on Tuesday".
AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|would|will|could|can|may|might|also|later|earlier|previously|"
    r"repeatedly|reportedly|publicly|privately|again|then|further|separately|subsequently|"
    r"recently|once|initially|originally|first|last|long|never|always|often|openly|quickly|"
    r"immediately|flatly|strongly|categorically|vehemently|angrily|not|did|does|do|since|"
    r"already|yet|now|simply|only|even|just|too|still|sometimes|yesterday|today|tonight|overnight|"
    r"(?!(?:family|ally|assembly|supply|rally|reply|monopoly|anomaly)\b)[a-z]+ly|"
    r"la|lo|las|los|le|les|se|nos|a|ont|ha|han)"  # "Claire Vidal a dénoncé", "Ruiz ha dicho"
    r"|\s+(?:late |early )?on\s+[A-Z]\w+day|\s+(?:last|this)\s+\w+"
    r"|\s+in\s+(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
    # "continued to insist that", "went on to say", "appeared to suggest": the speaker still
    # speaks; the verb before "to" only says how.
    r"|\s+(?:continue[sd]?|went\s+on|goes\s+on|go\s+on|appear(?:s|ed)?|seem(?:s|ed)?)\s+to"
    r"|\s+in\s+(?:an?|the|his|her|their|its)\s+[\w\s-]{0,30}?"
    r"(?:statement|interview|post|tweet|briefing|release|report|speech|letter|message))\s*$"
)
# Only these after a cue, and the cue still closes the sentence: "..., he said on Tuesday."
ADVERBIAL_HEAD = re.compile(
    r"\s*,?\s*(?:on|in|at|to|during|after|before|from|via|late|early|last|this|earlier|later|"
    r"yesterday|today|tonight|also|again|afterwards|recently|previously|when|while|by|through|"
    r"with|for|as|of|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|—|–|-)" + _E
)
# Between a cue and its content: "said on Tuesday", "said Friday", "said in a statement",
# "told Reuters".
LEAD_IN = re.compile(
    r"(?:\s*,?\s*(?:(?:(?:late |early )?on\s+[A-Z]\w+day|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|yesterday|today|earlier|later|also|again|"
    r"in\s+(?:an?|the|his|her|their|its)\s+[\w\s-]{0,30}?"
    r"(?:statement|interview|post|tweet|briefing|release|report|speech|letter|message)|"
    r"(?:to|on|in)\s+(?:reporters|journalists|[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*))"
    + _E
    + r"|\s*,)*"
)
# "said at an event in Colorado Springs that": a place or occasion, then "that" opens the content;
# a place may name its state between commas ("at a stop in Toledo, Ohio, that").
OCCASION_THAT = re.compile(
    r"\s*(?:at|during|in|before|after|from|via|while|on)\s+"
    r"(?:[^,;:“”\"()]|,(?=\s+[A-Z])){0,80}?,?\s(?=that\s)"
)
# The addressee after "told", "warned": "told reporters", "told the BBC".
TELL_OBJECT = re.compile(
    r"\s+(?:reporters|journalists|me|us|him|her|them|the\s+(?:[A-Z][\w’'&.-]*\s*)+|"
    r"(?:[A-Z][\w’'&.-]*)(?:\s+(?:[A-Z][\w’'&.-]*|of|for))*)" + _E
)
# "that", "que", "dass" or a colon that opens the content.
# "complained bitterly that", "said repeatedly that": an adverb before "that" is the verb's.
THAT = re.compile(r"\s*(?:(?:[a-z]+ly\s+)?(?:that|que|dass)" + _E + r"|:)?\s*")
# A "content" that starts like this is the clause's own verb or object, not a statement; but
# "said about 4,000 people fled" states a figure ("about" before a number is "roughly"), and so
# does "said at least 12 civilians were killed".
FINITE_START = re.compile(
    r"(?:is|was|were|are|had|has|have|would|will|to|and|or|but|by|of|on|for|with|"
    r"at(?!\s+(?:least|most)\b)|into|upon)"
    + _E
    + r"|about"
    + _E
    + r"(?!\s+(?:[\d$£€]|one|two|three|four|five|six|seven|eight|nine|ten|a\s+(?:dozen|hundred|"
    r"thousand|million|third|quarter|half)))" + r"|[,.;:!?)]"
)
# A clause opening without "that": a subject of a few words, then a finite verb ("believe the
# move is likely", "suggested his role was ..."); a weak cue before one reports a belief.
CLAUSE_START = re.compile(
    r"(?:(?:he|she|they|it|we|I|you|there|this|that|these|those)|(?:[\w’'.-]+\s+){0,5}?[\w’'.-]+)"
    r"\s+(?:[\w’'-]+ly\s+)?(?:is|was|were|are|will|would|could|can|may|might|should|must|"
    r"has|have|had|did|does|do|won’t|won't|isn’t|isn't|wasn’t|wasn't|didn’t|didn't|"
    r"doesn’t|doesn't)" + _E
)
# ", adding that ...": a second frame of the same source.
FOLLOW_UP = re.compile(r",\s+(?P<cue>" + FOLLOW_UPS + r")" + _E + r"(?:\s+that" + _E + r")?\s*")
# A sentence end inside a line (abbreviations are checked where it is used).
STOP = re.compile(r"[.!?](?=\s|$)")
# ", but he said ...", " and said ...", ", while 73 percent said ...": a sibling frame starts here.
SIBLING = re.compile(
    r"(?:,\s*|\s+)(?:but|and|while|although|though|whereas)\s+"
    r"(?!that" + _E + r")"  # "said witnesses saw a gun and that one was found": more content
    r"(?:(?:he|she|they|it|the\s+\w+|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|\d[\d,.]*\s+\w+|"
    r"(?:[a-z][\w’'-]*\s+){0,3}(?!(?:was|is|has|does)" + _E + r")[a-z][\w’'-]*"
    r"(?:s|ers|ors|ists))\s+)?"
    r"(?:also\s+|then\s+|[a-z]+ly\s+)?(?=(?:"
    + "|".join(sorted({*STANCE, *OBJECT_CUES}, key=len, reverse=True))
    + r")"
    + _E
    # "he had watched the museum rise and thought of the days": no statement after "of"
    + r"(?!\s+(?:of|about)"
    + _E
    + r"))"
)
# What may follow an inverted source to the sentence end: ", said Omar Haddad, a customs officer."
INVERTED_TAIL = re.compile(
    r"(?:\s*[,(][^.!?“”\"]*|(?:\s+[^\s,.;:!?“”\"]+){1,6})?\s*[.!?]?[”\"’]?\s*"
)
# "But the minister said": the conjunction is not part of the source.
LEADING_CONJUNCTION = re.compile(
    r"\s*(?:But|And|Yet|So|Still|Meanwhile|However|Now|Then|Yesterday|Today|Tonight|Earlier|Later)"
    r",?\s+"
)
# Where a statement's content ends before the writer's own addition: ", which makes him...".
CONTENT_TAIL = re.compile(
    r",\s+(?:which|although|though|whereas|especially|including|implicitly|until)\b|\s(?:[—―]|--)\s|;"
    r"|,\s+(?:a|an)\s+(?:claim|allegation|charge|assertion|accusation)\b"
    # "..., but he refuses to discuss it", "..., and when pressed on why": the writer goes on.
    # A clause after "but" that reports a belief of its own ("but she knows that ...") goes on.
    r"|,\s+but\s+(?=(?:he|she|they|it|we|his|her|their|its|the|a|an|many|some|most|several|"
    r"other|others|these|those|this|[A-Z][\w’'.-]*)\s+[a-z])"
    r"(?!(?:\S+\s+){1,3}that\b)"
    r"|,\s+and\s+(?:when|as|while|after)\s"
)
# The comma that closes a parenthetical frame: "Nobody was hurt, the trustees said, because ..."
PARENTHESIS_END = re.compile(r"(?:\s+(?:on\s+[A-Z]\w+day|yesterday|today|earlier|later))?\s*,\s*")
# A statement that is itself a denial, whatever the verb: "no decision had been taken".
NEGATION = re.compile(
    r"(?:no\s+(?:decision|evidence|plans?|such)|(?:it|this|that|the \w+)\s+(?:was|is|were|are)\s+"
    r"(?:not true|untrue|false|baseless|unfounded|fabricated|wrong|inaccurate)|"
    r"(?:there|it)\s+(?:was|is|were|are|had been|has been)\s+no)\b",
    re.IGNORECASE,
)
# "dijo Ruiz en rueda de prensa", "teilte das Unternehmen am Montag mit": the name ends first.
SOURCE_TAIL = re.compile(
    r"\s+(?:en|durante|ante|am|im|bei|vor|nach|mit|zurück|on|at|in|during|to|from|yesterday|"
    r"today|earlier|later|late|last)(?![\w’'-])"
)
# The subject opening a sentence (or its main clause, after "Meanwhile,"): who speaks in "X
# attacked Y, saying ...".
SUBJECT = re.compile(
    r"\s*((?:He|She|They|It|We|I|he|she|they|it|we|(?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}))"
    r"\s+[a-z]"
)
# ", a monitor," after a source named by "according to": skipped before the content.
# At most six words: "According to Speaker 2, the checkout redesign shipped on Tuesday, and
# ..." opens its content with "the", as an appositive does.
APPOSITIVE = re.compile(r"(?:\s*,\s*(?:a|an|the)(?:\s+[^,\s]+){1,6}(?=\s*,))?\s*,?\s*")
# "..., a claim the rebels rejected.": the source hides behind a noun for what was said; so in
# French and Spanish ("..., un chiffre que la direction conteste", "una cifra que ...").
_CLAIM_NOUN = re.compile(
    r"(?:a|an|the|un|une|una|el|la|le)\s+(?:claim|allegation|charge|report|account|assertion|"
    r"accusation|version|figure|description|characteri[sz]ation|chiffre|cifra|affirmation|"
    r"afirmación|versión|acusación|allégation)s?\s+(?:that\s+|which\s+|que\s+)?"
)
CLAIM_NOUN_AT_END = re.compile(r",\s*" + _CLAIM_NOUN.pattern + r"(?=[^,]*$)")
# A word as frames count them (a content needs a few; a source may have at most fourteen).
WORD = re.compile(r"[\w’'.&-]+")

# A run of capitalised words, with the particles names carry ("of", "de", "bin", "von").
NAME = re.compile(
    r"(?<![\w’'-])[A-Z][\w’'.&-]*(?:\s+(?:(?:of|for|de|del|al|bin|van|von|the)\s+)*"
    r"[A-Z][\w’'.&-]*)*"
)
