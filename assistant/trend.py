"""A metric across periods: one cited value per report, in period order, from the ingest-time figure table.

"số trạm BTS qua các kỳ báo cáo" -> a table by period. Each report contributes its figure that best
matches the metric (its words, the thing counted, its acronyms), only from result sections, and only
when the match is close; a report without one is left out rather than filled in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.evidence import Ask, anchors_in, coverage_of, read_ask
from assistant.intent import asked_units
from assistant.templates import Templates
from assistant.types import Answer, Citation
from index.figures import Figure
from index.lexical import LexicalIndex, content_tokens
from index.periods import strip_periods
from index.text import fold_diacritics
from index.types import Period, SectionKind
from index.vocabulary import Vocabulary

MIN_MATCH = 0.5  # share of the metric's weighted words a figure's clause must hold
UNIT_BONUS = 0.3
LEVEL_BONUS = 0.2
PART_PENALTY = 0.4  # "trong đó trả trước là 892.535": a part of the total before it
# Words that say a figure is a total, not what it is of: left out of the metric's words.
_TOTALS = tuple(((w,),) for w in ("tong", "so", "luong", "hien", "nay", "cac"))
_CHANGE_WORDS = frozenset({"moi", "them", "tang", "giam", "phat", "hoi"})
_QUESTION_TAIL = re.compile(
    r"\s*(?:là bao nhiêu|bao nhiêu|(?:như )?thế nào|ra sao|la bao nhieu|(?:nhu )?the nao)\s*\??\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"%|[^\W\d_]+")


@dataclass(frozen=True)
class SeriesPoint:
    period: str
    value: str  # normalised
    written: str  # as the report writes it: "1.286 trạm"
    n: int  # its citation

    def to_json(self) -> dict[str, object]:
        return {"period": self.period, "value": self.value, "written": self.written, "citation": self.n}


def _matches(figure: Figure, ask: Ask, wants_change: bool) -> float:
    """How well a figure is the asked metric; 0 when it is not (wrong unit, acronym missing, a change
    in the period when a level is asked)."""
    tokens = set(figure.terms)
    if figure.change and not wants_change:
        return 0.0
    if not anchors_in(f"{figure.section}\n{figure.quote}", ask):
        return 0.0
    # What it counts follows it directly ("7.994 tài khoản người dùng"), punctuation ends that.
    unit_text = re.split(r"[^\w\s%]", figure.after, maxsplit=1)[0] if figure.unit else ""
    following = [fold_diacritics(w).lower() for w in _WORD.findall(unit_text)[:3]]
    counted = any(w in unit for unit in ask.units for w in following)
    # "nâng tổng số hộp thư ... lên 10.102.": the thing counted is named before a figure ending the clause.
    named_before = (
        not figure.unit
        and figure.after.strip()[:1] in ("", ".", ";")
        and any(len(unit) == 1 and w in tokens and w != "%" for unit in ask.units for w in unit)
    )
    if ask.units and not (counted or named_before):
        return 0.0
    score = coverage_of(tokens, ask.terms)
    if score < MIN_MATCH:
        return 0.0
    bonus = (UNIT_BONUS if counted or named_before else 0.0) + (LEVEL_BONUS if figure.level else 0.0)
    return score + bonus - (PART_PENALTY if figure.part else 0.0)


def written_value(figure: Figure, topic: str) -> str:
    """The value with the words after it that name the metric, as written: "263 điểm phục vụ",
    "1.286 trạm", "921.783 thuê bao"; at least one word, stopping at punctuation."""
    asked = " " + " ".join(re.findall(r"\w+", fold_diacritics(topic).lower())) + " "
    end, previous = 0, ""
    for m in _WORD.finditer(figure.after):
        word = fold_diacritics(m.group(0)).lower()
        if m.group(0) == "%" and end == 0:
            return f"{figure.written}%"
        if figure.after[end : m.start()].strip() or (end and f" {previous} {word} " not in asked):
            break  # punctuation ends the unit; a second word must follow the first in the question
        end, previous = m.end(), word
        if f" {word} " not in asked:
            break
    return f"{figure.written} {figure.after[:end].strip()}".strip()


def best_by_report(
    figures: Sequence[Figure], ask: Ask, topic: str, within: Sequence[Period] = ()
) -> list[Figure]:
    """Per report, the figure that best matches; in period order, oldest first."""
    best: dict[str, tuple[float, Figure]] = {}
    wants_change = bool(_CHANGE_WORDS & set(content_tokens(topic)))
    for figure in figures:
        if figure.section_kind == SectionKind.plan.value or not figure.period_end:
            continue
        if within and not any(p.start.isoformat() <= figure.period_end <= p.end.isoformat() for p in within):
            continue
        score = _matches(figure, ask, wants_change)
        if score > 0 and (figure.report_file not in best or score > best[figure.report_file][0]):
            best[figure.report_file] = (score, figure)
    return sorted((f for _, f in best.values()), key=lambda f: f.period_end)


def compose_trend(
    question: str,
    standalone: str,
    topic: str,
    figures: Sequence[Figure],
    titles: Mapping[str, str],
    lexical: LexicalIndex,
    templates: Templates,
    vocabulary: Vocabulary | None = None,
    within: Sequence[Period] = (),
) -> Answer | None:
    """The table of the metric by period, or None when no report gives it."""
    ask = read_ask(topic, lexical, vocabulary)
    if not ask.terms:
        return None
    ask = replace(ask, terms=tuple(t for t in ask.terms if t.alternatives not in _TOTALS))
    if not ask.terms:
        return None
    if not ask.units:
        # The metric names what it counts first: "doanh thu bưu chính" is an amount, "số trạm BTS" stations.
        metric = re.sub(r"^\s*(?:t[ổo]ng\s+)?s[ốo]\s+(?:l[ưu][ợo]ng\s+)?", "", topic, flags=re.IGNORECASE)
        ask = replace(ask, units=tuple(asked_units(f"bao nhiêu {metric}")))
    chosen = best_by_report(figures, ask, topic, within)
    if not chosen:
        return None
    lines = [
        templates.trend_header.format(topic=strip_periods(topic).rstrip(" ?")),
        templates.trend_table_head,
    ]
    citations: list[Citation] = []
    series: list[SeriesPoint] = []
    for n, figure in enumerate(chosen, start=1):
        citations.append(
            Citation(
                n=n,
                report_file=figure.report_file,
                report_title=titles.get(figure.report_file, figure.report_file),
                period=figure.period,
                section=figure.section,
                quote=figure.quote,
                start=figure.start,
                end=figure.end,
            )
        )
        written = written_value(figure, topic)
        series.append(SeriesPoint(figure.period, figure.value, written, n))
        lines.append(templates.trend_row.format(period=figure.period, value=written, n=n))
    return Answer(
        text="\n".join(lines),
        abstained=False,
        citations=tuple(citations),
        retrieved=(),
        question=question,
        rewritten_question=standalone,
        series=tuple(series),
    )
