"""A state organ's stance toward its own country, read through what it says of its own leaders.

Why: "The state news agency KCNA said leader Kim Jong Un's successful missile test showed the
unmatched strength of North Korea" is, to a reader, KCNA in favor of North Korea. The stance model
reads the praise of Kim Jong Un (favor, 0.98) but not of the country named at the end of a long
noun phrase (none), and none of its training sets (NewsMTSC, PERSPECTRUM: no holders; SEESAW:
holders but no state organs) can teach it that an organ's praise of its own side is praise of its
country. So the stance stage applies this as a rule, after the model:

* a speaker is an **organ of country X** when it is X itself under any of its names ("Pyongyang"),
  a state news outlet listed in ``STATE_MEDIA`` ("KCNA", "Xinhua", "TASS"), or a name that opens
  with X or its demonym and ends with an organ word ("Russian Foreign Ministry", "China's defense
  ministry", "North Korean state media");
* a name in the quote is **on X's side** when the document writes it after X and a title
  ("North Korean leader Kim Jong Un", "Russia's President Vladimir Putin"), or when the organ's own
  quote gives it a bare leadership title with no other country before it ("leader Kim Jong Un",
  "President Xi Jinping" in Xinhua's mouth: state media call their own leaders so);
* when the model says ``none`` toward X (or X is not named at all) and says favor or against
  toward a name on X's side, X takes that label and score;
* in an organ's quote, "the country" and "our nation" are X: the model is asked about X there
  ("The launch demonstrated the country's growing deterrent", said KCNA).

A minister of another country is no organ of X, so a foreign minister praising Kim Jong Un says
nothing here about North Korea; the model's own reading of X, when it is favor or against, is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .countries import country_names, country_of
from .document import Document, Quote

# State news agencies, broadcasters and papers, as news names them -> the country they speak for.
STATE_MEDIA: dict[str, str] = {
    "KCNA": "North Korea", "Korean Central News Agency": "North Korea", "Rodong Sinmun": "North Korea",
    "KCTV": "North Korea", "Korean Central Television": "North Korea",
    "Xinhua": "China", "Xinhua News Agency": "China", "People's Daily": "China", "Global Times": "China",
    "CCTV": "China", "China Central Television": "China", "CGTN": "China",
    "TASS": "Russia", "Tass": "Russia", "RIA Novosti": "Russia", "RIA": "Russia", "Sputnik": "Russia",
    "RT": "Russia", "Rossiya 24": "Russia",
    "IRNA": "Iran", "Islamic Republic News Agency": "Iran", "Press TV": "Iran", "Fars": "Iran",
    "Fars News Agency": "Iran", "Tasnim": "Iran", "IRIB": "Iran",
    "SANA": "Syria", "Syrian Arab News Agency": "Syria",
    "Anadolu": "Turkey", "Anadolu Agency": "Turkey", "TRT": "Turkey",
    "SPA": "Saudi Arabia", "Saudi Press Agency": "Saudi Arabia",
    "MENA": "Egypt", "Middle East News Agency": "Egypt",
    "VNA": "Vietnam", "Vietnam News Agency": "Vietnam",
    "Prensa Latina": "Cuba", "Granma": "Cuba",
    "BelTA": "Belarus", "Ukrinform": "Ukraine", "QNA": "Qatar", "Qatar News Agency": "Qatar",
    "Yonhap": "South Korea", "Yonhap News Agency": "South Korea",
}
_STATE_MEDIA = {name.casefold(): country for name, country in STATE_MEDIA.items()}

# Last words of a name that make it an organ of the state it opens with.
ORGAN_WORDS = {
    "ministry", "government", "military", "army", "navy", "embassy", "media", "agency", "cabinet",
    "kremlin", "presidency", "office", "forces", "command", "parliament", "council", "leadership",
    "authorities", "regime", "officials", "spokesman", "spokeswoman", "spokesperson", "mission",
}
# Titles under which a state organ names its own leaders ("leader Kim Jong Un").
LEADER_TITLES = (
    "Supreme Leader", "leader", "Leader", "President", "president", "Chairman", "chairman", "Premier",
    "premier", "Prime Minister", "prime minister", "General Secretary", "general secretary",
    "Marshal", "marshal", "Comrade", "comrade", "King", "Emir", "Crown Prince", "Chancellor",
)
# Lower-case words of a title between a country and a name ("North Korean leader", "Russia's
# foreign minister"); capitalised words count as title words too.
_TITLE_WORDS = {t for title in LEADER_TITLES for t in title.split() if t.islower()} | {
    "minister", "foreign", "defense", "defence", "supreme", "dictator", "ruler", "strongman",
    "chief", "general", "secretary", "spokesman", "spokeswoman", "ambassador", "envoy", "top",
    "state", "deputy", "vice", "military", "army", "commander",
}
_LEADER_BEFORE = re.compile(
    r"(?:" + "|".join(re.escape(t) for t in sorted(LEADER_TITLES, key=len, reverse=True)) + r")\s+$"
)
_POSSESSIVE = re.compile(r"['’]s$")


def speaker_country(speaker: str | None) -> str | None:
    """The country ``speaker`` is an organ of ("KCNA" -> North Korea), or None."""
    if not speaker:
        return None
    name = " ".join(speaker.split())
    if name.casefold().startswith("the "):
        name = name[4:]
    country = country_of(name) or _STATE_MEDIA.get(name.casefold())
    if country:
        return country
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in ORGAN_WORDS:
        return None
    for n in range(len(words) - 1, 0, -1):  # "North Korean state media": the longest opening
        head = _POSSESSIVE.sub("", " ".join(words[:n]))
        country = country_of(head)
        if country:
            return country
    return None


_OWN_COUNTRY = re.compile(
    r"(?<!\w)(?:the|our|this)\s+(?:country|nation|motherland|fatherland|homeland)(?:['’]s)?(?!\w)", re.I
)


def own_country_mentions(text: str) -> list[tuple[int, int]]:
    """Where an organ's quote names its own country without a name ("the country's growing
    deterrent", "our nation"): offsets of each phrase, end exclusive."""
    return [(m.start(), m.end()) for m in _OWN_COUNTRY.finditer(text)]


