"""What a figure counts: "1.286 trạm" counts stations, "1.858 thủ tục hành chính" counts TTHC.

Read by the evidence scorer and by the reranker alike, so it sits below both.
"""

from __future__ import annotations

import re
import unicodedata

from index.figures import Quantity, quantities
from index.lexical import spelled_tokens
from index.text import fold_diacritics, tone_key

_WORD = re.compile(r"[^\W\d_]+")


def figures(text: str) -> list[tuple[str, str | None]]:
    """The quantities of `text` with the folded word after each: "1.286 trạm" -> [("1286", "tram")].

    Not quantities: years, dates, document numbers ("94/KH-UBND", "05/2021/TT-BTTTT", "128:2021").
    """
    return [(q.value, q.words[0] if q.words else None) for q in quantities(text)]


def counts(unit: frozenset[str], words: tuple[str, ...]) -> bool:
    """Whether a figure followed by `words` counts `unit`: its first word, or an acronym the words
    spell out ("1.858 thủ tục hành chính" counts "TTHC")."""
    if not words:
        return False
    if words[0] in unit:
        return True
    return any(len(u) >= 3 and initials(" ".join(words)).startswith(u) for u in unit)


def folded_words(text: str) -> str:
    return " " + " ".join(re.findall(r"[\w&]+", fold_diacritics(text).lower())) + " "


def initials(words: str) -> str:
    """First letters of the words, "và" left out: "công nghệ thông tin và truyền thông" -> "cntttt"."""
    return "".join(w[0] for w in words.split() if w != "va")


def units_answered(text: str, units: tuple[frozenset[str], ...], spellings: tuple[str, ...] = ()) -> int:
    """How many of the asked units a figure of `text` is of. With `spellings` (per unit, the word as
    the question spelled it, or ""), the word after the figure must be spelled alike: "03 cá nhân" is
    not of "ca" (cases)."""
    composed = unicodedata.normalize("NFC", text)  # the offsets of `quantities`
    found = quantities(composed)
    wanted = [*spellings, *[""] * (len(units) - len(spellings))]

    def spelled_after(q: Quantity) -> str:
        word = _WORD.search(composed, q.end)
        return tone_key(word.group(0)) if word else ""

    def of(unit: frozenset[str], spelling: str, q: Quantity) -> bool:
        if not counts(unit, q.words):
            return False
        spelled_out = q.words[0] not in unit  # "1.858 thủ tục hành chính" for "TTHC"
        return spelled_out or not spelling or spelled_after(q) == spelling

    return sum(
        1 for unit, spelling in zip(units, wanted, strict=True) if any(of(unit, spelling, q) for q in found)
    )


def gives_figure_of(text: str, units: tuple[frozenset[str], ...], spellings: tuple[str, ...] = ()) -> bool:
    """A figure of what is asked: "1.286 trạm" for "bao nhiêu trạm"; any quantity when no unit is said,
    or when the counted word is named before the figure ("tổng số hộp thư ... lên 10.102")."""
    found = figures(text)
    if not found:
        return False
    if not units:
        return True
    if units_answered(text, units, spellings):
        return True
    folded = folded_words(text)
    spelled = set(spelled_tokens(text))
    wanted = [*spellings, *[""] * (len(units) - len(spellings))]
    return any(
        f" {word} " in folded and (not spelling or spelling in spelled)
        for unit, spelling in zip(units, wanted, strict=True)
        for word in unit
        if word != "%"
    )
