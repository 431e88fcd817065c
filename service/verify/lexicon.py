"""Every word list of verification, each with the reason it exists: adding a word is one edit.

English throughout; Spanish and German where attribution reads their news (reporting verbs,
"según", "laut", determiners). Lists that look alike but differ are kept apart on purpose, and
each says why (the verbs attribution reads are not the words topic overlap ignores). Patterns
that need a grammar rather than a list stay with their readers (`attribution/patterns.py`).
"""

from __future__ import annotations

import re

from service.schemas import Stance

# --- reporting: who says something, and how (attribution frames, sources) --------------------

REPORTING_VERBS = """
say says said saying tell tells told telling report reports reported reporting claim claimed
claiming allege alleges alleged alleging add adds added warn warns warned warning insist insists
insisted insisting stated stating announce announces announced announcing explain explains
explained note notes noted noting write writes wrote writing argue argues argued assert asserts
asserted maintain maintains maintained contend contends contended declare declares declared
testify testifies testified reply replies replied respond responds responded stress stressed
emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
stressing tweet tweeted reiterate
reiterated caution cautioned complain complains complained accuse
accuses accused admit admits admitted acknowledge acknowledges acknowledged concede conceded
urge urges urged blamed predicted estimated
"""
"""Verbs that report a statement as made: a frame with or without "that"."""
WEAK_REPORTING_VERBS = """
believe believes believed think thinks thought find finds found show shows showed shown reveal
reveals revealed indicate indicates indicated learn learned learnt hope hopes hoped fear fears
feared expect expects expected agree agrees agreed conclude concluded suggest suggests suggested
describe described cite cites cited mention mentions mentioned continued vow vowed pledge pledged
recalled
promise promised threaten threatened
submit submits submitted
"""
"""Verbs that report a belief or finding: a frame only before "that", a colon or a quote (a
court's "The appellant submits that ...", not "submitted its report")."""
DENYING_VERBS = """
deny denies denied denying reject rejects rejected rejecting dismiss dismisses dismissed
dismissing refute refutes refuted dispute disputes disputed contradict contradicts contradicted
rebut rebutted countered
"""
"""Verbs that report a denial: the frame's stance is `denies`."""
WITHHOLDING_DENIALS = frozenset("deny denies denied denying".split())
"""Denials that may withhold rather than refute: "denied him bail", "denied Valencia victory"."""
WITHHELD = frozenset(
    """bail victory win access entry permission chance opportunity visa asylum parole leave
    title place spot goal point points lead treatment care request""".split()
)
"""What a double-object "deny" withholds (`WITHHOLDING_DENIALS`): no statement is denied."""
OBJECT_PRONOUNS = frozenset("him her them us me".split())
"""Pronouns that open the first object of "denied him bail"."""
CONFIRMING_VERBS = "confirm confirms confirmed confirming corroborate corroborated verify verified"
"""Verbs that report a confirmation: the frame's stance is `confirms`."""
REPORTING_VERBS_ES_DE = """
dijo dice dijeron afirmó afirma afirmaron aseguró asegura aseguraron señaló señala señalaron
explicó explica indicó indica declaró declara añadió agregó advirtió advierte informó informa
anunció anuncia criticó critica criticaron calificó calificaron sostuvo insistió denunció
sagte sagt sagten erklärte erklärt erklärten betonte betont kritisierte kritisiert kritisierten
warnte warnt berichtete berichtet meldete teilte teilten behauptete behauptet
déclaré affirmé indiqué expliqué annoncé souligné ajouté dénoncé estimé assuré précisé averti
prévenu confié jugé insisté rappelé dit déclare affirme indique explique annonce souligne ajoute
dénonce estime assure précise
"""
"""Spanish, German and French news use the same frames: their commonest reporting verbs (French
as the participle of its past tense: "a déclaré Julien Marchal")."""
DENYING_VERBS_ES_DE = (
    "negó niega negaron rechazó rechaza rechazaron desmintió dementierte bestritt bestreitet wies"
    " démenti dément nié nie contesté conteste contestent réfuté"
)
"""Spanish and German denials (German "wies ... zurück" is one)."""
CONFIRMING_VERBS_ES_DE = "confirmó confirma confirmaron bestätigte bestätigt bestätigten"
"""Spanish and German confirmations."""
ACCORDING_TO = frozenset({"according to", "nach angaben", "según", "laut", "selon"})
""""According to" and its Spanish, German and French forms ("según", "laut", "nach Angaben",
"selon")."""

