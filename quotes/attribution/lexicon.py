"""Word lists the linker features and the speaker resolver share.

Kept as plain sets so that the rules are readable and testable; everything is compared
lower-cased. The lists are deliberately small and news-oriented (English wire and US politics).
"""

from __future__ import annotations

PERSONAL_PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": "p", "them": "p", "their": "p", "theirs": "p", "themselves": "p",
    "it": "n", "its": "n", "itself": "n",
    "i": "1", "me": "1", "my": "1", "mine": "1", "myself": "1",
    "we": "1p", "us": "1p", "our": "1p", "ours": "1p", "ourselves": "1p",
    "you": "2", "your": "2", "yours": "2", "yourself": "2",
}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
PRONOUNS = set(PERSONAL_PRONOUNS) | RELATIVE_PRONOUNS

# Honorifics: a gender when they say it.
HONORIFICS = {
    "mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
    "sir": "m", "dame": "f", "lady": "f", "lord": "m", "madam": "f", "mx.": None,
    "dr": None, "dr.": None, "prof": None, "prof.": None, "rev": None, "rev.": None,
}

# Words that make up job titles in front of a name ("Secretary of State Antony Blinken",
# "Sen. Ted Cruz", "Republican presidential nominee Donald Trump"). Lower-cased.
TITLE_WORDS = {
    "president", "vice", "secretary", "minister", "prime", "foreign", "defense", "defence",
    "state", "senator", "sen.", "sen", "representative", "rep.", "rep", "congressman",
    "senators", "sens.", "representatives", "reps.", "congressmen",
    "congresswoman", "governor", "gov.", "gov", "mayor", "judge", "justice", "chief", "attorney",
    "general", "gen.", "gen", "lt.", "col.", "maj.", "capt.", "sgt.", "adm.", "admiral", "colonel",
    "lieutenant", "major", "captain", "sergeant", "commander", "ambassador", "envoy", "chairman",
    "chairwoman", "chair", "director", "spokesman", "spokeswoman", "spokesperson", "speaker",
    "leader", "majority", "minority", "whip", "pope", "king", "queen", "prince", "princess",
    "emperor", "chancellor", "premier", "commissioner", "treasurer", "sheriff", "officer",
    "deputy", "assistant", "undersecretary", "under", "former", "the", "then", "acting",
    "interim", "first", "lady", "candidate", "nominee", "presidential", "democratic",
    "republican", "democrat", "gop", "independent", "libertarian", "senate", "house", "us",
    "u.s.", "federal", "national", "security", "adviser", "advisor", "homeland", "treasury",
    "commerce", "labor", "education", "energy", "health", "agriculture", "transportation",
    "interior", "veterans", "affairs", "of", "for", "and", "economic", "trade", "finance",
    "press", "white", "campaign", "manager", "executive", "ceo", "founder", "co-founder",
    "professor", "prof.", "dr.", "dr", "rev.", "reverend", "pastor", "bishop", "cardinal",
    "rabbi", "imam", "analyst", "economist", "lawyer", "activist", "author",
    "anchor", "host", "correspondent", "reporter", "editor", "columnist", "mr.", "mrs.", "ms.",
    "mr", "mrs", "ms", "sir", "dame", "lord", "president-elect", "vice-president", "army",
    "navy", "air", "force", "marine", "corps", "staff", "joint", "chiefs", "pentagon",
    "supreme", "court", "district", "county", "city", "council", "councilman", "councilwoman",
    "delegate", "party", "chairperson", "south", "north", "korean", "american", "russian",
    "chinese", "japanese", "british", "french", "german", "ukrainian", "israeli", "iranian",
    "unification", "intelligence", "hon.", "honorable", "dem.", "sen.-elect",
}

