"""The words and regular expressions frames are read with, each with the reason it exists."""

from __future__ import annotations

import re

from service.verify.lexicon import FOLLOW_UPS, STANCE

_B = r"(?<![\w’'-])"
_E = r"(?![\w’'-])"
# A clause ends before the source of a cue at punctuation or a subordinating word.
BOUNDARY = re.compile(
    r"(?<!\d),|,(?!\d)|[;:\[\]—–“”\"«»]|\s-\s|"
    + _B
    + r"(?:that|and|but|while|as|because|after|when|where|if|though|although|since|before|so|or|"
    r"which|whom|whose|who|than|then|said|says|After|When|While|As|Because|Although|Though|If|"
    r"Since|Before|Once|Until|Unless|Whether)" + _E
)
AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|would|will|could|can|may|might|also|later|earlier|previously|"
    r"repeatedly|reportedly|publicly|privately|again|then|further|separately|subsequently|"
    r"recently|once|initially|originally|first|last|long|never|always|often|openly|quickly|"
    r"immediately|flatly|strongly|categorically|vehemently|angrily|not|did|does|do|since|"
    r"already|yet|now|simply|only|even|just|too|[a-z]+ly|la|lo|las|los|le|les|se|nos)"
    r"|\s+(?:late |early )?on\s+[A-Z]\w+day|\s+(?:last|this)\s+\w+"
    r"|\s+in\s+(?:an?|the|his|her|their|its)\s+[\w\s-]{0,30}?"
    r"(?:statement|interview|post|tweet|briefing|release|report|speech|letter|message))\s*$"
)
ADVERBIAL_HEAD = re.compile(
    r"\s*,?\s*(?:on|in|at|to|during|after|before|from|via|late|early|last|this|earlier|later|"
    r"yesterday|today|tonight|also|again|afterwards|recently|previously|when|while|by|through|"
    r"with|for|as|of|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|—|–|-)" + _E
)
LEAD_IN = re.compile(
    r"(?:\s*,?\s*(?:(?:late |early )?on\s+[A-Z]\w+day|yesterday|today|earlier|later|also|again|"
    r"in\s+(?:an?|the|his|her|their|its)\s+[\w\s-]{0,30}?"
    r"(?:statement|interview|post|tweet|briefing|release|report|speech|letter|message)|"
    r"(?:to|on|in)\s+(?:reporters|journalists|[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*))"
    + _E
    + r"|\s*,)*"
)
TELL_OBJECT = re.compile(
    r"\s+(?:reporters|journalists|me|us|him|her|them|the\s+(?:[A-Z][\w’'&.-]*\s*)+|"
    r"(?:[A-Z][\w’'&.-]*)(?:\s+(?:[A-Z][\w’'&.-]*|of|for))*)" + _E
)
THAT = re.compile(r"\s*(?:(?:that|que|dass)" + _E + r"|:)?\s*")
FINITE_START = re.compile(
    r"(?:is|was|were|are|had|has|have|would|will|to|and|or|by|of|on|for|about|with|at|into|upon)"
    + _E
    + r"|[,.;:!?)]"
)
FOLLOW_UP = re.compile(r",\s+(?P<cue>" + FOLLOW_UPS + r")" + _E + r"(?:\s+that" + _E + r")?\s*")
STOP = re.compile(r"[.!?](?=\s|$)")
# ", but he said ...", " and said ...", ", while 73 percent said ...": a sibling frame starts here.
SIBLING = re.compile(
    r"(?:,\s*|\s+)(?:but|and|while|although|though|whereas)\s+"
    r"(?:(?:he|she|they|it|the\s+\w+|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|\d[\d,.]*\s+\w+)\s+)?"
    r"(?:also\s+)?(?=(?:" + "|".join(sorted(STANCE, key=len, reverse=True)) + r")" + _E + ")"
)
INVERTED_TAIL = re.compile(
    r"(?:\s*[,(][^.!?“”\"]*|(?:\s+[^\s,.;:!?“”\"]+){1,6})?\s*[.!?]?[”\"’]?\s*"
)
LEADING_CONJUNCTION = re.compile(r"\s*(?:But|And|Yet|So|Still|Meanwhile|However|Now|Then),?\s+")
# Where a statement's content ends before the writer's own addition: ", which makes him...".
CONTENT_TAIL = re.compile(
    r",\s+(?:which|although|though|whereas|especially|including|implicitly|until)\b|\s[—―]\s|;"
    r"|,\s+(?:a|an)\s+(?:claim|allegation|charge|assertion|accusation)\b"
)
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
SUBJECT = re.compile(
    r"\s*((?:He|She|They|It|We|I|(?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}))\s+[a-z]"
)
APPOSITIVE = re.compile(r"(?:\s*,\s*(?:a|an|the)\s[^,]{0,80}(?=,))?\s*,?\s*")
# "..., a claim the rebels rejected.": the source hides behind a noun for what was said.
_CLAIM_NOUN = re.compile(
    r"(?:a|an|the)\s+(?:claim|allegation|charge|report|account|assertion|accusation|version|"
    r"figure|description|characteri[sz]ation)s?\s+(?:that\s+|which\s+)?"
)
CLAIM_NOUN_AT_END = re.compile(r",\s*" + _CLAIM_NOUN.pattern + r"(?=[^,]*$)")
WORD = re.compile(r"[\w’'.&-]+")

NAME = re.compile(
    r"(?<![\w’'-])[A-Z][\w’'.&-]*(?:\s+(?:(?:of|for|de|del|al|bin|van|von|the)\s+)*"
    r"[A-Z][\w’'.&-]*)*"
)