NAMING_CUES = frozenset("call calls called calling".split())
"""'Obama called Burma a "good news story"', 'Trump has called climate change a hoax': what a
source calls something is its statement, when a quotation or a predicate ("a hoax") follows
the object ("a group called Aros", "called a meeting" state nothing)."""
TOPIC_CUES = frozenset(
    [
        f"{verb} {particle}"
        for verb in ("spoke", "spoken", "speaks", "talked", "talks")
        for particle in ("about", "of")
    ]
    + ["commented on", "comments on"]
)
"""'Lynch has spoken about the need for reforms', 'Clinton talked about bringing communities
together': what a source speaks about is its content. Not "spoke on", said of occasions ("spoke
on Tuesday", "spoke on condition of anonymity")."""
VIEWING_AS = frozenset(
    "see sees view views viewed regard regards regarded identify identifies identified".split()
)
"""'Critics see the program as an easy way to citizenship', 'The group views Obama as a
threat': what a source sees as what is its view, only with the "as" ("see the film" holds
none)."""
EXPRESSING = frozenset("express expresses expressed".split())
"""'Voting rights advocates have expressed deep concern about the policy': what a feeling or a
view is expressed about is the content (the noun for the feeling is read in `sentences`)."""
OBJECT_CUES = (
    frozenset(
        "want wants wanted plan plans planned intend intends intended criticized criticised "
        "criticizes condemned condemns echoed echoes questioned blasted slammed praised lauded "
        "bemoaned lamented downplayed endorsed endorses".split()
    )
    | frozenset(
        "denounce denounces denounced chastised scolded supports supported opposes opposed "
        "championed promoted".split()
    )
    | NAMING_CUES
    | frozenset(
        f"{verb} {particle}"
        for verb in ("call", "calls", "called", "calling")
        for particle in ("for", "on")
    )
    | TOPIC_CUES
    | frozenset("discuss discusses discussed rated echo charged like".split())
    | EXPRESSING
    | VIEWING_AS
)
"""Verbs whose object is what the source wants or holds, with no "that" ("Clinton wants to make
tuition free", "the NAACP called for a moratorium", "the senator called on Republicans to ..."):
a frame whose content is the rest of the clause. Kept out of STANCE, so that the statements a
bench counts as speech stay the same."""

POLL_CHOICES = frozenset(
    "back backs support supports prefer prefers choose chooses favor favors oppose opposes".split()
)
"""What a share of those polled does with a candidate or a measure ("46 percent would choose
Clinton and 44 percent would back Trump"): a frame only when the subject is a share (a
percentage, "a majority"); "came back", "support the roof" state nothing."""
QUOTING_VERBS = frozenset(
    """shout shouts shouted shouting yell yells yelled yelling chant chants chanted chanting
    scream screams screamed screaming ask asks asked asking""".split()
)
"""Verbs of voicing words that report speech only with the words quoted beside them
('Protesters chanted "What curfew?"', '“Did you shoot him?” she yells', 'Zero Hedge asked,
“Wait ...”'): "shouted at the driver", "asked for help" report none. Kept out of STANCE like
OBJECT_CUES."""
PROVIDING_VERBS = frozenset(
    """allow allows allowed permit permits permitted obligate obligates obligated empower empowers
    empowered prohibit prohibits prohibited forbid forbids""".split()
)
"""What a rule lets or makes someone do ("The convention obligates countries to offer
protection", "DNC rules permit members to appoint proxies"): a frame only when a rule, law or
programme is the subject (`RULE_WORDS`); "the weather allowed us to leave" states nothing."""
RULE_WORDS = frozenset(
    """rule rules law laws bylaws charter convention treaty act bill program programme policy
    constitution statute regulation regulations guidelines standards code agreement accord
    measure legislation article clause provision order ruling""".split()
)
"""What provides rather than speaks: the subjects of `PROVIDING_VERBS`."""
ASKING_VERBS = frozenset("ask asks asked asking".split())
"""The verbs of a question among `QUOTING_VERBS`: after a quote, its speaker's only if the quote
asks; before an indirect question ("asked how ...") a frame of its own."""
THAT_VERBS = frozenset(
    """ruled rules disclosed discloses discovered discover realized realised realize realizes
    recognized recognised recognizes understood understands heard feel feels felt wish wished
    demanded demanding doubt doubts doubted states claims worry worries insisting""".split()
)
"""Verbs that report a finding, a ruling or a belief only before "that" ("The appeals court ruled
that ...", "Federal investigators have also discovered that ...", "A document on the campaign's
website states that ..."): before an object they report none ("ruled the country", "heard a
bang"). Kept out of STANCE like OBJECT_CUES."""
THAT_ADJECTIVES = frozenset(
    """frustrated afraid worried concerned convinced confident sure certain aware hopeful
    optimistic adamant angry upset disappointed""".split()
)
"""Adjectives that report a belief or feeling after "be" and before "that": "Protesters were
frustrated that the city's police department released only some of the video", "Many Democrats
are afraid that ...". The source is the subject of "be"."""
THAT_CUES = THAT_VERBS | THAT_ADJECTIVES
POINTED_OUT = frozenset({"pointed out", "points out", "point out"})
"""A reporting verb of two words: "It also points out that ..."."""

