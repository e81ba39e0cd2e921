"""The extractive answerer: pick the clause that answers, compose a short cited answer.

Reports pack many figures into one sentence separated by ';', so the unit is a clause.
No LLM is needed; every figure shown is a verbatim quote of its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.templates import Templates
from assistant.types import Answer, Citation, Retrieval, RetrievedChunk
from index.lexical import LexicalIndex, content_tokens
from index.periods import strip_periods
from index.text import fold_diacritics
from index.types import Period

ANSWER_FROM_TOP = 5
MIN_COVERAGE = 0.34
_NUMERIC_QUESTION = re.compile(r"\b(bao nhieu|may|so luong|ty le|tong so|xep hang|thu hang|bao lau)\b")
_CLAUSE_BREAK = re.compile(r"(?<=[.;!?])\s+|\n")
_LEAD = re.compile(r"^[\s\-–+*•]+")
_DIGIT = re.compile(r"\d")
_QUANTITY = re.compile(r"(\d+(?:[.,]\d+)*%?)\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?")
_YEAR = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True)
class Clause:
    source: RetrievedChunk
    rank: int
    text: str
    start: int  # offsets in the report text
    end: int


def clauses(item: RetrievedChunk, rank: int) -> list[Clause]:
    chunk = item.chunk
    out: list[Clause] = []
    cursor = 0
    pieces = _CLAUSE_BREAK.split(chunk.text)
    for piece in pieces:
        at = chunk.text.find(piece, cursor)
        cursor = at + len(piece)
        lead = len(_LEAD.match(piece).group(0)) if _LEAD.match(piece) else 0
        text = piece[lead:].strip().rstrip(";")
        if len(text) < 3:
            continue
        start = chunk.start + at + lead
        out.append(Clause(item, rank, text, start, start + len(text)))
    return out


def _coverage(clause: Clause, question_tokens: list[str], lexical: LexicalIndex) -> float:
    """Share of the question's topic words (weighted by rarity) that the clause holds."""
    tokens = set(content_tokens(clause.text))
    weights = {t: lexical.idf(t) for t in set(question_tokens)}
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in tokens) / total


def counted_things(text: str) -> set[str]:
    """Folded words right after a quantity: "1.286 trạm thu" -> {"tram", "thu"}. Years are no quantity."""
    words: set[str] = set()
    for m in _QUANTITY.finditer(fold_diacritics(text)):
        if not _YEAR.fullmatch(m.group(1)):
            words.update(w for w in m.groups()[1:] if w)
    return words


def _score(clause: Clause, question_tokens: list[str], lexical: LexicalIndex, numeric: bool) -> float:
    bonus = 0.0
    if numeric:
        # The clause that counts the asked thing ("1.286 trạm" for "bao nhiêu trạm") beats one that
        # merely mentions it next to some other figure.
        if counted_things(clause.text) & set(question_tokens):
            bonus = 0.3
        elif _DIGIT.search(clause.text):
            bonus = 0.1
    return _coverage(clause, question_tokens, lexical) + bonus + 0.1 / (clause.rank + 1)


def _short_section(section: str) -> str:
    return section.split(" > ")[-1] if section else "phần mở đầu"


def _periods_text(periods: list[str]) -> str:
    return ", ".join(periods) if periods else "(chưa có báo cáo nào)"


def abstain(
    question: str, retrieval: Retrieval, available: list[str], templates: Templates, reason: str | None = None
) -> Answer:
    lines = [
        reason or templates.no_information,
        templates.available_periods.format(periods=_periods_text(available)),
    ]
    related = retrieval.chunks[:3]
    if related:
        lines.append(templates.related_header)
        for item in related:
            quote = (
                item.chunk.text
                if len(item.chunk.text) <= 200
                else item.chunk.text[:200].rsplit(" ", 1)[0] + "…"
            )
            lines.append(
                templates.related_item.format(
                    period=item.chunk.report_period, section=_short_section(item.chunk.section), quote=quote
                )
            )
    return Answer(
        text="\n".join(lines),
        abstained=True,
        citations=(),
        retrieved=retrieval.chunks,
        question=question,
        rewritten_question=retrieval.question,
        related=related,
    )


def compose(
    question: str, retrieval: Retrieval, lexical: LexicalIndex, available: list[Period], templates: Templates
) -> Answer:
    """The answer to `retrieval.question` from its retrieved chunks, or an abstention."""
    labels = [p.label() for p in available]
    if retrieval.uncovered and not retrieval.chunks:
        reason = templates.no_report_for_period.format(
            periods=", ".join(p.label() for p in retrieval.uncovered)
        )
        return abstain(question, retrieval, labels, templates, reason)
    question_tokens = content_tokens(strip_periods(retrieval.question))
    numeric = bool(_NUMERIC_QUESTION.search(fold_diacritics(retrieval.question)))
    candidates = [
        c for rank, item in enumerate(retrieval.chunks[:ANSWER_FROM_TOP]) for c in clauses(item, rank)
    ]
    if not candidates or not question_tokens:
        return abstain(question, retrieval, labels, templates)
    best = max(candidates, key=lambda c: _score(c, question_tokens, lexical, numeric))
    if _coverage(best, question_tokens, lexical) < MIN_COVERAGE:
        return abstain(question, retrieval, labels, templates)
    chunk = best.source.chunk
    citation = Citation(
        n=1,
        report_file=chunk.report_file,
        report_title=chunk.report_title,
        period=chunk.report_period,
        section=chunk.section,
        quote=best.text,
        start=best.start,
        end=best.end,
    )
    text = templates.answer.format(
        period=chunk.report_period, section_short=_short_section(chunk.section), quote=best.text, n=1
    )
    notes = []
    if retrieval.uncovered:
        notes.append(
            templates.no_report_for_period.format(periods=", ".join(p.label() for p in retrieval.uncovered))
        )
    if not retrieval.periods:
        notes.append(templates.period_note.format(period=chunk.report_period))
    return Answer(
        text="\n".join([text, *notes]),
        abstained=False,
        citations=(citation,),
        retrieved=retrieval.chunks,
        question=question,
        rewritten_question=retrieval.question,
    )
