"""Built-in tables of well-known names: organizations, meeting series, offices and places.

The database's own Organization, MeetingSeries and PolicyTheme rows are read
at run time and take precedence (see reference.py); these tables let the
extractor recognise the usual acronyms and aliases before any reference data
is loaded, and give new draft records a sensible name, country and kind.
"""

# key: (name, acronym, country, kind, aliases)
ORGANIZATIONS = {
    "mnd": (
        "Ministry of National Defense",
        "MND",
        "KR",
        "ministry",
        [
            "Ministry of National Defence",
            "ROK Ministry of National Defense",
            "ROK MND",
            "Korean Defense Ministry",
            "South Korean Defense Ministry",
            "South Korea's Defense Ministry",
            "Defense Ministry",
            "국방부",
        ],
    ),
    "dod": (
        "Department of Defense",
        "DoD",
        "US",
        "ministry",
        [
            "U.S. Department of Defense",
            "US Department of Defense",
            "Defense Department",
            "Pentagon",
            "DOD",
            "US DoD",
            "U.S. DoD",
            "미 국방부",
        ],
    ),
    "dos": (
        "Department of State",
        "DoS",
        "US",
        "ministry",
        ["U.S. Department of State", "State Department", "U.S. State Department"],
    ),
    "mofa": (
        "Ministry of Foreign Affairs",
        "MOFA",
        "KR",
        "ministry",
        ["ROK Ministry of Foreign Affairs", "Foreign Ministry", "외교부"],
    ),
    # "the Joint Chiefs of Staff", "JCS": either country's, decided where it is written (mentions.py, BY_COUNTRY)
    "jcs": ("Joint Chiefs of Staff", "JCS", "", "command", []),
    "rok_jcs": (
        "Joint Chiefs of Staff (Republic of Korea)",
        "",
        "KR",
        "command",
        ["ROK Joint Chiefs of Staff", "ROK JCS", "South Korean Joint Chiefs of Staff", "합동참모본부", "합참"],
    ),
    "us_jcs": (
        "Joint Chiefs of Staff (United States)",
        "",
        "US",
        "command",
        ["U.S. Joint Chiefs of Staff", "US Joint Chiefs of Staff", "U.S. JCS"],
    ),
    "unsc": (
        "United Nations Security Council",
        "UNSC",
        "XX",
        "international",
        # "the Security Council", not "Security Council": a country's National Security Council is another body
        ["UN Security Council", "U.N. Security Council", "the Security Council", "UNSCR", "UNSCRs"],
    ),
    "unc": ("United Nations Command", "UNC", "XX", "command", ["UN Command", "U.N. Command", "유엔사"]),
    "un": ("United Nations", "UN", "XX", "international", ["U.N."]),
    "usfk": (
        "United States Forces Korea",
        "USFK",
        "US",
        "command",
        ["U.S. Forces Korea", "US Forces Korea", "주한미군"],
    ),
    "cfc": ("ROK-U.S. Combined Forces Command", "CFC", "", "command", ["Combined Forces Command", "한미연합사령부"]),
    "indopacom": (
        "U.S. Indo-Pacific Command",
        "INDOPACOM",
        "US",
        "command",
        ["Indo-Pacific Command", "USINDOPACOM"],
    ),
    "congress": ("United States Congress", "", "US", "legislature", ["U.S. Congress", "US Congress", "Congress"]),
    "senate": ("United States Senate", "", "US", "legislature", ["U.S. Senate", "US Senate", "Senate"]),
    "house": (
        "United States House of Representatives",
        "",
        "US",
        "legislature",
        ["U.S. House of Representatives", "House of Representatives", "U.S. House"],
    ),
    "sasc": ("Senate Armed Services Committee", "SASC", "US", "legislature", []),
    "hasc": ("House Armed Services Committee", "HASC", "US", "legislature", []),
    "nato": ("North Atlantic Treaty Organization", "NATO", "XX", "international", []),
    "asean": ("Association of Southeast Asian Nations", "ASEAN", "XX", "international", []),
    "iaea": ("International Atomic Energy Agency", "IAEA", "XX", "international", []),
    "dapa": (
        "Defense Acquisition Program Administration",
        "DAPA",
        "KR",
        "agency",
        ["방위사업청"],
    ),
    "jmod": (
        "Japan Ministry of Defense",
        "",
        "JP",
        "ministry",
        ["Japanese Ministry of Defense", "Japan's Ministry of Defense", "Ministry of Defense of Japan", "防衛省"],
    ),
    "white_house": ("The White House", "", "US", "executive", ["White House"]),
    "president_office": ("Office of the President", "", "KR", "executive", ["Presidential Office", "대통령실"]),
    "yonhap": ("Yonhap News Agency", "", "KR", "media", ["Yonhap", "연합뉴스"]),
    "rand": ("RAND Corporation", "RAND", "US", "research", []),
    "csis": (
        "Center for Strategic and International Studies",
        "CSIS",
        "US",
        "research",
        ["Center for Strategic & International Studies"],
    ),
}

