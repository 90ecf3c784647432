"""Fold place names written in Russian, Kazakh or Latin letters onto one comparable key.

Analysts' files spell the same place many ways: «Қарағанды», «Караганда», «Qaraghandy»,
«Karagandy»; «Жетісу», «Жетысу», «Zhetysu», «Jetisu». Names are compared after folding:
Kazakh letters become their Russian look-alikes (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х,
і→и), Cyrillic is transliterated to Latin, Latin spelling variants are merged (q→k, gh→g,
kh→h, j/dzh→zh, y→i, diacritics dropped) and doubled letters are collapsed. Latin letters
that look like Cyrillic ones inside a Cyrillic word (a common copy-paste defect in registry
exports) are read as Cyrillic.

:func:`name_tokens` splits a folded name into its words; :func:`split_markers` separates the
words that say what kind of place it is («г.», «город», «область», «облысы», «Region»,
«район» …) from the name itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_KAZAKH_TO_RUSSIAN = str.maketrans(
    {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
     "ё": "е"}
)
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_LATIN_SPECIAL = {"ş": "sh", "š": "sh", "ç": "ch", "č": "ch", "ž": "zh", "ı": "i", "ß": "ss"}
# Latin letters that look like Cyrillic ones; applied only inside words that mix scripts.
_HOMOGLYPHS = str.maketrans(
    {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
     "P": "Р", "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "o": "о",
     "p": "р", "x": "х", "y": "у", "k": "к"}
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\S+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1+")
_ADJECTIVE_ENDING = re.compile(r"sk(?:aia|oi|uiu|aiia)$")


def _fix_mixed_script(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if _CYRILLIC.search(word) and _LATIN.search(word):
            return word.translate(_HOMOGLYPHS)
        return word

    return _WORD.sub(fix, text)


def transliterate(text: str) -> str:
    """Return ``text`` in lower-case Latin letters, Kazakh letters read as Russian ones.

    A light form of :func:`fold` that keeps spelling differences (``atyrau`` vs ``atirau``).
    """
    text = unicodedata.normalize("NFKC", str(text)).lower().translate(_KAZAKH_TO_RUSSIAN)
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text)


def fold(text: str) -> str:
    """Return ``text`` folded to lower-case ASCII with spelling variants merged.

    Punctuation becomes single spaces; the result has no leading or trailing space.

    Examples
    --------
    >>> fold("Қарағанды облысы") == fold("Qaraghandy oblysy")
    True
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = _fix_mixed_script(text).lower().translate(_KAZAKH_TO_RUSSIAN)
    text = "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text)
    text = "".join(_LATIN_SPECIAL.get(ch, ch) for ch in text)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = text.replace("q", "k").replace("j", "zh")
    text = text.replace("dzh", "zh").replace("kh", "h").replace("gh", "g").replace("y", "i")
    text = _NON_ALNUM.sub(" ", text)
    return _REPEATS.sub(r"\1", text).strip()


def name_tokens(text: str) -> list[str]:
    """Return the folded words of ``text``; Russian feminine adjectives end in ``skaia``.

    «Алматинская», «Алматинской», «Almatinskaya» all give ``almatinskaia``, so a region
    written in any grammatical case («по Алматинской области») meets its nominative form,
    while the city «Актюбинск» stays apart from the region «Актюбинская».
    """
    raw = str(text).lower().replace("р-н", " район ").replace("r-n", " raion ")
    return [_ADJECTIVE_ENDING.sub("skaia", token) for token in fold(raw).split()]


# Words that say what kind of unit a name is, after folding (so «облысы» is ``oblisi``).
REGION_MARKERS = frozenset(
    {"oblast", "oblasti", "oblastiu", "obl", "oblis", "oblisi", "oblisinin", "oblisina",
     "oblisinda", "region", "regions", "province"}
)
CITY_MARKERS = frozenset(
    {"g", "gor", "gorod", "goroda", "gorode", "k", "kala", "kalasi", "kalasinin", "city",
     "town", "ga", "a", "respublikanskogo", "znachenia", "respublikalik", "manizi", "bar",
     "stolitsa"}
)
DISTRICT_MARKERS = frozenset(
    {"raion", "raiona", "raione", "raionu", "raioni", "audani", "audan", "aud", "district",
     "mikroraion", "okrug", "selskii"}
)
NOISE_WORDS = frozenset({"po", "the", "of"})


@dataclass(frozen=True)
class MarkedName:
    """A place name split into its core (folded, no spaces) and the kind its markers say."""

    core: str
    kind: str  # "region", "city", "district", "mixed" or "bare"


def split_markers(text: str) -> MarkedName:
    """Separate the kind words («г.», «область», «облысы», «Region», «район» …) from a name.

    Returns the remaining words joined without spaces (so «Алма-Ата», «Алма Ата» and
    «Алмаата» meet) and the kind: ``district`` when any district word is present, ``mixed``
    when both city and region words are, else ``region``, ``city`` or ``bare``.
    """
    tokens = name_tokens(text)
    kinds = set()
    core = []
    for token in tokens:
        if token in DISTRICT_MARKERS:
            kinds.add("district")
        elif token in REGION_MARKERS:
            kinds.add("region")
        elif token in CITY_MARKERS:
            kinds.add("city")
        elif token not in NOISE_WORDS:
            core.append(token)
    if "district" in kinds:
        kind = "district"
    elif kinds == {"region", "city"}:
        kind = "mixed"
    elif kinds:
        kind = kinds.pop()
    else:
        kind = "bare"
    return MarkedName("".join(core), kind)
