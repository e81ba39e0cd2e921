"""The source format of the new-report corpus (eval/corpora/new/FORMAT.md), read into blocks.

Pure: text in, frozen values out. `eval.build_corpus` renders the blocks into .docx, .doc, .pdf,
.md and .txt; the evaluation set's evidence is checked against `evidence_texts`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MERGE_LEFT = "<"
MERGE_UP = "^"


class SourceError(ValueError):
    """A source file breaks the format; the message names the file and line."""


@dataclass(frozen=True)
class Heading:
    level: int  # 1-4
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Table:
    caption: str
    rows: tuple[tuple[str, ...], ...]  # raw cells, `<` and `^` marking merges

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def resolved(self) -> tuple[tuple[str, ...], ...]:
        """Every cell with the text it shows: a merged cell repeats its origin's text."""
        out: list[list[str]] = []
        for r, row in enumerate(self.rows):
            cells: list[str] = []
            for c, cell in enumerate(row):
                if cell == MERGE_LEFT and c > 0:
                    cells.append(cells[c - 1])
                elif cell == MERGE_UP and r > 0:
                    cells.append(out[r - 1][c])
                else:
                    cells.append(cell)
            out.append(cells)
        return tuple(tuple(row) for row in out)

    def merges(self) -> list[tuple[int, int, int, int]]:
        """Merged areas as (first row, first col, last row, last col), one per origin cell."""
        areas: list[tuple[int, int, int, int]] = []
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if (r, c) in covered or cell in (MERGE_LEFT, MERGE_UP):
                    continue
                last_c = c
                while last_c + 1 < len(row) and row[last_c + 1] == MERGE_LEFT:
                    last_c += 1
                last_r = r
                while last_r + 1 < len(self.rows) and self.rows[last_r + 1][c] == MERGE_UP:
                    last_r += 1
                if (last_r, last_c) != (r, c):
                    areas.append((r, c, last_r, last_c))
                    covered |= {(i, j) for i in range(r, last_r + 1) for j in range(c, last_c + 1)}
        return areas


@dataclass(frozen=True)
class TwoColumns:
    """The letterhead or the signature block: rows of (left, right)."""

    rows: tuple[tuple[str, str], ...]

    def left(self) -> list[str]:
        return [left for left, _ in self.rows if left]

    def right(self) -> list[str]:
        return [right for _, right in self.rows if right]


Block = Heading | Paragraph | PageBreak | Table


@dataclass(frozen=True)
class Source:
    name: str  # the report's file name, e.g. "bc-6-thang-2024.docx"
    meta: dict[str, str] = field(default_factory=dict)
    letterhead: TwoColumns | None = None
    title: tuple[str, ...] = ()
    body: tuple[Block, ...] = ()  # up to the signature
    signature: TwoColumns | None = None
    appendix: tuple[Block, ...] = ()  # after the signature

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    def flag(self, key: str) -> bool:
        return self.meta.get(key, "").strip().lower() in ("yes", "true", "1", "có")


_HEADING = re.compile(r"^(#{1,4})\s+(\S.*)$")
_BLOCKS = ("meta", "letterhead", "title", "table", "signature")


def _two_columns(lines: list[str]) -> TwoColumns:
    rows = []
    for line in lines:
        left, _, right = line.partition("||")
        rows.append((left.strip(), right.strip()))
    return TwoColumns(tuple(rows))


def _table(caption: str, lines: list[str], where: str) -> Table:
    rows = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|"):
            raise SourceError(f"{where}: dòng bảng phải bắt đầu bằng '|': {line!r}")
        inner = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
        rows.append(tuple(cell.strip() for cell in inner.split("|")))
    if not rows:
        raise SourceError(f"{where}: bảng không có dòng nào")
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise SourceError(f"{where}: các dòng của bảng có số ô khác nhau ({sorted(widths)})")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if (cell == MERGE_LEFT and c == 0) or (cell == MERGE_UP and r == 0):
                raise SourceError(f"{where}: ô gộp {cell!r} ở dòng {r + 1}, cột {c + 1} không có ô để gộp")
    return Table(caption.strip(), tuple(rows))


def parse_source(text: str, name: str) -> Source:
    """Read one source file's text. `name` is the report's file name (the source name minus `.txt`)."""
    text = unicodedata.normalize("NFC", text)
    meta: dict[str, str] = {}
    letterhead = signature = None
    title: tuple[str, ...] = ()
    body: list[Block] = []
    appendix: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        where = f"{name}:{i + 1}"
        i += 1
        if not line.strip() or line.startswith("%%"):
            continue
        target = appendix if signature is not None else body
        if line.startswith("@"):
            word, _, rest = line[1:].partition(" ")
            if word == "pagebreak":
                target.append(PageBreak())
                continue
            if word not in _BLOCKS:
                raise SourceError(f"{where}: không biết khối @{word}")
            inner: list[str] = []
            while i < len(lines) and lines[i].strip() != "@end":
                if not lines[i].startswith("%%"):
                    inner.append(lines[i].rstrip())
                i += 1
            if i == len(lines):
                raise SourceError(f"{where}: khối @{word} không có @end")
            i += 1
            content = [x for x in inner if x.strip()]
            if word == "meta":
                for entry in content:
                    key, sep, value = entry.partition(":")
                    if not sep:
                        raise SourceError(f"{where}: dòng @meta cần dạng 'khóa: giá trị': {entry!r}")
                    meta[key.strip()] = value.split(" #")[0].strip()
            elif word == "letterhead":
                letterhead = _two_columns(content)
            elif word == "title":
                title = tuple(x.strip() for x in content)
            elif word == "signature":
                signature = _two_columns(content)
            else:
                target.append(_table(rest, content, where))
            continue
        match = _HEADING.match(line)
        if match:
            target.append(Heading(len(match.group(1)), match.group(2).strip()))
        else:
            target.append(Paragraph(line.strip()))
    return Source(name, meta, letterhead, title, tuple(body), signature, tuple(appendix))


def read_source(path: Path) -> Source:
    if not path.name.endswith(".txt"):
        raise SourceError(f"{path.name}: tệp nguồn phải có dạng <tên báo cáo>.txt")
    return parse_source(path.read_text(encoding="utf-8"), path.name[: -len(".txt")])


def row_text(table: Table, index: int) -> str:
    """One row as evidence quotes it: cells joined by " | ", a `<` cell left out, a `^` cell as the
    text above it."""
    resolved = table.resolved()[index]
    cells = zip(table.rows[index], resolved, strict=True)
    return " | ".join(text for raw, text in cells if raw != MERGE_LEFT)


def evidence_texts(source: Source) -> list[str]:
    """Every text an evidence string may be taken from: lines and table rows (FORMAT.md, Evidence)."""
    texts: list[str] = []
    for columns in (source.letterhead, source.signature):
        if columns:
            texts += columns.left() + columns.right()
    texts += list(source.title)
    for block in (*source.body, *source.appendix):
        if isinstance(block, Heading | Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table):
            if block.caption:
                texts.append(block.caption)
            texts += [row_text(block, r) for r in range(len(block.rows))]
            texts += [cell for row in block.resolved() for cell in row]
    return texts
