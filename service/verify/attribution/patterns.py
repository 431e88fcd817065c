"""The words and regular expressions frames are read with, each with the reason it exists."""

from __future__ import annotations

import re

from service.schemas import Stance

_STRONG = """
say says said saying tell tells told telling report reports reported reporting claim claimed
claiming allege alleges alleged alleging add adds added warn warns warned warning insist insists
insisted insisting stated stating announce announces announced announcing explain explains
explained note noted noting write writes wrote writing argue argues argued assert asserts
asserted maintain maintains maintained contend contends contended declare declares declared
testify testifies testified reply replies replied respond responds responded stress stressed
emphasize emphasizes emphasized emphasise emphasises emphasised tweet tweeted reiterate
reiterated caution cautioned complain complains complained accuse
accuses accused admit admits admitted acknowledge acknowledges acknowledged concede conceded
urge urges urged blamed predicted estimated
"""
_WEAK = """
believe believes believed think thinks thought find finds found show shows showed shown reveal
reveals revealed indicate indicates indicated learn learned learnt hope hopes hoped fear fears
feared expect expects expected agree agrees agreed conclude concluded suggest suggests suggested
describe described cite cites cited mention mentions mentioned continued vow vowed pledge pledged
recalled
promise promised threaten threatened
"""
_DENY = """
deny denies denied denying reject rejects rejected rejecting dismiss dismisses dismissed
dismissing refute refutes refuted dispute disputes disputed contradict contradicts contradicted
rebut rebutted countered
"""
_CONFIRM = "confirm confirms confirmed confirming corroborate corroborated verify verified"

# Spanish and German news use the same frames; their commonest reporting verbs, and "según",
# "laut", "nach Angaben" for "according to". German "wies ... zurück" is a denial.
_STRONG_ES_DE = """
dijo dice dijeron afirmó afirma afirmaron aseguró asegura aseguraron señaló señala señalaron
explicó explica indicó indica declaró declara añadió agregó advirtió advierte informó informa
anunció anuncia criticó critica criticaron calificó calificaron sostuvo insistió denunció
sagte sagt sagten erklärte erklärt erklärten betonte betont kritisierte kritisiert kritisierten
warnte warnt berichtete berichtet meldete teilte teilten behauptete behauptet
"""
_DENY_ES_DE = (
    "negó niega negaron rechazó rechaza rechazaron desmintió dementierte bestritt bestreitet wies"
)
_CONFIRM_ES_DE = "confirmó confirma confirmaron bestätigte bestätigt bestätigten"
ACCORDING_TO = frozenset({"according to", "nach angaben", "según", "laut"})

STANCE: dict[str, Stance] = {w: "asserts" for w in (_STRONG + _WEAK + _STRONG_ES_DE).split()}
STANCE.update({w: "denies" for w in (_DENY + _DENY_ES_DE).split()})
STANCE.update({w: "confirms" for w in (_CONFIRM + " " + _CONFIRM_ES_DE).split()})
WEAK_CUES = frozenset(_WEAK.split())
TELL = frozenset("tell tells told telling warned warn warns assured informed".split())
_FOLLOW_UPS = "adding|saying|noting|arguing|insisting|warning|explaining|claiming|stressing"

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
FOLLOW_UP = re.compile(r",\s+(?P<cue>" + _FOLLOW_UPS + r")" + _E + r"(?:\s+that" + _E + r")?\s*")
ABBREVIATIONS = frozenset(
    """mr mrs ms dr gov sen rep gen col lt capt sgt jr sr st prof rev no inc corp co ltd jan feb mar
    apr aug sept sep oct nov dec vs mt ft""".split()
)
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
PREPOSITIONS = frozenset("for of at in from with and on to by de del y und für von".split())
WORD = re.compile(r"[\w’'.&-]+")

PRONOUNS = frozenset("he she they it we i you".split())
DETERMINERS = frozenset(
    "the a an this that these those some many several his her their its our two three four "
    "five six other another most few both each one el la los las una unos unas der die das "
    "des dem den ein eine einer eines".split()
)
UNNAMED_HEADS = frozenset(
    """
    activists activist officials official sources source witnesses witness residents resident
    analysts analyst experts expert diplomats diplomat critics observers observer doctors doctor
    medics medic rescuers police media spokesperson spokesman spokeswoman people locals monitors
    aides aide insiders insider investigators investigators authorities lawmakers campaigners
    supporters opponents protesters protestors rebels militants soldiers troops survivors
    relatives family families members member workers staff employees researchers scientists
    organisers organizers councillors prosecutors firefighters paramedics villagers farmers
    teachers parents students lawyers ministers managers executives shareholders voters
    economists observers commentators reports polls poll study studies survey surveys data
    """.split()
)
PERSON_ROLES = frozenset(
    """
    minister spokesman spokeswoman spokesperson president official commander general senator
    governor candidate chairman chairwoman chair secretary director chief leader mayor ambassador
    envoy prosecutor judge lawyer attorney colonel captain officer head adviser advisor aide
    premier chancellor king queen prince sheikh congressman congresswoman representative nominee
    """.split()
)
ORG_WORDS = frozenset(
    """
    ministry observatory army council agency committee group party department office police times
    post news reuters afp associated press organization organisation union court government
    commission institute university bank corp inc company campaign foundation center centre
    service forces force guard front movement network media board authority administration
    coalition alliance federation association league nations republic kingdom states senate house
    congress parliament assembly bureau fbi cia white journal tribune guardian telegraph bbc cnn
    fox nbc abc cbs monitor military
    """.split()
)
TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. gov gov. sen sen. rep rep. gen gen. col col. president minister
    prime defence defense foreign interior secretary chairman commander general senator governor
    king queen prince sheikh judge spokesman spokeswoman spokesperson lt lt. capt capt. sgt sgt.
    """.split()
)
CAPITAL_FUNCTION_WORDS = frozenset(
    """
    the a an in on at but and or so yet as if when while after before since because though
    although however meanwhile also still then there this that these those it its he she they we
    i his her their our for from with without by to of according asked speaking last next
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """.split()
)
NAME = re.compile(
    r"(?<![\w’'-])[A-Z][\w’'.&-]*(?:\s+(?:(?:of|for|de|del|al|bin|van|von|the)\s+)*"
    r"[A-Z][\w’'.&-]*)*"
)
