"""Values the assistant hands out: retrieved chunks, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from assistant.calc import Calculation
from index.types import Chunk, Period


class PeriodMatch(StrEnum):
    """How a retrieved chunk relates to the period the question names, strongest first."""

    exact = "exact"  # it is about that period
    within = "within"  # about a period inside it: tháng 10/2021 for "năm 2021"
    to_date = "to_date"  # a cumulative period ending with it: 9 tháng đầu năm 2021 for "đến tháng 9/2021"
    mention = "mention"  # its text names the period


@dataclass(frozen=True)
class RetrievedChunk:
    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    period_match: PeriodMatch | None = None  # None when the question names no period


@dataclass(frozen=True)
class Retrieval:
    question: str  # the standalone question that was searched
    chunks: tuple[RetrievedChunk, ...]
    periods: tuple[Period, ...] = ()  # periods the question names
    uncovered: tuple[Period, ...] = ()  # named periods no report covers or mentions
    plan: bool = False
    # The question's vector as the dense search embedded it: evidence is scored against it too.
    query_vector: tuple[float, ...] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Citation:
    n: int
    report_file: str
    report_title: str
    period: str
    section: str
    quote: str
    start: int
    end: int
    page: int | None = None  # where the report file has pages
    # The quote stands on a page read by OCR with low confidence: a reader should check the original.
    low_confidence: bool = False

    @classmethod
    def of_span(cls, n: int, chunk: Chunk, quote: str, start: int, end: int) -> Citation:
        """Citation `n` of the span `start:end` of the report that `chunk` comes from."""
        return cls(
            n, chunk.report_file, chunk.report_title, chunk.report_period, chunk.section, quote, start, end
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "report_file": self.report_file,
            "report_title": self.report_title,
            "period": self.period,
            "section": self.section,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "low_confidence": self.low_confidence,
        }


@dataclass(frozen=True)
class Answer:
    text: str
    abstained: bool
    citations: tuple[Citation, ...]
    retrieved: tuple[RetrievedChunk, ...]
    question: str
    rewritten_question: str
    related: tuple[RetrievedChunk, ...] = field(default=())  # "có thể liên quan", when abstaining
    calculations: tuple[Calculation, ...] = field(default=())  # differences computed from quoted figures
    series: tuple[Any, ...] = field(default=())  # a metric across periods (`assistant.trend.SeriesPoint`)
    explanation: Any = None  # why it is this answer (`assistant.explain.Explanation`), for --explain

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [
                {
                    "report_file": r.chunk.report_file,
                    "section": r.chunk.section,
                    "period": r.chunk.about.label() if r.chunk.about else None,
                    "period_match": r.period_match.value if r.period_match else None,
                    "score": round(r.score, 6),
                }
                for r in self.retrieved
            ],
            "question": self.question,
            "rewritten_question": self.rewritten_question,
            "calculations": [c.to_json() for c in self.calculations],
            "series": [p.to_json() for p in self.series],
        }
