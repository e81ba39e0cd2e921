"""Diacritic restoration of questions typed without them, from the reports' own words.

The lexical index folds diacritics, but the embedding model reads "so tram BTS" far worse than
"số trạm BTS". A question with no Vietnamese marks at all gets them back for the dense search:
each run of up to three syllables takes the spelling it most often has in the reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from index.text import fold_diacritics

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MAX_RUN = 3


def has_diacritics(text: str) -> bool:
    return fold_diacritics(text) != text.lower()


class DiacriticRestorer:
    def __init__(self, spellings: dict[tuple[str, ...], tuple[tuple[str, ...], int]]) -> None:
        self._spellings = spellings  # folded run -> (its most frequent spelling, how often)

    @classmethod
    def from_texts(cls, texts: Iterable[str], phrases: Iterable[str] = ()) -> DiacriticRestorer:
        """Spellings counted in `texts`; `phrases` (question words reports never use) count as common."""
        # (folded run, spelling) pairs counted flat: Counter.update runs in C, and the assistant counts
        # every passage of every report at start. First-seen order decides ties, as per-run counters did.
        counts: Counter[tuple[tuple[str, ...], tuple[str, ...]]] = Counter()
        folded_words: dict[str, str] = {}

        def count(text: str, weight: int) -> None:
            words = [w.lower() for w in _WORD.findall(text)]
            folded = [folded_words.get(w) or folded_words.setdefault(w, fold_diacritics(w)) for w in words]
            for n in range(1, MAX_RUN + 1):
                runs = zip(_runs(folded, n), _runs(words, n), strict=True)
                if weight == 1:
                    counts.update(runs)
                else:
                    for run in runs:
                        counts[run] += weight

        for text in texts:
            count(text, 1)
        for phrase in phrases:
            count(phrase, 1000)
        spellings: dict[tuple[str, ...], tuple[tuple[str, ...], int]] = {}
        for (key, spelling), n in counts.items():
            if key not in spellings or n > spellings[key][1]:
                spellings[key] = (spelling, n)
        return cls(spellings)

    def restore(self, text: str) -> str:
        """`text` with diacritics restored where the reports agree; unchanged if it has any.

        Each word takes its spelling from the longest known run around it (the most frequent run
        when several are as long), so "chinh trang cap" gives "cáp", not "cấp".
        """
        if has_diacritics(text):
            return text
        matches = list(_WORD.finditer(text))
        folded = [m.group(0).lower() for m in matches]
        pieces: list[str] = []
        last = 0
        for i, match in enumerate(matches):
            best: tuple[int, int, str] | None = None  # (run length, count, spelling of word i)
            for n in range(MAX_RUN, 0, -1):
                for s in range(max(0, i - n + 1), min(i, len(matches) - n) + 1):
                    run = matches[s : s + n]
                    found = self._spellings.get(tuple(folded[s : s + n]))
                    if found is None or not _contiguous(text, run):
                        continue
                    candidate = (n, found[1], found[0][i - s])
                    if best is None or candidate[:2] > best[:2]:
                        best = candidate
                if best is not None:
                    break
            if best is not None:
                pieces.append(text[last : match.start()])
                pieces.append(_match_case(match.group(0), best[2]))
                last = match.end()
        pieces.append(text[last:])
        return "".join(pieces)


def _runs(words: list[str], n: int) -> list[tuple[str, ...]]:
    """Every run of `n` consecutive words."""
    return list(zip(*(words[i:] for i in range(n)), strict=False))  # shifted copies: shorter ones end it


def _contiguous(text: str, run: list[re.Match[str]]) -> bool:
    """Words of one run are separated by single spaces only (no punctuation between them)."""
    return all(text[a.end() : b.start()] == " " for a, b in zip(run, run[1:], strict=False))


def _match_case(original: str, spelling: str) -> str:
    if original.isupper() and len(original) > 1:
        return spelling.upper()
    if original[:1].isupper():
        return spelling[:1].upper() + spelling[1:]
    return spelling
