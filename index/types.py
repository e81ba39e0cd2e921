"""Values that flow through the indexing pipeline. Frozen: nothing downstream mutates them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    month = "tháng"
    quarter = "quý"
    half_year = "6 tháng"
    nine_months = "9 tháng"
    last_three_months = "3 tháng cuối năm"
    months_to_date = "tháng đầu năm"  # 1 January to the end of month n, n other than 6 and 9
    year = "năm"


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its kind and its first and last day."""

    start: date
    end: date
    kind: PeriodKind

    def label(self) -> str:
        """Vietnamese label as staff write it: "tháng 10/2023", "9 tháng đầu năm 2021"."""
        y = self.end.year
        match self.kind:
            case PeriodKind.month:
                return f"tháng {self.start.month}/{y}"
            case PeriodKind.quarter:
                return f"quý {('I', 'II', 'III', 'IV')[(self.start.month - 1) // 3]}/{y}"
            case PeriodKind.half_year:
                return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {y}"
            case PeriodKind.nine_months:
                return f"9 tháng đầu năm {y}"
            case PeriodKind.last_three_months:
                return f"3 tháng cuối năm {y}"
            case PeriodKind.months_to_date:
                return f"{self.end.month} tháng đầu năm {y}"
            case PeriodKind.year:
                return f"năm {y}"

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


class SectionKind(StrEnum):
    result = "result"  # reports what was done in the report's period
    plan = "plan"  # plans the next period
    other = "other"  # preamble, back matter


@dataclass(frozen=True)
class Section:
    """A heading and the body up to the next heading, with its place in the report."""

    heading: str  # "3. Lĩnh vực viễn thông"; "" for text before the first heading
    path: tuple[str, ...]  # headings from the top level down to this one
    level: int
    body: str
    start: int  # character offsets of the body in the report's normalised text
    end: int
    kind: SectionKind = SectionKind.other
    appendix: bool = False

    @property
    def path_text(self) -> str:
        return " > ".join(self.path)


@dataclass(frozen=True)
class Report:
    """A loaded report: its normalised text, metadata and sections."""

    file_name: str
    content_hash: str
    text: str
    title: str
    period: Period | None
    plan_period: Period | None
    sections: tuple[Section, ...]
    number: str | None = None
    issued: date | None = None
    signer: str | None = None
    signer_role: str | None = None  # "GIÁM ĐỐC", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    agency: str | None = None  # "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    parent_agency: str | None = None  # "UBND TỈNH TRÀ VINH"
    place: str | None = None  # "Trà Vinh" of "Trà Vinh, ngày …"
    # Pages read by OCR whose mean word confidence is low: their quotes are marked in citations.
    low_confidence_pages: tuple[int, ...] = ()
    page_starts: tuple[tuple[int, int], ...] = ()  # (offset in text, page), where the file has pages

    @property
    def period_label(self) -> str:
        return self.period.label() if self.period else "không rõ kỳ"


@dataclass(frozen=True)
class Chunk:
    """A bounded piece of one section, the unit that is embedded and retrieved."""

    id: str  # derived from content: unchanged text keeps its id and its embedding
    text: str
    report_file: str
    report_title: str
    report_period: str  # label of the period the report covers, for citations
    section: str  # heading path joined by " > "
    kind: SectionKind
    start: int  # character offsets into Report.text
    end: int
    about: Period | None  # the period the text speaks of: the plan period for plan sections
