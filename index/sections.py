"""Split a report's lines into sections with heading paths (the grammar is `index.headings`).

An Arabic `1.` inside an open Arabic heading is a restarted, nested numbering (appendix lists). A
heading the file styles without numbering (Word "Heading 2" on "Khó khăn, vướng mắc") takes the
rank of the numbered headings the file styles at that level.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.headings import RANK, Heading, classify, is_result_or_plan_title, marks_headings
from index.markup import Line
from index.types import Section, SectionKind

__all__ = ["Heading", "classify", "split_sections"]

_LEADIN_BULLETS = ("- ", "– ", "• ")


@dataclass
class _Open:
    heading: Heading
    rank: tuple[int, int]


def _rank(heading: Heading, stack: list[_Open], by_level: dict[int, int]) -> tuple[int, int]:
    if heading.style == "bold" and heading.level is not None and heading.level in by_level:
        return (by_level[heading.level], 0)
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
    """Plan or result by the outermost heading of the path that announces one ("B. PHƯƠNG HƯỚNG …",
    "PHẦN III. NHIỆM VỤ, KẾ HOẠCH …", "KẾT QUẢ …"); results when none does."""
    if not path or path[0].style == "back":
        return SectionKind.other
    if path[0].style == "appendix":
        return SectionKind.result
    for heading in path:
        announced = is_result_or_plan_title(heading.text)
        if announced == "plan":
            return SectionKind.plan
        if announced == "result":
            return SectionKind.result
    return SectionKind.result


def split_sections(lines: list[Line], marked_file: bool | None = None) -> tuple[str, list[Section]]:
    """Join the lines into the report text and cut it into sections (offsets into that text).
    `marked_file`: whether the file marks its headings (worked out from the lines when None)."""
    if marked_file is None:
        marked_file = marks_headings(lines)
    by_level: dict[int, int] = {}  # a style level -> the rank its numbered headings have
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

    for index, line in enumerate(lines):
        heading = classify(line, in_body, marked_file)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if heading and heading.style == "bold" and following is not None and following.table:
            heading = None  # a bold line right above a table is its caption
        if heading and stack and stack[0].heading.style == "back" and heading.style != "appendix":
            heading = None  # nothing after "Nơi nhận" is a heading until an appendix starts
        if heading is not None:
            close(max(body_start, offset - 1))
            if heading.style in ("roman", "part", "appendix"):
                in_body = True
            if heading.style == "appendix":
                appendix = True
            rank = _rank(heading, stack, by_level)
            if heading.level is not None and heading.style != "bold":
                by_level.setdefault(heading.level, rank[0])
            while stack and stack[-1].rank >= rank:
                stack.pop()
            stack.append(_Open(heading, rank))
            current = tuple(o.heading for o in stack)
            body_lines = []
            text_parts.append(line.text)
            offset += len(line.text) + 1
            body_start = offset
            continue
        if stack and stack[-1].heading.style == "leadin" and line.text.startswith(_LEADIN_BULLETS):
            # "- Về …:" holds the "+" items under it; the next "-" item is its sibling, not its child.
            close(max(body_start, offset - 1))
            stack.pop()
            current = tuple(o.heading for o in stack)
            body_lines = []
            body_start = offset
        text_parts.append(line.text)
        body_lines.append(line.text)
        offset += len(line.text) + 1
    close(max(body_start, offset - 1))
    return "\n".join(text_parts), sections
