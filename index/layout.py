"""Page layout to lines: visual lines (from a PDF's text layer or from OCR) made into paragraphs.

Pure geometry, no PDF library: a visual line is its text pieces with their positions. What a page
says about its text decides, not the words:
- running headers and footers are the lines in the top or bottom band that repeat on most pages
  (their digits aside), and page numbers are lone numbers in those bands;
- two pieces of one visual line far apart are two columns (the letterhead, the signature block): a
  run of such lines is read column by column; three or more are a table row;
- a paragraph goes on while a line runs to the right margin and the next starts at the left margin;
  a first-line indent, a short line, a wider gap or a change to bold starts a new one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from index.markup import Line
from index.tables import is_number, make_table, row_lines
from index.text import collapse_spaces

# Distances in units of the line's font size, so that they hold at any zoom or DPI.
COLUMN_GAP = 2.5  # a gap this wide inside a line separates columns (justified spaces stay under ~1)
MARGIN_BAND = 0.09  # top and bottom share of the page where running headers and footers sit
INDENT = 1.2  # a first line starting this much right of the margin opens a paragraph
SHORT_LINE = 3.0  # a line ending this far before the right margin ends its paragraph
PARAGRAPH_GAP = 0.9  # extra vertical space (beyond normal leading) that separates paragraphs
REPEATS_ON = 0.5  # a band line on this share of the pages (and at least two) is running matter

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*-)?(?:\s*/\s*\d{1,4})?\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_BULLET = re.compile(r"^[-+•–]\s")
_LIST_START = re.compile(r"^(?:[-+•*–]\s|[IVX]+\.\s|\d+(?:\.\d+)*[.)]\s|[a-zđ][.)]\s)")


@dataclass(frozen=True)
class Piece:
    """A run of text on one visual line, with its box in page units (points or pixels)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size (a text layer) or text height (OCR)
    bold: bool = False


@dataclass(frozen=True)
class VisualLine:
    pieces: tuple[Piece, ...]
    page: int

    @property
    def text(self) -> str:
        return collapse_spaces(" ".join(p.text for p in self.pieces))

    @property
    def x0(self) -> float:
        return self.pieces[0].x0

    @property
    def x1(self) -> float:
        return self.pieces[-1].x1

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)

    @property
    def size(self) -> float:
        return max(p.size for p in self.pieces)

    @property
    def bold(self) -> bool:
        letters = sum(len(p.text) for p in self.pieces)
        return letters > 0 and sum(len(p.text) for p in self.pieces if p.bold) >= 0.8 * letters


@dataclass(frozen=True)
class PageLayout:
    number: int  # 1-based
    height: float
    lines: tuple[VisualLine, ...]  # top to bottom
    # Tables the page's ruling found, as (top, rows of cells; None for a merged cell).
    tables: tuple[tuple[float, tuple[tuple[str | None, ...], ...]], ...] = ()


def split_columns(pieces: Sequence[Piece]) -> list[list[Piece]]:
    """Pieces of one visual line grouped where the gap between them is a column gap."""
    groups: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: p.x0):
        if groups and piece.x0 - groups[-1][-1].x1 < COLUMN_GAP * max(piece.size, groups[-1][-1].size):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _band_key(line: VisualLine) -> str:
    return _DIGITS.sub("#", line.text.casefold())


def running_matter(pages: Sequence[PageLayout]) -> set[tuple[int, int]]:
    """(page, line index) of running headers, footers and page numbers."""
    in_band: list[tuple[int, int, str]] = []
    for page in pages:
        for i, line in enumerate(page.lines):
            if line.top < MARGIN_BAND * page.height or line.bottom > (1 - MARGIN_BAND) * page.height:
                in_band.append((page.number, i, _band_key(line)))
    pages_with = Counter(key for key in {(n, k) for n, _, k in in_band})
    on_pages = Counter(k for _, k in pages_with)
    needed = max(2, REPEATS_ON * len(pages))
    return {
        (number, i)
        for number, i, key in in_band
        if on_pages[key] >= needed or _PAGE_NUMBER.match(pages[number - 1].lines[i].text)
    }


def _row(line: VisualLine) -> list[str]:
    return [collapse_spaces(" ".join(p.text for p in group)) for group in split_columns(line.pieces)]