# key: (name, acronym, level, aliases); aliases are regular expressions.
SERIES = {
    "scm": ("Security Consultative Meeting", "SCM", "ministerial", [r"한미\s*안보협의회의"]),
    "mcm": ("Military Committee Meeting", "MCM", "military", [r"한미\s*군사위원회\s*회의"]),
    "kidd": ("Korea-U.S. Integrated Defense Dialogue", "KIDD", "working", [r"한미\s*통합국방협의체"]),
    "ncg": ("Nuclear Consultative Group", "NCG", "working", [r"핵협의그룹"]),
    "edscg": ("Extended Deterrence Strategy and Consultation Group", "EDSCG", "working", []),
    "two_plus_two": (
        "Foreign and Defense Ministers' Meeting",
        "2+2",
        "ministerial",
        [
            r"2\s*\+\s*2(?:\s+(?:ministerial\s+)?meeting)?",
            r"Foreign\s+and\s+Defen[cs]e\s+Minister(?:s['’]?|ial)\s+Meeting",
        ],
    ),
    "summit": (
        "ROK-U.S. Summit",
        "",
        "leaders",
        [
            r"(?:ROK|Korea|South\s+Korea|Korean)\s*[-–—‐/]\s*(?:U\.?S\.?|United\s+States|American)\s+summit",
            r"(?:U\.?S\.?|United\s+States)\s*[-–—‐/]\s*(?:ROK|Korea|South\s+Korea)\s+summit",
            r"한미\s*정상회담",
        ],
    ),
    "trilateral_summit": (
        "Korea-U.S.-Japan Trilateral Summit",
        "",
        "leaders",
        [r"Camp\s+David\s+Summit", r"trilateral\s+summit", r"한미일\s*정상회의"],
    ),
    "trilateral_ministerial": (
        "Trilateral Ministerial Meeting",
        "TMM",
        "ministerial",
        [r"trilateral\s+(?:defen[cs]e\s+)?ministerial(?:\s+meeting)?", r"한미일\s*국방장관회의"],
    ),
    "shangri_la": ("Shangri-La Dialogue", "SLD", "multilateral", [r"IISS\s+Shangri-La\s+Dialogue"]),
}