# Head nouns of descriptions that denote a person ("the senator", "the Pentagon chief").
PERSON_NOUNS = {
    "president", "secretary", "minister", "senator", "congressman", "congresswoman", "governor",
    "mayor", "judge", "justice", "chief", "attorney", "general", "ambassador", "envoy",
    "chairman", "chairwoman", "director", "spokesman", "spokeswoman", "spokesperson", "speaker",
    "leader", "pope", "king", "queen", "prince", "chancellor", "premier", "commissioner",
    "nominee", "candidate", "businessman", "businesswoman", "billionaire", "mogul", "host",
    "anchor", "lawmaker", "official", "officer", "adviser", "advisor", "aide", "analyst",
    "economist", "professor", "expert", "lawyer", "activist", "author", "writer", "reporter",
    "columnist", "manager", "founder", "executive", "ceo", "pastor", "bishop", "man", "woman",
    "actress", "actor", "singer", "star", "rapper", "comedian", "republican",
    "democrat", "head", "boss", "commander", "administrator", "representative", "delegate",
    "governor-elect", "president-elect", "frontrunner", "front-runner", "challenger", "rival",
    "opponent", "incumbent", "strategist", "pollster", "consultant", "veteran", "mother",
    "father", "wife", "husband", "daughter", "son", "sister", "brother", "widow", "girl", "boy",
    "student", "researcher", "scientist", "doctor", "physician", "historian", "teacher",
    "owner", "chair", "deputy", "minority", "majority", "whip", "prosecutor", "sheriff",
    "inspector", "auditor", "treasurer", "attorney-general", "monarch", "emperor",
    "dictator", "ruler", "strongman", "vice", "mr", "senior", "tycoon", "neurosurgeon", "surgeon",
    "entrepreneur", "investor", "magnate", "philanthropist", "developer", "firebrand", "diplomat",
    "legend", "organizer", "coach", "athlete",
}

# Generic or plural descriptions that never name one speaker: they resolve to None.
GENERIC_NOUNS = {
    "critics", "supporters", "opponents", "officials", "experts", "analysts", "sources", "source",
    "observers", "people", "voters", "residents", "witnesses", "activists", "advocates",
    "economists", "scientists", "researchers", "lawmakers",
    "conservatives", "liberals", "progressives", "polls", "poll", "surveys",
    "survey", "reports", "report", "studies", "study", "documents", "data", "statistics",
    "insiders", "aides", "advisers", "advisors", "allies", "detractors", "skeptics", "many",
    "some", "others", "someone", "somebody", "everyone", "everybody", "nobody", "few", "most",
    "all", "both", "several", "diplomats", "leaders", "members", "staffers", "officers",
    "police", "authorities", "investigators", "prosecutors", "doctors", "teachers", "students",
    "parents", "families", "women", "men", "fans", "followers", "donors", "delegates", "media",
    "reporters", "journalists", "pundits", "commentators", "historians", "scholars", "polling",
    "demonstrators", "protesters", "protestors", "marchers", "rioters", "organizers", "labor",
}

# Words that make a capitalised name an organisation (lower-cased).
ORG_WORDS = {
    "agency", "department", "ministry", "party", "committee", "campaign", "council", "court", "international",
    "workers", "steelworkers", "teamsters",
    "times", "post", "news", "journal", "network", "institute", "university", "college",
    "foundation", "center", "centre", "association", "union", "bank", "fund", "corporation",
    "corp.", "inc.", "co.", "company", "group", "service", "commission", "office",
    "administration", "bureau", "organization", "organisation", "coalition", "congress",
    "senate", "house", "pentagon", "kremlin", "parliament", "assembly", "government", "cabinet",
    "army", "navy", "force", "forces", "command", "police", "press", "tribune", "herald",
    "gazette", "telegraph", "guardian", "reuters", "ap", "afp", "bbc", "cnn", "fox", "msnbc",
    "nbc", "abc", "cbs", "npr", "politico", "breitbart", "yonhap", "xinhua", "kcna", "tass",
    "ria", "interfax", "board", "society", "alliance", "federation", "league", "authority",
    "system", "project", "program", "initiative", "watch", "trust", "club", "caucus",
    "secretariat", "mission", "embassy", "consulate", "legislature", "regime",
    "magazine", "review", "daily", "weekly", "radio", "television", "tv", "channel", "media",
    "strategies", "associates", "partners", "consulting", "consultants", "communications",
    "globe", "chronicle", "inquirer", "examiner", "dispatch", "courier", "observer", "sentinel",
    "enquirer", "beacon", "team", "today",
    "analytics", "solutions", "holdings", "ventures", "services",
    "poll", "survey", "study", "report", "index", "institution", "chamber",
    "industries", "inc", "llc", "ltd", "plc", "airlines", "motors", "energy", "oil", "nations", "security", "intelligence", "staff", "chiefs", "politifact",
    "pac", "super", "fbi", "cia", "nsa", "imf", "nato", "u.n.", "eu",
    "opec", "gop", "dnc", "rnc", "white", "supreme", "cdc", "fda", "epa", "irs", "doj",
    "google", "facebook", "twitter", "apple", "microsoft", "amazon", "wikileaks", "statement", "website", "blog", "station", "studio", "studios", "exchange",
}

