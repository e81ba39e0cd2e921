"""Vietnamese word segmentation for the lexical index.

pyvi segments each report once, at ingest; its multi-syllable words, diacritic-folded ("thue bao",
"di dong"), make a dictionary. Documents and questions are then segmented by greedy longest match
on folded syllables against that dictionary, so a question typed without diacritics (which pyvi
cannot segment) gets the same words as the report it should match.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.lexical import STOPWORDS, tokens

MAX_WORD_SYLLABLES = 4


def find_words(text: str) -> set[str]:
    """Multi-syllable words pyvi finds in `text`, folded and space-joined ("thue bao")."""
    from pyvi import ViTokenizer  # lazy: loading its model takes ~2 s

    words: set[str] = set()
    for token in ViTokenizer.tokenize(text).split():
        if "_" not in token:
            continue
        syllables = tokens(token.replace("_", " "))
        if (
            2 <= len(syllables) <= MAX_WORD_SYLLABLES
            and all(s.isalpha() for s in syllables)
            and not all(s in STOPWORDS for s in syllables)  # "bao nhieu" names no topic
        ):
            words.add(" ".join(syllables))
    return words


class Segmenter:
    """Index terms of a text: its content syllables plus the dictionary words it holds ("thue_bao")."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = {tuple(w.split()) for w in words}
        self._first_syllables = {w[0] for w in self._words}  # most syllables start no word: skipped
        self._longest = max((len(w) for w in self._words), default=0)

    def __len__(self) -> int:
        return len(self._words)

    def __call__(self, text: str) -> list[str]:
        syllables = tokens(text)
        terms = [s for s in syllables if s not in STOPWORDS]
        i = 0
        while i < len(syllables):
            if syllables[i] not in self._first_syllables:
                i += 1
                continue
            for n in range(min(self._longest, len(syllables) - i), 1, -1):
                if tuple(syllables[i : i + n]) in self._words:
                    terms.append("_".join(syllables[i : i + n]))
                    i += n
                    break
            else:
                i += 1
        return terms
