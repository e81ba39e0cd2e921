"""Why an answer is what it is: the reading of the question, the passages, the scored clauses and the
constraint that decided (`baocao ask --explain`, the UI's "Giải thích" toggle).

Pure values and their rendering; the labels are Vietnamese text in prompts/explain.vi.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from assistant.templates import PROMPTS_DIR, load_prompt_file

if TYPE_CHECKING:
    from assistant.analysis import QuestionAnalysis
    from assistant.types import Answer, RetrievedChunk

# The hard constraints a clause may fail, by code (see `assistant.evidence.rejection` and its scope
# checks); prompts/explain.vi.toml names each.
CONSTRAINTS = ("anchor", "document", "figure", "plan", "negated", "other_year", "period", "row", "place")
MAX_SHOWN = 5


@dataclass(frozen=True)
class ScoredClause:
    report_file: str
    section: str
    text: str
    words: float  # the declared features: coverage of the question's words, unit, heading, span
    model: float  # the embedding model's cosine between question and clause
    total: float  # words + MODEL_WEIGHT * model


@dataclass(frozen=True)
class EvidenceTrace:
    considered: int  # clauses read in the first passages
    ruled_out: tuple[tuple[str, int], ...]  # constraint code -> how many clauses it ruled out
    scored: tuple[ScoredClause, ...]  # the clauses that met every constraint, best first
    coverage: float | None  # share of the question's words the chosen quote holds


@dataclass(frozen=True)
class Explanation:
    analysis: QuestionAnalysis
    route: str  # "about_report", "series", "comparison" or "answer"
    passages: tuple[RetrievedChunk, ...]
    evidence: tuple[EvidenceTrace, ...]  # one per evidence search (a comparison has one per period)
    decision: str  # "answered", "no_candidate", "low_coverage", "no_report_for_period", "guard"


class ExplainTemplates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    header: str
    analysis: str
    route: dict[str, str]
    passages_header: str
    passage: str
    considered: str
    ruled_out: str
    constraint: dict[str, str]
    scored_header: str
    scored: str
    none_scored: str
    decision: dict[str, str]
    yes: str
    no: str


@lru_cache(maxsize=1)
def load_explain_templates() -> ExplainTemplates:
    templates = load_prompt_file(PROMPTS_DIR / "explain.vi.toml", ExplainTemplates, "giải thích")
    missing = [c for c in CONSTRAINTS if c not in templates.constraint]
    if missing:
        from index.errors import BaocaoError

        raise BaocaoError(f"Tệp prompts/explain.vi.toml thiếu tên của ràng buộc: {', '.join(missing)}")
    return templates


def render_explanation(answer: Answer, templates: ExplainTemplates) -> str:
    """The trace as Markdown-friendly text."""
    explanation = answer.explanation
    if explanation is None:
        return ""
    a = explanation.analysis
    yes_no = {True: templates.yes, False: templates.no}
    lines = [
        templates.header,
        templates.analysis.format(
            question=a.text,
            periods=", ".join(p.label() for p in a.periods) or "–",
            bases=", ".join(p.label() for p in a.bases) or "–",
            plan=yes_no[a.plan],
            figure=yes_no[a.figure],
            units=", ".join("/".join(sorted(u)) for u in a.units) or "–",
            places=", ".join(f"{p.unit} {p.name}" for p in a.places) or "–",
            levels=", ".join(a.levels) or "–",
            acronyms=", ".join(a.acronyms) or "–",
        ),
        templates.route.get(explanation.route, explanation.route),
        templates.passages_header,
    ]
    for rank, r in enumerate(explanation.passages[:MAX_SHOWN], 1):
        lines.append(
            templates.passage.format(
                rank=rank,
                file=r.chunk.report_file,
                section=r.chunk.section,
                match=r.period_match.value if r.period_match else "–",
                score=r.score,
            )
        )
    for trace in explanation.evidence:
        lines.append(templates.considered.format(n=trace.considered))
        for code, n in trace.ruled_out:
            lines.append(templates.ruled_out.format(constraint=templates.constraint.get(code, code), n=n))
        if trace.scored:
            lines.append(templates.scored_header)
            for c in trace.scored[:MAX_SHOWN]:
                lines.append(
                    templates.scored.format(
                        total=c.total, words=c.words, model=c.model, file=c.report_file, text=c.text[:160]
                    )
                )
        else:
            lines.append(templates.none_scored)
    lines.append(templates.decision.get(explanation.decision, explanation.decision))
    return "\n".join(lines)


def explanation_json(explanation: Explanation) -> dict[str, object]:
    """The trace for `--json --explain` and the JSON API."""
    a = explanation.analysis
    return {
        "question": a.text,
        "periods": [p.label() for p in a.periods],
        "compared_with": [p.label() for p in a.bases],
        "plan": a.plan,
        "figure": a.figure,
        "units": [sorted(u) for u in a.units],
        "places": [f"{p.unit} {p.name}" for p in a.places],
        "levels": list(a.levels),
        "acronyms": list(a.acronyms),
        "route": explanation.route,
        "passages": [
            {"report_file": r.chunk.report_file, "section": r.chunk.section, "score": round(r.score, 6)}
            for r in explanation.passages[:MAX_SHOWN]
        ],
        "evidence": [
            {
                "considered": t.considered,
                "ruled_out": dict(t.ruled_out),
                "scored": [
                    {
                        "report_file": c.report_file,
                        "text": c.text,
                        "words": round(c.words, 4),
                        "model": round(c.model, 4),
                        "total": round(c.total, 4),
                    }
                    for c in t.scored[:MAX_SHOWN]
                ],
                "coverage": None if t.coverage is None else round(t.coverage, 4),
            }
            for t in explanation.evidence
        ],
        "decision": explanation.decision,
    }