# An office as sources write it (regular expression) -> (organization key, country).
OFFICES = [
    (r"Ministers?\s+of\s+National\s+Defen[cs]e|(?:National\s+)?Defen[cs]e\s+Ministers?|국방부?\s*장관", "mnd", "KR"),
    (
        # "for" and the office's field, which ends in its head noun ("for Space Policy", "for Indo-Pacific
        # Security Affairs"): the capitalised words after it are the name.
        r"(?:(?:Principal\s+)?Deputy\s+|Under\s+|Assistant\s+)*Secretar(?:y|ies)\s+of\s+Defen[cs]e"
        r"(?:\s+for\s+(?:[A-Z][\w-]*,?\s+(?:and\s+)?){0,4}(?:Policy|Affairs|Sustainment|Readiness|Capabilities"
        r"|Security|Acquisition|Operations|Intelligence|Engineering|Resilience|Deterrence|Matters|Personnel))?"
        r"|(?:Deputy\s+)?Defen[cs]e\s+Secretar(?:y|ies)|Secretar(?:y|ies)\s+of\s+War|War\s+Secretar(?:y|ies)",
        "dod",
        "US",
    ),
    (r"(?:Deputy\s+)?Secretar(?:y|ies)\s+of\s+State", "dos", "US"),
    (r"(?:Vice\s+)?Ministers?\s+of\s+Foreign\s+Affairs|Foreign\s+Ministers?|외교부?\s*장관", "mofa", "KR"),
    (r"(?:Vice\s+)?Ministers?\s+of\s+Defen[cs]e", "jmod", "JP"),
    (r"Vice\s+Ministers?\s+of\s+National\s+Defen[cs]e|Vice\s+Defen[cs]e\s+Ministers?|국방부?\s*차관", "mnd", "KR"),
    (r"Deputy\s+Ministers?\s+for\s+(?:National\s+)?Defen[cs]e\s+Policy|국방정책실장", "mnd", "KR"),
    (r"Charg[ée]s?\s+d['’]\s?Affaires(?:\s+ad\s+interim)?", "", ""),
    (
        r"Chairm[ae]n\s+of\s+the\s+(?:ROK\s+|U\.S\.\s+|US\s+|Republic\s+of\s+Korea\s+(?:\(ROK\)\s+)?|United\s+States\s+"
        r"|(?:South\s+)?Korean\s+)?Joint\s+Chiefs\s+of\s+Staff|합참의장",
        "jcs",
        "",
    ),
    (
        r"Commanders?\s+of\s+(?:the\s+)?(?:U\.S\.|United\s+States)\s+Forces\s+Korea|USFK\s+[Cc]ommanders?"
        r"|(?:U\.S\.|United\s+States)\s+Forces\s+Korea\s+(?:\(USFK\)\s+)?[Cc]ommanders?",
        "usfk",
        "US",
    ),
    (
        r"Commanders?\s+of\s+(?:the\s+)?(?:U\.S\.\s+|United\s+States\s+)?Indo-Pacific\s+Command|INDOPACOM\s+Commanders?",
        "indopacom",
        "US",
    ),
    (r"(?:U\.S\.\s+)?Senators?|Sens?\.|상원의원", "senate", "US"),
    (r"(?:U\.S\.\s+)?Representatives?|Reps?\.|Congress(?:man|woman|men|women)", "house", "US"),
    (r"Ranking\s+Members?", "congress", "US"),
    (r"(?:Senate\s+|House\s+)?(?:Majority|Minority)\s+Leaders?", "congress", "US"),
    (
        # (in lower case: people.OPPOSITION_LEADER)
        r"(?:(?:Democratic|People\s+Power|Rebuilding\s+Korea)\s+Party|(?:Main\s+)?Opposition)\s+(?:[Pp]arty\s+)?"
        r"[Ll]eaders?",
        "",
        "KR",
    ),
    (r"Presidents?-elect|President\s+elect", "", ""),
    (r"Presidents?|대통령", "", ""),
    (r"Vice\s+Presidents?", "", ""),
    (r"Prime\s+Ministers?|총리", "", ""),
    (r"National\s+Security\s+(?:Advis[eo]r|Adviser)", "", ""),
    (r"Ambassadors?(?:\s+to\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?|대사", "", ""),
    (r"Chiefs?\s+of\s+Staff", "", ""),
    (r"Ministers?", "", ""),
    (r"Secretar(?:y|ies)", "", ""),  # "Secretary Hegseth" where the page does not name him in full
    (r"(?:Gen|Adm|Lt\.\s*Gen|Maj\.\s*Gen|Brig\.\s*Gen|Vice\s+Adm|Rear\s+Adm|Col|Lt\.\s*Col)\.|General|Admiral", "", ""),
    (r"Chairm[ae]n|Chairs?|Directors?|Commanders?|Spokes(?:man|woman|person)", "", ""),
]

# Offices as a source writes them after a name, in lower case ("Gen. Paul LaCamera, commander of U.S.
# Forces Korea"): matched only there, where the name comes first (office_of reads them regardless of case).
OFFICES_AFTER_NAME = [
    r"commanders?\s+of\s+(?:the\s+)?(?:U\.S\.|United\s+States)\s+Forces\s+Korea",
    r"chairm[ae]n\s+of\s+the\s+(?:ROK\s+|U\.S\.\s+|US\s+|South\s+Korean\s+)?Joint\s+Chiefs\s+of\s+Staff",
]