STANCE: dict[str, Stance] = {
    w: "asserts" for w in (REPORTING_VERBS + WEAK_REPORTING_VERBS + REPORTING_VERBS_ES_DE).split()
}
STANCE.update({w: "denies" for w in (DENYING_VERBS + DENYING_VERBS_ES_DE).split()})
STANCE.update({w: "confirms" for w in (CONFIRMING_VERBS + " " + CONFIRMING_VERBS_ES_DE).split()})
"""Every reporting word above -> the stance it reports: adding a verb above adds it here."""
WEAK_CUES = frozenset(WEAK_REPORTING_VERBS.split())
"""The weak verbs as a set, for the checks that treat them apart."""
TELLING_VERBS = frozenset("tell tells told telling warned warn warns assured informed".split())
"""Verbs followed by an addressee before the content ("told reporters that")."""
FOLLOW_UPS = (
    "adding|saying|noting|arguing|insisting|warning|explaining|claiming|stressing"
    "|emphasizing|emphasising|calling|describing|accusing|blaming|urging|predicting"
    "|acknowledging|admitting|suggesting|asserting|declaring|vowing|pledging|promising"
    "|citing|announcing|going on to say"
)
"""Participles that continue a statement (", adding that ..."), as a pattern's alternation."""
NOT_TOPICS = frozenset(
    """
    say says said saying tell tells told report reports reported claim claims claimed added adding
    deny denies denied denying confirm confirms confirmed statement spokesman spokeswoman
    spokesperson according monday tuesday wednesday thursday friday saturday sunday today
    yesterday week last new insist insisted reject rejected dismiss dismissed allege alleged
    """.split()
)
"""Reporting words, weekdays and time words: they say who speaks and when, not what about, so topic
overlap leaves them out. Narrower than the verbs above on purpose: `topics.key_terms` feeds disputes
and hedges, and widening it changes which statements count as one topic."""
HEDGE_WORDS = re.compile(
    r"\b(?:says?|said|saying|claim(?:s|ed|ing)?|according to|alleg(?:e|es|ed|edly|ation|ations)|"
    r"reported(?:ly)?|reports?|report(?:ing)?|den(?:y|ies|ied|ial)|accus(?:e|es|ed|ation)|"
    r"purported(?:ly)?|apparently|insist(?:s|ed)?|warn(?:s|ed)?|told|tells?|quoted?|sources?|"
    r"estimates?|believed to|thought to|maintains?|contends?|asserts?|confirm(?:s|ed)?|"
    r"argues?|argued|suggests?|suggested|cit(?:e|es|ed|ing)|según|laut|zufolge)\b"
    r"|,\s+so\s+(?:der|die|das|den|ein|eine)\b",
    re.IGNORECASE,
)
"""Words that keep a summary sentence attributed ("says", "reportedly", "according to"; Spanish
"según", German "laut" and "..., so das Unternehmen")."""
HEDGE_CUE_STEMS = (
    "say|says|said|saying|claim|according|alleg|accus|deni|deny|dispute|report|told|tell"
    "|warn|estimat|insist|argu|assert|suggest|purport|believ|contend|maintain"
)
"""What the evaluation accepts as an attribution word by a hedged term (stems, an alternation)."""
DENIAL_WORDS = frozenset(
    """deny denies denied denying denial denials reject rejects rejected rejecting
    dispute disputes disputed disputing refute refutes refuted dismiss dismisses dismissed
    rebut rebuts rebutted contest contests contested""".split()
)
"""Words that report a denial, nouns included: a claim that someone denied something needs
evidence of one."""

