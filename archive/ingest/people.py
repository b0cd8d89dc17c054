"""People named in a source, with their office, country and organization as written.

A person is found where the source gives an office: "Minister of National
Defense Shin Won Sik", "Lloyd J. Austin III, U.S. Secretary of Defense",
"three U.S. Senators—Dan Sullivan, Tammy Duckworth, and Laphonza Butler",
"President Yoon", "신원식 국방부 장관". Later short forms ("Minister Shin",
"Secretary Austin") are folded into the full name they abbreviate.
"""

import functools
import re
from dataclasses import dataclass, field

from people.names import name_key

from . import known
from .firstchars import compile_with_first_chars

_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Za-z][a-z]+|['’](?!s\b)[A-Z]?[a-z]+)*"
_CAPS_SURNAME = r"[A-Z]{2,}(?=\s+[A-Z][a-z])"
_SUFFIX = r"(?:,?\s+(?:Jr\.|Sr\.|III|II|IV)(?![\w.]))"
_NOT_MONTH = r"(?!(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
# (its words run on over a line's end, never over a blank line: "Secretary Austin⏎⏎Minister of ...")
NAME = rf"(?:{_WORD}|{_CAPS_SURNAME})(?:(?:[ \t]+|[ \t]*\n[ \t]*){_NOT_MONTH}(?:[A-Z]\.|{_WORD})){{0,3}}{_SUFFIX}?"
_PARTY = r"(?:\s*\((?:R|D|I)[-–][A-Za-z. ]+\))?"

# Capitalised words that end a name: verbs of headlines, function words, places and bodies.
STOP = frozenset(
    """the a an and or of on in at to for with from by as but nor met meets meet holds held says said visits
    visited calls called discusses discussed speaks spoke attends attended hosts hosted emphasizes emphasized
    stresses stressed welcomes welcomed shares shared reaffirms reaffirmed announces announced agrees agreed
    urges urged pledges pledged signs signed leads led delivers delivered receives received joins joined
    congratulates thanks expresses expressed notes noted highlights highlighted underscores calls this that
    these those he she they his her their it its we our both also during after before while when where who
    which korea korean republic united states u.s us rok dprk north south japan japanese china chinese
    america american alliance ministry department defense defence national minister secretary president
    senator senators government forces command council congress senate house peninsula indo pacific
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today tomorrow yesterday
    office affairs state statement
    joint readout press release news zone seoul washington tokyo singapore busan pentagon camp david
    staff chiefs chairman chairmen commander commanders general admiral home about contact search menu
    hold host hosts discuss sign launch tour review reaffirm conduct begin wrap mark
    archives newsroom resources events publications careers subscribe login statements testimony hearing hearings
    video photos asia europe africa americas no yes well thank thanks vice""".split()  # noqa: SIM905
)

_COUNTRY_ALT = "|".join(f"(?:{pattern})" for pattern in known.COUNTRY_WORDS)
_OFFICE_ALT = "|".join(f"(?:{pattern})" for pattern, _org, _country in known.OFFICES)
_OFFICES = [(re.compile(rf"^(?:{pattern})$", re.IGNORECASE), org, country) for pattern, org, country in known.OFFICES]
_COUNTRIES = [(re.compile(rf"^(?:{pattern})$"), code) for pattern, code in known.COUNTRY_WORDS.items()]
# the same, written inside an office ("Chairman of the U.S. Joint Chiefs of Staff")
_COUNTRIES_IN = [(re.compile(rf"(?<![\w.])(?:{pattern})(?!\w)"), code) for pattern, code in known.COUNTRY_WORDS.items()]
_TITLE = rf"(?:(?P<country>{_COUNTRY_ALT})\s+)?(?P<title>(?:Acting\s+)?(?:{_OFFICE_ALT}))"

# A rank or honorific between the office and the name: "Chairman of the Joint Chiefs of Staff Gen. Kim Myung-soo".
_RANK = (
    r"(?:(?:(?:Lt|Maj|Brig|Vice|Rear)\.?\s+)?(?:Gen|Adm|Col|Capt|Cmdr|Sgt|Dr|Mr|Mrs|Ms|Amb)\.\s+"
    r"|(?:(?:Lt\.?|Lieutenant|Major|Brigadier|Vice|Rear)\s+)?(?:General|Admiral)\s+|(?:Ambassador|Doctor)\s+)?"
)
# the office and the name, a comma between them only before a rank or an honorific ("the Under Secretary of
# Defense for Acquisition and Sustainment, Dr. William A. LaPlante"; not "the President, Defense Minister Shin")
TITLE_NAME = compile_with_first_chars(
    rf"(?<![\w-]){_TITLE}(?:\s+|,\s+(?=(?:Dr|Gen|Adm|Mr|Mrs|Ms|Amb|Lt|Maj|Brig|Col|Capt)\.|General\s|Admiral\s))"
    rf"{_RANK}(?P<name>{NAME}){_PARTY}"
)
NAME_COMMA_TITLE = compile_with_first_chars(
    rf"(?P<name>{NAME}){_PARTY},\s+(?:the\s+)?(?:(?P<country>{_COUNTRY_ALT})\s+)?"
    rf"(?P<title>(?:Acting\s+)?(?:{_OFFICE_ALT}|{'|'.join(known.OFFICES_AFTER_NAME)}))(?![\w])"
)
# "opposition leader Lee Jae-myung" in lower case, looked for only in a text that has the word (an office
# starting with a lower-case letter would slow every other office's search)
OPPOSITION_LEADER = re.compile(
    rf"(?<![\w-])(?P<title>(?:main\s+)?opposition\s+(?:party\s+)?leader)\s+(?P<country>)?(?P<name>{NAME})"
)
TITLE_LIST = compile_with_first_chars(
    rf"(?<![\w-]){_TITLE}\s*(?:[—–:(]|--|\s)\s*(?P<list>{NAME}{_PARTY}(?:\s*,\s*{NAME}{_PARTY})*,?\s+and\s+{NAME}{_PARTY})"
)
_HANGUL_TITLE = (
    r"국방부\s*장관|국방장관|외교부\s*장관|(?:국방부\s*)?(?:정책\s*)?부차관(?:\s*대행)?|(?:국방부\s*)?차관보(?:\s*대행)?"
    r"|국방부\s*차관|외교부\s*차관|(?:주한미군|연합사|한미연합군)\s*사령관|국방정책실장|정책실장|실장"
    r"|장관|대통령|합참의장|차관|상원의원|하원의원|의원|대사|사령관|총리"
)
# Bodies written before an office, never a person's name ("국방부 차관", "주한미군 사령관"), nor "acting"
# ("정책부차관 대행이").
_HANGUL_NOT_NAME = (
    r"(?!(?:국방부|외교부|통일부|주한미군|연합사|합참|국방장관|미국|한국|일본|북한|대행|양국|양측"
    # words that stand before an office ("취임 직후 주한미군사령관", "국회의원 출신인 안 장관", "첫 문민 국방장관")
    r"|직후|직전|출신|출신인|문민|신임|전임|초대|역대|당시|이후|이전|차기|해당|상대|수석|공동)(?![가-힣]))"
)
HANGUL_NAME_TITLE = compile_with_first_chars(
    # the country is a word of its own on the name's line: not the 일 of a date ("9월 5일") ending the line before,
    # nor the last of a pair of countries ("한·미 신원식 장관": the Korean minister at a Korea–U.S. meeting)
    rf"(?:(?<![가-힣0-9·ㆍ・])(?P<country>미국|한국|일본|미측|한측|우리측|미|한|일)[ \t]*)?"
    # (a foreign name may be longer when its Latin spelling follows: "애버크롬비(Cara Abercrombie)")
    rf"(?<![가-힣]){_HANGUL_NOT_NAME}(?P<name>[가-힣]{{1,6}}(?:[ \t][가-힣]{{1,8}})?(?=[ \t]*\([A-Z])|[가-힣]{{2,4}}?)"
    # the name in Latin letters may follow in brackets, even across a line's end: "로이드 오스틴(Lloyd J. Austin
    # III) 미국 국방장관"
    rf"(?:[ \t]*\((?P<latin>[A-Z][A-Za-z.'’\s-]{{2,60}}?)\))?\s+(?:(?P<country2>미국|한국|일본|미(?=\s))\s*)?"
    rf"(?P<title>{_HANGUL_TITLE})(?=[은는이가과와의을를께도\s,.)]|$)"
)
HANGUL_TITLE_NAME = compile_with_first_chars(
    rf"(?:(?P<country>미국|한국|일본)\s*)?(?P<title>{_HANGUL_TITLE})\s+{_HANGUL_NOT_NAME}(?!대행)(?P<name>[가-힣]{{3}})"
    rf"(?=[은는이가과와의을를께도\s,.)]|$)"
)
_HANGUL = re.compile(r"[가-힣]")
_US_COMMAND = re.compile(r"(?:주한미군|연합사|한미연합군)")
MEETING_VERBS = compile_with_first_chars(
    r"\b(?:met|meets?|meeting\s+with|(?:held|holds?)\s+(?:talks|the\s+(?:\d+(?:st|nd|rd|th)|first|second|third"
    r"|fourth|fifth|sixth|seventh|eighth|ninth|tenth|inaugural)"
    r"|an?\s+(?:meeting|call|phone|telephone|video|bilateral|trilateral|summit))"
    r"|hosted|hosts|spoke|speaks|talked|visited|visits|received|welcomed|co-?chaired|chaired|attended|convened|signed"
    r"|led\s+(?:their|the)\s+(?:respective\s+)?delegations|paid\s+a\s+courtesy\s+call)\b"
    r"|만났|만나|회담|면담|접견|통화|개최|주재|참석|참가|수석대표",
    re.IGNORECASE,
)
_KOREAN_COUNTRY = {"미국": "US", "미": "US", "미측": "US", "한국": "KR", "한": "KR", "한측": "KR", "우리측": "KR"}
_KOREAN_COUNTRY |= {"일본": "JP", "일": "JP"}


@dataclass
class PersonMention:
    name: str
    as_written: str
    title: str = ""
    country: str = ""
    organization: str = ""
    participant: bool = False
    spans: list = field(default_factory=list)
    surname_only: bool = False

    @property
    def key(self):
        return name_key(self.name)


def clean_name(text):
    """The name without a trailing stop word or party tag; "" when nothing name-like is left."""
    text = re.sub(r"\s*\((?:R|D|I)[-–][^)]*\)", "", text).strip().rstrip(",")
    words = text.split()
    kept = []
    for word in words:
        if word.rstrip(".,").lower() in STOP and not re.fullmatch(r"[A-Z]\.", word):
            break
        kept.append(word)
    while kept and kept[-1] in (",",):
        kept.pop()
    return " ".join(kept)


_PLACE_WORD_BEFORE = re.compile(r"\b(?:in|at|from|to|near)\s+$", re.IGNORECASE)


def _name_tail(text):
    """(offset, name) of the words of ``text`` after its last stop word."""
    words = list(re.finditer(r"\S+", text))
    first = 0
    for index, word in enumerate(words):
        if word.group().rstrip(".,").lower() in STOP and not re.fullmatch(r"[A-Z]\.", word.group()):
            first = index + 1
    if first >= len(words):
        return 0, ""
    offset = words[first].start()
    return offset, clean_name(text[offset:])


def office_of(title, country_word=""):
    """(title as written, org key, country) for an office and an optional country adjective."""
    org, country = "", ""
    title = re.sub(r"^Acting\s+", "", title)  # "Acting Defense Minister": the office of the minister
    for pattern, org_key, code in _OFFICES:
        if pattern.match(title):
            org, country = org_key, code
            break
    explicit = ""
    if country_word:
        explicit = _KOREAN_COUNTRY.get(country_word, "")
        for pattern, code in _COUNTRIES:
            if pattern.match(country_word):
                explicit = code
                break
    if org in known.BY_COUNTRY and not explicit:
        # "Chairman of the Republic of Korea Joint Chiefs of Staff", "합참의장": the country the office names
        for pattern, code in _COUNTRIES_IN:
            if pattern.search(title):
                explicit = code
                break
        explicit = explicit or ("KR" if _HANGUL.search(title) else "")
    if explicit and explicit != country:
        if org in ("mnd", "dod", "jmod"):
            org = known.DEFENSE_MINISTRY.get(explicit, "")
        elif org not in known.BY_COUNTRY:
            org = "" if country else org
        country = explicit
    return org, country


def _singular(title):
    for plural, single in (("ies ", "y "), ("Ministers", "Minister"), ("Senators", "Senator")):
        title = title.replace(plural, single)
    title = re.sub(r"Representatives$", "Representative", title)
    title = re.sub(r"Secretaries\b", "Secretary", title)
    return re.sub(r"(Congress)(?:men|women)$", r"\1member", title)


ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gen", "adm", "lt", "col", "maj", "capt", "cmdr"),
        *("gov", "amb", "st", "jr", "sr", "no", "vol", "u.s", "d.c"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)


_SENTENCE_END = compile_with_first_chars(r"(?<![A-Z])[.!?][\"”’']?(?=\s+[\"“A-Z(가-힣])|\n\s*\n|다\.\s")
_LAST_WORD = re.compile(r"([\w.]+)$")


def sentences(text):
    """(start, end) of every sentence, split at ., ! or ? followed by space and a capital, or a blank line."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=32)  # extraction splits the same text more than once
def _sentences(text):
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            word = _LAST_WORD.search(text[max(0, match.start() - 12) : match.start()])
            if word and word.group(1).lower() in ABBREVIATIONS:
                continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return tuple((s, e) for s, e in spans if text[s:e].strip())


def _quoted(text):
    """Spans inside quotation marks, where names are only mentioned."""
    return [m.span() for m in re.finditer(r"[\"“][^\"”]{0,600}[\"”]", text)]


def find_people(text, *, body_start=0):
    """Every person the text names with an office, folded into one mention per person."""
    raw = []
    position = 0
    while (match := TITLE_LIST.search(text, position)) is not None:
        if not re.search(r"(?:s|men|women|원)\.?$", match.group("title")):  # "Senators", "Sens."
            # a singular office ("Rep. Joe Wilson and Sens. Jack Reed and Roger Wicker"): its list may hold
            # the plural office of the next one
            position = match.start("list")
            continue
        position = match.end()
        org, country = office_of(match.group("title"), match.group("country") or "")
        title = _singular(match.group("title"))
        for name_match in re.finditer(rf"(?P<name>{NAME}){_PARTY}", match.group("list")):
            name = clean_name(name_match.group("name"))
            if name:
                start = match.start("list") + name_match.start("name")
                raw.append((start, start + len(name), name, title, country, org, start))
    patterns = (TITLE_NAME, NAME_COMMA_TITLE)
    for pattern in (*patterns, OPPOSITION_LEADER) if "pposition" in text else patterns:
        for match in pattern.finditer(text):
            start = match.start("name")
            if pattern is NAME_COMMA_TITLE:
                if _PLACE_WORD_BEFORE.search(text, max(0, start - 8), start):
                    continue  # "Last week in Gyeongju, President Trump": a place, not a name
                # the name is the words before the comma after any office or stop word: "Foreign Minister Cho
                # Tae-yul, Defense Minister Kim Yong-hyun" names Cho Tae-yul, not "Foreign"
                skipped, name = _name_tail(match.group("name"))
                start += skipped
            else:
                name = clean_name(match.group("name"))
            if not name:
                continue
            org, country = office_of(match.group("title"), match.group("country") or "")
            raw.append((start, start + len(name), name, _singular(match.group("title")), country, org, match.start()))
    hangul_matches = [
        match
        for pattern in ((HANGUL_NAME_TITLE, HANGUL_TITLE_NAME) if _HANGUL.search(text) else ())
        for match in pattern.finditer(text)
    ]
    # A name the source also spells in Latin letters ("오스틴(Lloyd J. Austin III)") is that name wherever
    # it is written in Hangul alone ("오스틴 장관" in the headline).
    in_latin = {
        written: re.sub(r"\s+", " ", match.group("latin")).strip()
        for match in hangul_matches
        if match.groupdict().get("latin") and len(match.group("latin").split()) > 1
        # the whole name and, of a foreign name in two words ("로이드 오스틴"), its surname alone
        for written in {match.group("name"), match.group("name").split()[-1]}
    }
    for match in hangul_matches:
        country_word = match.group("country") or (match.groupdict().get("country2") or "")
        org, country = office_of(match.group("title"), country_word)
        if not country and _US_COMMAND.match(match.group("title")):
            country = "US"  # the commander of U.S. Forces Korea and of the Combined Forces Command
        # No country word: left empty here, so that another mention of the name can give it
        # ("오스틴 장관" in a headline, "오스틴 미국 국방장관" below); Korea if none does (see _fold).
        name, start, end = match.group("name"), match.start("name"), match.end("name")
        if match.groupdict().get("latin") and name in in_latin:
            # The source spells the whole name in Latin letters: that is the name to reconcile.
            start, end = match.start("latin"), match.end("latin") + 1  # and its closing bracket
        name = in_latin.get(name, name)
        raw.append((start, end, name, match.group("title"), country, org, match.start()))
    # Of two readings of one name, the longer, then the one whose office gives a body or country
    # ("Gen. Paul LaCamera, commander of U.S. Forces Korea": the command, not the rank).
    raw.sort(key=lambda item: (item[0], -(item[1] - item[0]), not (item[4] or item[5])))
    deduped = []
    for item in raw:
        if deduped and item[0] < deduped[-1][1]:
            continue
        deduped.append(item)
    return _fold(text, deduped)


def _surname_keys(name):
    words = [w for w in re.split(r"\s+", name) if w.rstrip(".,").upper() not in ("JR", "SR", "II", "III", "IV")]
    keys = set()
    if words:
        keys.add(name_key(words[-1]))
        keys.add(name_key(words[0]))
    return keys


# Countries whose officials' names, written in Hangul, are whole in one word (신원식, 시진핑); an
# official of another country named in Hangul by one word is named by the surname (오스틴: Austin).
_ONE_WORD_HANGUL_NAMES = {"", "KR", "KP", "CN", "TW"}


def _fold(text, raw):
    people = []
    full = [item for item in raw if len(item[2].split()) > 1 or re.search(r"[가-힣]", item[2])]
    full_ids = {id(item) for item in full}
    short = [item for item in raw if id(item) not in full_ids]
    for start, end, name, title, country, org, title_start in full:
        key = name_key(name)
        existing = next((p for p in people if p.key == key), None)
        if existing:
            existing.spans.append((start, end))
            if country and not existing.country:  # the first mention gave no country: a later one does
                existing.country, existing.organization, existing.title = country, org, title
            continue
        written = text[title_start:end] if title_start < start else text[start:end]
        if not country and name.split()[0].lower() in known.KOREAN_SURNAMES and len(name.split()) <= 3:
            country = "KR"
        people.append(PersonMention(name, re.sub(r"\s+", " ", written), title, country, org, spans=[(start, end)]))
    for person in people:
        if _HANGUL.search(person.name):
            # A Hangul name that no mention gives a country is a Korean official's.
            person.country = person.country or "KR"
            person.surname_only = len(person.name.split()) == 1 and person.country not in _ONE_WORD_HANGUL_NAMES
    for start, end, name, title, country, org, title_start in short:
        key = name_key(name)
        match = next((p for p in people if key in _surname_keys(p.name)), None)
        if match:
            match.spans.append((start, end))
            continue
        existing = next((p for p in people if p.surname_only and p.key == key), None)
        if existing:
            existing.spans.append((start, end))
            continue
        people.append(
            PersonMention(
                name,
                re.sub(r"\s+", " ", text[title_start:end]),
                title,
                country,
                org,
                spans=[(start, end)],
                surname_only=True,
            )
        )
    for person in people:
        # an office both countries have ("Chairman of the Joint Chiefs of Staff"): the person's country's
        person.organization = known.by_country(person.organization, person.country)
    return people


def mark_participants(text, people, *, after=0):
    """Set ``participant`` on the people named, outside quotes, in the first sentence that reports a meeting.

    Returns that sentence's span, or None when the text reports no meeting.
    """
    quoted = _quoted(text)
    starts = sorted(
        (span[0], person)
        for person in people
        for span in person.spans
        if not any(q[0] <= span[0] < q[1] for q in quoted)
    )
    if not starts:
        return None
    for start, end in sentences(text):
        if end <= after:
            continue
        # A sentence that runs on from the headline (lines broken by single newlines) counts from after it.
        start = max(start, after)
        named = [person for position, person in starts if start <= position < end]
        if named and MEETING_VERBS.search(text, start, end):
            for person in named:
                person.participant = True
            _mark_also_attending(text, starts, end)
            return (start, end)
    return None


# The sentence after the meeting's that names more of those present: "Also attending were the Commander of
# ...", "They were joined by ...", "... also attended."
_ALSO_PRESENT = re.compile(
    r"^\s*(?:Also\s+(?:attending|present|participating|in\s+attendance)|(?:They|The\s+\w+)\s+were\s+(?:also\s+)?joined\s+by)"
    r"|\balso\s+(?:attended|joined|took\s+part|participated)\b|\bjoined\s+the\s+(?:meeting|talks|call)\b"
)


def _mark_also_attending(text, starts, meeting_end):
    following = next(((s, e) for s, e in sentences(text) if s >= meeting_end), None)
    if following is None or "\n\n" in text[meeting_end : following[0]]:
        return  # the paragraph ends with the meeting's sentence
    if _ALSO_PRESENT.search(text[following[0] : following[1]]):
        for position, person in starts:
            if following[0] <= position < following[1]:
                person.participant = True