# Head words of named things that never speak ("Clean Power Plan", "Labor Day").
THING_WORDS = {
    "year", "eve",  # "New Year", "Christmas Eve"
    "act", "law", "amendment", "plan", "treaty", "accord", "agreement", "doctrine", "day",
    "symposium", "summit", "conference", "festival", "award", "awards", "prize", "bill", "care",
    "program", "initiative", "strategy", "policy", "rule", "rules", "tank", "show", "sunday",
    "war", "crisis", "scandal", "election", "debate", "deal",
}

# Countries, capitals and US states: speakers in news ("Japan said", "Washington warned").
PLACES = {
    "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia", "austria",
    "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "brazil",
    "britain", "bulgaria", "cambodia", "cameroon", "canada", "chile", "china", "colombia",
    "congo", "croatia", "cuba", "cyprus", "czech republic", "denmark", "ecuador", "egypt",
    "estonia", "ethiopia", "finland", "france", "georgia", "germany", "ghana", "greece",
    "guatemala", "haiti", "honduras", "hungary", "iceland", "india", "indonesia", "iran", "iraq",
    "ireland", "israel", "italy", "jamaica", "japan", "jordan", "kazakhstan", "kenya", "kosovo",
    "kuwait", "laos", "latvia", "lebanon", "libya", "lithuania", "malaysia", "mali", "mexico",
    "moldova", "mongolia", "morocco", "myanmar", "nepal", "netherlands", "new zealand",
    "nicaragua", "niger", "nigeria", "north korea", "norway", "oman", "pakistan", "palestine",
    "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar", "romania",
    "russia", "rwanda", "saudi arabia", "senegal", "serbia", "singapore", "slovakia", "slovenia",
    "somalia", "south africa", "south korea", "spain", "sri lanka", "sudan", "sweden",
    "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand", "tunisia", "turkey",
    "turkmenistan", "uganda", "ukraine", "united arab emirates", "uae", "united kingdom", "uk",
    "u.k.", "united states", "us", "u.s.", "america", "uruguay", "uzbekistan", "venezuela",
    "vietnam", "yemen", "zambia", "zimbabwe", "korea", "europe", "the west", "nato",
    "washington", "moscow", "beijing", "pyongyang", "seoul", "tokyo", "kyiv", "kiev", "london",
    "paris", "berlin", "tehran", "jerusalem", "ankara", "brussels", "damascus", "baghdad",
    "kabul", "islamabad", "new delhi", "taipei", "havana", "caracas", "ottawa", "canberra",
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
    "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon",
    "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "west virginia", "wisconsin", "wyoming", "chicago",
    "charlotte", "phoenix",
}

# How US news writes a state after a lawmaker's name ("Sen. Marco Rubio (R-Fla.)", "Rep. Jim
# Jordan, R-Ohio", "(R-AL)"): AP abbreviations and postal codes, lower-cased, to the state's name.
US_STATE_FORMS = {
    **{s: s for s in ("alaska", "hawaii", "idaho", "iowa", "maine", "ohio", "texas", "utah")},
    "ala.": "alabama", "ariz.": "arizona", "ark.": "arkansas", "calif.": "california", "colo.": "colorado",
    "conn.": "connecticut", "del.": "delaware", "fla.": "florida", "ga.": "georgia", "ill.": "illinois",
    "ind.": "indiana", "kan.": "kansas", "kans.": "kansas", "ky.": "kentucky", "la.": "louisiana",
    "md.": "maryland", "mass.": "massachusetts", "mich.": "michigan", "minn.": "minnesota",
    "miss.": "mississippi", "mo.": "missouri", "mont.": "montana", "neb.": "nebraska", "nev.": "nevada",
    "n.h.": "new hampshire", "n.j.": "new jersey", "n.m.": "new mexico", "n.y.": "new york",
    "n.c.": "north carolina", "n.d.": "north dakota", "okla.": "oklahoma", "ore.": "oregon",
    "pa.": "pennsylvania", "r.i.": "rhode island", "s.c.": "south carolina", "s.d.": "south dakota",
    "tenn.": "tennessee", "tex.": "texas", "vt.": "vermont", "va.": "virginia", "wash.": "washington",
    "w.va.": "west virginia", "w.v.": "west virginia", "wis.": "wisconsin", "wisc.": "wisconsin",
    "wyo.": "wyoming",
    # postal codes, as in "(R-AL)"
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas", "ca": "california",
    "co": "colorado", "ct": "connecticut", "de": "delaware", "fl": "florida", "ga": "georgia",
    "hi": "hawaii", "id": "idaho", "il": "illinois", "in": "indiana", "ia": "iowa", "ks": "kansas",
    "ky": "kentucky", "la": "louisiana", "me": "maine", "md": "maryland", "ma": "massachusetts",
    "mi": "michigan", "mn": "minnesota", "ms": "mississippi", "mo": "missouri", "mt": "montana",
    "ne": "nebraska", "nv": "nevada", "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico",
    "ny": "new york", "nc": "north carolina", "nd": "north dakota", "oh": "ohio", "ok": "oklahoma",
    "or": "oregon", "pa": "pennsylvania", "ri": "rhode island", "sc": "south carolina",
    "sd": "south dakota", "tn": "tennessee", "tx": "texas", "ut": "utah", "vt": "vermont",
    "va": "virginia", "wa": "washington", "wv": "west virginia", "wi": "wisconsin", "wy": "wyoming",
}
US_STATES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
    "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi",
    "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico",
    "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania",
    "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont",
    "virginia", "washington", "west virginia", "wisconsin", "wyoming",
}
# Party letters in "(R-Fla.)".
PARTY_LETTERS = {"r": "republican", "d": "democrat", "i": "independent"}


