"""The number guard and the citation check: what an answer may say, given what it cites.

Every number of an answer must be in a cited quote (after normalising how reports write numbers:
1.286 = 1286, "57,96%", "01"), or name the period, report or section it cites, or a period the
question itself names. Every citation marker must point at a citation, and a line's markers at
sources that hold that line's numbers. An answer that fails is not
shown: the caller falls back to the extractive answer or abstains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.calc import Calculation, verified
from assistant.types import Citation
from index.numbers import find_numbers, is_date
from index.periods import parse_periods

# [1], [1, 2], [1-3]; at most two digits, so "[2019-2023]" in a report is no marker.
_MARKER = re.compile(r"\[\s*(\d{1,2}(?:\s*[,;–-]\s*\d{1,2})*)\s*\]")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_ENUMERATOR = re.compile(r"^(\s*)(?:\d{1,2}[.)]|\(\d{1,2}\))(?=\s)", re.MULTILINE)  # "1. ", "2) ", "(3) "


@dataclass(frozen=True)
class Cited:
    """What the guard needs of a citation."""

    n: int
    quote: str
    labels: str  # period, report title and section: their numbers may be named


def _labels_of(period: object, title: object, section: object) -> str:
    return f"{period} \n {title} \n {section}"


def cited(citations: Iterable[Citation]) -> list[Cited]:
    """The guard's view of an answer's citations."""
    return [Cited(c.n, c.quote, _labels_of(c.period, c.report_title, c.section)) for c in citations]


def cited_from_json(citations: Iterable[Mapping[str, Any]]) -> list[Cited]:
    """The same from `Answer.to_json()` citations (what the evaluation reads)."""
    return [
        Cited(
            int(c.get("n", 0)),
            str(c.get("quote", "")),
            _labels_of(c.get("period", ""), c.get("report_title", ""), c.get("section", "")),
        )
        for c in citations
    ]


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
    """The numbers, plus for each date its day/month, month/year and year ("26/1/2022" allows 26/1,
    1/2022 and 2022, not a bare 26)."""
    found = set(numbers)
    for number in list(found):
        if is_date(number):
            parts = number.split("/")
            found.add(parts[-1])
            found.update("/".join(parts[i : i + 2]) for i in range(len(parts) - 1))
    return found


def _without_enumerators(text: str) -> str:
    """Line-start list numbers removed when they count 1, 2, 3 ... in order; otherwise kept as numbers."""
    found = [int(re.sub(r"\D", "", m.group(0))) for m in _ENUMERATOR.finditer(text)]
    return _ENUMERATOR.sub(r"\1", text) if found == list(range(1, len(found) + 1)) else text


def _labels(cited: Sequence[Cited], question: str) -> list[str]:
    """What names sources and periods: the citations' period, title and headings, the question's periods."""
    pieces = {
        piece.strip()
        for c in cited
        for line in c.labels.split("\n")
        for piece in [line, *line.split(" > ")]
        if piece.strip()
    }
    pieces |= {p.label() for p in parse_periods(question)}
    return sorted(pieces, key=len, reverse=True)


def _without_labels(text: str, labels: Sequence[str]) -> str:
    """The text without the labels it repeats as written (any case): their numbers are no figures."""
    for label in labels:
        text = re.sub(re.escape(label), " ", text, flags=re.IGNORECASE)
    return text


def _without_quotes(text: str, cited: Sequence[Cited]) -> str:
    """The text without the quotes it repeats verbatim: brackets inside a report's words are no markers."""
    for quote in sorted({c.quote for c in cited if c.quote}, key=len, reverse=True):
        text = text.replace(quote, " ")
    return text


def numbers_outside(
    text: str, cited: Sequence[Cited], question: str = "", calculations: Sequence[Calculation] = ()
) -> list[str]:
    """Normalised numbers of `text` that no cited quote holds, in order, each once.

    Not figures, so not checked: citation markers, list numbering 1, 2, 3 at line starts, and the
    citations' period, title and headings and the question's periods as written. Allowed besides
    the quotes' numbers: those periods written another way, the parts of a quoted date, and results
    of calculations whose operands are quoted and whose arithmetic is right.
    """
    labels = _labels(cited, question)
    answer = _without_labels(_without_enumerators(strip_markers(text)), labels)
    quoted = _with_date_parts(n for c in cited for n in find_numbers(c.quote))
    # A labelled period written another way ("tháng 10 năm 2023", "năm 2023" for "tháng 10/2023") too.
    allowed = quoted | _with_date_parts(
        n for n in find_numbers(" \n ".join(labels)) if is_date(n) or _YEAR.match(n)
    )
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
    return [n for n in dict.fromkeys(markers(_without_quotes(text, cited))) if n not in known]


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
        named = [by_n[n] for n in dict.fromkeys(markers(_without_quotes(line, cited))) if n in by_n]
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
