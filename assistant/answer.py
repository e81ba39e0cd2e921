"""The extractive answerer: pick the clause that answers, compose a short cited answer.

Reports pack many figures into one sentence separated by ';', so the unit is a clause.
No LLM is needed; every figure shown is a verbatim quote of its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from assistant.intent import asked_unit, is_list_question, is_numeric_question
from assistant.numbers import figure_units
from assistant.templates import Templates
from assistant.types import Answer, Citation, Retrieval, RetrievedChunk
from index.lexical import LexicalIndex, content_tokens
from index.periods import strip_periods
from index.text import fold_diacritics
from index.types import Chunk, Period
from index.vocabulary import Vocabulary

ANSWER_FROM_TOP = 5
MIN_COVERAGE = 0.34
_CLAUSE_BREAK = re.compile(r"(?<=[.;!?])\s+|\n")
_LEAD = re.compile(r"^[\s\-–+*•]+")
_DIGIT = re.compile(r"\d")
_QUANTITY = re.compile(r"(\d+(?:[.,]\d+)*%?)\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?")
_YEAR = re.compile(r"(?:19|20)\d{2}")
MAX_QUOTE_CHARS = 500


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


@dataclass(frozen=True)
class Term:
    """One thing the question asks about: any alternative (a tuple of tokens) satisfies it."""

    alternatives: tuple[tuple[str, ...], ...]
    weight: float


def question_terms(question: str, lexical: LexicalIndex, vocabulary: Vocabulary | None) -> list[Term]:
    """Topic words of the question; an abbreviation and its expansions form one term."""
    tokens = content_tokens(question)
    terms: list[Term] = []
    for group, present in vocabulary.matches(question) if vocabulary else []:
        for phrase in present:
            for t in content_tokens(phrase):
                if t in tokens:
                    tokens.remove(t)
        alternatives = tuple(tuple(content_tokens(p)) for p in group if content_tokens(p))
        weight = max(lexical.idf(t) for p in present for t in content_tokens(p) or ["_"])
        terms.append(Term(alternatives, weight))
    terms.extend(Term(((t,),), lexical.idf(t)) for t in dict.fromkeys(tokens))
    return terms


def _coverage(clause: Clause, terms: list[Term]) -> float:
    """Share of the question's terms (weighted by rarity) that the clause holds."""
    tokens = set(content_tokens(clause.text))
    total = sum(t.weight for t in terms) or 1.0
    held = sum(t.weight for t in terms if any(set(alt) <= tokens for alt in t.alternatives))
    return held / total


def counted_things(text: str) -> set[str]:
    """Folded words right after a quantity: "1.286 trạm thu" -> {"tram", "thu"}. Years are no quantity."""
    words: set[str] = set()
    for m in _QUANTITY.finditer(fold_diacritics(text)):
        if not _YEAR.fullmatch(m.group(1)):
            words.update(w for w in m.groups()[1:] if w)
    return words


def _score(clause: Clause, terms: list[Term], numeric: bool) -> float:
    bonus = 0.0
    if numeric:
        # The clause that counts the asked thing ("1.286 trạm" for "bao nhiêu trạm") beats one that
        # merely mentions it next to some other figure.
        if counted_things(clause.text) & {a[0] for t in terms for a in t.alternatives}:
            bonus = 0.3
        elif _DIGIT.search(clause.text):
            bonus = 0.1
    return _coverage(clause, terms) + bonus + 0.1 / (clause.rank + 1)


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


@dataclass(frozen=True)
class Evidence:
    """The quoted span that answers: one clause, grown to its neighbours when they belong to it."""

    chunk: Chunk
    quote: str
    start: int
    end: int
    coverage: float


def _sentence_clauses(candidates: list[Clause], best: Clause) -> list[Clause]:
    """The clauses of the same chunk and sentence as `best`, in order."""
    same = [c for c in candidates if c.source is best.source]
    i = same.index(best)
    lo = i
    while lo > 0 and not same[lo - 1].text.endswith((".", "!", "?", ":")):
        lo -= 1
    hi = i
    while hi + 1 < len(same) and not same[hi].text.endswith((".", "!", "?")):
        hi += 1
    return same[lo : hi + 1]


def best_evidence(
    retrieval: Retrieval, lexical: LexicalIndex, vocabulary: Vocabulary | None = None
) -> Evidence | None:
    question = strip_periods(retrieval.question)
    terms = question_terms(question, lexical, vocabulary)
    if not terms:
        return None
    numeric = is_numeric_question(question)
    listing = is_list_question(question)
    candidates = [
        c for rank, item in enumerate(retrieval.chunks[:ANSWER_FROM_TOP]) for c in clauses(item, rank)
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: _score(c, terms, numeric))
    coverage = _coverage(best, terms)
    sentence = _sentence_clauses(candidates, best)
    i = sentence.index(best)
    if listing:
        # A list answer is the whole enumeration: its intro and items.
        chosen = sentence[i:] if best.text.endswith(":") else sentence
    else:
        # Following clauses stay when they speak of the same thing ("17 cảnh báo; 08 cảnh báo mã độc").
        chosen = [best]
        enumerates = ":" in best.text  # "dự thảo: Quy chế ...; kế hoạch ..." lists what follows
        for nxt in sentence[i + 1 :]:
            if enumerates or _coverage(nxt, terms) >= 0.5 * coverage:
                chosen.append(nxt)
            else:
                break
    end_clause = chosen[0]
    for c in chosen:
        if c.end - chosen[0].start > MAX_QUOTE_CHARS:
            break
        end_clause = c
    chunk = best.source.chunk
    a, b = chosen[0].start - chunk.start, end_clause.end - chunk.start
    return Evidence(chunk, chunk.text[a:b], chosen[0].start, end_clause.end, coverage)


