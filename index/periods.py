"""Find reporting periods in Vietnamese text, with or without diacritics.

"tháng 10/2023", "T10/2023", "10/2023", "quý III/2023", "6 tháng đầu năm 2023",
"9 tháng đầu năm 2021", "3 tháng cuối năm 2021", "năm 2017", "cuối năm 2021".
Matching runs on diacritic-folded lower-case text, whose characters line up
one-to-one with the NFC original, so spans can be cut out of the question.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from index.text import fold_diacritics
from index.types import Period, PeriodKind

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"
_SEP = r"\s*(?:/|-|\.|,)?\s*(?:nam\s+)?"
# Order matters: longer, more specific forms first; a span once taken is not reused.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("half", re.compile(r"\b(?:6|sau)\s+thang\s+(dau|cuoi)(?:\s+nam)?(?:\s*" + _YEAR + r")?")),
    ("half", re.compile(r"\bnua\s+(dau|cuoi)\s+nam(?:\s*" + _YEAR + r")?")),
    ("nine", re.compile(r"\b(?:9|chin)\s+thang(?:\s+dau)?(?:\s+nam)?(?:\s*" + _YEAR + r")?")),
    ("last3", re.compile(r"\b(?:3|ba)\s+thang\s+cuoi(?:\s+nam)?(?:\s*" + _YEAR + r")?")),
    ("quarter", re.compile(r"\b(?:quy|q)\s*(iv|iii|ii|i|[1-4])\b(?:" + _SEP + _YEAR + r")?")),
    ("month", re.compile(r"\b(?:thang|t)\s*(1[0-2]|0?[1-9])\b(?:" + _SEP + _YEAR + r")?")),
    ("month", re.compile(r"(?<![\d/.])(1[0-2]|0?[1-9])\s*[/-]\s*" + _YEAR + r"(?![\d/])")),
    ("year", re.compile(r"\b(?:cuoi\s+|dau\s+|ca\s+)?nam\s*" + _YEAR + r"\b")),
]
_BARE_YEAR = re.compile(r"(?<![\d/.,-])" + _YEAR + r"(?![\d/.,]\d)")


@dataclass(frozen=True)
class PeriodMention:
    """A period named in text; `year` may be missing ("tháng 10 và ... năm 2023")."""

    kind: PeriodKind
    year: int | None
    unit: int  # month 1-12, quarter 1-4, 1/2 for first/second half, 0 otherwise
    span: tuple[int, int]

    def resolve(self, year: int | None = None) -> Period | None:
        y = self.year or year
        if y is None:
            return None
        return make_period(self.kind, y, self.unit)


def make_period(kind: PeriodKind, year: int, unit: int = 0) -> Period:
    def last_day(month: int) -> date:
        return date(year, month, calendar.monthrange(year, month)[1])

    match kind:
        case PeriodKind.month:
            return Period(date(year, unit, 1), last_day(unit), kind)
        case PeriodKind.quarter:
            return Period(date(year, 3 * unit - 2, 1), last_day(3 * unit), kind)
        case PeriodKind.half_year:
            first = 1 if unit == 1 else 7
            return Period(date(year, first, 1), last_day(first + 5), kind)
        case PeriodKind.nine_months:
            return Period(date(year, 1, 1), last_day(9), kind)
        case PeriodKind.last_three_months:
            return Period(date(year, 10, 1), last_day(12), kind)
        case PeriodKind.year:
            return Period(date(year, 1, 1), date(year, 12, 31), kind)
    raise ValueError(kind)


def find_mentions(text: str, bare_years: bool = False) -> list[PeriodMention]:
    """Every period named in `text`, in order of appearance."""
    folded = fold_diacritics(text)
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for name, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            span = m.span()
            if not free(span):
                continue
            mention = _mention(name, m, span)
            if mention is not None:
                taken.append(span)
                found.append(mention)
    if bare_years:
        for m in _BARE_YEAR.finditer(folded):
            if free(m.span()):
                found.append(PeriodMention(PeriodKind.year, int(m.group(1)), 0, m.span()))
    return sorted(found, key=lambda p: p.span)


def _mention(name: str, m: re.Match[str], span: tuple[int, int]) -> PeriodMention | None:
    groups = m.groups()
    year = int(groups[-1]) if groups[-1] else None
    match name:
        case "half":
            return PeriodMention(PeriodKind.half_year, year, 1 if groups[0] == "dau" else 2, span)
        case "nine":
            return PeriodMention(PeriodKind.nine_months, year, 0, span)
        case "last3":
            return PeriodMention(PeriodKind.last_three_months, year, 0, span)
        case "quarter":
            unit = _ROMAN.get(groups[0]) or int(groups[0])
            return PeriodMention(PeriodKind.quarter, year, unit, span)
        case "month":
            return PeriodMention(PeriodKind.month, year, int(groups[0]), span)
        case "year":
            return PeriodMention(PeriodKind.year, year, 0, span)
    return None


def parse_periods(text: str, bare_years: bool = True) -> list[Period]:
    """Periods named in a question. A mention without a year takes the next year named."""
    mentions = find_mentions(text, bare_years=bare_years)
    periods: list[Period] = []
    for i, mention in enumerate(mentions):
        later_year = next((m.year for m in mentions[i + 1 :] if m.year), None)
        period = mention.resolve(later_year)
        if period is not None and period not in periods:
            periods.append(period)
    # "tháng 10 năm 2023" yields a month and the year it names; the year adds nothing.
    return [
        p
        for p in periods
        if not (
            p.kind is PeriodKind.year
            and any(q is not p and q.kind is not PeriodKind.year and p.contains(q) for q in periods)
        )
    ]


_PLAN_SPLIT = re.compile(r"\b(ke hoach|nhiem vu|chuong trinh|phuong huong)\b")


def title_periods(title: str) -> tuple[Period | None, Period | None]:
    """(reported period, planned period) from a report title.

    "Kết quả ... tháng 10 và kế hoạch công tác tháng 11 năm 2023" -> (tháng 10/2023, tháng 11/2023).
    """
    folded = fold_diacritics(title)
    split = _PLAN_SPLIT.search(folded)
    cut = split.start() if split else len(title)
    mentions = find_mentions(title)
    years = [m.year for m in mentions if m.year]
    if not mentions or not years:
        return None, None
    result = [m for m in mentions if m.span[0] < cut]
    plan = [m for m in mentions if m.span[0] >= cut]

    def first(ms: list[PeriodMention]) -> Period | None:
        if not ms:
            return None
        m = ms[0]
        later = next((x.year for x in mentions if x.span[0] >= m.span[0] and x.year), years[-1])
        return m.resolve(later)

    return first(result), first(plan)


def strip_periods(text: str) -> str:
    """The text without the words that name periods ("bao nhiêu trạm BTS tháng 10/2023?" -> "... BTS ?")."""
    kept, cursor = [], 0
    for mention in find_mentions(text, bare_years=True):
        a, b = mention.span
        kept.append(text[cursor:a])
        cursor = b
    kept.append(text[cursor:])
    return " ".join("".join(kept).split())


def period_words(text: str) -> str:
    """Only the words that name periods, in order."""
    return " ".join(text[a:b] for a, b in (m.span for m in find_mentions(text, bare_years=True)))
