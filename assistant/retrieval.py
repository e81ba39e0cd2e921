"""Period-aware hybrid retrieval: dense (Chroma) fused with BM25 by reciprocal rank.

A question that names a period searches only chunks about that period (the plan
part of the report that plans it, for plan questions), or, where no report covers
it, chunks that state that period. The period words are cut from the text that is
ranked, so they do not act as noise.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from assistant.intent import is_plan_question
from assistant.types import Retrieval, RetrievedChunk
from index.lexical import LexicalIndex, content_tokens
from index.periods import parse_periods, strip_periods
from index.store import ChunkStore
from index.types import Chunk, Period, SectionKind
from index.vocabulary import Vocabulary

RRF_K = 60
CANDIDATES = 50


@dataclass
class _Candidates:
    ids: set[str] | None  # None: every chunk
    uncovered: list[Period]


class HybridRetriever:
    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        chunks: list[Chunk],
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.store = store
        self.vocabulary = vocabulary
        self.embedder = embedder
        self.chunks = chunks
        self._by_id = {c.id: c for c in chunks}
        self._position = {c.id: i for i, c in enumerate(chunks)}
        self.lexical = LexicalIndex([f"{c.section}\n{c.text}" for c in chunks])
        # Periods each chunk states in its own text ("chỉ số DTI năm 2022").
        self._mentions = [set(parse_periods(c.text, bare_years=False)) for c in chunks]

    def _candidates(self, periods: list[Period], plan: bool) -> _Candidates:
        if not periods:
            return _Candidates(None, [])
        ids: set[str] = set()
        uncovered: list[Period] = []
        for period in periods:
            about = [c for c in self.chunks if c.about == period]
            planned = [c for c in about if c.kind is SectionKind.plan]
            reported = [c for c in about if c.kind is not SectionKind.plan]
            # A plan question goes to the part that plans the period; a period only planned so far
            # is known only from that plan; otherwise, chunks that name the period in their text.
            preferred = (planned or reported) if plan else (reported or planned)
            if not preferred:
                preferred = [c for c, m in zip(self.chunks, self._mentions, strict=True) if period in m]
            if preferred:
                ids.update(c.id for c in preferred)
            else:
                uncovered.append(period)
        return _Candidates(ids, uncovered)

    def retrieve(self, question: str, k: int = 10) -> Retrieval:
        periods = parse_periods(question)
        plan = is_plan_question(question)
        candidates = self._candidates(periods, plan)
        if candidates.ids is not None and not candidates.ids:
            return Retrieval(question, (), tuple(periods), tuple(candidates.uncovered), plan)
        ranked_text = strip_periods(question) if periods else question
        if self.vocabulary is not None:
            ranked_text = self.vocabulary.expand(ranked_text)
        dense = self.store.query(
            self.embedder.embed_query(ranked_text or question),
            CANDIDATES,
            ids=sorted(candidates.ids) if candidates.ids is not None else None,
        )
        dense_rank = {s.id: r for r, s in enumerate(dense)}
        lexical_scores = self.lexical.scores(content_tokens(ranked_text))
        pool = candidates.ids if candidates.ids is not None else set(self._by_id)
        lexical_order = sorted(
            (i for i in pool if lexical_scores[self._position[i]] > 0),
            key=lambda i: -lexical_scores[self._position[i]],
        )[:CANDIDATES]
        lexical_rank = {i: r for r, i in enumerate(lexical_order)}
        fused: dict[str, float] = {}
        for ranks in (dense_rank, lexical_rank):
            for chunk_id, rank in ranks.items():
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        if plan:
            for chunk_id in fused:
                if self._by_id[chunk_id].kind is SectionKind.plan:
                    fused[chunk_id] *= 1.5
        order = sorted(fused, key=lambda i: -fused[i])[:k]
        retrieved = tuple(
            RetrievedChunk(self._by_id[i], fused[i], dense_rank.get(i), lexical_rank.get(i)) for i in order
        )
        return Retrieval(question, retrieved, tuple(periods), tuple(candidates.uncovered), plan)
