"""Turn markdown and bold emphasis into plain lines, splitting headings glued to their text.

Report 004 marks headings with `#` at inconsistent levels and `**bold**`; report
000 glues bold headings to their first item ("*** Khu vực xã Kim Hòa:** Di dời ...")
and an appendix title to its first heading ("Phụ lục**Các tuyến...***(Kèm...)***1. ...**").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MD_HEADING = re.compile(r"^#{1,6}\s*(.*)$")
_BULLET_BEFORE_BOLD = re.compile(r"^[*\-+]\s*(?=\*\*)")
_BOLD_RUN = re.compile(r"\*{2,}")
_STRAY_STARS = re.compile(r"^\*+|\*+$")
_APPENDIX = re.compile(r"^(phụ lục|PHỤ LỤC)", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str
    emphasised: bool = False  # a markdown heading or a bold lead: may be a heading
    level: int | None = None  # the heading level the file gives it (Word style or outline level, `#`)
    table: bool = False  # one row of a table written out (`index.tables`): never a heading
    page: int | None = None  # 1-based page it stands on, where the file has pages


def _clean(segment: str) -> str:
    return " ".join(_STRAY_STARS.sub("", segment.strip()).split())


def plain_lines(paragraph: str) -> list[Line]:
    """One paragraph of source text as one or more plain lines."""
    md = _MD_HEADING.match(paragraph)
    if md:
        text = _clean(_BOLD_RUN.sub("", md.group(1)))
        return [Line(text, emphasised=True)] if text else []
    stripped = _BULLET_BEFORE_BOLD.sub("", paragraph.strip())
    starts_bold = stripped.startswith("**")
    if not (starts_bold or _APPENDIX.match(stripped)) or not _BOLD_RUN.search(stripped):
        return [Line(_clean(_BOLD_RUN.sub("", paragraph)))] if paragraph.strip() else []
    lines: list[Line] = []
    # Segments alternate outside/inside bold; a leading "**" makes the first segment empty.
    for i, segment in enumerate(_BOLD_RUN.split(stripped)):
        text = _clean(segment)
        if text:
            lines.append(Line(text, emphasised=(i % 2 == 1)))
    return lines
