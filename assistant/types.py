"""Values the assistant hands out: retrieved chunks, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index.types import Chunk, Period


@dataclass(frozen=True)
class RetrievedChunk:
    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True)
class Retrieval:
    question: str  # the standalone question that was searched
    chunks: tuple[RetrievedChunk, ...]
    periods: tuple[Period, ...] = ()  # periods the question names
    uncovered: tuple[Period, ...] = ()  # named periods no report covers or mentions
    plan: bool = False


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

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [
                {"report_file": r.chunk.report_file, "section": r.chunk.section, "score": round(r.score, 6)}
                for r in self.retrieved
            ],
            "question": self.question,
            "rewritten_question": self.rewritten_question,
        }