CONVERSATION_WORDS = frozenset(
    """ask asks asked asking tell tells told telling say says said saying reply replies
    replied answer answers answered respond responds responded confirm confirms confirmed agree
    agrees agreed suggest suggests suggested propose proposes proposed offer offers offered
    inform informs informed explain explains explained mention mentions mentioned remind reminds
    reminded request requests requested want wants wanted think thinks thought admit admits
    admitted complain complains complained promise promises promised warn warns warned advise
    advises advised invite invites invited accept accepts accepted express expresses expressed
    share shares shared recommend recommends recommended wonder wonders wondered inquire
    inquires inquired enquire enquires enquired
    speakers speaker conversation chat dialogue discussion discuss discusses discussed talk
    talks talked""".split()
)
"""Words that describe turns of a conversation rather than what the turns say: a chat's claim
needs no sentence for them (`dialogue.py`)."""
OPENING_ACTS = frozenset(
    """ask asks asked tell tells told say says said suggest suggests suggested propose proposes
    proposed offer offers offered inform informs informed explain explains explained mention
    mentions mentioned remind reminds reminded request requests requested invite invites invited
    complain complains complained warn warns warned advise advises advised recommend recommends
    recommended share shares shared inquire inquires inquired enquire enquires enquired""".split()
)
"""Conversation verbs whose speaker says the content himself ("Ann asks Mike to buy butter"):
the turns that hold it are his own (`dialogue.check_turn_speakers`)."""
REPLY_ACTS = frozenset(
    """agree agrees agreed confirm confirms confirmed accept accepts accepted reply replies
    replied answer answers answered respond responds responded refuse refuses refused decline
    declines declined""".split()
)
"""Conversation verbs of an answer ("Mike agrees"): its content may stand in the turn it answers
("Ann: buy some butter." / "Mike: Ok."), so a turn next to the evidence's will do."""

# --- people, organisations and names (attribution's sources, source comparison) --------------

PRONOUNS = frozenset("he she they it we i you".split())
"""Personal pronouns: a source that is one of them is resolved to a name."""
POINTING_WORDS = frozenset("who which that this".split())
"""Relative and demonstrative words: never the speaker a sentence names."""
DETERMINERS = frozenset(
    "the a an this that these those some many several his her their its our two three four "
    "five six other another most few both each one el la los las una unos unas der die das "
    "des dem den ein eine einer eines le les du".split()
)
"""Words that open a noun phrase (English, Spanish, German, French): a source may start with
one."""
PREPOSITIONS = frozenset("for of at in from with and on to by de del y und für von".split())
"""Words that join a source's head to its complement ("spokesman for the ministry")."""
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
"""Nouns for sources without a name ("activists", "officials", "a poll")."""
PERSON_ROLES = frozenset(
    """
    minister spokesman spokeswoman spokesperson president official commander general senator
    governor candidate chairman chairwoman chair secretary director chief leader mayor ambassador
    envoy prosecutor judge lawyer attorney colonel captain officer head adviser advisor aide
    premier chancellor king queen prince sheikh congressman congresswoman representative nominee
    """.split()
)
"""Nouns for a person by their office: "the minister" is resolved to the minister named before."""
ORG_WORDS = frozenset(
    """
    ministry observatory army council agency committee group party department office police times
    post news reuters afp associated press organization organisation union court government
    commission institute university bank corp inc company campaign foundation center centre
    service forces force guard front movement network media board authority administration
    coalition alliance federation association league nations republic kingdom states senate house
    congress parliament assembly bureau fbi cia white journal tribune guardian telegraph bbc cnn
    fox nbc abc cbs monitor military energy holdings plc ltd limited airlines airways motors
    systems technologies pharmaceuticals logistics
    direction dirección empresa entreprise syndicat syndicats sindicato sindicatos gobierno
    gouvernement ministère ministerio policía unternehmen regierung ministerium polizei
    gewerkschaft
    """.split()
)
"""Words that make a name an organisation's: "it" may point to one, "he" may not. The last lines
are Spanish, French and German ("selon la direction de l'entreprise", "según el sindicato")."""
INSTITUTION_WORDS = frozenset(
    """college school hospital clinic academy society trust fund museum library laboratory
    charity club gazette herald chronicle observer courier""".split()
)
"""Words that make a name an institution's ("King's College London", "the Sutton Trust",
"Mayo Clinic", "the Calder Gazette"), as `ORG_WORDS` do, but only in a name: "the clinics came
too late" and "school nurses" name no organisation."""
NOT_PERSON_HEADS = frozenset(
    """day week east west north south cross cup league park street road square hospital airport
    island islands sea ocean river lake mountains festival games olympics museum cathedral abbey
    church bridge station stadium centre center hall palace prize award awards trophy war
    championship championships act bill treaty agreement summit conference memorial convention
    accord charter directive protocol""".split()
)
"""Last words of a name that is no person's ("Holocaust Memorial Day", "Middle East", "Red
Cross", "Champions League", "the Equality Act 2010", "the Paris Agreement"): "he" or "she"
stands for none of them."""
TEAM_WORDS = frozenset(
    """united city town rovers wanderers athletic atletico albion villa orient rangers celtic
    hotspur county argyle forest real inter sporting dynamo borussia olympique fc afc""".split()
)
"""Words of a club's name of two words, first or last: "Leyton Orient", "Aston Villa", "Real
Madrid", "Stoke City". A team is "they" in a match report, never one named person."""