# Capitalised words that start sentences or headings but are not names.
NOT_NAMES = {
    "sometimes", "indeed", "often",  # sentence adverbs: "Sometimes, they say, ..."
    "the", "a", "an", "but", "and", "or", "so", "yet", "in", "on", "at", "for", "of", "to",
    "with", "by", "from", "as", "if", "when", "while", "after", "before", "since", "because",
    "although", "though", "this", "that", "these", "those", "it", "its", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "your", "there", "here", "what",
    "who", "why", "how", "where", "which", "asked", "still", "now", "then", "also", "even",
    "last", "next", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "sept", "oct", "nov", "dec", "jan", "feb",
    "aug", "one", "two", "three", "some", "many", "most", "all", "no", "not", "yes", "instead",
    "meanwhile", "however", "according", "earlier", "later", "today", "yesterday", "tomorrow",
    "read", "related", "watch", "video", "photo", "more", "full", "text", "update", "updated",
    "breaking", "advertisement", "speaking", "is", "was", "are", "were", "has", "have",
    "had", "will", "would", "could", "should", "can", "do", "does", "did", "said", "says",
    "told", "let", "like", "just", "only", "every", "each", "any", "another", "other", "such",
    "both", "either", "neither", "first", "second", "former", "despite",
    "during", "over", "under", "about", "into", "through", "without", "within", "again",
    "thank", "thanks", "well", "oh", "ok", "okay", "dear", "hello", "please", "sorry", "look",
    "unlike", "amid", "among", "against", "toward", "towards", "via", "per",
    "once", "unless", "until", "whether", "nor", "never", "always", "perhaps", "maybe",
}

# Cue words where the source follows ("according to X", "X's statement").
SOURCE_AFTER_CUES = {"according to", "according", "per", "in the words of", "quoted"}

# Words between a title and a description that tie them ("the Pentagon chief" ~ "defense secretary").
DESCRIPTION_SYNONYMS = {
    "pentagon chief": {"defense secretary", "secretary of defense", "defence secretary",
                        "defence minister", "defense minister"},
    "pentagon head": {"defense secretary", "secretary of defense"},
    "defense chief": {"defense secretary", "secretary of defense", "defence secretary",
                       "defence minister", "defense minister"},
    "defence chief": {"defense secretary", "secretary of defense", "defence secretary",
                       "defence minister", "defense minister"},
    "top diplomat": {"secretary of state", "foreign minister", "foreign secretary"},
    "chief diplomat": {"secretary of state", "foreign minister", "foreign secretary"},
    "state department chief": {"secretary of state"},
    "the president": {"president"},
    "attorney general": {"attorney general"},
    "treasury chief": {"treasury secretary", "secretary of the treasury"},
    "spy chief": {"director of national intelligence", "cia director"},
    "lawmaker": {"representative", "senator", "congressman", "congresswoman"},
    "legislator": {"representative", "senator", "congressman", "congresswoman"},
    "congressman": {"representative"},
    "congresswoman": {"representative"},
    "judge": {"justice", "judge"},
    "anchor": {"host", "anchor"},
    "host": {"host", "anchor"},
    "general": {"general", "gen."},
    "officer": {"officer", "general", "colonel", "admiral"},
    "first lady": {"first lady", "wife"},
    "vice-presidential nominee": {"running mate", "vice presidential nominee", "vice-presidential candidate"},
    "vice presidential nominee": {"running mate", "vice-presidential nominee", "vice presidential candidate"},
    "vice-presidential candidate": {"running mate", "vice-presidential nominee", "vice presidential nominee"},
    "running mate": {"running mate", "vice-presidential nominee", "vice presidential nominee"},
}