RECENT_WITHIN = 0.9  # evidence this close to the best covers the same fact


def _recency(evidence: Evidence) -> date:
    about = evidence.chunk.about
    return about.end if about else date.min


def evidence_by_report(
    retrieval: Retrieval, lexical: LexicalIndex, vocabulary: Vocabulary | None = None
) -> list[Evidence]:
    """The best evidence within each report among the retrieved chunks, in retrieval order."""
    found: list[Evidence] = []
    for report_file in dict.fromkeys(r.chunk.report_file for r in retrieval.chunks):
        own = tuple(r for r in retrieval.chunks if r.chunk.report_file == report_file)
        evidence = best_evidence(replace(retrieval, chunks=own), lexical, vocabulary)
        if evidence is not None:
            found.append(evidence)
    return found


def latest_and_others(
    best: Evidence, per_report: list[Evidence], question: str
) -> tuple[Evidence, list[Evidence]]:
    """For a question that names no period: the most recent report that holds the fact answers;
    for a figure, the other reports that give it follow, newest first. A figure question that says
    what it counts ("bao nhiêu trạm") needs a figure of that ("1.286 trạm")."""
    numeric = is_numeric_question(question)
    unit = asked_unit(question)

    def gives_figure(evidence: Evidence) -> bool:
        if unit is not None:
            return unit in figure_units(evidence.quote)
        return bool(_DIGIT.search(evidence.quote))

    holding = [
        e
        for e in per_report
        if e.coverage >= max(MIN_COVERAGE, RECENT_WITHIN * best.coverage) and (not numeric or gives_figure(e))
    ]
    if not holding:
        return best, []
    holding.sort(key=_recency, reverse=True)
    return holding[0], holding[1:] if numeric else []


def _citation(n: int, evidence: Evidence) -> Citation:
    chunk = evidence.chunk
    return Citation(
        n=n,
        report_file=chunk.report_file,
        report_title=chunk.report_title,
        period=chunk.report_period,
        section=chunk.section,
        quote=evidence.quote,
        start=evidence.start,
        end=evidence.end,
    )


def compose(
    question: str,
    retrieval: Retrieval,
    lexical: LexicalIndex,
    available: list[Period],
    templates: Templates,
    vocabulary: Vocabulary | None = None,
) -> Answer:
    """The answer to `retrieval.question` from its retrieved chunks, or an abstention."""
    labels = [p.label() for p in available]
    if retrieval.uncovered and not retrieval.chunks:
        reason = templates.no_report_for_period.format(
            periods=", ".join(p.label() for p in retrieval.uncovered)
        )
        return abstain(question, retrieval, labels, templates, reason)
    evidence = best_evidence(retrieval, lexical, vocabulary)
    if evidence is None or evidence.coverage < MIN_COVERAGE:
        return abstain(question, retrieval, labels, templates)
    others: list[Evidence] = []
    if not retrieval.periods:
        per_report = evidence_by_report(retrieval, lexical, vocabulary)
        evidence, others = latest_and_others(evidence, per_report, retrieval.question)
    chunk = evidence.chunk
    text = templates.answer.format(
        period=chunk.report_period, section_short=_short_section(chunk.section), quote=evidence.quote, n=1
    )
    citations = [_citation(1, evidence)]
    if others:
        lines = [templates.other_periods_header]
        for other in others:
            citations.append(_citation(len(citations) + 1, other))
            lines.append(
                templates.comparison_item.format(
                    period=other.chunk.report_period,
                    section_short=_short_section(other.chunk.section),
                    quote=other.quote,
                    n=len(citations),
                )
            )
        text = "\n".join([text, *lines])
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
        citations=tuple(citations),
        retrieved=retrieval.chunks,
        question=question,
        rewritten_question=retrieval.question,
    )


def compose_comparison(
    question: str,
    standalone: str,
    parts: list[Retrieval],
    lexical: LexicalIndex,
    available: list[Period],
    templates: Templates,
    vocabulary: Vocabulary | None = None,
) -> Answer:
    """One cited figure per period named; a period without evidence is said so, not filled in."""
    lines = [templates.comparison_header]
    citations: list[Citation] = []
    retrieved: list = []
    for part in parts:
        label = part.periods[0].label() if part.periods else ""
        retrieved.extend(part.chunks)
        evidence = best_evidence(part, lexical, vocabulary) if part.chunks else None
        if evidence is None or evidence.coverage < MIN_COVERAGE:
            lines.append(templates.comparison_missing.format(period=label))
            continue
        n = len(citations) + 1
        citations.append(_citation(n, evidence))
        lines.append(
            templates.comparison_item.format(
                period=evidence.chunk.report_period,
                section_short=_short_section(evidence.chunk.section),
                quote=evidence.quote,
                n=n,
            )
        )
    if not citations:
        merged = Retrieval(standalone, tuple(retrieved), tuple(p for r in parts for p in r.periods))
        return abstain(question, merged, [p.label() for p in available], templates)
    ranked = tuple(sorted(retrieved, key=lambda r: -r.score)[:10])
    return Answer(
        text="\n".join(lines),
        abstained=False,
        citations=tuple(citations),
        retrieved=ranked,
        question=question,
        rewritten_question=standalone,
    )