EVIDENCE_WORDS = frozenset(
    """study studies research report survey surveys poll polls analysis review records data
    average averages audit investigation tests evidence document memo""".split()
)
"""What finds or shows something without speaking: "A 2014 study found 31 incidents", "Polls show
a close contest", "a review of records indicate he has been ...". Not "video": what a video shows
("Video shared by the group showed people running") is the writer's description, not a finding."""
FINDING_VERBS = frozenset(
    "show shows showed shown found finds find indicate indicates indicated reveal reveals "
    "revealed".split()
)
"""Weak cues whose plain object is a finding when evidence is their subject (`EVIDENCE_WORDS`):
"Polls show a close contest", but "Investigators found the keys" reports nothing."""
ARTICLES = frozenset("the a an".split())
"""Articles: not part of a name when two names are compared."""
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. gov. sen. rep. gen.".split())
"""Honorifics before a name: never part of it."""
OFFICES = frozenset(
    "president minister prime defence defense foreign interior spokesman spokeswoman "
    "spokesperson".split()
)
"""Offices before a name ("Defence Minister X"): not part of it, neither in a mention nor when
two sources are compared."""
RANKS = frozenset(
    """gov sen rep gen col col. lt lt. capt capt. sgt sgt. secretary chairman commander general
    senator governor king queen prince sheikh judge""".split()
)
"""Ranks and offices taken off a mention ("Governor Lee" is Lee), but kept when two sources are
compared: "the governor" still matches "Governor Lee" there."""
TITLES = HONORIFICS | OFFICES | RANKS
"""Every title: what a mention of a person loses in front of the name."""
NAME_NOISE = ARTICLES | HONORIFICS | OFFICES
"""What two source names are compared without (`sources.same_source`)."""
CAPITAL_FUNCTION_WORDS = frozenset(
    """
    the a an in on at but and or so yet as if when while after before since because though
    although however meanwhile also still then there this that these those it its he she they we
    i his her their our for from with without by to of according asked speaking last next
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """.split()
)
"""Capitalised words that open a sentence, not a name (and months and weekdays)."""
ABBREVIATIONS = frozenset(
    """mr mrs ms dr gov sen rep gen col lt capt sgt jr sr st prof rev no inc corp co ltd jan feb mar
    apr aug sept sep oct nov dec vs mt ft""".split()
)
"""Abbreviations whose full stop does not end a sentence."""
COMMON_OPENERS = frozenset(
    "the a an in on at but and this that these those it its their his her more most some many "
    "after before when while as if there here one two three four five six seven eight nine ten "
    "fifty hundreds thousands dozens about nearly almost over under only".split()
)
"""Words that open a sentence with a capital only for that reason: lower-cased after
"According to X,"."""
PLURAL_HEADS = frozenset("police media people staff military".split())
"""Collective nouns that take a plural verb ("police say")."""

# --- what a claim says against its evidence (support, differences) ---------------------------

