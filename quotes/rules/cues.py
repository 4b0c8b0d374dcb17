"""The cue lexicon and the noun-phrase rules that find a source next to a cue.

A cue is a verb of saying, thinking or reporting ("said", "warned", "told", "according to").
A source is the mention of who said it, found by walking the word tokens away from the cue: a
pronoun, a capitalized name with its titles ("Secretary of State Antony Blinken"), or a noun
phrase that starts with a determiner ("the defense minister", "the official Korean Central News
Agency"), optionally with an apposition ("Yang Moo-jin, president of ..., said").
All functions return character offsets into the text they are given.
"""

from __future__ import annotations

import re

from ..text import tokens

# Every form we accept, by lemma; the verb classes decide what may follow the cue.
_SAY_FORMS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "warn": "warn warns warned warning",
    "note": "note notes noted noting",
    "deny": "deny denies denied denying",
    "add": "add adds added adding",
    "argue": "argue argues argued arguing",
    "claim": "claim claims claimed claiming",
    "stress": "stress stresses stressed stressing",
    "insist": "insist insists insisted insisting",
    "announce": "announce announces announced announcing",
    "explain": "explain explains explained explaining",
    "write": "write writes wrote writing",
    "state": "stated",
    "assert": "assert asserts asserted asserting",
    "acknowledge": "acknowledge acknowledges acknowledged acknowledging",
    "admit": "admit admits admitted admitting",
    "suggest": "suggest suggests suggested suggesting",
    "report": "report reports reported",
    "confirm": "confirm confirms confirmed confirming",
    "declare": "declare declares declared declaring",
    "predict": "predict predicts predicted predicting",
    "promise": "promise promises promised promising",
    "pledge": "pledge pledges pledged pledging",
    "reply": "reply replies replied replying",
    "respond": "respond responds responded responding",
    "counter": "countered",
    "complain": "complain complains complained complaining",
    "maintain": "maintained maintains",
    "emphasize": "emphasize emphasizes emphasized emphasizing emphasised emphasises",
    "observe": "observed observes",
    "estimate": "estimated estimates",
    "reveal": "revealed reveals",
    "allege": "allege alleges alleged alleging",
    "contend": "contend contends contended contending",
    "conclude": "concluded concludes",
    "recall": "recalled recalls",
    "agree": "agreed agrees",
    "caution": "cautioned cautions",
    "concede": "conceded concedes",
    "tweet": "tweeted tweets",
    "vow": "vowed vows",
    "ask": "asked asks",
    "believe": "believe believes believed",
    "think": "think thinks thought",
    "find": "found finds",
    "show": "showed shows",
    "call": "called calls",
    "charge": "charged",
    "accuse": "accused accuses",
    "urge": "urged urges",
    "blame": "blamed blames",
    "exclaim": "exclaimed",
    "shout": "shouted",
    "remark": "remarked",
    "quip": "quipped",
    "joke": "joked",
    "continue": "continued",
    "repeat": "repeated",
    "learn": "learned learnt",
    "insist_on": "demanded demands",
    "describe": "described describes",
    "cite": "cite cites cited citing",
}
CUE_WORDS: frozenset[str] = frozenset(w for forms in _SAY_FORMS.values() for w in forms.split())
# Cues whose object comes before the content: "told reporters that", "asked him whether".
OBJECT_CUES = frozenset(
    "tell tells told telling warn warns warned warning asked asks urged urges".split()
)
# Cues that take a quoted object rather than a clause: "called the plan “a disaster”".
QUOTED_OBJECT_CUES = frozenset(
    "called calls accused accuses blamed blames charged continued repeated".split()
)
# Cues that cannot carry a plain clause: they need "that", a colon or a following quote.
WEAK_CUES = frozenset(
    "found finds showed shows believe believes believed think thinks thought stated "
    "continued repeated asked asks urged urges".split()
)
GERUND_CUES = frozenset(w for w in CUE_WORDS if w.endswith("ing"))
# Multi-word cues, matched as a unit.
PHRASE_CUES = re.compile(
    r"\b(?:[Aa]ccording to|pointed out|went on to say|made clear|made it clear)\b"
)
AUXILIARIES = frozenset(
    "has have had will would also later previously repeatedly once again then now further "
    "reportedly publicly privately initially originally recently earlier already still just "
    "often frequently quickly flatly firmly simply did does do is was were are been being "
    "had'd never not".split()
) | frozenset(
    f"{aux}n{mark}t"
    for aux in "would did does do is was were are has have had could should wo ca must".split()
    for mark in "'’"
)
TIME_NOUNS = frozenset(
    "week weeks month months year years day days time times morning afternoon evening night "
    "weekend today yesterday tonight January February March April May June July August "
    "September October November December Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday".split()
)
PRONOUNS = frozenset("he she they it we i you".split())
DETERMINERS = frozenset(
    "the a an this these those his her their its our my your another each every some many "
    "several both two three four five six seven eight nine ten one other few".split()
)
# Words that end a noun phrase when walking over it.
STOP_WORDS = (
    frozenset(
        """
    in on at to from with by as into about after before during over under against without than
    that which who whom whose when where while because if but and or nor so yet not is was were are
    be been being has have had do does did will would can could should may might must also then
    there here said says say told tells according also however though although since until unless
    whether how what why just only even still already very more less much s
    """.split()
    )
    | AUXILIARIES
    | CUE_WORDS
)
# Capitalized words that open sentences but never start a name.
CAP_STOP = frozenset(
    """
    But And Or So Yet Still Also Meanwhile However Then Now Later Earlier Instead Indeed Moreover
    Furthermore Nonetheless Nevertheless Separately Asked When While After Before Although Though
    Because If As In On At For With By From To Last This That Since Until Even Only Speaking Today
    Yesterday Tonight Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March July September October November December Jan Feb Aug Sept Oct Nov Dec Here There What
    Why How Where Who Which Under Over During Despite Among Like Unlike Without Within Through
    Just Not Many Most Some Several Few Other Others Both Each Every All Asked Still Yes No
    """.split()
)
# Lowercase heads that may be a source without a determiner ("officials said").
SPEAKER_NOUNS = frozenset(
    """
    officials sources analysts experts critics observers diplomats lawmakers legislators
    residents witnesses investigators prosecutors researchers scientists economists
    protesters activists supporters opponents voters aides advisers advisors authorities
    police officers spokesman spokeswoman spokesperson representatives organizers
    democrats republicans leaders members people polls surveys reports data studies
    """.split()
)

