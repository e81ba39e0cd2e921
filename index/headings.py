"""The heading grammar of Vietnamese administrative reports, in one place.

From the top: parts (`A.`/`B.`, `PHẦN I`, `Phần thứ nhất`, `Chương I`), the appendix (`PHỤ LỤC`) and
the back matter (`Nơi nhận`); Roman `I.` (with or without its dot); Arabic `1.`; decimal `1.1.`;
`1.1.1.`; letters `a)` / `b.`; bold leads; lead-ins `- Về …:` standing alone. A numbered line that
reads as a sentence (long, or ending in '.', ';' or ',') is a list item.

A file that marks its headings (Word heading styles, bold, Markdown `#`, bold PDF lines) marks them
all: in such a file an unmarked numbered line is a list item ("1. Ban hành Kế hoạch số …"), whatever
its shape. Which files mark their headings is a fact of the file (`marks_headings`), not of a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.markup import Line
from index.text import fold_diacritics

_UPPER = "A-ZĐÀ-ỸĂÂÊÔƠƯ"
_PART = re.compile(
    r"^(?:(?:PHẦN|Phần)\s+(?:THỨ|thứ)\s+\w+|(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?:[IVX]{1,5}|\d{1,2}))"
    r"\b\s*[.:\-–]?\s*(.*)$"
)
_LETTER_PART = re.compile(r"^([A-H])\s?[.)]\s*(\S.*)$")
_ROMAN = re.compile(r"^([IVX]{1,5})\s?[.):]\s*(\S.*)$")
_ROMAN_BARE = re.compile(rf"^([IVX]{{1,5}})\s+([{_UPPER}].*)$")
_DECIMAL3 = re.compile(r"^(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{1,2})\.?\s+(\S.*)$")
_DECIMAL = re.compile(r"^(\d{1,2})\s?\.\s?(\d{1,2})\.?\s+(\S.*)$")
_ARABIC = re.compile(r"^(\d{1,2})\s?[.)](?!\d)\s*(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\s?[).]\s*(\S.*)$")
_LEADIN = re.compile(r"^[-–+•*]\s*(Về\s+.{2,100}?)\s*:\s*$")
_APPENDIX = re.compile(r"^(phụ lục|PHỤ LỤC)(\s+[IVX\d]+)?\s*:?\s*(.*)$", re.IGNORECASE)
_BACK_MATTER = re.compile(r"^(Nơi nhận|NƠI NHẬN)\s*:?\s*$")
# The signer's role opens the signature block ("GIÁM ĐỐC", "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN").
_SIGNATURE = re.compile(
    r"^(?:(?:KT|TL|TUQ|Q)\s?\.\s*)?(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHỦ TỊCH|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|TRƯỞNG BAN)$"
    r"|^TM\s?\.\s*[A-ZĐÀ-Ỹ ]+$"
)
_NUMBER_GLUED = re.compile(r"^([IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*)\.(?=[^\s\d.])")

MAX_HEADING_CHARS = 120
# Lower ranks enclose higher ones. Parts, the appendix and the back matter are outermost.
RANK = {
    "part": 0,
    "appendix": 0,
    "back": 0,
    "roman": 1,
    "arabic": 2,
    "decimal": 3,
    "decimal3": 4,
    "letter": 5,
    "bold": 6,
    "leadin": 7,
}
NUMBERED = ("part", "roman", "arabic", "decimal", "decimal3", "letter", "leadin")
# Of the numbered lines that could be headings, this share at least is marked in a file that marks
# its headings (in the bundled plain-text reports it is under a tenth, in Word files nearly all).
MARKED_SHARE = 0.6


@dataclass(frozen=True)
class Heading:
    style: str
    text: str
    number: int = 0
    level: int | None = None  # the level the file gives it (Word style, outline level)


def _reads_as_heading(text: str) -> bool:
    return len(text) <= MAX_HEADING_CHARS and not text.rstrip().endswith((".", ";", ","))


def _upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def shape(line: Line) -> Heading | None:
    """The heading a line's shape makes it, marks aside (bold and styles only widen what a long
    numbered line may be)."""
    text = line.text
    marked = line.emphasised or line.level is not None
    if line.table:
        return None
    if _BACK_MATTER.match(text):
        return Heading("back", text.rstrip(":").strip())
    if _SIGNATURE.match(text.strip()):
        return Heading("back", text.strip())
    if _APPENDIX.match(text) and len(text) <= 300:
        return Heading("appendix", text)
    if (m := _PART.match(text)) and (_reads_as_heading(text) or marked or _upper(text)):
        return Heading("part", text)
    if (m := _LETTER_PART.match(text)) and (_upper(m.group(2)) or marked) and _reads_as_heading(text):
        return Heading("part", text)
    if (m := _ROMAN.match(text)) and (_reads_as_heading(m.group(2)) or marked):
        return Heading("roman", text)
    if (m := _ROMAN_BARE.match(text)) and _upper(m.group(2)) and len(text) <= MAX_HEADING_CHARS:
        return Heading("roman", text)
    if (m := _DECIMAL3.match(text)) and (_reads_as_heading(text) or marked):
        return Heading("decimal3", text, int(m.group(3)))
    if (m := _DECIMAL.match(text)) and (_reads_as_heading(text) or marked):
        return Heading("decimal", text, int(m.group(2)))
    if (m := _ARABIC.match(text)) and (
        _reads_as_heading(text) or (marked and len(text) <= 2 * MAX_HEADING_CHARS)
    ):
        return Heading("arabic", text, int(m.group(1)))
    if _LETTER.match(text) and (_reads_as_heading(text) or marked):
        return Heading("letter", text)
    if _LEADIN.match(text):
        return Heading("leadin", text.lstrip("-–+•* ").rstrip(": ").strip())
    return None


def marks_headings(lines: Sequence[Line]) -> bool:
    """Whether the file marks its headings: most lines shaped like numbered headings are marked."""
    shaped = [line for line in lines if (h := shape(line)) is not None and h.style in NUMBERED]
    marked = [line for line in shaped if line.emphasised or line.level is not None]
    return len(marked) >= 3 and len(marked) >= MARKED_SHARE * len(shaped)


def classify(line: Line, in_body: bool, marked_file: bool = False) -> Heading | None:
    """The heading a line is, or None for body text. `in_body`: the report's first part or Roman
    heading has been seen. `marked_file`: the file marks its headings (`marks_headings`)."""
    marked = line.emphasised or line.level is not None
    heading = shape(line)
    if heading is not None:
        if marked_file and not marked and heading.style in NUMBERED:
            return None  # "1. Ban hành …" in plain type where headings are bold: a list item
        # "I.KẾT QUẢ" as OCR reads it: the heading's name gets its space back (the text keeps the line).
        name = _NUMBER_GLUED.sub(r"\1. ", heading.text)
        return Heading(heading.style, name, heading.number, line.level)
    # Bold leads and styled lines count only inside the body: before it they are the report's title.
    if marked and in_body and len(line.text) <= MAX_HEADING_CHARS and not line.text.endswith((".", ";", ",")):
        return Heading("bold", line.text, level=line.level)
    return None


def is_result_or_plan_title(text: str) -> str | None:
    """ "plan", "result" or None for a part heading, by what it announces."""
    folded = fold_diacritics(text)
    if re.search(r"\b(ket qua|tinh hinh)\b", folded):
        return "result"
    if re.search(r"\b(ke hoach|chuong trinh|phuong huong|nhiem vu|dinh huong)\b", folded):
        return "plan"
    return None
