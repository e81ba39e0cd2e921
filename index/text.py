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


def strip_diacritics(text: str) -> str:
    """ "Trạm BTS Đồng" -> "Tram BTS Dong": Vietnamese as typed on a keyboard without them."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


def fold_diacritics(text: str) -> str:
    """ "Trạm BTS" -> "tram bts": lets questions typed without diacritics match."""
    return strip_diacritics(text.lower())