_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = (
    rf"(?:(?:on|last|this|early|late|earlier|later)\s+{_DAYS}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|{_DAYS}(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:last|this|next|earlier\s+this|later\s+this)\s+(?:week|month|year|weekend|spring|summer|fall|autumn|winter)"
    r"|(?:on|in)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)(?:\s+\d{1,2})?"
    r"|yesterday|today|tonight|recently|earlier|later|again|repeatedly|publicly|privately|previously|also"
    r"|(?:in|on|during)\s+(?:a|an|his|her|their|its|the)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:statement|interview|speech|e-?mail|letter|tweet|post|conference|briefing|report|op-ed|"
    r"message|video|call|hearing|note|memo|release|appearance|address|meeting|rally|event|debate|"
    r"session|broadcast|show|program|programme|podcast)"
    r"(?:\s+(?:with|to|on|at|from|in|for)\s+(?:the\s+)?[\w.’'-]+(?:\s+[A-Z][\w.’'-]*)*)?"
    r"|(?:on|in|via)\s+(?:Twitter|Facebook|X|Instagram|television|TV|radio|CNN|Fox\s+News|MSNBC)"
    r"|(?:at|during)\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){0,3}?(?:conference|briefing|rally|hearing|"
    r"meeting|forum|debate|event|summit|ceremony|stop|session)"
    r"(?:\s+(?:in|at|on)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)?"
    r"|to\s+(?:reporters|journalists|lawmakers|the\s+press|supporters|the\s+crowd|CNN|NBC|ABC|CBS)"
    r"|(?:in|from)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"  # in Seoul, from Washington
    r")"
)
ADVERBIAL = re.compile(rf"(?:\s*,?\s*{_TIME}\b)+")
_OBJECT = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+?(?=\s+(?:that|on|in|at)\b|[,:.])|"
    r"(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w.’'-]*|"
    r"him|her|them|us|me|you|reporters|journalists|lawmakers|supporters|the\s+crowd)\b"
)


_WORD_RE = re.compile(r"[A-Za-z]+")
_AUX_BEFORE = re.compile(r"(?:\b(?:has|have|had|will|would)\s+)+$", re.IGNORECASE)


