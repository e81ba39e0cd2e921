"""The figures a report states, found once at ingest: what is counted, value, unit, period, section, quote.

Reports pack many figures into one sentence separated by ';', so the unit of text is a clause; a
break inside parentheses does not end one ("150 cơ quan (16 cơ quan Đảng; 134 ...)"). A quantity is
a number that is not a year, a date or a document number ("94/KH-UBND", "05/2021/TT-BTTTT", "5G").
The table lets a question about a metric across periods be answered without scanning every chunk.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import islice

from index.lexical import content_tokens
from index.numbers import is_date, number_spans
from index.tables import ROW_SEPARATOR
from index.text import fold_diacritics
from index.types import Chunk

# Bumped when what is extracted changes: saved figure tables of another version are made again.
FIGURES_VERSION = 5
# A clause ends at ";" and at ". ! ?" before a new sentence; "thành phố... thực hiện" runs on (a full
# stop or an ellipsis before a lower-case word does not end a sentence).
_CLAUSE_BREAK = re.compile(r"(?<=[.;!?…])\s+|\n")
_LEAD = re.compile(r"^[\s\-–+*•]+")
# After a number, these make it a code: "94/KH-UBND", "05/2021/TT-BTTTT", "128:2021", "5G".
_CODE_AFTER = re.compile(r"^/[^\W\d_]|^/\d{4}/|^:\d{4}|^[^\W\d_](?![^\W_])")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_FOLLOWING = re.compile(r"%|[^\W\d_]+")
_NAME_BEFORE = re.compile(r"[^\W\d_]\s?-$")  # "Covid-19", "Covid -19": part of a name
# "Bảng 1", "Biểu số 2", "Phụ lục 3": the number of a table or an appendix, not a quantity.
_NUMBERING_BEFORE = re.compile(r"\b(?:bang|bieu|phu luc)\s+(?:so\s+)?$")
_PUNCTUATION_FIRST = re.compile(r"\s*[^\w\s%]")
# Words right before a number that make it a change in the period, not a level: "xây dựng 12 trạm",
# "cấp mới 49 tài khoản", "tăng 01 bậc".
# Compared with their marks: folded, "cấp" (grant) and "cáp" (cable) are one word.
_CHANGE_BEFORE = frozenset({"mới", "thêm", "xây", "lắp", "tăng", "giảm", "phát", "triển", "hồi"})
# Words right before a number that make it a level: "nâng tổng số 7.582", "hiện có 470", "là 10.102".
# A breakdown: after a first figure in the clause, or a clause opening with "trong đó".
_PART = re.compile(r"^\W*(?:trong do|trong so do)\b|\d.*\b(?:trong do|gom|bao gom)\b")
_LEVEL_BEFORE = frozenset({"tổng", "số", "hiện", "có", "là", "lên", "đạt", "còn"})


def _clause_pieces(text: str) -> list[str]:
    pieces: list[str] = []
    for line in text.split("\n"):
        if ROW_SEPARATOR in line:
            # A table row is one clause: its cells only mean something with its table and row.
            pieces.append(line)
        else:
            pieces.extend(_line_pieces(line))
    return pieces


def _line_pieces(text: str) -> list[str]:
    pieces: list[str] = []
    cursor = 0
    for m in _CLAUSE_BREAK.finditer(text):
        after = text[m.end() : m.end() + 1]
        if "\n" not in m.group(0) and text[m.start() - 1] != ";" and after.islower():
            continue  # "thành phố... thực hiện": no new sentence
        pieces.append(text[cursor : m.start()])
        cursor = m.end()
    pieces.append(text[cursor:])
    return pieces


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of `text`, leading dashes and bullets and a final ';' left out."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _clause_pieces(text):
        at = text.find(piece, cursor)
        cursor = at + len(piece)
        lead = _LEAD.match(piece)
        skip = len(lead.group(0)) if lead else 0
        body = piece[skip:].strip().rstrip(";")
        if len(body) < 3:
            continue
        start = at + skip
        if spans and _open_parenthesis(text[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], start + len(body))
            continue
        spans.append((start, start + len(body)))
    return spans


def _open_parenthesis(text: str) -> bool:
    return text.count("(") > text.count(")")


@dataclass(frozen=True)
class Quantity:
    value: str  # normalised: "1286"
    written: str  # as in the text: "1.286"
    words: tuple[str, ...]  # the folded words after it, up to six: ("tram", "thu", ...)
    start: int  # offsets in the (NFC) text
    end: int


def quantities(text: str) -> list[Quantity]:
    """Each quantity of `text`, in order."""
    text = unicodedata.normalize("NFC", text)
    folded = fold_diacritics(text).lower()
    found: list[Quantity] = []
    for span in number_spans(text):
        # Patterns look a few characters around the number (never the rest of the text: a long
        # report has thousands of numbers).
        if (
            is_date(span.value)
            or _YEAR.fullmatch(span.value)
            or _CODE_AFTER.match(folded[span.end : span.end + 8])
        ):
            continue
        if _NAME_BEFORE.search(folded[max(0, span.start - 4) : span.start]):
            continue
        if _NUMBERING_BEFORE.search(folded[max(0, span.start - 12) : span.start]):
            continue
        # The thing counted follows the number directly: "551, tỷ lệ" counts nothing named.
        punctuation_first = _PUNCTUATION_FIRST.match(folded, span.end)
        words = (
            ()
            if punctuation_first
            else tuple(m.group(0) for m in islice(_FOLLOWING.finditer(folded, span.end), 6))
        )
        found.append(Quantity(span.value, text[span.start : span.end], words, span.start, span.end))
    return found


@dataclass(frozen=True)
class Figure:
    """One quantity a report states, with the clause that states it."""

    report_file: str
    period: str  # the report's period label: "tháng 10/2023"
    period_end: str  # ISO date, for ordering by period
    section: str
    section_kind: str
    quote: str  # the clause, verbatim
    start: int  # offsets of the clause in the report text
    end: int
    value: str  # normalised
    written: str  # the value as written: "1.286"
    after: str  # the text right after it, as written (40 characters): " trạm thu, phát sóng ..."
    unit: str  # folded first word after the value: "tram", "%"; "" when the clause ends with it
    change: bool  # counts what changed in the period ("xây dựng 12 trạm"), not a level
    level: bool  # said to be a level ("nâng tổng số 7.582", "hiện có 470")
    part: bool  # a part of an earlier total in its clause ("..., trong đó trả trước là 892.535")
    terms: tuple[str, ...]  # folded content words of the clause and its heading, for matching

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "terms": list(self.terms)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Figure:
        return cls(**{**data, "terms": tuple(data["terms"])})  # type: ignore[arg-type]


def extract_figures(chunks: Iterable[Chunk]) -> list[Figure]:
    """The figures of a report's chunks, in text order, each quantity once."""
    figures: list[Figure] = []
    seen: set[tuple[int, str]] = set()
    for chunk in chunks:
        heading = chunk.section.split(" > ")[-1] if chunk.section else ""
        for a, b in clause_spans(chunk.text):
            clause = chunk.text[a:b]
            # The line's first clause often names the system the figure is of ("Hệ thống iOffice: ...").
            # Only a bulleted line is a paragraph: wrapped PDF lines are not.
            line_start = chunk.text.rfind("\n", 0, a) + 1
            line = chunk.text[line_start:a]
            first = clause_spans(line)[:1] if line.lstrip()[:1] in ("-", "–", "+", "*", "•") else []
            lead = "".join(line[x:y] for x, y in first)
            terms = tuple(dict.fromkeys(content_tokens(f"{heading} {lead} {clause}")))
            for q in quantities(clause):
                start = chunk.start + a
                if (start + q.start, q.value) in seen or "/" in q.value:
                    continue
                seen.add((start + q.start, q.value))
                before = unicodedata.normalize("NFC", clause[: q.start]).lower().split()[-2:]
                figures.append(
                    Figure(
                        report_file=chunk.report_file,
                        period=chunk.report_period,
                        period_end=chunk.about.end.isoformat() if chunk.about else "",
                        section=chunk.section,
                        section_kind=chunk.kind.value,
                        quote=clause,
                        start=start,
                        end=chunk.start + b,
                        value=q.value,
                        written=q.written,
                        after=clause[q.end : q.end + 40],
                        unit=q.words[0] if q.words else "",
                        change=bool(_CHANGE_BEFORE & set(before)),
                        level=bool(_LEVEL_BEFORE & set(before)),
                        part=bool(_PART.search(fold_diacritics(clause[: q.start]).lower())),
                        terms=terms,
                    )
                )
    return figures
