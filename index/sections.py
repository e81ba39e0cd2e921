"""Split a report's lines into sections with heading paths.

Heading styles, from the top: appendix (`Phụ lục`), Roman `I.`, Arabic `1.`,
decimal `6.1.` / `7. 2.`, letters `a)`, and bold leads. An Arabic `1.` inside an
open Arabic heading is a restarted, nested numbering (appendix lists). A
numbered line that reads as a sentence (long, or ending in '.' or ';') is a list
item, not a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.markup import Line
from index.text import fold_diacritics
from index.types import Section, SectionKind

_ROMAN = re.compile(r"^([IVX]{1,5})\s?\.\s*(\S.*)$")
_DECIMAL = re.compile(r"^(\d{1,2})\s?\.\s?(\d{1,2})\.?\s+(\S.*)$")
_ARABIC = re.compile(r"^(\d{1,2})\.(?!\d)\s*(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_APPENDIX = re.compile(r"^(phụ lục|PHỤ LỤC)(\s+[IVX\d]+)?\s*:?\s*(.*)$", re.IGNORECASE)
_BACK_MATTER = re.compile(r"^(Nơi nhận|NƠI NHẬN)\s*:?\s*$")
_PLAN_WORDS = re.compile(r"\b(ke hoach|chuong trinh|phuong huong|nhiem vu)\b")

MAX_HEADING_CHARS = 120
RANK = {"appendix": 0, "roman": 1, "back": 1, "arabic": 2, "decimal": 3, "letter": 4, "bold": 5}


@dataclass(frozen=True)
class Heading:
    style: str
    text: str
    number: int = 0


def _reads_as_heading(text: str) -> bool:
    return len(text) <= MAX_HEADING_CHARS and not text.rstrip().endswith((".", ";", ","))


def classify(line: Line, in_body: bool) -> Heading | None:
    """The heading a line is, or None for body text. `in_body`: a Roman heading has been seen."""
    text = line.text
    if _BACK_MATTER.match(text):
        return Heading("back", text.rstrip(":").strip())
    if _APPENDIX.match(text) and len(text) <= 300:
        return Heading("appendix", text)
    if (m := _ROMAN.match(text)) and (_reads_as_heading(m.group(2)) or line.emphasised):
        return Heading("roman", text)
    if (m := _DECIMAL.match(text)) and _reads_as_heading(text):
        return Heading("decimal", text, int(m.group(2)))
    if (m := _ARABIC.match(text)) and (
        _reads_as_heading(text) or (line.emphasised and len(text) <= 2 * MAX_HEADING_CHARS)
    ):
        return Heading("arabic", text, int(m.group(1)))
    if _LETTER.match(text) and _reads_as_heading(text):
        return Heading("letter", text)
    # Bold leads count only inside the body: before it they are the report's title.
    if line.emphasised and in_body and len(text) <= MAX_HEADING_CHARS and not text.endswith("."):
        return Heading("bold", text)
    return None


@dataclass
class _Open:
    heading: Heading
    rank: tuple[int, int]


def _rank(heading: Heading, stack: list[_Open]) -> tuple[int, int]:
    base = RANK[heading.style]
    if heading.style != "arabic":
        return (base, 0)
    open_arabic = [o for o in stack if o.heading.style == "arabic"]
    if not open_arabic:
        return (base, 0)
    if heading.number == 1:
        # Numbering restarts inside an open Arabic heading: a nested list.
        return (base, open_arabic[-1].rank[1] + 1)
    for o in reversed(open_arabic):
        if o.heading.number in (heading.number - 1, heading.number):
            return o.rank
    smaller = [o for o in open_arabic if o.heading.number < heading.number]
    return smaller[-1].rank if smaller else open_arabic[0].rank


def _section_kind(path: tuple[Heading, ...]) -> SectionKind:
    if not path or path[0].style == "back":
        return SectionKind.other
    if path[0].style == "appendix":
        return SectionKind.result
    top = fold_diacritics(path[0].text)
    if _PLAN_WORDS.search(top) and "ket qua" not in top:
        return SectionKind.plan
    return SectionKind.result


def split_sections(lines: list[Line]) -> tuple[str, list[Section]]:
    """Join the lines into the report text and cut it into sections (offsets into that text)."""
    text_parts: list[str] = []
    offset = 0
    stack: list[_Open] = []
    sections: list[Section] = []
    current: tuple[Heading, ...] = ()
    body_start = 0
    body_lines: list[str] = []
    in_body = False
    appendix = False

    def close(end: int) -> None:
        if not current and not body_lines:
            return
        heading = current[-1].text if current else ""
        sections.append(
            Section(
                heading=heading,
                path=tuple(h.text for h in current),
                level=len(current),
                body="\n".join(body_lines),
                start=body_start,
                end=end,
                kind=_section_kind(current),
                appendix=appendix and bool(current),
            )
        )

    for line in lines:
        heading = classify(line, in_body)
        if heading and stack and stack[0].heading.style == "back" and heading.style != "appendix":
            heading = None  # nothing after "Nơi nhận" is a heading until an appendix starts
        if heading is not None:
            close(max(body_start, offset - 1))
            if heading.style in ("roman", "appendix"):
                in_body = True
            if heading.style == "appendix":
                appendix = True
            rank = _rank(heading, stack)
            while stack and stack[-1].rank >= rank:
                stack.pop()
            stack.append(_Open(heading, rank))
            current = tuple(o.heading for o in stack)
            body_lines = []
            text_parts.append(line.text)
            offset += len(line.text) + 1
            body_start = offset
            continue
        text_parts.append(line.text)
        body_lines.append(line.text)
        offset += len(line.text) + 1
    close(max(body_start, offset - 1))
    return "\n".join(text_parts), sections
