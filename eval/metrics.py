"""Scoring of assistant outputs against the evaluation set: pure functions, no I/O, no model.

An output is the dict `Answer.to_json()` gives: {"answer", "abstained", "citations": [{"n",
"report_file", "report_title", "period", "section", "quote", "start", "end"}], "retrieved":
[{"report_file", "section", "score"}], "question", "rewritten_question"}.

Text is compared in a canonical form: NFC, casefolded, every number rewritten to its normalised
spelling (see `index.numbers`, so "1.286 trạm" and "1286 trạm" agree, "06 cuộc" and "6 cuộc"
too) and whitespace collapsed. A phrase "appears" only as whole tokens: "49" is not in "149",
"SOC" is not in "social", "6" is not in "26/6".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.calc import Calculation, parse_expression
from assistant.guard import (
    Cited,
    cited_from_json,
    dangling_markers,
    numbers_outside,
    strip_markers,
    unsupported_lines,
)
from eval.dataset import EvalItem, Kind
from index.numbers import find_numbers, is_bare_number, normalise_number, number_spans
from index.periods import parse_periods

Output = Mapping[str, Any]

_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------- text and facts


def canonical(text: str) -> str:
    """NFC + casefold, numbers normalised (a glued unit split off: "40,8 km"), spaces collapsed."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    pieces: list[str] = []
    last = 0
    for span in number_spans(text):
        pieces.append(text[last : span.start])
        pieces.append(span.value)
        if span.end < len(text) and text[span.end].isalpha():
            pieces.append(" ")
        last = span.end
    pieces.append(text[last:])
    return _SPACES.sub(" ", "".join(pieces)).strip()


def _contains(haystack: str, needle: str) -> bool:
    """Whole-token occurrence of canonical `needle` in canonical `haystack`."""
    if not needle:
        return False
    before = r"(?<!\w)" if needle[0].isalnum() else ""
    if needle[0].isdigit():
        before += r"(?<!\d[.,/])"
    after = r"(?!\w)" if needle[-1].isalnum() else ""
    if needle[-1].isdigit():
        after += r"(?![.,/]\d)"
    return re.search(before + re.escape(needle) + after, haystack) is not None


def fact_present(text: str, alternates: Sequence[str]) -> bool:
    """True when any alternate spelling appears in `text`.

    Compared in canonical form as whole tokens; an alternate that is a bare number ("1286", "95 %")
    also matches any number of `text` with the same normalised value.
    """
    canon = canonical(text)
    numbers: set[str] | None = None
    for alternate in alternates:
        if _contains(canon, canonical(alternate)):
            return True
        if is_bare_number(alternate):
            if numbers is None:
                numbers = set(find_numbers(text))
            if normalise_number(alternate) in numbers:
                return True
    return False


def _forbidden_present(answer: str, forbidden: str) -> bool:
    """A bare number is forbidden among the answer's numbers; a phrase ("05 tin bài", a name) as a phrase."""
    if is_bare_number(forbidden):
        return normalise_number(forbidden) in set(find_numbers(answer))
    return fact_present(answer, [forbidden])


def _forbidden_ignored(forbidden: str, facts: Sequence[Sequence[str]]) -> bool:
    """A forbidden value that a required fact spells (same number or phrase) cannot be held against."""
    return any(fact_present(alternate, [forbidden]) for alternates in facts for alternate in alternates)


# ---------------------------------------------------------------- answers and citations


def answer_correct(item: EvalItem, output: Output) -> bool:
    """Answerable item, not abstained, no error, every fact in the answer, and none of the forbidden
    values. Citation markers are removed from the answer first.
    """
    if not item.answerable or output.get("abstained", False) or output.get("error"):
        return False
    answer = strip_markers(str(output.get("answer", "")))
    if not all(fact_present(answer, alternates) for alternates in item.facts):
        return False
    return not any(
        _forbidden_present(answer, forbidden)
        for forbidden in item.forbidden
        if not _forbidden_ignored(forbidden, item.facts)
    )


def _citations(output: Output) -> list[Mapping[str, Any]]:
    return list(output.get("citations") or [])