def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Common first names with their usual gender (news names; pronouns in the article can overrule).
MALE_NAMES = _words(
    """
    donald barack bernie bill joe mike ted marco john jeb chris paul tim george james robert
    michael david richard thomas charles mark steve steven kevin brian jason jeff eric scott
    ben rand rick mitch harry newt rudy rudolph reince corey sean vladimir lloyd antony tony
    andrew adam peter anthony jared roger frank gary jim tom dan daniel matt matthew ryan
    nick nicholas william henry edward jack kenneth ken larry jerry dennis walter patrick
    pat raymond gregory sam samuel jonathan josh joshua justin brandon benjamin jose luis
    carlos juan francisco xi shinzo moon abe boris emmanuel recep bashar ali mohammed
    muhammad ahmed omar hassan ivan sergei dmitry alexei kim martin luther al jesse colin
    dick karl lou luke mitt bobby phil howard herman elijah ron ronald gerald lyndon jimmy
    franklin woodrow abraham jefferson joseph josef mario marc pete stephen stuart tucker
    wolf chuck bret brit rush glenn alex alan allen arthur bruce carl craig doug douglas
    earl eugene fred harold jay keith kyle lawrence leon louis neil nathan norman oliver
    philip randy ralph russell terry travis troy vincent wayne zach zachary hunter beau
    don donnie bob marty ernest marcel ed eddie tommy billy willie bernard bradley brad cory
    dave derek devin dustin eli ethan evan felix gabriel gavin greg hank ian isaac jacob jake
    jeremy joel jon julian kurt marcus micah milton mort murray nate ned noah orrin oscar otis
    owen perry preston quentin reggie richie rodney roland ruben seth shane shawn simon spencer
    stanley theodore todd trent trey tyler vic victor vince wes wesley willard wyatt chad
    clint clyde curt dale darrell darren dwight elliot elliott emanuel rahm jeh andy andres
    antonio manuel miguel pedro rafael ricardo roberto sergio alberto hugo francois nicolas
    pierre jacques hans helmut gerhard wolfgang viktor tayyip naftali yair ehud shimon hosni
    abdel mahmoud nouri haider narendra rahul bibi
    """
)
FEMALE_NAMES = _words(
    """
    hillary melania michelle ivanka chelsea elizabeth nancy kellyanne sarah jill hope huma
    loretta debbie donna mary susan karen lisa jennifer jessica amy anne ann kate emily
    laura rachel julia maria margaret patricia linda barbara angela theresa condoleezza
    samantha madeleine janet gina nikki kamala tulsi ava alicia megyn gennifer monica katie
    carly kirsten dianne tammy heidi claire maxine nita sheila marsha joni susana michele
    rosie oprah beyonce taylor melanie alice helen ruth sandra betty dorothy carol sharon
    cynthia kathleen amanda stephanie rebecca virginia catherine katherine christine deborah
    rose diane julie joyce victoria kelly lauren christina ashley natalie grace olivia emma
    sophia isabella mia abigail madison chloe ella hannah zoe aung suu marine ursula
    federica yulia valentina park golda indira benazir ellen whoopi wanda
    maggie becky beth betsy bonnie brenda brittany cheryl cindy connie courtney denise
    elaine elise erin eva evelyn frances gail gloria gwen heather holly irene jackie jane
    janice jeanne jenny joan joanne jodi judith judy kathy kristen leslie lynn marcia marie
    marilyn martha meg megan meghan melissa mindy molly nina pam pamela paula peggy penny
    rita rosa roxanne sally sandy sara shannon shirley stacey susie tara teresa tina
    tracy valerie vanessa vicki wendy yvonne kirstjen ayanna ilhan alexandria rashida liz
    sonia elena shelley kristi cathy neera sheryl meryl
    """
)
