"""Name keys: how people's names are compared.

Romanized Korean names are written many ways ("Shin Won-sik", "Shin Wonsik",
"Shin Won Sik", "SHIN Won Sik"). :func:`name_key` folds case, spacing,
hyphens and punctuation away and strips titles and honorifics, keeping
generational suffixes (III, Jr.), so every variant of one name has one key.
"""

import re
import unicodedata

TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "sir",
    "gen",
    "general",
    "adm",
    "admiral",
    "lt",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "cmdr",
    "hon",
    "honorable",
    "honourable",
    "rep",
    "sen",
    "senator",
    "amb",
    "ambassador",
    "minister",
    "secretary",
    "president",
    "vice",
    "deputy",
    "chairman",
    "chair",
    "commander",
    "director",
    "gov",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,'’`·]+")


def script_of(text):
    """The writing system a name is in: hangul, hanja, latin or other."""
    for char in text:
        if "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f":
            return "hangul"
        if "\u4e00" <= char <= "\u9fff":
            return "hanja"
    if any(char.isalpha() and char.isascii() for char in text):
        return "latin"
    return "other"


def strip_titles(text):
    words = text.split()
    while words and words[0].rstrip(".").lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def name_key(text):
    """The comparison key of a name: "Shin Won-sik" and "shin wonsik" give "shinwonsik"."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = strip_titles(text)
    return _SEPARATORS.sub("", text).casefold()


# Short forms of English given names, folded to the long form for proposing a match.
NICKNAMES = {
    **dict.fromkeys(("joe", "joey"), "joseph"),
    **dict.fromkeys(("bill", "will", "billy"), "william"),
    **dict.fromkeys(("bob", "rob", "bobby"), "robert"),
    **dict.fromkeys(("jim", "jimmy"), "james"),
    **dict.fromkeys(("mike",), "michael"),
    **dict.fromkeys(("tony", "anthony"), "antony"),
    **dict.fromkeys(("dan", "danny"), "daniel"),
    **dict.fromkeys(("chuck", "charlie"), "charles"),
    **dict.fromkeys(("pete",), "peter"),
    **dict.fromkeys(("tom", "tommy"), "thomas"),
    **dict.fromkeys(("dick", "rick", "rich"), "richard"),
    **dict.fromkeys(("sam",), "samuel"),
    **dict.fromkeys(("ben",), "benjamin"),
    **dict.fromkeys(("andy", "drew"), "andrew"),
    **dict.fromkeys(("ted", "ed", "eddie"), "edward"),
    **dict.fromkeys(("jake",), "jacob"),
    **dict.fromkeys(("nick",), "nicholas"),
    **dict.fromkeys(("matt",), "matthew"),
    **dict.fromkeys(("chris",), "christopher"),
    **dict.fromkeys(("steve",), "steven"),
    **dict.fromkeys(("greg",), "gregory"),
    **dict.fromkeys(("jeff",), "jeffrey"),
    **dict.fromkeys(("ron",), "ronald"),
    **dict.fromkeys(("don",), "donald"),
    **dict.fromkeys(("ken",), "kenneth"),
    **dict.fromkeys(("dave",), "david"),
    **dict.fromkeys(("kate", "kathy", "katie"), "katherine"),
    **dict.fromkeys(("liz", "beth"), "elizabeth"),
    **dict.fromkeys(("jen", "jenny"), "jennifer"),
    **dict.fromkeys(("larry",), "lawrence"),
}


def core_name_key(text):
    """:func:`name_key` without middle initials and suffixes, the given name in its long form, or "" when
    fewer than two names are left: "Lloyd J. Austin III" and "Lloyd Austin" share "lloydaustin",
    "Joseph R. Biden, Jr." and "Joe Biden" share "josephbiden". For proposing a match, never for linking.
    """
    words = strip_titles(unicodedata.normalize("NFKC", text or "")).replace(",", " ").split()
    kept = [w for w in words if len(w.rstrip(".")) > 1 and w.rstrip(".").lower() not in SUFFIXES]
    if kept:
        kept[0] = NICKNAMES.get(kept[0].lower(), kept[0])
    return name_key(" ".join(kept)) if len(kept) >= 2 else ""


def guess_family_name(display_name, country):
    """The family name from a display name: first word for Koreans, last (before any suffix) otherwise."""
    words = strip_titles(display_name).replace(",", " ").split()
    while len(words) > 1 and words[-1].rstrip(".").lower() in SUFFIXES:
        words.pop()
    if not words:
        return ""
    return words[0] if country in {"KR", "KP", "CN", "JP"} else words[-1]