def _continues(previous: VisualLine, line: VisualLine, left: float, right: float) -> bool:
    """Whether `line` carries on the paragraph whose last visual line is `previous`."""
    size = max(previous.size, line.size)
    if previous.page != line.page:
        gap_ok = True  # a page break is not a paragraph break
    else:
        leading = line.top - previous.bottom
        gap_ok = leading < PARAGRAPH_GAP * size
    if not gap_ok or previous.bold != line.bold:
        return False
    if line.x0 > left + INDENT * size:
        return False  # a first-line indent, or a centred line
    if previous.x1 < right - SHORT_LINE * size:
        return False  # the previous line stopped short: its paragraph ended
    if _BULLET.match(line.text):
        return False  # "- ", "+ ": a new item (a wrapped sentence does not go on with a bullet)
    return not (_LIST_START.match(line.text) and previous.text.rstrip().endswith((".", ";", ":")))


def _margins(lines: Sequence[VisualLine]) -> tuple[float, float]:
    """The body's left and right margins on one page: where most lines start (a low percentile, so
    that the indented first lines do not count and a scan's slight tilt does not matter) and where the
    long lines end."""
    if not lines:
        return 0.0, 0.0
    starts = sorted(line.x0 for line in lines)
    ends = sorted(line.x1 for line in lines)
    return starts[int(len(starts) * 0.1)], ends[int(len(ends) * 0.9)]


def lines_of_pages(pages: Sequence[PageLayout]) -> list[Line]:
    """The pages' text as lines: running matter dropped, columns read one after the other, tables
    written row by row, wrapped lines joined into their paragraphs."""
    dropped = running_matter(pages)
    body = [
        (page, line) for page in pages for i, line in enumerate(page.lines) if (page.number, i) not in dropped
    ]
    single = [(p, line) for p, line in body if len(split_columns(line.pieces)) == 1]
    margins = {page.number: _margins([line for p, line in single if p is page]) for page in pages}
    items: list[tuple[int, float, object]] = []  # (page, top, VisualLine | table rows)
    for page, line in body:
        items.append((page.number, line.top, line))
    for page in pages:
        for top, rows in page.tables:
            items.append((page.number, top, rows))
    items.sort(key=lambda item: (item[0], item[1]))

    out: list[Line] = []
    paragraph: list[VisualLine] = []
    columns = _Columns()
    grid = _Grid()
    table_rows: list[list[str | None]] = []
    tables = 0

    def flush_paragraph() -> None:
        if paragraph:
            text = collapse_spaces(_join(paragraph))
            out.append(Line(text, emphasised=paragraph[0].bold, page=paragraph[0].page))
            paragraph.clear()

    def flush_table() -> None:
        nonlocal tables
        if table_rows:
            tables += 1
            caption = out[-1].text if out and not out[-1].table else ""
            table = make_table([list(r) for r in table_rows], caption if len(caption) <= 200 else "")
            page = out[-1].page if out else None
            out.extend(Line(t, table=True, page=page) for t in row_lines(table, tables))
            table_rows.clear()

    for _, _, item in items:
        if not isinstance(item, VisualLine):
            flush_paragraph()
            out.extend(columns.flush())
            rows = list(item)  # type: ignore[arg-type]
            # A table cut by a page break: a first row of mostly empty cells ends the last row.
            if table_rows and rows and sum(1 for c in rows[0] if c) <= len(rows[0]) // 2:
                last = table_rows[-1]
                table_rows[-1] = [
                    collapse_spaces(f"{a or ''} {b or ''}") or None
                    for a, b in zip(last, rows[0], strict=False)
                ]
                rows = rows[1:]
            table_rows.extend(list(r) for r in rows)
            continue
        line = item
        groups = split_columns(line.pieces)
        if grid.take(line, groups):
            flush_paragraph()
            out.extend(columns.flush())
            continue
        if grid.rows:
            table_rows.extend(grid.flush())
        flush_table()
        if columns.take(line, groups):
            flush_paragraph()
            continue
        out.extend(columns.flush())
        left, right = margins[line.page]
        if paragraph and not _continues(paragraph[-1], line, left, right):
            flush_paragraph()
        paragraph.append(line)
    flush_paragraph()
    out.extend(columns.flush())
    table_rows.extend(grid.flush())
    flush_table()
    return out


