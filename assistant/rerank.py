"""The rerank stage after fusion: reorders the fused candidates of one question.

The default uses signals that matter in these reports: the plan part for a plan question and the
results for any other, the section heading naming what is asked, and a figure of the asked kind.
No multilingual cross-encoder can be had offline; a user who has one configures
`BAOCAO_RERANKER=cross-encoder:/path/to/model`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from assistant.counting import units_answered
from assistant.intent import asked_units
from assistant.types import RetrievedChunk
from index.errors import BaocaoError
from index.lexical import content_tokens
from index.periods import strip_periods
from index.types import SectionKind


@dataclass(frozen=True)
class RerankQuery:
    question: str  # the standalone question
    ranked_text: str  # what was ranked: period words removed, vocabulary added
    plan: bool
    names_period: bool = False


class Reranker(Protocol):
    def rerank(self, query: RerankQuery, candidates: Sequence[RetrievedChunk]) -> list[RetrievedChunk]: ...


class KeepOrder:
    """No rerank: the fused order stands."""

    def rerank(self, query: RerankQuery, candidates: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
        return list(candidates)


@dataclass(frozen=True)
class SignalReranker:
    """Multiplies each fused score by boosts for signals the ranking models do not see."""

    plan_boost: float = 1.5  # a plan question and a plan section
    result_boost: float = 1.0  # any other question and a results section
    heading_weight: float = 0.3  # times the share of question words in the section's own heading
    figure_boost: float = 1.2  # a figure of the kind asked: "bao nhiêu trạm" and "1.286 trạm"
    recency_weight: float = 0.1  # no period named: the newest report's chunks get this much more

    def _boost(
        self, item: RetrievedChunk, query: RerankQuery, words: set[str], units: tuple[frozenset[str], ...]
    ) -> float:
        chunk = item.chunk
        boost = 1.0
        if query.plan and chunk.kind is SectionKind.plan:
            boost *= self.plan_boost
        elif not query.plan and chunk.kind is not SectionKind.plan:
            boost *= self.result_boost
        if words:
            heading = set(content_tokens(chunk.section.rsplit(" > ", 1)[-1]))
            boost *= 1.0 + self.heading_weight * len(words & heading) / len(words)
        if units and units_answered(chunk.text, units):
            boost *= self.figure_boost
        return boost

    def rerank(self, query: RerankQuery, candidates: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
        words = set(content_tokens(query.ranked_text))
        units = tuple(asked_units(strip_periods(query.question)))
        recency = _recency_shares(candidates) if not query.names_period else {}
        rescored = [
            replace(
                item,
                score=item.score
                * self._boost(item, query, words, units)
                * (1.0 + self.recency_weight * recency.get(item.chunk.id, 0.0)),
            )
            for item in candidates
        ]
        return sorted(rescored, key=lambda r: -r.score)


def _recency_shares(candidates: Sequence[RetrievedChunk]) -> dict[str, float]:
    """0 for the oldest period among the candidates, 1 for the newest: the same fact in a newer
    report answers a question that names no period."""
    ends = {c.chunk.id: c.chunk.about.end.toordinal() for c in candidates if c.chunk.about is not None}
    if not ends:
        return {}
    oldest, newest = min(ends.values()), max(ends.values())
    span = max(newest - oldest, 1)
    return {i: (end - oldest) / span for i, end in ends.items()}


class CrossEncoderReranker:
    """A sentence-transformers cross-encoder the user has on disk; its score replaces the fused one."""

    def __init__(self, model: str, predict: Callable[[list[tuple[str, str]]], Sequence[float]] | None = None):
        if predict is None:
            from sentence_transformers import CrossEncoder  # lazy: only for users who configure one

            try:
                predict = CrossEncoder(model, local_files_only=True).predict
            except (OSError, ValueError) as exc:
                raise BaocaoError(
                    f"Không nạp được mô hình xếp hạng lại {model}: {exc}. "
                    "Đặt BAOCAO_RERANKER=signals để dùng bộ xếp hạng mặc định."
                ) from exc
        self._predict = predict

    def rerank(self, query: RerankQuery, candidates: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
        if not candidates:
            return []
        scores = self._predict([(query.question, c.chunk.text) for c in candidates])
        rescored = [replace(c, score=float(s)) for c, s in zip(candidates, scores, strict=True)]
        return sorted(rescored, key=lambda r: -r.score)


def build_reranker(spec: str) -> Reranker:
    """`signals` (default), `none`, or `cross-encoder:<model folder>`."""
    if spec == "signals":
        return SignalReranker()
    if spec == "none":
        return KeepOrder()
    if spec.startswith("cross-encoder:") and spec.removeprefix("cross-encoder:").strip():
        return CrossEncoderReranker(spec.removeprefix("cross-encoder:").strip())
    raise BaocaoError(
        f"BAOCAO_RERANKER={spec!r} không hợp lệ: dùng `signals`, `none` "
        "hoặc `cross-encoder:<thư mục mô hình>`."
    )
