"""Vietnamese lexical index: diacritic-folded tokens and BM25 (bm25s) over chunks.

Folding lets "bao nhieu tram BTS" match "bao nhiêu trạm BTS"; numbers keep their
separators ("1.286", "31.888,142") so a figure matches itself.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from index.text import fold_diacritics, tone_key

_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*%?|[^\W\d_]+", re.UNICODE)
# Function words of questions and reports: they carry no topic.
STOPWORDS = frozenset(
    [
        "a",
        "ai",
        "bao",
        "bi",
        "boi",
        "cac",
        "cai",
        "can",
        "cho",
        "chu",
        "co",
        "con",
        "cua",
        "cung",
        "da",
        "dang",
        "de",
        "den",
        "deu",
        "do",
        "duoc",
        "gi",
        "gom",
        "ha",
        "hay",
        "hien",
        "hoi",
        "khi",
        "khong",
        "la",
        "lai",
        "len",
        "luc",
        "ma",
        "may",
        "minh",
        "mot",
        "muon",
        "nao",
        "nay",
        "nen",
        "neu",
        "nhieu",
        "nhu",
        "nhung",
        "noi",
        "o",
        "ra",
        "rang",
        "roi",
        "sao",
        "se",
        "so",
        "sau",
        "tai",
        "thay",
        "the",
        "thi",
        "theo",
        "tren",
        "trong",
        "tu",
        "va",
        "van",
        "ve",
        "vi",
        "voi",
        "vay",
        "xin",
    ]
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold_diacritics(text))


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS]


def spelled_tokens(text: str) -> list[str]:
    """The content words of `text` as spelled (see `tone_key`), where folding would merge "ca" and "cá"."""
    words = _TOKEN.findall(unicodedata.normalize("NFC", text).lower())
    return [tone_key(w) for w in words if fold_diacritics(w) not in STOPWORDS]


Analyzer = Callable[[str], list[str]]


class LexicalIndex:
    """BM25 over a fixed list of documents, plus document frequencies for clause scoring.

    `analyzer` turns a text into index terms; documents and queries go through the same one.
    """

    def __init__(self, documents: Sequence[str], analyzer: Analyzer = content_tokens) -> None:
        import bm25s  # lazy

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each index build at DEBUG
        self.analyzer = analyzer
        self.size = len(documents)
        corpus = [analyzer(d) or ["_"] for d in documents]
        self._doc_freq: Counter[str] = Counter()
        for toks in corpus:
            self._doc_freq.update(set(toks))
        self._bm25 = bm25s.BM25()
        if documents:
            self._bm25.index(corpus, show_progress=False)

    def idf(self, token: str) -> float:
        df = self._doc_freq.get(token, 0)
        return math.log((self.size - df + 0.5) / (df + 0.5) + 1.0)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for the query text, in document order."""
        query_terms = self.analyzer(query)
        if not self.size or not query_terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(query_terms))
