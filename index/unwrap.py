"""Rebuild paragraphs from text that arrives hard-wrapped (PDF extraction).

PDF text comes one visual line at a time, often with a blank line between
wrapped lines, words split at hyphens, and page numbers on their own lines.
We join a line to the next when the line was visibly cut (it runs to the wrap
width, ends in a hyphen or comma, or the next line starts in lower case) and
keep real paragraph breaks: headings and short final lines stay apart.
"""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*-)?\s*$", re.IGNORECASE)
_TERMINAL = (".", ";", ":", "!", "?", "…")
_JOINERS = ("-", "–", ",")
# Lines that open a heading: never the tail of a wrapped line.
_HEADING_START = re.compile(
    r"^\s*(?:[IVX]+\.\s|\d{1,2}\s?\.\s?\d{1,2}\.?\s|\d{1,2}\.\s+[A-ZĐÀ-Ỹ]|[a-zđ]\)\s)"
)
_LIST_START = re.compile(r"^\s*(?:[-+•*]\s|[IVX]+\.\s|\d+(?:\s?\.\s?\d+)*\.?\s|[a-zđ]\)\s)")


def drop_page_numbers(lines: list[str]) -> list[str]:
    """Remove lines holding only a page number between blank lines."""
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _PAGE_NUMBER.match(line):
            before = lines[i - 1].strip() if i > 0 else ""
            after = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if not before and not after:
                continue
        kept.append(line)
    return kept


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was cut at, or None when lines are whole paragraphs."""
    lengths = [len(line.strip()) for line in lines if line.strip()]
    if len(lengths) < 20:
        return None
    width = sorted(lengths)[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if 0.7 * width <= n <= width)
    # Wrapped text: most lines sit just under one width, and that width is a page width.
    if width <= 130 and near >= 0.5 * len(lengths):
        return width
    return None


def _is_upper(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _continues(prev_line: str, nxt: str, width: int | None) -> bool:
    """Whether `nxt` carries on the paragraph whose last physical line is `prev_line`."""
    prev_s, next_s = prev_line.rstrip(), nxt.strip()
    if not prev_s or not next_s or _is_upper(prev_s):
        return False
    if next_s[0].islower() and not _LIST_START.match(next_s):
        return True
    if width is None or prev_s.endswith((".", ":", "!", "?", "…")) or _HEADING_START.match(next_s):
        return False
    if _LIST_START.match(next_s) and not (prev_s.endswith(_JOINERS) or len(prev_s) >= 0.75 * width):
        return False
    # A full-width line was cut by the page; one ending in ';' or ',' continues a list of clauses.
    return prev_s.endswith(_JOINERS + (";",)) or len(prev_s) >= 0.75 * width


def join_lines(prev: str, nxt: str) -> str:
    prev_s, next_s = prev.rstrip(), nxt.strip()
    # "2021-" + "2025" and "QĐ-" + "TTg" are one token cut at a hyphen.
    if prev_s.endswith("-") and not prev_s.endswith(" -"):
        return prev_s + next_s
    return prev_s + " " + next_s


def paragraphs(text: str) -> list[str]:
    """Split normalised text into paragraphs, undoing hard wrapping where it is present."""
    lines = drop_page_numbers(text.split("\n"))
    width = wrap_width(lines)
    result: list[str] = []
    last_line = ""
    for line in lines:
        if not line.strip():
            continue
        if result and _continues(last_line, line, width):
            result[-1] = join_lines(result[-1], line)
        else:
            result.append(line.strip())
        last_line = line
    return result