def citation_correct(item: EvalItem, output: Output) -> bool:
    """Answerable item, not abstained, a citation of `item.report_file`, every fact in the quotes together."""
    if not item.answerable or output.get("abstained", False) or output.get("error"):
        return False
    citations = _citations(output)
    if not any(c.get("report_file") == item.report_file for c in citations):
        return False
    quotes = "\n".join(str(c.get("quote", "")) for c in citations)
    return all(fact_present(quotes, alternates) for alternates in item.facts)


def _guard_inputs(output: Output) -> tuple[list[Cited], list[Calculation]]:
    cited = cited_from_json(_citations(output))
    calculations = [
        c
        for entry in output.get("calculations") or []
        if (c := parse_expression(str(entry.get("expression", "")), str(entry.get("result", ""))))
    ]
    return cited, calculations


def marker_mismatches(output: Output) -> list[str]:
    """Lines of the answer whose markers point at no citation, or at citations that do not hold the
    line's numbers; [] for an abstention (the guard's check, applied to what the user was shown)."""
    if output.get("abstained", False):
        return []
    cited, calculations = _guard_inputs(output)
    text = str(output.get("answer", ""))
    question = str(output.get("rewritten_question") or "")
    dangling = [line for line in text.splitlines() if dangling_markers(line, cited)]
    return dangling + unsupported_lines(text, cited, question, calculations)


def numbers_outside_quotes(output: Output) -> list[str]:
    """Normalised numbers of the answer that no citation quote holds; [] for an abstention.

    The assistant's own number guard (`assistant.guard`) applied to what the user was shown:
    markers, list enumerators, numbers of the citations' period, title and section and of the
    periods the question names are allowed.
    """
    if output.get("abstained", False):
        return []
    cited, calculations = _guard_inputs(output)
    question = str(output.get("rewritten_question") or "")
    return numbers_outside(str(output.get("answer", "")), cited, question, calculations)


# ---------------------------------------------------------------- retrieval


def report_rank(item: EvalItem, output: Output) -> int | None:
    """1-based rank of the first retrieved chunk from `item.report_file`; None when absent."""
    if item.report_file is None:
        return None
    for rank, entry in enumerate(output.get("retrieved") or [], start=1):
        if entry.get("report_file") == item.report_file:
            return rank
    return None


_LEADING_NUMBER = re.compile(r"^(\d+(?:\s*\.\s*\d+)*)\s*\.?\s*")


def normalise_heading(heading: str) -> str:
    """NFC, casefold, spaces collapsed, numbering "7. 2." / "7.2" as "7.2. ", no ":" nor end punctuation."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", heading).casefold())
    text = _SPACES.sub(" ", text.replace(":", " ")).strip()
    match = _LEADING_NUMBER.match(text)
    if match:
        numbering = re.sub(r"\s+", "", match.group(1))
        rest = text[match.end() :]
        text = f"{numbering}. {rest}" if rest else f"{numbering}."
    return text.rstrip(" ;,.-–")


def _heading_matches(expected: str, heading: str) -> bool:
    """Equal, or one a whole-word prefix of the other ("phụ lục" / "phụ lục các văn bản ...")."""
    if not expected or not heading:
        return False
    short, long = sorted((expected, heading), key=len)
    return long.startswith(short) and (len(long) == len(short) or not long[len(short)].isalnum())


def section_matches(expected_section: str, retrieved_section: str) -> bool:
    """The expected section's last heading matches the retrieved path's last heading, or any heading of it."""
    expected = normalise_heading(expected_section.split(" > ")[-1])
    headings = [normalise_heading(h) for h in retrieved_section.split(" > ")]
    return any(_heading_matches(expected, heading) for heading in headings)


def section_rank(item: EvalItem, output: Output) -> int | None:
    """1-based rank of the first retrieved chunk from the item's report and section; None when absent."""
    if item.report_file is None or item.section is None:
        return None
    for rank, entry in enumerate(output.get("retrieved") or [], start=1):
        if entry.get("report_file") == item.report_file and section_matches(
            item.section, str(entry.get("section", ""))
        ):
            return rank
    return None


