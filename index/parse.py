"""From a report file's lines (`index.document`) to a Report: sections, periods, metadata."""

from __future__ import annotations

import re
from pathlib import Path

from index.document import Document
from index.errors import ReportLoadError
from index.headings import marks_headings
from index.loaders import content_hash, read_bytes, read_document
from index.markup import Line
from index.metadata import find_agency, find_issued, find_number, find_place, find_signature, find_title
from index.periods import title_periods
from index.read_text import text_lines
from index.sections import classify, split_sections
from index.types import Report

_BARE_APPENDIX = re.compile(r"^(phụ lục|PHỤ LỤC)(\s+[IVX\d]+)?\s*:?$", re.IGNORECASE)

# Raise when parsing, sectioning, periods or chunking change what a report yields: ingest then
# parses every report again (reusing the embeddings of unchanged chunks).
PARSER_VERSION = 9


def _merge_appendix_titles(lines: list[Line]) -> list[Line]:
    """ "PHỤ LỤC" alone on its line takes the title line that follows it."""
    merged: list[Line] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            _BARE_APPENDIX.match(line.text)
            and nxt is not None
            and not nxt.text.startswith("(")
            and classify(nxt, in_body=False) is None
        ):
            merged.append(Line(f"{line.text.rstrip(':')}: {nxt.text}", emphasised=True))
            skip = True
        else:
            merged.append(line)
    return merged


# A page read by OCR below this mean word confidence (0-100) has its quotes marked in citations. Clean
# scans of printed reports read at 93-96 here; a faint, skewed or stamped page falls to 70-85.
LOW_OCR_CONFIDENCE = 85.0


def _page_starts(lines: list[Line]) -> tuple[tuple[int, int], ...]:
    """(offset in the report text, page) where each page's lines start (the text is the lines joined
    by line breaks)."""
    starts: list[tuple[int, int]] = []
    offset = 0
    for line in lines:
        if line.page is not None and (not starts or starts[-1][1] != line.page):
            starts.append((offset, line.page))
        offset += len(line.text) + 1
    return tuple(starts)


def report_lines(raw: str | Document) -> list[Line]:
    lines = list(raw.lines) if isinstance(raw, Document) else text_lines(raw)
    return _merge_appendix_titles(lines)


def parse_report(file_name: str, raw: str | Document, digest: str) -> Report:
    """Pure: the Report for one file's text (a text report) or lines (any reader's Document)."""
    lines = report_lines(raw)
    if not lines:
        raise ReportLoadError(f"{file_name}: tệp rỗng, không có nội dung để lập chỉ mục.")
    text, sections = split_sections(lines, marks_headings(lines))
    title = find_title(lines, file_name)
    period, plan_period = title_periods(title)
    signer, role = find_signature(lines)
    agency, parent = find_agency(lines)
    low = tuple(raw.low_confidence_pages(LOW_OCR_CONFIDENCE)) if isinstance(raw, Document) else ()
    return Report(
        file_name=file_name,
        content_hash=digest,
        text=text,
        title=title,
        period=period,
        plan_period=plan_period,
        sections=tuple(sections),
        number=find_number(lines),
        issued=find_issued(lines),
        signer=signer,
        signer_role=role,
        agency=agency,
        parent_agency=parent,
        place=find_place(lines),
        low_confidence_pages=low,
        page_starts=_page_starts(lines),
    )


def load_report(path: Path, ocr_cache: Path | None = None) -> Report:
    data = read_bytes(path)
    return parse_report(path.name, read_document(path, data, ocr_cache), content_hash(data))
