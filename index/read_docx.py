"""Word files (.docx) read in document order: paragraphs and tables where they stand.

Heading styles and outline levels give heading levels; bold paragraphs are marked as possible
headings. A borderless table before the title is the letterhead, one holding "Nơi nhận" or a
signer's role is the signature block: their cells are read as lines (the letterhead's left column,
then its right; the signer's column, then the recipients). Every other table becomes one line per
row (`index.tables`). Footnotes are kept with the paragraph that cites them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from index.document import Document
from index.errors import ReportLoadError
from index.markup import Line
from index.tables import caption_before, make_table, row_lines
from index.text import collapse_spaces, normalise

_HEADING_STYLE = re.compile(r"^(?:heading|tiêu đề)\s*(\d)$", re.IGNORECASE)
_TITLE_WORD = re.compile(r"^\s*BÁO\s*CÁO\s*$", re.IGNORECASE)
_LETTERHEAD_WORDS = re.compile(r"CỘNG HÒA|CỘNG HOÀ|Độc lập|^Số\s*:|UBND|ỦY BAN NHÂN DÂN", re.MULTILINE)
_SIGNATURE_WORDS = re.compile(
    r"Nơi nhận|NƠI NHẬN|^(?:KT|TM|TL|TUQ|Q)\.\s|GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG PHÒNG", re.MULTILINE
)
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style_level(paragraph: Any) -> int | None:
    """The heading level a paragraph's style or outline level gives: 1 for Heading 1; None for body."""
    style = paragraph.style
    while style is not None:
        match = _HEADING_STYLE.match(style.name or "")
        if match:
            return int(match.group(1) or 1)
        outline = style.element.find(f"{W_NS}pPr/{W_NS}outlineLvl")
        if outline is not None:
            return int(outline.get(f"{W_NS}val")) + 1
        style = style.base_style
    own = paragraph._p.find(f"{W_NS}pPr/{W_NS}outlineLvl")
    if own is not None and int(own.get(f"{W_NS}val")) < 9:
        return int(own.get(f"{W_NS}val")) + 1
    return None


def _is_bold(paragraph: Any) -> bool:
    """Every run with text is bold, by the run or by the paragraph's style."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = False
    style = paragraph.style
    while style is not None and not style_bold:
        style_bold = bool(style.font.bold)
        style = style.base_style
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _footnotes(document: Any) -> dict[str, str]:
    """Footnote id -> its text, from the footnotes part when the file has one."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for note in root.findall(f"{W_NS}footnote"):
                text = "".join(t.text or "" for t in note.iter(f"{W_NS}t"))
                if text.strip():
                    notes[note.get(f"{W_NS}id")] = collapse_spaces(text)
            return notes
    return {}


def _paragraph_text(paragraph: Any, notes: dict[str, str]) -> str:
    text = paragraph.text
    cited = [
        notes[ref.get(f"{W_NS}id")]
        for ref in paragraph._p.iter(f"{W_NS}footnoteReference")
        if ref.get(f"{W_NS}id") in notes
    ]
    if cited:
        text = f"{text} ({'; '.join(cited)})"
    return normalise(text)


def _cell_lines(cell: Any) -> list[Line]:
    lines = []
    for paragraph in cell.paragraphs:
        text = collapse_spaces(normalise(paragraph.text))
        if text:
            lines.append(Line(text, emphasised=_is_bold(paragraph)))
    return lines


def _layout_kind(table: Any, before_title: bool) -> str | None:
    """ "letterhead", "signature" or None (a table of data)."""
    if len(table.columns) > 3 or len(table.rows) > 6:
        return None
    text = "\n".join(c.text for row in table.rows for c in row.cells)
    if before_title and _LETTERHEAD_WORDS.search(text):
        return "letterhead"
    if _SIGNATURE_WORDS.search(text) and len(text) < 1500:
        return "signature"
    return None


def _columns(table: Any) -> list[list[Any]]:
    """The distinct cells of each column, top to bottom (a merged cell once)."""
    columns: list[list[Any]] = []
    for c in range(len(table.columns)):
        seen: list[Any] = []
        for row in table.rows:
            cell = row.cells[c] if c < len(row.cells) else None
            if cell is not None and all(cell._tc is not s._tc for s in seen):
                seen.append(cell)
        columns.append(seen)
    return columns


def _layout_lines(table: Any, kind: str) -> list[Line]:
    columns = [[line for cell in column for line in _cell_lines(cell)] for column in _columns(table)]
    if kind == "signature":
        # The signer's column first: the role and name end the body, "Nơi nhận" then opens the back matter.
        recipients = [
            i for i, col in enumerate(columns) if any(line.text.startswith("Nơi nhận") for line in col)
        ]
        order = [i for i in range(len(columns)) if i not in recipients] + recipients
        columns = [columns[i] for i in order]
    return [line for column in columns for line in column]


def _data_lines(table: Any, caption: str, number: int) -> list[Line]:
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    return [Line(text, table=True) for text in row_lines(make_table(rows, caption), number)]


def read_docx(path: Path) -> Document:
    import docx  # lazy: python-docx is only needed for Word files
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a bad file
        raise ReportLoadError(f"{path.name}: tệp .docx hỏng hoặc không đọc được ({exc}).") from exc
    notes = _footnotes(document)
    lines: list[Line] = []
    before_title = True
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            kind = _layout_kind(block, before_title)
            if kind:
                lines += _layout_lines(block, kind)
                continue
            tables += 1
            lines += _data_lines(block, caption_before([line.text for line in lines[-2:]]), tables)
            continue
        text = collapse_spaces(_paragraph_text(block, notes))
        if not text:
            continue
        if _TITLE_WORD.match(text):
            before_title = False
        lines.append(Line(text, emphasised=_is_bold(block), level=_style_level(block)))
    return Document(tuple(lines))
