"""Cut sections into bounded chunks at sentence, then clause, boundaries."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from index.tables import read_row_line
from index.types import Chunk, Report, Section, SectionKind

DEFAULT_MAX_CHARS = 700
# A sentence ends at ". " before a capital, a bullet or an opening bracket; paragraphs end at "\n".
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ\-–+(“\"])|\n")
_LINE_END = re.compile(r"\n")
_CLAUSE_END = re.compile(r"(?<=;)\s+")
_PHRASE_END = re.compile(r"(?<=,)\s+")


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in pattern.finditer(text, start, end):
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def units(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Spans of `text` no longer than max_chars: sentences, else clauses, else phrases, else cuts."""
    result: list[tuple[int, int]] = []
    for line in _split(text, 0, len(text), _LINE_END):
        # A table row is one unit: "Bảng 2. Số trạm ... — Viettel — ..." holds no sentence end.
        row = read_row_line(text[line[0] : line[1]]) is not None
        for span in [line] if row else _split(text, line[0], line[1], _SENTENCE_END):
            result.extend(_refine(text, span, max_chars, (_CLAUSE_END, _PHRASE_END)))
    return [(a, b) for a, b in result if text[a:b].strip()]


def _refine(
    text: str, span: tuple[int, int], max_chars: int, patterns: tuple[re.Pattern[str], ...]
) -> list[tuple[int, int]]:
    a, b = span
    if b - a <= max_chars:
        return [span]
    if not patterns:
        # No boundary left: cut at the last space before the limit.
        cuts: list[tuple[int, int]] = []
        while b - a > max_chars:
            cut = text.rfind(" ", a, a + max_chars)
            cut = cut if cut > a else a + max_chars
            cuts.append((a, cut))
            a = cut + 1 if text[cut : cut + 1] == " " else cut
        cuts.append((a, b))
        return cuts
    pieces: list[tuple[int, int]] = []
    for sub in _split(text, a, b, patterns[0]):
        pieces.extend(_refine(text, sub, max_chars, patterns[1:]))
    return pieces


def pack(spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Merge consecutive spans while the merged span stays within max_chars."""
    packed: list[tuple[int, int]] = []
    for a, b in spans:
        if packed and b - packed[-1][0] <= max_chars:
            packed[-1] = (packed[-1][0], b)
        else:
            packed.append((a, b))
    return packed


def chunk_id(report_file: str, section: str, text: str) -> str:
    return hashlib.sha256(f"{report_file}\x1f{section}\x1f{text}".encode()).hexdigest()[:24]


def chunk_section(report: Report, section: Section, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    body = report.text[section.start : section.end]
    about = report.plan_period if section.kind is SectionKind.plan else report.period
    chunks: list[Chunk] = []
    for a, b in pack(units(body, max_chars), max_chars):
        text = body[a:b].strip()
        lead = len(body[a:b]) - len(body[a:b].lstrip())
        start = section.start + a + lead
        chunks.append(
            Chunk(
                id=chunk_id(report.file_name, section.path_text, text),
                text=text,
                report_file=report.file_name,
                report_title=report.title,
                report_period=report.period_label,
                section=section.path_text,
                kind=section.kind,
                start=start,
                end=start + len(text),
                about=about,
            )
        )
    return chunks


def chunk_report(report: Report, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """All chunks of a report, in reading order. Back matter (recipients, signature) is left out."""
    chunks: list[Chunk] = []
    for section in report.sections:
        if section.kind is SectionKind.other and section.path:
            continue
        chunks.extend(chunk_section(report, section, max_chars))
    # The same text twice in one section (a repeated line) would share an id; the later copies are
    # numbered, so ids stay unique and still do not depend on what comes before them.
    seen: dict[str, int] = {}
    for i, chunk in enumerate(chunks):
        seen[chunk.id] = seen.get(chunk.id, 0) + 1
        if seen[chunk.id] > 1:
            chunks[i] = replace(chunk, id=f"{chunk.id}-{seen[chunk.id]}")
    return chunks


def embedding_text(chunk: Chunk) -> str:
    """What the model sees: where the text sits (period, section) and the text itself."""
    return f"Báo cáo {chunk.report_period}. {chunk.section}\n{chunk.text}"
