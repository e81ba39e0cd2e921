"""Period-aware hybrid retrieval: dense (Chroma) and BM25 fused by reciprocal rank, then reranked.

A question that names a period searches only chunks about that period (the plan part of the
report that plans it, for plan questions); failing that, chunks about periods inside it ("năm
2021": the reports of tháng 10/2021 and 9 tháng đầu năm 2021), a cumulative report ending with it
("đến tháng 9/2021"), or chunks whose text names it. Where none exists the period is uncovered and
nothing is searched for it. The period words are cut from the text that is ranked, so they do not
act as noise.
"""

from __future__ import annotations

import copy
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.analysis import QuestionAnalysis, analyse
from assistant.rerank import KeepOrder, Reranker, RerankQuery
from assistant.search_state import searchable_text
from assistant.types import PeriodMatch, Retrieval, RetrievedChunk
from index.lexical import Analyzer, LexicalIndex, content_tokens
from index.periods import parse_periods, strip_periods
from index.restore import DiacriticRestorer
from index.store import ChunkStore
from index.types import Chunk, Period, PeriodKind, SectionKind
from index.vocabulary import Vocabulary

RetrievalMode = Literal["hybrid", "dense", "lexical"]
RETRIEVAL_MODES: tuple[RetrievalMode, ...] = ("hybrid", "dense", "lexical")
RRF_K = 60
CANDIDATES = 50  # from each ranking, before fusion
RERANK_DEPTH = 30  # fused candidates the rerank stage sees
MAX_PER_SECTION = 2  # in the results, before other sections get a turn
_STRENGTH = {match: rank for rank, match in enumerate(PeriodMatch)}  # 0 = strongest


def same_span(a: Period, b: Period) -> bool:
    """Same days, whatever the name: quý IV/2021 is 3 tháng cuối năm 2021."""
    return a.start == b.start and a.end == b.end


def period_match(about: Period | None, asked: Period) -> PeriodMatch | None:
    """How a chunk about `about` answers for `asked`, from its period alone (mentions aside)."""
    if about is None:
        return None
    if same_span(about, asked):
        return PeriodMatch.exact
    if asked.start <= about.start and about.end <= asked.end:
        return PeriodMatch.within
    if about.end == asked.end and about.start < asked.start:
        return PeriodMatch.to_date
    return None


@dataclass(frozen=True)
class _Candidates:
    # None: the question names no period, every chunk; a chunk of no period match maps to None
    matches: dict[str, PeriodMatch | None] | None
    uncovered: tuple[Period, ...]


def diversify(ranked: Sequence[RetrievedChunk], per_section: int = MAX_PER_SECTION) -> list[RetrievedChunk]:
    """At most `per_section` chunks of one section before every other section had its turn.

    A long appendix table or plan list otherwise fills the whole top with near-copies.
    """
    seen: Counter[tuple[str, str]] = Counter()
    first: list[RetrievedChunk] = []
    later: list[RetrievedChunk] = []
    for item in ranked:
        key = (item.chunk.report_file, item.chunk.section)
        seen[key] += 1
        (first if seen[key] <= per_section else later).append(item)
    return first + later