def _country_pattern(country: str) -> re.Pattern[str]:
    names = sorted(country_names(country), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?:['’]s)?(?!\w)")


def _tied_in_document(text: str, name: str, country: str) -> bool:
    """Whether ``text`` writes ``name`` after the country and a title, within a few words
    ("North Korean leader Kim Jong Un", "Russia's President Vladimir Putin")."""
    pattern = _country_pattern(country)
    for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
        before = text[max(0, match.start() - 60) : match.start()]
        for found in pattern.finditer(before):
            between = before[found.end() :].split()
            if 1 <= len(between) <= 3 and all(w[:1].isupper() or w in _TITLE_WORDS for w in between):
                return True  # ("Russia said Kim Jong Un ..." ties nobody: "said" is no title)
    return False


def _titled_by_organ(content: str, start: int) -> bool:
    """Whether the name at ``start`` follows a bare leadership title with no country before it."""
    before = content[max(0, start - 40) : start]
    title = _LEADER_BEFORE.search(before)
    if not title:
        return False
    words_before = before[: title.start()].split()
    qualifier = _POSSESSIVE.sub("", words_before[-1]) if words_before else ""
    if qualifier and country_of(qualifier):
        return False  # "Russian President Vladimir Putin" in KCNA's mouth is another country's
    two = _POSSESSIVE.sub("", " ".join(words_before[-2:])) if len(words_before) >= 2 else ""
    return not (two and country_of(two))  # "North Korean leader" likewise


def own_side_names(doc: Document, quote: Quote, country: str, names: Sequence[tuple[int, int, str]]
                   ) -> list[str]:
    """The names among ``names`` (offsets into the quote's joined content) on ``country``'s side."""
    content = quote.content_text
    out: list[str] = []
    for start, _, name in names:
        name = _POSSESSIVE.sub("", name).rstrip("'’")  # "Kim Jong Un's" -> "Kim Jong Un"
        if country_of(name) or name in out:
            continue
        if _titled_by_organ(content, start) or _tied_in_document(doc.text, name, country):
            out.append(name)
    return out