class _Grid:
    """A table without ruling (a scan, a PDF table drawn without borders): visual lines of three
    pieces or more far apart are rows; a narrower line under a row, inside one column, carries on
    that row's cell (a cell's text wrapped over several lines)."""

    def __init__(self) -> None:
        self.anchors: list[float] = []  # where each column starts
        self.rows: list[list[str]] = []
        self.bottom = 0.0

    def _column(self, x0: float, size: float) -> int:
        chosen = 0
        for index, anchor in enumerate(self.anchors):
            if anchor <= x0 + size:
                chosen = index
        return chosen

    def take(self, line: VisualLine, groups: list[list[Piece]]) -> bool:
        size = line.size
        texts = [collapse_spaces(" ".join(p.text for p in g)) for g in groups]
        if len(groups) >= 3:
            if len(groups) > len(self.anchors):
                self.anchors = [g[0].x0 for g in groups]
            row = [""] * len(self.anchors)
            for group, text in zip(groups, texts, strict=True):
                column = self._column(group[0].x0, size)
                row[column] = collapse_spaces(f"{row[column]} {text}")
            self.rows.append(row)
            self.bottom = line.bottom
            return True
        if not self.rows or line.top - self.bottom > 1.5 * size:
            return False
        placed = [(self._column(g[0].x0, size), g) for g in groups]
        for column, group in placed:
            limit = self.anchors[column + 1] if column + 1 < len(self.anchors) else float("inf")
            if group[-1].x1 > limit + size:
                return False  # runs across columns: text after the table
        if len(groups) >= 2 and any(is_number(t) for t in texts):
            self.rows.append([""] * len(self.anchors))
        for (column, _), text in zip(placed, texts, strict=True):
            self.rows[-1][column] = collapse_spaces(f"{self.rows[-1][column]} {text}")
        self.bottom = line.bottom
        return True

    def flush(self) -> list[list[str | None]]:
        rows: list[list[str | None]] = [list(r) for r in self.rows]
        self.anchors, self.rows = [], []
        return rows


class _Columns:
    """A run of visual lines laid out in two columns (letterhead, signature block), read column by
    column. A line with one piece stays in the run while it sits inside one of the columns."""

    def __init__(self) -> None:
        self.split: float | None = None  # where the right column starts
        self.cells: list[tuple[int, Piece, str, int]] = []  # (column, first piece, text, page)

    def take(self, line: VisualLine, groups: list[list[Piece]]) -> bool:
        if len(groups) == 2:
            if self.split is None:
                self.split = groups[1][0].x0
            for column, group in enumerate(groups):
                text = collapse_spaces(" ".join(p.text for p in group))
                self.cells.append((column, group[0], text, line.page))
            return True
        if self.split is None:
            return False
        size = line.size
        if line.x0 >= self.split - COLUMN_GAP * size:
            column = 1
        elif line.x1 <= self.split - size:
            column = 0
        else:
            return False  # the line runs across both columns: the run is over
        self.cells.append((column, line.pieces[0], line.text, line.page))
        return True

    def flush(self) -> list[Line]:
        if not self.cells:
            return []
        order = (0, 1)
        if any(c == 0 and text.startswith("Nơi nhận") for c, _, text, _ in self.cells):
            order = (1, 0)  # the signer first: "Nơi nhận" opens the back matter after the name
        out: list[Line] = []
        for column in order:
            previous: tuple[Piece, str] | None = None
            for c, piece, text, page in self.cells:
                if c != column:
                    continue
                # "SỞ THÔNG TIN VÀ TRUYỀN" / "THÔNG": the last word of an upper-case name wrapped
                # inside its column (a whole next line, "SỞ …" under "UBND …", is a line of its own).
                if (
                    previous
                    and out
                    and len(text.split()) <= 2
                    and not any(ch.isdigit() for ch in text)
                    and _upper(text)
                    and _upper(previous[1])
                    and piece.bold == previous[0].bold
                ):
                    out[-1] = Line(f"{out[-1].text} {text}", out[-1].emphasised, page=out[-1].page)
                    previous = (piece, out[-1].text)
                    continue
                out.append(Line(text, emphasised=piece.bold, page=page))
                previous = (piece, text)
        self.split = None
        self.cells = []
        return out


def _upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _join(lines: Sequence[VisualLine]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        nxt = line.text
        # "2021-" + "2025", "QĐ-" + "UBND": one token cut at its hyphen.
        text = text + nxt if text.endswith("-") and not text.endswith(" -") else f"{text} {nxt}"
    return text