def in_period_at_1(output: Output) -> bool | None:
    """Whether the first retrieved chunk is of a period the (rewritten) question names.

    None when the question names no period or nothing was retrieved. The chunk's period label is
    checked against the asked periods here, independently of the retriever's own `period_match`;
    only a match by mention (the chunk's text names the period) is taken from the retriever.
    """
    asked = parse_periods(str(output.get("rewritten_question") or output.get("question") or ""))
    retrieved = output.get("retrieved") or []
    if not asked or not retrieved:
        return None
    first = retrieved[0]
    if first.get("period_match") == "mention":
        return True
    about = parse_periods(str(first.get("period") or ""))
    if len(about) != 1:
        return False
    (a,) = about
    return any(
        (p.start <= a.start and a.end <= p.end) or (a.end == p.end and a.start < p.start) for p in asked
    )


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of ranks that are within the first k; 0.0 for no ranks."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr_at(ranks: Sequence[int | None], k: int = 10) -> float:
    """Mean reciprocal rank, counting ranks beyond k (and None) as 0; 0.0 for no ranks."""
    if not ranks:
        return 0.0
    return sum(1 / r for r in ranks if r is not None and r <= k) / len(ranks)


# ---------------------------------------------------------------- abstention, latency


def abstention_metrics(items: Sequence[EvalItem], outputs: Sequence[Output]) -> dict[str, float | int]:
    """Precision, recall of abstaining on unanswerable items, and the false refusal rate.

    Empty denominators: precision 1.0 when nothing was abstained (no wrong refusal made), recall 1.0
    when no item is unanswerable (nothing to catch), false refusal rate 0.0 when none is answerable.
    """
    _same_length(items, outputs)
    abstained = [bool(o.get("abstained", False)) for o in outputs]
    unanswerable = [not i.answerable for i in items]
    true_abstentions = sum(a and u for a, u in zip(abstained, unanswerable, strict=True))
    false_refusals = sum(a and not u for a, u in zip(abstained, unanswerable, strict=True))
    n_abstained, n_unanswerable = sum(abstained), sum(unanswerable)
    n_answerable = len(items) - n_unanswerable
    return {
        "precision": true_abstentions / n_abstained if n_abstained else 1.0,
        "recall": true_abstentions / n_unanswerable if n_unanswerable else 1.0,
        "false_refusal_rate": false_refusals / n_answerable if n_answerable else 0.0,
        "abstained": n_abstained,
        "unanswerable": n_unanswerable,
        "true_abstentions": true_abstentions,
        "false_refusals": false_refusals,
    }


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), linear between closest ranks as numpy's default; 0.0 for no values."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile ngoài khoảng 0-100: {p}")
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# ---------------------------------------------------------------- summary


def _same_length(items: Sequence[Any], outputs: Sequence[Any]) -> None:
    if len(items) != len(outputs):
        raise ValueError(f"{len(items)} câu hỏi nhưng {len(outputs)} kết quả")


_CLAUSE_END = re.compile(r"[;\n]|[.:!?](?=\s|$)")


def clauses(text: str) -> list[str]:
    """`text` cut after `;`, line breaks, and `.` `:` `!` `?` before a space (not inside 1.286 or 10:30)."""
    pieces: list[str] = []
    last = 0
    for match in _CLAUSE_END.finditer(text):
        pieces.append(text[last : match.end()])
        last = match.end()
    pieces.append(text[last:])
    return [p for p in pieces if p.strip()]


def quote_precision(item: EvalItem, output: Output) -> float | None:
    """Share of the quoted characters the answer needs: the clauses of the quotes that hold one of the
    item's facts, over all quoted characters. None for an abstention, an unanswerable item or no quote.

    A quote that is exactly the clause with the figure scores 1.0; a 1,200-character passage that
    holds a 100-character clause with the figure scores about 0.08.
    """
    if not item.answerable or output.get("abstained", False) or output.get("error"):
        return None
    quotes = [str(c.get("quote", "")) for c in _citations(output)]
    total = sum(len(q) for q in quotes)
    if not total:
        return None
    needed = sum(
        len(clause)
        for quote in quotes
        for clause in clauses(quote)
        if any(fact_present(clause, alternates) for alternates in item.facts)
    )
    return needed / total


# Why an answer was wrong; an answer may be wrong for several of them.
WRONG_REASONS = {
    "forbidden": "holds a value the item forbids (the metric in another period, scope or plan)",
    "missing_fact": "lacks a fact the question asks for",
    "other_report": "cites no passage of the report that holds the answer",
    "answered_unanswerable": "answered a question the reports cannot answer",
}