def cue_matches(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Offsets of every cue in ``text[lo:hi]``: lexicon verbs with a preceding auxiliary
    ("has said"), and phrase cues ("according to")."""
    out: list[tuple[int, int]] = []
    for match in _WORD_RE.finditer(text, lo, hi):
        verb = match.group()
        lower = verb.lower()
        if lower not in CUE_WORDS:
            continue
        start, end = match.span()
        if verb[0].isupper() and lower not in GERUND_CUES and not text[lo:start].strip(" \"“‘'"):
            continue  # "Says who": a capitalized verb opening the sentence is rarely a cue
        if start > lo and text[start - 1] in "-’'" or text[end : end + 1] in ("-", "’", "'"):
            continue  # "so-called", "said-it-all", "Trump’s says"
        aux = _AUX_BEFORE.search(text, max(lo, start - 30), start)
        out.append((aux.start() if aux else start, end))
    out.extend(match.span() for match in PHRASE_CUES.finditer(text, lo, hi))
    return sorted(out)


def cue_head(text: str, cue: tuple[int, int]) -> str:
    """The cue's last word, lower-cased: what decides its verb class."""
    return text[cue[0] : cue[1]].split()[-1].lower()


def skip_adverbials(text: str, pos: int, hi: int) -> int:
    """Offset after any time/place/manner adverbials starting at ``pos`` ("on Tuesday", "in a
    statement", "to reporters")."""
    match = ADVERBIAL.match(text, pos, hi)
    return match.end() if match else pos


def skip_object(text: str, pos: int, hi: int) -> int:
    """Offset after the indirect object of "told"/"warned" ("told reporters", "told the AP")."""
    match = _OBJECT.match(text, pos, hi)
    return match.end() if match else pos


def _word(text: str, tok: tuple[int, int]) -> str:
    return text[tok[0] : tok[1]]


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _np_ok(words: list[str]) -> bool:
    """Whether a phrase found by walking tokens is a plausible source."""
    if not words:
        return False
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return True
    # Judge the head part: "attorneys" in "attorneys for the family".
    cut = next((k for k, w in enumerate(words) if k and w in ("of", "for")), len(words))
    words = words[:cut]
    head = words[-1]
    if head in TIME_NOUNS or head.endswith(("’s", "'s", "’", "'")):
        return False  # "this week said", "Editor’s note"
    if any(_is_cap(w) and w not in CAP_STOP for w in words):
        return True
    if words[0].lower() in DETERMINERS or words[0].endswith(("’s", "'s")):
        return len(words) >= 2
    head = head.lower()
    return len(words) <= 3 and (head in SPEAKER_NOUNS or (len(head) > 4 and head.endswith("s")))


def _np_token_ok(word: str) -> bool:
    lower = word.lower()
    if not (word[0].isalnum() or word[0] in "&"):
        return False
    if _is_cap(word):
        return word not in CAP_STOP or word == "The"
    return lower not in STOP_WORDS or lower in ("of", "for")


def np_before(text: str, lo: int, pos: int, max_words: int = 9) -> tuple[int, int] | None:
    """The noun phrase that ends right before ``pos`` (skipping auxiliaries and time words), as
    offsets, or None. Handles pronouns, titled names, determiner phrases and an apposition."""
    toks = tokens(text, max(lo, pos - 400), pos)
    i = len(toks) - 1
    while i >= 0 and (_word(text, toks[i]).lower() in AUXILIARIES):
        i -= 1
    # Skip a time word between the subject and the cue: "Blinken on Tuesday warned".
    if i >= 1 and re.fullmatch(_DAYS, _word(text, toks[i])):
        i -= 2 if _word(text, toks[i - 1]).lower() == "on" else 1
    if i < 0:
        return None
    end_tok = i
    if _word(text, toks[i]) == ",":
        return _apposition(text, toks, i)
    word = _word(text, toks[i])
    if word.lower() in PRONOUNS:
        return toks[i]
    if word == ")":  # "Sen. David Perdue (R-Ga.) said": the party tag belongs to the source
        opening = next(
            (j for j in range(i - 1, max(-1, i - 10), -1) if _word(text, toks[j]) == "("), None
        )
        if opening is None or opening == 0:
            return None
        found = _walk_np(text, toks, opening - 1, max_words)
        return (found[0], toks[i][1]) if found else None
    return _walk_np(text, toks, end_tok, max_words)


def _walk_np(
    text: str, toks: list[tuple[int, int]], end_tok: int, max_words: int
) -> tuple[int, int] | None:
    i = end_tok
    start_tok: int | None = None
    while i >= 0 and end_tok - i < max_words:
        word = _word(text, toks[i])
        lower = word.lower()
        if lower in DETERMINERS:
            start_tok = i  # a determiner opens the phrase: include it and stop, unless the
            # phrase is the object of "of"/"for" in a longer one ("a spokesman for the ministry")
            if (
                i >= 2
                and _word(text, toks[i - 1]).lower() in ("of", "for")
                and _np_token_ok(_word(text, toks[i - 2]))
            ):
                i -= 1
                continue
            break
        if word in ("-", "–") and i > 0 and _is_cap(_word(text, toks[i - 1])):
            i -= 1  # hyphen inside a name: "Moo - jin" is one token anyway, keep walking
            continue
        if not _np_token_ok(word):
            break
        if lower in ("of", "for") and not (i > 0 and _np_token_ok(_word(text, toks[i - 1]))):
            break
        start_tok = i
        if word.endswith(("’s", "'s")) and not _is_cap(_word(text, toks[end_tok])) and i < end_tok:
            # "Blinken’s spokesman": a possessive opens the phrase like a determiner
            if i == 0 or not _is_cap(_word(text, toks[i - 1])):
                break
        i -= 1
    if start_tok is None:
        return None
    # A phrase cannot start with "of", "for" or "and".
    while start_tok <= end_tok and _word(text, toks[start_tok]).lower() in (
        "of",
        "for",
        "and",
        "&",
    ):
        start_tok += 1
    if start_tok > end_tok:
        return None
    words = [_word(text, t) for t in toks[start_tok : end_tok + 1]]
    if not _np_ok(words):
        return None
    return toks[start_tok][0], toks[end_tok][1]


def _apposition(text: str, toks: list[tuple[int, int]], comma: int) -> tuple[int, int] | None:
    """``Name, apposition,`` right before a cue: the whole stretch, commas included."""
    j = comma - 1
    while j >= 0 and comma - j <= 25:
        word = _word(text, toks[j])
        if word == ",":
            break
        if word in '.;:!?"“”«»—' or word.lower() in ("said", "says", "that", "and", "but"):
            return None
        j -= 1
    else:
        return None
    if j < 1 or j == comma - 1:
        return None
    head = _walk_np(text, toks, j - 1, 9)
    if head is None:
        return None
    if _word(text, toks[j + 1]).lower().endswith("ing"):
        return head  # "Trump, speaking in Ohio, said": the participle is not part of the source
    return head[0], toks[comma][1]


def np_after(
    text: str, pos: int, hi: int, max_words: int = 9, apposition: bool = True
) -> tuple[int, int] | None:
    """The noun phrase starting at ``pos`` (after spaces): "said Blinken", "said the official",
    "said Yang Moo-jin, president of the institute" (with ``apposition``, up to the clause end)."""
    toks = tokens(text, pos, min(hi, pos + 400))
    if not toks:
        return None
    first = _word(text, toks[0])
    if first.lower() in PRONOUNS:
        return toks[0]
    end_tok: int | None = None
    for k, tok in enumerate(toks[:max_words]):
        word = _word(text, tok)
        lower = word.lower()
        if k == 0 and lower in DETERMINERS:
            end_tok = k
            continue
        if not _np_token_ok(word) or (k == 0 and lower in ("of", "for")):
            break
        if lower in ("of", "for") and not (
            k + 1 < len(toks) and _np_token_ok(_word(text, toks[k + 1]))
        ):
            break
        end_tok = k
    if end_tok is None:
        return None
    while end_tok > 0 and _word(text, toks[end_tok]).lower() in ("of", "for", "and", "&"):
        end_tok -= 1
    words = [_word(text, t) for t in toks[: end_tok + 1]]
    if not _np_ok(words):
        return None
    end = toks[end_tok][1]
    # Apposition after a name: ", president of the University of North Korean Studies"
    if apposition and end_tok + 2 < len(toks) and _word(text, toks[end_tok + 1]) == ",":
        nxt = _word(text, toks[end_tok + 2]).lower()
        if nxt in DETERMINERS or not (nxt.endswith("ing") or nxt in STOP_WORDS):
            k = end_tok + 2
            while k < len(toks) and _word(text, toks[k]) not in (
                ",",
                ".",
                ";",
                ":",
                "!",
                "?",
                "—",
                "“",
                "”",
                '"',
            ):
                k += 1
            if k - end_tok <= 40:
                end = toks[k - 1][1]
    return toks[0][0], end
