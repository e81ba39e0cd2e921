"""Find reporting periods in Vietnamese text, with or without diacritics.

"tháng 10/2023", "T10/2023", "10/2023", "quý III/2023", "6 tháng đầu năm 2023",
"10 tháng đầu năm 2023", "3 tháng cuối năm 2021", "năm 2017", "cuối năm 2021",
"tháng 10 và 11 năm 2023", "tháng mười năm 2023".
Matching runs on diacritic-folded lower-case NFC text, whose characters line up
one-to-one with the NFC original, so spans can be cut out of the question.
Dates ("ngày 22/9/2023"), document numbers ("45/2016/QĐ-TTg", "QCVN 128:2021")
and year ranges ("giai đoạn 2021-2025") are not periods.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from index.text import fold_diacritics
from index.types import Period, PeriodKind

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# Number words as spelled with diacritics; folded text finds them, the original spelling decides.
_COUNT_WORDS = {"ba": 3, "sáu": 6, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_MONTH_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}  # fmt: skip
# Unaccented "tu" is far more often "từ" ("từ năm 2023") than "tư".
_AMBIGUOUS_PLAIN = {"tu"}


def _alternatives(words: dict[str, int]) -> str:
    folded = sorted((fold_diacritics(w) for w in words), key=len, reverse=True)
    return "|".join(w.replace(" ", r"\s+") for w in folded)


_YEAR = r"((?:19|20)\d{2})"
_SEP = r"\s*(?:/|-|–|\.|,)?\s*(?:nam\s*)?"
_AND = r"\s*(?:,|\bva\b|-|–)\s*"
_ITEM = re.compile(r"iv|iii|ii|i|1[0-2]|0?[1-9]")  # the prefixes and "va" hold no i, v or digit


def _unit_patterns(prefix: str, unit: str) -> list[re.Pattern[str]]:
    """ "tháng 10 và 11 năm 2023" (a list needs its year), then "tháng 10/2023", "tháng 10"."""
    listed = rf"\b{prefix}\s*({unit}(?:{_AND}{prefix}?\s*{unit})+){_SEP}{_YEAR}"
    single = rf"\b{prefix}\s*({unit})(?:{_SEP}{_YEAR})?"
    return [re.compile(listed), re.compile(single)]


# Order matters: longer, more specific forms first; a span once taken is not reused.
# "skip" spans are taken but name no period: dates, document numbers, year ranges.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("skip", re.compile(r"\b\d{1,2}([/.-])\d{1,2}\1" + _YEAR + r"\b")),
    ("skip", re.compile(r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\b(?:\s*,?\s*nam\s*" + _YEAR + r"\b)?")),
    ("skip", re.compile(r"\b\d+(?:[/:.-]\d+)*/[a-z]")),  # 45/2016/qd-ttg, 52/kh-stttt
    ("skip", re.compile(r"\b\d+:" + _YEAR + r"\b")),  # qcvn 128:2021
    ("skip", re.compile(r"\b" + _YEAR + r"\s*[-–]\s*" + _YEAR + r"\b")),
    (
        "count",
        re.compile(
            rf"(?<![\d/.,:])\b(1[0-2]|0?[1-9]|{_alternatives(_COUNT_WORDS)})\s+thang"
            rf"(?:\s+(dau(?!\s+tien)|cuoi))?(\s+nam)?(?:\s*{_YEAR})?"
        ),
    ),
    ("half", re.compile(r"\bnua\s+(dau|cuoi)\s+nam(?:\s*" + _YEAR + r")?")),
    *(("quarter", p) for p in _unit_patterns(r"(?:quy|q)", r"(?:iv|iii|ii|i|[1-4])\b")),
    *(("month", p) for p in _unit_patterns(r"(?:thang|thg|t)", r"(?:1[0-2]|0?[1-9])\b")),
    ("month_word", re.compile(rf"\bthang\s+({_alternatives(_MONTH_WORDS)})\b\s*,?\s*nam\s*{_YEAR}\b")),
    ("month", re.compile(r"(?<![\d/.])(1[0-2]|0?[1-9])\s*[/–-]\s*" + _YEAR + r"(?![\d/])")),
    ("year", re.compile(r"\b(?:cuoi\s+|dau\s+|ca\s+)?nam\s*" + _YEAR + r"\b")),
]
_BARE_YEAR = re.compile(r"(?<![\d/.,:-])" + _YEAR + r"(?![\d/.,]\d)")


@dataclass(frozen=True)
class PeriodMention:
    """A period named in text; `year` may be missing ("tháng 10 và ... năm 2023")."""

    kind: PeriodKind
    year: int | None
    unit: int  # month 1-12, quarter 1-4, 1/2 for first/second half, n for n months, 0 otherwise
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
        case PeriodKind.months_to_date:
            return Period(date(year, 1, 1), last_day(unit), kind)
        case PeriodKind.year:
            return Period(date(year, 1, 1), date(year, 12, 31), kind)
    raise ValueError(kind)


def find_mentions(text: str, bare_years: bool = False) -> list[PeriodMention]:
    """Every period named in `text`, in order of appearance; spans index NFC(`text`)."""
    text = unicodedata.normalize("NFC", text)
    folded = fold_diacritics(text)
    plain = folded == text.lower()  # typed without any diacritics
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for name, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if not free(m.span()):
                continue
            if name == "skip":
                taken.append(m.span())
                continue
            mentions = _mentions(name, m, text, plain)
            if mentions:
                taken.append(m.span())
                found.extend(mentions)
    if bare_years:
        for m in _BARE_YEAR.finditer(folded):
            if free(m.span()):
                found.append(PeriodMention(PeriodKind.year, int(m.group(1)), 0, m.span()))
    return sorted(found, key=lambda p: p.span)


def _word_value(words: dict[str, int], original: str, plain: bool) -> int | None:
    """The number a word spells; unaccented spellings count only in text typed without diacritics."""
    original = " ".join(original.lower().split())
    if original in words:
        return words[original]
    if plain and original not in _AMBIGUOUS_PLAIN:
        return next((n for w, n in words.items() if fold_diacritics(w) == original), None)
    return None


def _count(m: re.Match[str], text: str, plain: bool) -> PeriodMention | None:
    """ "N tháng đầu/cuối năm": from January to month N, or the last N months of the year."""
    count, side, nam, year_text = m.groups()
    if not (side or nam or year_text):
        return None  # "trong 3 tháng qua" names no period
    n = int(count) if count.isdigit() else _word_value(_COUNT_WORDS, text[m.start(1) : m.end(1)], plain)
    year = int(year_text) if year_text else None
    if n == 12:
        return PeriodMention(PeriodKind.year, year, 0, m.span())
    if side == "cuoi":
        if n == 6:
            return PeriodMention(PeriodKind.half_year, year, 2, m.span())
        if n == 3:
            return PeriodMention(PeriodKind.last_three_months, year, 0, m.span())
        return None  # no kind for other closing spans; "cuối năm YYYY" still names the year
    if n == 6:
        return PeriodMention(PeriodKind.half_year, year, 1, m.span())
    if n == 9:
        return PeriodMention(PeriodKind.nine_months, year, 0, m.span())
    return PeriodMention(PeriodKind.months_to_date, year, n, m.span()) if n else None


def _mentions(name: str, m: re.Match[str], text: str, plain: bool) -> list[PeriodMention]:
    groups = m.groups()
    year = int(groups[-1]) if groups[-1] else None
    match name:
        case "count":
            mention = _count(m, text, plain)
            return [mention] if mention else []
        case "half":
            return [PeriodMention(PeriodKind.half_year, year, 1 if groups[0] == "dau" else 2, m.span())]
        case "month_word":
            month = _word_value(_MONTH_WORDS, text[m.start(1) : m.end(1)], plain)
            return [PeriodMention(PeriodKind.month, year, month, m.span())] if month else []
        case "quarter" | "month":
            kind = PeriodKind.quarter if name == "quarter" else PeriodKind.month
            return _listed(kind, m, year)
        case "year":
            return [PeriodMention(PeriodKind.year, year, 0, m.span())]
    return []


def _listed(kind: PeriodKind, m: re.Match[str], year: int | None) -> list[PeriodMention]:
    """One mention per number in "tháng 10 và 11 năm 2023"; spans cover the text between them."""
    items = list(_ITEM.finditer(m.group(1)))
    offset = m.start(1)
    mentions = []
    for i, item in enumerate(items):
        unit = _ROMAN.get(item.group()) or int(item.group())
        if i == 0:
            start = m.start()
        else:
            gap = m.string[offset + items[i - 1].end() : offset + item.start()]
            start = offset + items[i - 1].end() + len(gap) - len(gap.lstrip())
        end = m.end() if i == len(items) - 1 else offset + item.end()
        mentions.append(PeriodMention(kind, year, unit, (start, end)))
    return mentions


_ANY_YEAR = re.compile(_YEAR)


def parse_periods(text: str, bare_years: bool = True) -> list[Period]:
    """Periods named in a question. A mention without a year takes the next year named."""
    if not _ANY_YEAR.search(text):
        return []  # every period needs a year; most passages name none (and are read at every start)
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


# "cùng kỳ năm 2021", "cùng kỳ 2021": the year a figure is compared with inside the report that states
# both, not a period to search ("điểm phục vụ quý I/2022 cùng kỳ 2021 là bao nhiêu").
_SAME_TIME_BEFORE = re.compile(r"\bcung ky\s+(?:nam\s+)?$")
# "so với cuối năm 2021": the year-end a figure is compared with, stated in the next report itself.
_COMPARED_WITH = re.compile(r"\bso voi\s+$")
_YEAR_END = re.compile(r"cuoi\b")


def comparison_bases(text: str) -> list[Period]:
    """Periods the text names as the base a figure is compared with ("cùng kỳ năm 2021")."""
    found = (m.resolve() for m in _base_mentions(unicodedata.normalize("NFC", text)))
    return list(dict.fromkeys(p for p in found if p is not None))


def asked_periods(text: str) -> list[Period]:
    """The periods a question asks about: those it names, less the bases of a same-time comparison
    ("quý I/2022, cùng kỳ 2021" asks about quý I/2022, whose report states both figures)."""
    text = unicodedata.normalize("NFC", text)
    kept, cursor = [], 0
    for m in _base_mentions(text):
        kept.append(text[cursor : m.span[0]])
        cursor = m.span[1]
    kept.append(text[cursor:])
    return parse_periods("".join(kept))


# In a report's sentence, a year after "so với" is the base a figure is compared with too ("tăng 61 trạm
# so với cuối năm 2021").
_COMPARED_BEFORE = re.compile(r"\b(?:cung ky|so voi(?: cung ky| cuoi| dau)?)\s+(?:nam\s+)?$")


def fact_years(text: str) -> set[int]:
    """The years a passage dates its facts to ("Chỉ số PAR Index năm 2023 ..."): the whole years it
    names, less those it compares with ("tăng 5% so với năm 2022", "cùng kỳ năm 2022")."""
    text = unicodedata.normalize("NFC", text)
    if not _ANY_YEAR.search(text):
        return set()
    folded = fold_diacritics(text).lower()
    named = {p.start.year for p in parse_periods(text, bare_years=False) if p.kind is PeriodKind.year}
    said: dict[int, bool] = {}  # year -> named once at least other than as a comparison's base
    for m in find_mentions(text):
        if m.year and m.kind is PeriodKind.year:
            base = bool(_COMPARED_BEFORE.search(folded[: m.span[0]].rstrip() + " "))
            said[m.year] = said.get(m.year, False) or not base
    return {y for y in named if said.get(y, True)}


def _base_mentions(text: str) -> list[PeriodMention]:
    folded = fold_diacritics(text)
    return [
        m
        for m in find_mentions(text, bare_years=True)
        if m.year
        and (
            _SAME_TIME_BEFORE.search(folded[: m.span[0]].rstrip() + " ")
            or (
                _COMPARED_WITH.search(folded[: m.span[0]].rstrip() + " ")
                and _YEAR_END.match(folded, m.span[0])
            )
        )
    ]


_PLAN_SPLIT = re.compile(r"\b(ke hoach|nhiem vu|chuong trinh|phuong huong)\b")


def title_periods(title: str) -> tuple[Period | None, Period | None]:
    """(reported period, planned period) from a report title.

    "Kết quả ... tháng 10 và kế hoạch công tác tháng 11 năm 2023" -> (tháng 10/2023, tháng 11/2023).
    """
    title = unicodedata.normalize("NFC", title)
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
    text = unicodedata.normalize("NFC", text)
    kept, cursor = [], 0
    for mention in find_mentions(text, bare_years=True):
        a, b = mention.span
        kept.append(text[cursor:a])
        cursor = b
    kept.append(text[cursor:])
    return " ".join("".join(kept).split())


def period_words(text: str) -> str:
    """Only the words that name periods, in order."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text[a:b] for a, b in (m.span for m in find_mentions(text, bare_years=True)))