def outcome(item: EvalItem, output: Output) -> tuple[str, list[str]]:
    """("correct" | "wrong" | "refused" | "error", reasons for "wrong").

    An error is a failure of its own, never a refusal. A refusal is only counted for answerable
    items (a false refusal); an unanswerable item is correct when refused and wrong when answered.
    """
    if output.get("error"):
        return "error", []
    abstained = bool(output.get("abstained", False))
    if not item.answerable:
        return ("correct", []) if abstained else ("wrong", ["answered_unanswerable"])
    if abstained:
        return "refused", []
    if answer_correct(item, output):
        return "correct", []
    answer = strip_markers(str(output.get("answer", "")))
    reasons = []
    if any(
        _forbidden_present(answer, forbidden)
        for forbidden in item.forbidden
        if not _forbidden_ignored(forbidden, item.facts)
    ):
        reasons.append("forbidden")
    if not all(fact_present(answer, alternates) for alternates in item.facts):
        reasons.append("missing_fact")
    if not any(c.get("report_file") == item.report_file for c in _citations(output)):
        reasons.append("other_report")
    return "wrong", reasons


def score_item(item: EvalItem, output: Output) -> dict[str, Any]:
    """Every per-question figure: the outcome, and the answer, citation and retrieval checks."""
    abstained = bool(output.get("abstained", False))
    verdict, reasons = outcome(item, output)
    outside = numbers_outside_quotes(output)
    return {
        "id": item.id,
        "kind": item.kind.value,
        "trap": item.trap.value if item.trap else None,
        "split": item.split,
        "answerable": item.answerable,
        "abstained": abstained,
        "outcome": verdict,
        "wrong_reasons": reasons,
        "error": output.get("error"),
        "correct": verdict == "correct",
        "answer_correct": answer_correct(item, output),
        "citation_correct": citation_correct(item, output),
        "quote_precision": quote_precision(item, output) if verdict == "correct" else None,
        "report_rank": report_rank(item, output),
        "section_rank": section_rank(item, output),
        "numbers_outside_quotes": outside,
        "marker_mismatches": marker_mismatches(output),
        "in_period@1": in_period_at_1(output),
    }


