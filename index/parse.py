"""From a report's raw text to a Report: normalise, un-wrap, clean markup, sections, metadata."""

from __future__ import annotations

import re
from pathlib import Path

from index.errors import ReportLoadError
from index.loaders import content_hash, extract_text, read_bytes
from index.markup import Line, plain_lines
from index.metadata import find_issued, find_number, find_signer, find_title
from index.periods import title_periods
from index.sections import classify, split_sections
from index.text import normalise
from index.types import Report
from index.unwrap import paragraphs

_BARE_APPENDIX = re.compile(r"^(phụ lục|PHỤ LỤC)(\s+[IVX\d]+)?\s*:?$", re.IGNORECASE)

# Raise when parsing, sectioning, periods or chunking change what a report yields: ingest then
# parses every report again (reusing the embeddings of unchanged chunks).
PARSER_VERSION = 2


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


def report_lines(raw: str) -> list[Line]:
    lines = [line for p in paragraphs(normalise(raw)) for line in plain_lines(p)]
    return _merge_appendix_titles(lines)


def parse_report(file_name: str, raw: str, digest: str) -> Report:
    """Pure: the Report for one file's text."""
    lines = report_lines(raw)
    if not lines:
        raise ReportLoadError(f"{file_name}: tệp rỗng, không có nội dung để lập chỉ mục.")
    text, sections = split_sections(lines)
    title = find_title(lines, file_name)
    period, plan_period = title_periods(title)
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
        signer=find_signer(lines),
    )


def load_report(path: Path) -> Report:
    data = read_bytes(path)
    return parse_report(path.name, extract_text(path, data), content_hash(data))