class _MentionIndex:
    """The chunks that name a period in their own text ("chỉ số DTI năm 2022"), found the first time a
    question needs them (a period no report is about): reading every passage costs seconds at start."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self._chunks = chunks
        self._naming: dict[Period, list[Chunk]] | None = None
        self._lock = threading.Lock()

    def naming(self, period: Period) -> list[Chunk]:
        with self._lock:
            if self._naming is None:
                naming: dict[Period, list[Chunk]] = {}
                for chunk in self._chunks:
                    for named in dict.fromkeys(parse_periods(chunk.text, bare_years=False)):
                        naming.setdefault(named, []).append(chunk)
                self._naming = naming
        return self._naming.get(period, [])


def rrf(rankings: Sequence[tuple[dict[str, int], float]], k: int = RRF_K) -> dict[str, float]:
    """Weighted reciprocal-rank fusion of rankings given as {id: 0-based rank}."""
    fused: dict[str, float] = {}
    for ranks, weight in rankings:
        for chunk_id, rank in ranks.items():
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank + 1)
    return fused


_RUNNING_TOTALS = frozenset({PeriodKind.half_year, PeriodKind.nine_months, PeriodKind.months_to_date})


class HybridRetriever:
    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        chunks: list[Chunk],
        vocabulary: Vocabulary | None = None,
        analyzer: Analyzer = content_tokens,
        reranker: Reranker | None = None,
        mode: RetrievalMode = "hybrid",
        dense_weight: float = 0.7,
        restorer: DiacriticRestorer | None = None,
        lexical: LexicalIndex | None = None,
    ) -> None:
        if mode not in RETRIEVAL_MODES:
            raise ValueError(f"retrieval mode {mode!r}: use one of {', '.join(RETRIEVAL_MODES)}")
        self.store = store
        self.vocabulary = vocabulary
        self.embedder = embedder
        self.chunks = chunks
        self.reranker: Reranker = reranker or KeepOrder()
        self.mode = mode
        self.dense_weight = dense_weight
        self.per_section = MAX_PER_SECTION
        self.restorer = restorer
        self.only: frozenset[str] | None = None  # report files searched; None: all
        self._by_id = {c.id: c for c in chunks}
        self._position = {c.id: i for i, c in enumerate(chunks)}
        # A question's period is matched once per distinct period chunks are about, not once per chunk.
        self._about: dict[Period | None, list[Chunk]] = {}
        for chunk in chunks:
            self._about.setdefault(chunk.about, []).append(chunk)
        # Built from `chunks` unless given (the assistant keeps one built over the same chunks on disk).
        self.lexical = (
            lexical if lexical is not None else LexicalIndex([searchable_text(c) for c in chunks], analyzer)
        )
        self._mentions = _MentionIndex(chunks)

    def variant(
        self,
        mode: RetrievalMode | None = None,
        reranker: Reranker | None = None,
        embedder: Embeddings | None = None,
        dense_weight: float | None = None,
        only: frozenset[str] | None = None,
    ) -> HybridRetriever:
        """The same index searched another way (shares the chunks and the BM25 index); with `only`,
        searched within those report files."""
        other = copy.copy(self)
        other.only = self.only if only is None else only
        other.mode = mode or self.mode
        other.dense_weight = self.dense_weight if dense_weight is None else dense_weight
        other.reranker = reranker or self.reranker
        other.embedder = embedder or self.embedder
        return other

    def _searched(self, chunk: Chunk) -> bool:
        return self.only is None or chunk.report_file in self.only

    def _candidates(self, periods: Sequence[Period], plan: bool, figure: bool = False) -> _Candidates:
        if not periods:
            if self.only is None:
                return _Candidates(None, ())
            return _Candidates({c.id: None for c in self.chunks if self._searched(c)}, ())
        matches: dict[str, PeriodMatch] = {}
        uncovered: list[Period] = []
        for period in periods:
            found = self._period_chunks(period, plan, figure)
            for chunk_id, match in found.items():
                # A chunk found for two named periods keeps its stronger match.
                matches[chunk_id] = min(matches.get(chunk_id, match), match, key=_STRENGTH.__getitem__)
            if not found:
                uncovered.append(period)
        return _Candidates(matches, tuple(uncovered))

    def _period_chunks(self, period: Period, plan: bool, figure: bool = False) -> dict[str, PeriodMatch]:
        """The chunks of the strongest kind of match that exists for `period`; `figure`: the question
        asks for a figure, which a report of a part of the period does not give for all of it."""
        by_match: dict[PeriodMatch, list[Chunk]] = {}
        for about, group in self._about.items():
            match = period_match(about, period)
            if match is not None:
                by_match.setdefault(match, []).extend(c for c in group if self._searched(c))
        # A result question goes to the reports of the period; a period only planned so far is known
        # from its plan, and from the later reports whose passages name it ("Chỉ số DTI năm 2020 ...
        # xếp hạng 37/63" in a report of 2022).
        only_planned: dict[str, PeriodMatch] = {}
        for match in (PeriodMatch.exact, PeriodMatch.within, PeriodMatch.to_date):
            about = by_match.get(match, [])
            planned = [c for c in about if c.kind is SectionKind.plan]
            reported = [c for c in about if c.kind is not SectionKind.plan]
            if not plan and planned and not reported:
                only_planned = only_planned or {c.id: match for c in self._ordered(planned)}
                if figure or match is not PeriodMatch.exact:
                    break
                continue  # a fact of the period (a decision of January) is in a report within it
            # A plan question goes to the part that plans the period, else to what reports on it.
            preferred = (planned or reported) if plan else reported
            if match is PeriodMatch.within and (period.start.month, period.start.day) == (1, 1):
                # "10 tháng đầu năm 2023": the report that ends with the span states its running total
                # ("160 giấy phép trong 10 tháng đầu năm"); an earlier month's report does not.
                ending = [c for c in preferred if c.about and c.about.end == period.end]
                # A running total ("9 tháng đầu năm") is not in an earlier quarter's report; a year's
                # figure may still be read from its last month's or quarter's report.
                preferred = ending if ending or period.kind in _RUNNING_TOTALS else preferred
            if preferred:
                return {c.id: match for c in self._ordered(preferred)}
        mentions = {c.id: PeriodMatch.mention for c in self._mentions.naming(period) if self._searched(c)}
        return {**mentions, **only_planned} if only_planned else mentions

    def _ordered(self, chunks: list[Chunk]) -> list[Chunk]:
        return sorted(chunks, key=lambda c: self._position[c.id])

    def _ranked_text(self, question: str, periods: Sequence[Period]) -> str:
        text = strip_periods(question) if periods else question
        # The embedding model reads "so tram" far worse than "số trạm" (BM25 folds anyway); restore
        # before the vocabulary adds its phrases, which carry diacritics of their own.
        if self.restorer is not None:
            text = self.restorer.restore(text)
        if self.vocabulary is not None:
            text = self.vocabulary.expand(text)
        return text or question

    def _dense(self, vector: list[float], pool: set[str] | None) -> dict[str, int]:
        ids = sorted(pool) if pool is not None else None
        hits = self.store.query(vector, CANDIDATES, ids=ids)
        # A report indexed since this retriever was built is not searched until the assistant is rebuilt.
        known = [s for s in hits if s.id in self._by_id]
        return {s.id: r for r, s in enumerate(known)}

    def _lexical(self, text: str, pool: set[str] | None) -> dict[str, int]:
        scores = self.lexical.scores(text)
        if pool is None:
            positions = np.flatnonzero(scores > 0)
        else:
            positions = np.fromiter((self._position[i] for i in pool), dtype=np.int64, count=len(pool))
            positions = positions[scores[positions] > 0]
        # Stable, so that equal scores keep the order the ids came in (as sorting the ids did).
        best = positions[np.argsort(-scores[positions], kind="stable")[:CANDIDATES]]
        return {self.chunks[p].id: r for r, p in enumerate(best.tolist())}

    def retrieve(self, question: str, k: int = 10, analysis: QuestionAnalysis | None = None) -> Retrieval:
        """The passages that answer `question`, read through `analysis` when the caller has one."""
        if analysis is None or analysis.text != question:
            analysis = analyse(question)
        periods, plan = list(analysis.periods), analysis.plan
        candidates = self._candidates(periods, plan, analysis.figure)
        pool = set(candidates.matches) if candidates.matches is not None else None
        if pool is not None and not pool:
            return Retrieval(question, (), tuple(periods), candidates.uncovered, plan)
        ranked_text = self._ranked_text(question, periods)
        vector = self.embedder.embed_query(ranked_text) if self.mode != "lexical" else None
        dense = self._dense(vector, pool) if vector is not None else {}
        lexical = self._lexical(ranked_text, pool) if self.mode != "dense" else {}
        # A single-ranking mode has the other ranking empty; it gets the whole weight.
        weight = {"hybrid": self.dense_weight, "dense": 1.0, "lexical": 0.0}[self.mode]
        fused = rrf([(dense, weight), (lexical, 1.0 - weight)])
        match_of: Callable[[str], PeriodMatch | None] = (
            candidates.matches.get if candidates.matches is not None else lambda _: None
        )
        fused_order = [
            RetrievedChunk(self._by_id[i], fused[i], dense.get(i), lexical.get(i), match_of(i))
            for i in sorted(fused, key=lambda i: -fused[i])
        ]
        query = RerankQuery(question, ranked_text, plan, names_period=bool(periods))
        reranked = self.reranker.rerank(query, fused_order[:RERANK_DEPTH]) + fused_order[RERANK_DEPTH:]
        return Retrieval(
            question,
            tuple(diversify(reranked, self.per_section)[:k]),
            tuple(periods),
            candidates.uncovered,
            plan,
            tuple(vector) if vector is not None else None,
        )