def _rate(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _group(scores: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    answerable = [s for s in scores if s["answerable"]]
    report_ranks = [s["report_rank"] for s in answerable]
    section_ranks = [s["section_rank"] for s in answerable]
    outcomes = [s["outcome"] for s in scores]
    return {
        "n": len(scores),
        "answerable": len(answerable),
        "correct": _rate([o == "correct" for o in outcomes]),
        # Wrong answers and errors are shares of all questions; false refusals of the answerable ones.
        "wrong_rate": _rate([o == "wrong" for o in outcomes]),
        "wrong": outcomes.count("wrong"),
        "errors": outcomes.count("error"),
        "refused": sum(1 for s in answerable if s["outcome"] == "refused"),
        "answer_correctness": _rate([s["answer_correct"] for s in answerable]),
        "citation_correctness": _rate([s["citation_correct"] for s in answerable]),
        "quote_precision": _mean([s["quote_precision"] for s in answerable]),
        "abstained": _rate([s["abstained"] for s in scores]),
        "report_recall@1": recall_at(report_ranks, 1) if answerable else None,
        "report_recall@5": recall_at(report_ranks, 5) if answerable else None,
        "report_mrr@10": mrr_at(report_ranks, 10) if answerable else None,
        "section_recall@1": recall_at(section_ranks, 1) if answerable else None,
        "section_recall@5": recall_at(section_ranks, 5) if answerable else None,
        "section_mrr@10": mrr_at(section_ranks, 10) if answerable else None,
        "numbers_outside_quotes": sum(1 for s in scores if s["numbers_outside_quotes"]),
        "marker_mismatches": sum(1 for s in scores if s["marker_mismatches"]),
        "in_period@1": _rate([s["in_period@1"] for s in scores if s["in_period@1"] is not None]),
    }


def summarise(
    items: Sequence[EvalItem], outputs: Sequence[Output], latencies: Sequence[float]
) -> dict[str, Any]:
    """Overall figures and the same per kind (`by_kind`, in Kind order).

    Rates over answerable items are None where a group has none; `correct` counts an unanswerable
    item correct when the assistant abstained. Latencies are seconds per question.
    """
    _same_length(items, outputs)
    _same_length(items, latencies)
    scores = [score_item(item, output) for item, output in zip(items, outputs, strict=True)]
    overall = _group(scores)
    abstention = abstention_metrics(items, outputs)
    summary: dict[str, Any] = {
        **{k: v for k, v in overall.items() if k != "abstained"},
        "abstention_precision": abstention["precision"],
        "abstention_recall": abstention["recall"],
        "false_refusal_rate": abstention["false_refusal_rate"],
        "latency_p50_s": percentile(latencies, 50),
        "latency_p95_s": percentile(latencies, 95),
    }
    by_kind: dict[str, Any] = {}
    for kind in Kind:
        group = [s for s in scores if s["kind"] == kind.value]
        if group:
            by_kind[kind.value] = _group(group)
    summary["by_kind"] = by_kind
    # Items that are easy to answer from the wrong period, scope, year, agency or part (`Trap`).
    summary["by_trap"] = {
        trap: {
            "n": len(group),
            "correct": _rate([s["outcome"] == "correct" for s in group]),
            "wrong": sum(1 for s in group if s["outcome"] == "wrong"),
        }
        for trap in sorted({s["trap"] for s in scores if s["trap"]})
        if (group := [s for s in scores if s["trap"] == trap])
    }
    summary["wrong_by_reason"] = {
        reason: sum(1 for s in scores if reason in s["wrong_reasons"]) for reason in WRONG_REASONS
    }
    return summary


def _fmt(value: Any, percent: bool = True) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(int(value))
    return f"{value * 100:.1f}%" if percent else f"{value:.3f}"


_OVERALL_ROWS = (
    ("n", "n"),
    ("answerable", "answerable"),
    ("correct", "correct"),
    ("wrong_rate", "wrong answers (share of all questions)"),
    ("errors", "answers that raised an error"),
    ("false_refusal_rate", "false refusal rate (share of answerable)"),
    ("answer_correctness", "answer correctness"),
    ("citation_correctness", "citation correctness"),
    ("quote_precision", "quote precision (quoted text the answer needs, correct answers)"),
    ("report_recall@1", "report R@1"),
    ("report_recall@5", "report R@5"),
    ("report_mrr@10", "report MRR@10"),
    ("section_recall@1", "section R@1"),
    ("section_recall@5", "section R@5"),
    ("section_mrr@10", "section MRR@10"),
    ("in_period@1", "period-named questions: rank 1 in period"),
    ("diacritics_gap", "correct: with minus without diacritics (answerable)"),
    ("abstention_precision", "abstention precision"),
    ("abstention_recall", "abstention recall"),
    ("numbers_outside_quotes", "answers with a number outside quotes"),
    ("marker_mismatches", "answers with a marker not backed by its source"),
    ("latency_p50_s", "latency p50 (s)"),
    ("latency_p95_s", "latency p95 (s)"),
)


def markdown_table(summary: Mapping[str, Any]) -> str:
    """Two Markdown tables: one row per kind, then the overall figures."""
    lines = [
        "| kind | n | correct | wrong | refused | errors | citation | section R@5 | report R@1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, g in summary.get("by_kind", {}).items():
        lines.append(
            f"| {kind} | {g['n']} | {_fmt(g['correct'])} | {g['wrong']} | {g['refused']} | {g['errors']} "
            f"| {_fmt(g['citation_correctness'])} | {_fmt(g['section_recall@5'])} "
            f"| {_fmt(g['report_recall@1'])} |"
        )
    if summary.get("by_trap"):
        lines += ["", "| trap | n | correct | wrong |", "|---|---:|---:|---:|"]
        for trap, g in summary["by_trap"].items():
            lines.append(f"| {trap} | {g['n']} | {_fmt(g['correct'])} | {g['wrong']} |")
    lines += ["", "| metric | value |", "|---|---:|"]
    for key, label in _OVERALL_ROWS:
        if key in summary:
            value = summary[key]
            text = _fmt(value, percent=False) if key.startswith("latency") or "mrr" in key else _fmt(value)
            lines.append(f"| {label} | {text} |")
    return "\n".join(lines) + "\n"
