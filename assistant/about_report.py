"""Questions about a report itself: who signed it, its number and date, answered from its metadata.

"Ai ký báo cáo tháng 6/2023?", "Báo cáo năm 2017 có số hiệu gì, ban hành ngày nào?". The signature
block and the number line are outside the chunked sections, so they are read from the parsed report
and quoted verbatim from its text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.templates import Templates
from assistant.types import Answer, Citation
from index.periods import asked_periods
from index.text import fold_diacritics
from index.types import Period, Report

_SIGNER = re.compile(r"\b(?:ai ky|nguoi ky|do ai|ky boi|ky ten)\b")
_NUMBER = re.compile(r"\b(?:so hieu|so van ban|ngay ban hanh|ban hanh ngay|ban hanh khi nao|ky ngay)\b")
_FRONT_MATTER = "Phần đầu báo cáo"
_OTHER_DOCUMENT = re.compile(r"\b(?:ke hoach|quyet dinh|cong van|thong tu|nghi dinh|nghi quyet|chi thi)\b")


def asks_about_report(question: str) -> str | None:
    """ "signer" or "number" when the question asks who signed the report or its number; else None."""
    folded = fold_diacritics(question).lower()
    if "bao cao" not in folded or _OTHER_DOCUMENT.search(folded):
        return None
    if _SIGNER.search(folded):
        return "signer"
    if _NUMBER.search(folded):
        return "number"
    return None


def _report_for(periods: Sequence[Period], reports: Sequence[tuple[str, Period | None]]) -> str | None:
    """The report of the named period (exactly, else the one inside it); None when none is named."""
    if not periods:
        return None
    for exact in (True, False):
        for name, period in reports:
            if period is None:
                continue
            for p in periods:
                if (
                    (period.start, period.end) == (p.start, p.end)
                    if exact
                    else p.start <= period.start <= p.end
                ):
                    return name
    return None


def _section_of(report: Report, offset: int) -> str:
    inside = [s for s in report.sections if s.start <= offset <= s.end and s.heading]
    return inside[-1].path_text if inside else _FRONT_MATTER


_DATE_LINE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)


def answer_about_report(
    question: str,
    standalone: str,
    reports: Sequence[tuple[str, Period | None]],
    load: Callable[[str], Report],
    templates: Templates,
) -> Answer | None:
    """The cited answer from the report's metadata, or None to let the passages answer."""
    kind = asks_about_report(standalone)
    name = _report_for(asked_periods(standalone), reports) if kind else None
    if name is None:
        return None
    report = load(name)
    text = report.text
    period = report.period.label() if report.period else name
    if kind == "signer" and report.signer:
        at = text.rfind(report.signer)
        if at < 0:
            return None
        # The role the report's metadata read ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"), else the upper-case
        # lines right above the name.
        start, end = text.rfind("\n", 0, at) + 1, at + len(report.signer)
        lines: list[str] = report.signer_role.split(" / ") if report.signer_role else []
        while start > 0:
            above = text.rfind("\n", 0, start - 1) + 1
            line = text[above : start - 1].strip()
            if line.startswith("(") and line.endswith(")") and len(line) <= 30:
                start = above  # "(Đã ký)" between the role and the name
                continue
            if not line or line != line.upper() or len(line) > 40 or not any(c.isalpha() for c in line):
                break
            if not report.signer_role:
                lines.insert(0, line)
            start = above
        role = ", ".join(lines)
        answer = templates.report_signer.format(period=period, role=role, signer=report.signer, n=1)
    elif kind == "number" and report.number:
        at = text.find(report.number)
        if at < 0:
            return None
        start = text.rfind("\n", 0, at) + 1
        # Up to the line with the date: right below the number in text reports, after the right-hand
        # column of the letterhead (Quốc hiệu, Tiêu ngữ) when a Word or PDF letterhead is read by columns.
        dated = _DATE_LINE.search(text, at, at + 400)
        end = text.find("\n", dated.start()) if dated else -1
        if end < 0:
            next_line = text.find("\n", at)
            following = text.find("\n", next_line + 1) if next_line >= 0 else -1
            end = following if following > 0 else len(text)
        issued = report.issued.strftime("%d/%m/%Y") if report.issued else "?"
        answer = templates.report_number.format(period=period, number=report.number, issued=issued, n=1)
    else:
        return None
    # Exact offsets: the quote is text[start:end], without surrounding spaces.
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end -= len(text[start:end]) - len(text[start:end].rstrip())
    citation = Citation(
        n=1,
        report_file=name,
        report_title=report.title,
        period=period,
        section=_section_of(report, start),
        quote=text[start:end],
        start=start,
        end=end,
    )
    return Answer(answer, False, (citation,), (), question, standalone)
