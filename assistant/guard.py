"""The number guard and the citation check: what an answer may say, given what it cites.

Every number of an answer must be in a cited quote (after normalising how reports write numbers:
1.286 = 1286, "57,96%", "01"), or name the period, report or section it cites, or a period the
question itself names. Every citation marker must point at a citation, and a line's markers at
sources that hold that line's numbers. An answer that fails is not
shown: the caller falls back to the extractive answer or abstains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.calc import Calculation, verified
from assistant.types import Citation
from index.numbers import find_numbers, is_date
from index.periods import parse_periods

_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")  # [1], [1, 2], [1-3]
_ENUMERATOR = re.compile(r"^(\s*)(?:\d{1,2}[.)]|\(\d{1,2}\))(?=\s)", re.MULTILINE)  # "1. ", "2) ", "(3) "


@dataclass(frozen=True)
class Cited:
    """What the guard needs of a citation."""

    n: int
    quote: str
    labels: str  # period, report title and section: their numbers may be named


def cited(citations: Iterable[Citation]) -> list[Cited]:
    """The guard's view of an answer's citations."""
    return [Cited(c.n, c.quote, f"{c.period} \n {c.report_title} \n {c.section}") for c in citations]


def strip_markers(text: str) -> str:
    """The text without citation markers ("[1]", "[1, 2]"): they are not content."""
    return _MARKER.sub(" ", text)


def markers(text: str) -> list[int]:
    """Every citation number the text's markers point at, "[1-3]" read as 1, 2, 3."""
    found: list[int] = []
    for m in _MARKER.finditer(text):
        for part in re.split(r"\s*[,;]\s*", m.group(1)):
            bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
            found.extend(range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 else bounds)
    return found


def _with_date_parts(numbers: Iterable[str]) -> set[str]:
    """The numbers, plus for each date its day/month, month/year and single parts."""
    found = set(numbers)
    for number in list(found):
        if is_date(number):
            parts = number.split("/")
            found.update(parts)
            found.update("/".join(parts[i : i + 2]) for i in range(len(parts) - 1))
    return found


def numbers_outside(
    text: str, cited: Sequence[Cited], question: str = "", calculations: Sequence[Calculation] = ()
) -> list[str]:
    """Normalised numbers of `text` that no cited quote holds, in order, each once.

    Ignored: citation markers, list enumerators at a line start, numbers of the citations' labels
    ("tháng 10/2023" allows 10/2023, 10 and 2023) and of the periods the question names, and the
    results of calculations whose operands are quoted and whose arithmetic is right.
    """
    answer = _ENUMERATOR.sub(r"\1", strip_markers(text))
    quoted = _with_date_parts(n for c in cited for n in find_numbers(c.quote))
    labels = " \n ".join([*(c.labels for c in cited), *(p.label() for p in parse_periods(question))])
    allowed = quoted | _with_date_parts(find_numbers(labels))
    for calculation in calculations:
        if verified(calculation, quoted):
            allowed.update(find_numbers(calculation.result))
    outside: list[str] = []
    for number in find_numbers(answer):
        if number not in allowed and number not in outside:
            outside.append(number)
    return outside


def dangling_markers(text: str, cited: Sequence[Cited]) -> list[int]:
    """Marker numbers of `text` that no citation has."""
    known = {c.n for c in cited}
    return [n for n in dict.fromkeys(markers(text)) if n not in known]


def unsupported_lines(
    text: str, cited: Sequence[Cited], question: str = "", calculations: Sequence[Calculation] = ()
) -> list[str]:
    """Lines whose markers point at sources that do not hold the line's numbers.

    Each line with markers is checked against only the citations it names, so "[2]" after a figure
    that only source 1 holds is caught even when the answer as a whole cites both.
    """
    by_n = {c.n: c for c in cited}
    bad: list[str] = []
    for line in text.splitlines():
        named = [by_n[n] for n in dict.fromkeys(markers(line)) if n in by_n]
        if named and numbers_outside(line, named, question, calculations):
            bad.append(line)
    return bad


def passes(
    text: str, cited: Sequence[Cited], question: str = "", calculations: Sequence[Calculation] = ()
) -> bool:
    """The answer may be shown: every number cited, every marker backed, at least one citation."""
    return (
        bool(cited)
        and not numbers_outside(text, cited, question, calculations)
        and not dangling_markers(text, cited)
        and not unsupported_lines(text, cited, question, calculations)
    )
