"""Pure text helpers: Unicode normalisation, diacritic folding, glyph clean-up."""

from __future__ import annotations

import re
import unicodedata

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def normalise(text: str) -> str:
    """NFC, unified line ends, no private-use bullet glyphs or zero-width marks."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    return _PRIVATE_USE.sub("", text)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _strip_character(character: str) -> str:
    decomposed = unicodedata.normalize("NFD", character)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


class _StrippedCharacters(dict[int, str]):
    """Each character's folded form, worked out the first time it is met (a `str.translate` table)."""

    def __missing__(self, ordinal: int) -> str:
        stripped = self[ordinal] = _strip_character(chr(ordinal))
        return stripped


_STRIPPED = _StrippedCharacters()


def strip_diacritics(text: str) -> str:
    """ "Trạm BTS Đồng" -> "Tram BTS Dong": Vietnamese as typed on a keyboard without them."""
    # Character by character gives what decomposing the whole text would: marks are dropped either way.
    # Folding runs over every report word at ingest and every question, so it goes through a table.
    return text if text.isascii() else text.translate(_STRIPPED)


def fold_diacritics(text: str) -> str:
    """ "Trạm BTS" -> "tram bts": lets questions typed without diacritics match."""
    return strip_diacritics(text.lower())


# Tone marks, apart from the marks that make a letter (â, ê, ô, ơ, ư, ă): "thuê" and "thuế" differ by one.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


def tone_key(word: str) -> str:
    """A word as spelled, its tone moved to the end so that both placements agree: "hoà" and "hòa" ->
    "hoa2"; "thuế" -> "thuê1", "thuê" -> "thuê"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = "".join(_TONES[c] for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tone


def is_marked(word: str) -> bool:
    """Typed with diacritics: "máy" is, "may" is not."""
    return fold_diacritics(word) != word.lower()
