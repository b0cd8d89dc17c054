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


def core_name_key(text):
    """:func:`name_key` without middle initials and suffixes, or "" when fewer than two names are left:
    "Lloyd J. Austin III" and "Lloyd Austin" share "lloydaustin". For proposing a match, never for linking.
    """
    words = strip_titles(unicodedata.normalize("NFKC", text or "")).replace(",", " ").split()
    kept = [w for w in words if len(w.rstrip(".")) > 1 and w.rstrip(".").lower() not in SUFFIXES]
    return name_key(" ".join(kept)) if len(kept) >= 2 else ""


def guess_family_name(display_name, country):
    """The family name from a display name: first word for Koreans, last (before any suffix) otherwise."""
    words = strip_titles(display_name).replace(",", " ").split()
    while len(words) > 1 and words[-1].rstrip(".").lower() in SUFFIXES:
        words.pop()
    if not words:
        return ""
    return words[0] if country in {"KR", "KP", "CN", "JP"} else words[-1]
