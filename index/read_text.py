"""Plain text and Markdown read into lines: paragraphs re-joined where the text was hard-wrapped,
Markdown headings and bold leads marked, pipe tables and tab-separated tables written row by row."""

from __future__ import annotations

from index.document import Document
from index.markup import Line, plain_lines
from index.tables import caption_before, make_table, pipe_table, row_lines, tab_table
from index.text import normalise
from index.unwrap import paragraphs


def _is_table_line(line: str) -> bool:
    return (line.lstrip().startswith("|") and line.count("|") >= 3) or line.count("\t") >= 2


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """("text", lines) and ("table", lines) runs, a table being consecutive pipe or tab lines."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        kind = "table" if _is_table_line(line) else "text"
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    return blocks


def text_lines(raw: str) -> list[Line]:
    """The lines of a text report, tables included (`index.tables`)."""
    lines: list[Line] = []
    tables = 0
    for kind, block in _blocks(normalise(raw)):
        rows = (pipe_table(block) or tab_table(block)) if kind == "table" else None
        if rows is None:
            lines += [line for p in paragraphs("\n".join(block)) for line in plain_lines(p)]
            continue
        tables += 1
        table = make_table(rows, caption_before([line.text for line in lines[-2:]]))
        lines += [Line(text, table=True) for text in row_lines(table, tables)]
    return lines


def read_text(raw: str) -> Document:
    lines = text_lines(raw)
    return Document(tuple(lines))