# Adjectives and prefixes that give a person's side.
COUNTRY_WORDS = {
    r"U\.S\.|US|United\s+States|American|미국": "US",
    r"ROK|South\s+Korean?|Korean|Republic\s+of\s+Korea|Korea['’]s|한국|우리": "KR",
    r"Japanese|Japan['’]s|Japan|일본": "JP",
    r"Chinese|China['’]s": "CN",
    r"North\s+Korean|DPRK|North\s+Korea['’]s|북한": "KP",
    r"Australian|Australia['’]s": "AU",
    r"British|U\.K\.|UK": "GB",
    r"Philippine|Filipino": "PH",
    r"Indonesian|Indonesia['’]s": "ID",
    r"Vietnamese|Vietnam['’]s|Viet\s+Nam['’]s": "VN",
    r"New\s+Zealand|New\s+Zealand['’]s": "NZ",
    r"Singaporean|Singapore['’]s": "SG",
    r"Thai|Thailand['’]s": "TH",
    r"Malaysian|Malaysia['’]s": "MY",
    r"Indian|India['’]s": "IN",
    r"Canadian|Canada['’]s": "CA",
    r"French|France['’]s": "FR",
    r"German|Germany['’]s": "DE",
    r"Russian|Russia['’]s": "RU",
    r"Mongolian|Mongolia['’]s": "MN",
    r"Ukrainian|Ukraine['’]s": "UA",
}

# The defense ministry of each country the tables know (organization keys).
DEFENSE_MINISTRY = {"KR": "mnd", "US": "dod", "JP": "jmod"}
# A body each country has under one name: which one is meant is decided by the country written before it,
# else the side the text is written from (mentions.home_country).
BY_COUNTRY = {"jcs": {"KR": "rok_jcs", "US": "us_jcs"}}


def by_country(key, country):
    """The key of the body of ``country`` that the shared ``key`` means ("jcs", "KR" -> "rok_jcs"), else ``key``."""
    return BY_COUNTRY.get(key, {}).get(country, key)


# City (regular expression) -> (city as printed, country).
PLACES = [
    (r"Seoul|서울", "Seoul", "KR"),
    (r"Washington(?:,?\s+D\.?C\.?)?|워싱턴", "Washington, D.C.", "US"),
    (r"the\s+Pentagon", "Washington, D.C.", "US"),
    (r"Tokyo|도쿄", "Tokyo", "JP"),
    (r"Singapore|싱가포르", "Singapore", "SG"),
    (r"Busan|부산", "Busan", "KR"),
    (r"Pyeongtaek|Camp\s+Humphreys|평택", "Pyeongtaek", "KR"),
    (r"Honolulu|Hawaii", "Honolulu", "US"),
    (r"Camp\s+David", "Camp David", "US"),
    (r"Beijing", "Beijing", "CN"),
    (r"Brussels", "Brussels", "BE"),
    (r"Hanoi", "Hanoi", "VN"),
    (r"Jakarta", "Jakarta", "ID"),
    (r"Canberra", "Canberra", "AU"),
    (r"New\s+York", "New York", "US"),
    (r"Manila", "Manila", "PH"),
    (r"Bangkok", "Bangkok", "TH"),
    (r"Kuala\s+Lumpur", "Kuala Lumpur", "MY"),
    (r"Phnom\s+Penh", "Phnom Penh", ""),
    (r"Vientiane", "Vientiane", ""),
    (r"London", "London", "GB"),
    (r"Paris", "Paris", "FR"),
    (r"Jeju|제주", "Jeju", "KR"),
    (r"Daejeon|대전", "Daejeon", "KR"),
    (r"Gyeryong(?:dae)?|계룡", "Gyeryong", "KR"),
    (r"Panmunjom|판문점", "Panmunjom", "KR"),
    (r"Osan", "Osan", "KR"),
    (r"Hiroshima", "Hiroshima", "JP"),
    (r"Canberra", "Canberra", "AU"),
    (r"Arlington", "Arlington", "US"),
    (r"Ottawa", "Ottawa", "CA"),
    (r"Berlin", "Berlin", "DE"),
]

KOREAN_SURNAMES = frozenset(
    """kim lee yi rhee park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh seo suh
    shin sin kwon hwang ahn an song yoo yu ryu hong jeon chun ko go moon mun yang son sohn bae baek paik heo huh
    nam noh roh ha kwak sung seong cha joo ju woo koo gu min na jin won eom um uhm gil pyo bang seok tak yeo ji
    hyun ban byun byeon chae choo chu kong gong hur maeng myung ok seol sim shim tae wi yeom""".split()  # noqa: SIM905
)