OPPOSITE_FAMILIES = [
    ("increase increasing", "decrease decreasing cut"),
    ("rise rose risen rising", "fall fell fallen falling drop dropped"),
    ("increase increased increasing", "drop dropped fall fell fallen falling decline declined"),
    ("up", "down"),
    ("higher", "lower"),
    ("more", "less fewer"),
    ("win won winning", "lose lost losing"),
    ("winner", "loser"),
    ("victory", "defeat"),
    ("gain", "loss"),
    ("before", "after"),
    ("first", "last"),
    ("largest biggest", "smallest"),
    ("highest", "lowest"),
    ("most", "least"),
    ("best", "worst"),
    ("young younger", "old older"),
    ("early earlier", "late later"),
    ("open opened", "close closed"),
    ("accept accepted", "reject rejected"),
    ("approve approved", "reject rejected defer deferred postpone postponed"),
    ("allow allowed", "ban banned forbid forbidden"),
    ("support supported", "oppose opposed against"),
    ("agree agreed", "disagree disagreed"),
    ("agree agreed", "reject rejected refuse refused"),
    ("guilty", "innocent"),
    ("convicted", "acquitted"),
    ("alive", "dead"),
    ("survive survived", "die died"),
    ("male", "female"),
    ("man men", "woman women"),
    ("husband", "wife"),
    ("son", "daughter"),
    ("father", "mother"),
    ("brother", "sister"),
    ("boy", "girl"),
    ("he him his himself", "she her hers herself"),
    ("north", "south"),
    ("east", "west"),
    ("buy bought", "sell sold"),
    ("hire hired", "fire fired"),
    ("success", "failure"),
    ("positive", "negative"),
    ("legal", "illegal"),
    ("public", "private"),
    ("maximum", "minimum"),
    ("above", "below"),
    ("inside", "outside"),
    ("import", "export"),
    ("resign resigned", "appoint appointed"),
    ("confirm confirmed", "deny denied"),
    ("increase increased increases", "reduce reduced reduces reduction minimize minimise"),
    ("raise raised", "lower lowered"),
    ("expand expanded", "shrink shrank"),
    ("grow grew grown growth", "shrink shrank contraction"),
    ("spur spurred", "slow slowed"),
    ("boost boosted", "curb curbed"),
    ("strengthen strengthened", "weaken weakened"),
    ("automated automatic", "manual"),
    ("cheap cheaper", "expensive costly"),
    ("easy easier", "difficult hard harder"),
    ("strong stronger", "weak weaker"),
    ("fast faster", "slow slower"),
    ("full", "empty"),
    ("true", "false"),
    ("always", "never"),
    ("all", "none"),
    ("include included", "exclude excluded"),
    ("add added", "remove removed"),
    ("arrive arrived", "depart departed leave left"),
    ("start started begin began", "end ended"),
    ("launch launched", "cancel cancelled canceled"),
    ("join joined", "quit leave left"),
    ("inside", "outside"),
    ("love loved", "hate hated"),
    ("like liked", "dislike disliked"),
    ("happy", "sad unhappy"),
    ("safe", "dangerous unsafe"),
    ("rich", "poor"),
    ("profit", "loss"),
    ("surplus", "deficit"),
    ("import imports", "export exports"),
    ("ally allies", "enemy enemies"),
    ("peace", "war"),
    ("present", "absent"),
    ("remember remembered", "forget forgot forgotten"),
    ("pass passed", "fail failed"),
    ("save saved", "spend spent waste wasted"),
    ("lend lent", "borrow borrowed"),
    ("send sent", "receive received"),
    ("push pushed", "pull pulled"),
    ("cold colder", "hot hotter warm warmer"),
    ("light lighter", "heavy heavier"),
    ("correct correctly", "wrong wrongly incorrect incorrectly"),
    # A suspect's legal status: arrested is not charged, charged is not convicted.
    ("charged indicted", "arrested suspicion"),
    ("convicted jailed sentenced", "charged accused indicted"),
]
"""Pairs of word families with opposite meanings (inflections the crude stemmer does not join are
spelled out)."""
IMPLICIT_NEGATIONS = frozenset(
    """fail fails failed failing refuse refuses refused unable lack lacks lacked absent
    instead rather neither nor avoid avoided""".split()
)
"""Words that negate without "not": evidence with one may deny what a claim denies."""
JUDGEMENTS = frozenset(
    """huge massive enormous tremendous significant remarkable impressive dramatic
    spectacular stunning excellent outstanding extraordinary incredible amazing great greatest
    fantastic wonderful brilliant superb successful success triumph triumphant historic landmark
    breakthrough unprecedented revolutionary groundbreaking major crucial vital key critical
    disastrous disaster catastrophic devastating terrible awful horrible shocking disappointing
    embarrassing humiliating controversial notorious infamous famous legendary iconic renowned
    prestigious best worst brutal stellar glowing resounding overwhelming substantial
    considerable sharp steep sweeping bold memorable unforgettable
    hugely massively enormously tremendously significantly remarkably impressively dramatically
    spectacularly drastically sharply substantially considerably overwhelmingly""".split()
)
"""Words that judge rather than report: a claim may only use one its evidence uses (their
adverbs too: "the talks collapsed dramatically")."""
JUDGING_FORMS = frozenset("exciting thrilling boring dull tedious".split())
"""Judgements in these forms only: their stems are a person's state too ("Ann is excited",
"bored"), which a summary of her chat may say without judging ("his boring trip" judges)."""
MODALS = frozenset("would could might may should must will shall can".split())
"""Words before a verb that give it as possible, required or to come, not done: "an offer would
be made"."""
PURPOSE_MARKERS = frozenset(
    """until plan plans planned planning intend intends intended expect expects expected want
    wants wanted hope hopes hoped aim aims aimed due likely unlikely seek seeks sought attempt
    attempts attempted try tries tried trying bid threaten threatens threatened vow vows vowed
    pledge pledged promise promised propose proposes proposed deadline chance need needs needed
    required urged asked considering""".split()
)
"""Words before a "to" that make its verb a plan, a deadline or a wish, not a deed: "has until
5pm on 30 December to make a firm offer", "plans to sell". ("went on to win", "managed to"
did it.)"""
PAST_BASES = {
    "made": "make",
    "took": "take",
    "gave": "give",
    "won": "win",
    "sold": "sell",
    "bought": "buy",
    "lost": "lose",
    "built": "build",
    "paid": "pay",
    "sent": "send",
    "held": "hold",
    "left": "leave",
    "met": "meet",
    "found": "find",
    "brought": "bring",
    "began": "begin",
    "broke": "break",
    "chose": "choose",
    "wrote": "write",
    "led": "lead",
    "ran": "run",
    "went": "go",
    "came": "come",
    "got": "get",
    "kept": "keep",
    "struck": "strike",
    "spent": "spend",
    "quit": "quit",
}
"""Irregular pasts and the verb they are the past of: "made" a claim states, "make" the
evidence plans."""
ABSOLUTES = frozenset("unanimous unanimously solely exclusively only".split())
"""Words that close a claim off ("approved unanimously" where one member voted against, "only
ground coffee" of a list of three): like a judgement, a claim may only use one its evidence
uses."""
CAUSAL_LINKS = (
    "because", "cause", "caused", "causes", "causing", "due to", "led to", "lead to", "leads to",
    "leading to", "result in", "resulted in", "results in", "resulting in", "as a result",
    "thanks to", "owing to", "therefore", "consequently", "hence", "so that", "in order to",
    "blamed on", "attributed to", "triggered", "sparked", "prompted", "fuelled", "fueled",
)  # fmt: skip
"""Words that say one thing made another happen. A claim may link two facts by cause only where
its evidence links something by cause too: "Aldi's presence has led to higher prices" joins two
facts of the document that the document never joins."""
PREDICATES = (
    "fall falls fell fallen falling drop drops dropped dropping decline declines declined "
    "declining decrease decreases decreased slump slumped plunge plunged tumble tumbled dip "
    "dipped halve halved sink sank",
    "rise rises rose risen rising increase increases increased increasing grow grows grew grown "
    "growing jump jumped climb climbed surge surged soar soared double doubled triple tripled",
    "cut cuts reduce reduces reduced slash slashed",
    "run runs ran",
    "win wins won",
    "lose loses lost",
    "sign signs signed",
    "lead leads led",
    "launch launches launched",
    "buy buys bought acquire acquires acquired",
    "sell sells sold",
    "hire hires hired appoint appoints appointed",
    "beat beats beaten",
    "score scores scored",
    "build builds built",
    "approve approves approved",
    "kill kills killed",
    "arrest arrests arrested",
    "sue sues sued",
    "offer offers offered",
)
"""Changes and actions that a claim may say of the wrong subject with every word from its
evidence ("The trial also fell by about a third" where sick days fell). Each string is one
predicate: a claim's form meets any form of the same string in the evidence ("dropped" meets
"fell")."""
SCORING_VERBS = frozenset(
    "head heads headed heading net nets netted netting nod nods nodded nodding volley volleys "
    "volleyed volleying slot slots slotted slotting curl curls curled curling fire fires fired "
    "firing tap taps tapped tapping drill drills drilled drilling".split()
)
"""Verbs that are `score` when a goal is their object: "Jon Okafor heading the winner" scored
it; "headed north" or "fired a warning" score nothing."""
GOAL_NOUNS = frozenset(
    "winner goal goals equaliser equalizer opener header penalty try tries winning".split()
)
"""What a `SCORING_VERBS` verb scores: "heading the winner", "netted a penalty"."""
POSSESSED_HEADS = frozenset(
    "shares share stock stocks price prices profit profits revenue revenues sales earnings "
    "value valuation bonds".split()
)
"""Nouns a subject owns by a name: "Halvorsen shares", "shares in Norvik Energy", "Apple's
profits". The name says whose; sharing the noun alone is no shared subject."""
PREDICATE_STATES = {"down": "fall", "lower": "fall", "up": "rise", "higher": "rise"}
"""Words that, after "is" or "were", say what a predicate of `PREDICATES` says: the evidence's
"Absences were down" says absences fell."""
IRREGULAR_PASTS = frozenset(
    "fell fallen rose risen ran won lost led sold bought grew grown sank shrank beat beaten "
    "built".split()
)
"""Past forms that are verbs wherever they stand: "-ed" forms need no list; "cut", "run" and
the present forms may be nouns ("a tax cut", "price rises")."""
QUALIFIERS = frozenset(
    """deficit deficits loss losses debt debts shortfall shortfalls cut cuts decline
    drop fall decrease surplus surpluses profit profits gain gains increase rise growth fine
    fines penalty damages compensation refund bonus bonuses tax taxes""".split()
)
"""Nouns that give a number its meaning: "$1.8 million" is not "a $1.8 million deficit"."""
NEGATING_PREFIXES = {"un": 4, "non-": 4, "non": 4, "in": 6, "im": 6, "il": 6, "ir": 6, "dis": 6}
"""Prefixes that negate a word, with the shortest word they may negate: "inform" is not the
opposite of "form", nor "discover" of "cover"."""
DEMONYMS = {
    "french": "france",
    "spanish": "spain",
    "dutch": "netherlands",
    "greek": "greece",
    "swiss": "switzerland",
    "welsh": "wales",
    "irish": "ireland",
    "danish": "denmark",
    "polish": "poland",
    "finnish": "finland",
    "thai": "thailand",
    "filipino": "philippines",
    "scottish": "scotland",
    "english": "england",
    "swedish": "sweden",
    "turkish": "turkey",
    "norwegian": "norway",
    "portuguese": "portugal",
    "belgian": "belgium",
    "afghan": "afghanistan",
    "saudi": "saudi",
    "lebanese": "lebanon",
    "vietnamese": "vietnam",
    "nepali": "nepal",
    "nepalese": "nepal",
    "british": "britain",
    "briton": "britain",
    "kiwi": "zealand",
    "argentine": "argentina",
    "argentinian": "argentina",
    "peruvian": "peru",
    "chilean": "chile",
    "cuban": "cuba",
    "kenyan": "kenya",
    "nigerian": "nigeria",
    "ukrainian": "ukraine",
}
"""Demonyms the suffix rule (`DEMONYM_SUFFIXES`) cannot join to their country."""
DEMONYM_SUFFIXES = ("ese", "ian", "an", "ish", "i", "n")
"""Endings that make a place's demonym ("chinese" from "china")."""
QUARTERS = {"q1": "first", "q2": "second", "q3": "third", "q4": "fourth"}
""""Q1" is "the first quarter"."""
CIRCUMSTANCE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december""".split()
)
"""Days and months that, like a number, say when something happened: a claim may only put one
where its evidence puts it ("may" is left out: mostly the verb)."""

TIME_UNITS = frozenset("second minute hour day night week month year".split())
"""Units a rate is counted per ("£18 million a day"): a claim may not give the evidence's
number per another unit."""

RELATIVE_DAYS = {
    "tomorrow": ("next day", "following day", "day after"),
    "yesterday": ("previous day", "day before"),
    "today": ("same day", "that day"),
    "tonight": ("that night", "that evening", "same night", "same evening"),
}
"""A day named from the writer's today, as a report written later names it: "see you tomorrow"
is summarised "they will meet the next day"."""

# --- the tokeniser's words (terms) -----------------------------------------------------------

NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "dozen": "12",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
}
"""Numbers written as words, compared as digits."""
CHAT_SPELLINGS = {
    **dict.fromkeys(("u", "ya"), "you"),
    **dict.fromkeys(("ur", "yr"), "your"),
    "r": "are",
    "im": "i'm",
    **dict.fromkeys(("tmrw", "tmr", "tmrow", "tomoz"), "tomorrow"),
    "tonite": "tonight",
    **dict.fromkeys(("pls", "plz", "plse"), "please"),
    **dict.fromkeys(("thx", "thanx", "thnx", "thks"), "thanks"),
    "msg": "message",
    "msgs": "messages",
    "ppl": "people",
    "bday": "birthday",
    "uni": "university",
    "gonna": "going",
    "wanna": "want",
    **dict.fromkeys(("cuz", "coz", "bcoz"), "because"),
    "tho": "though",
    "b4": "before",
    "l8r": "later",
    "gr8": "great",
    "mins": "minutes",
    "hrs": "hours",
    "info": "information",
    "pic": "picture",
    "pics": "pictures",
    "convo": "conversation",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "bro": "brother",
    "sis": "sister",
    "hubby": "husband",
    **dict.fromkeys(("yeah", "yep", "yup", "yea"), "yes"),
    **dict.fromkeys(("nope", "nah"), "no"),
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "arent": "aren't",
    "werent": "weren't",
}
"""A chat's informal spellings and the words they stand for: "cool, ill bring wine tmrw" says
"tomorrow" as its summary does, "cant find it" denies as "can't" does. Read so only in lower
case ("U", "UR", "HR" are initials)."""
MAGNITUDES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
"""Words that scale the number before them ("5 million")."""
STOPWORDS = frozenset(
    """
    a an the this that these those it its they them their there here he him his she her we us our
    i me my you your who whom whose which what when where why how and or but nor so yet if then
    than as at by for from in into of off on onto out over to up upon with within without about
    above after against along among around before behind below beside between beyond during
    except near since through under until via is are was were be been being am has have had do
    does did will would shall should can could may might must not no also just only even still
    very more most much many some any all each both either neither other such own same too again
    once further while because although though whether per
    """.split()
)
"""Function words: never content, never a name."""
NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot without nowhere".split())
"""Words that deny what follows; any word ending in n't counts too."""
