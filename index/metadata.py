"""Report metadata read from the front and back matter: title, number, date, signer."""

from __future__ import annotations

import re
from datetime import date

from index.markup import Line
from index.text import fold_diacritics

_TITLE_WORD = re.compile(r"^BÁO\s*CÁO$", re.IGNORECASE)
_ENDS_WITH_YEAR = re.compile(r"(?:19|20)\d{2}\s*$")
_NUMBER = re.compile(r"^Số\s*:\s*(\S*\d\S*)", re.IGNORECASE)
_ISSUED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
# "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "TL. GIÁM ĐỐC", "Q. GIÁM ĐỐC" (Nghị định 30/2020).
_ROLE = re.compile(
    r"^(?:(?:KT|TL|TUQ|Q)\s?\.\s*)?(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHỦ TỊCH|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|TRƯỞNG BAN)\b"
    r".*$|^TM\s?\.\s*\S.*$"
)
_SIGNED_NOTE = re.compile(r"^\((?:đã ký|ký|ký tên|ký, đóng dấu|ký và đóng dấu)[^)]*\)$", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZÀ-Ỹ][a-zà-ỹ]+(?:\s+[A-ZÀ-Ỹ][a-zà-ỹ]+){1,4}$")
_AGENCY = re.compile(r"^(?:SỞ|BAN|VĂN PHÒNG|TRUNG TÂM|CỤC|CHI CỤC|PHÒNG)\s+[A-ZĐÀ-Ỹ ,&-]+$")
_PARENT = re.compile(r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ)\s+[A-ZĐÀ-Ỹ ,.&-]+$")
_PLACE = re.compile(r"^([A-ZĐÀ-Ỹ][\w ]{1,40}?),\s*ngày\b", re.IGNORECASE)
_BACK = re.compile(r"^(Nơi nhận|NƠI NHẬN)\s*:?\s*$")


def find_title(lines: list[Line], file_name: str) -> str:
    """The line(s) after "BÁO CÁO", up to the one that ends with a year."""
    for i, line in enumerate(lines[:40]):
        if _TITLE_WORD.match(line.text.strip()):
            parts: list[str] = []
            for nxt in lines[i + 1 : i + 4]:
                parts.append(nxt.text.strip())
                if _ENDS_WITH_YEAR.search(nxt.text):
                    break
            title = " ".join(parts)
            return "Báo cáo " + title[:1].lower() + title[1:] if title else file_name
    return file_name


def find_number(lines: list[Line]) -> str | None:
    for line in lines[:15]:
        if m := _NUMBER.match(line.text.strip()):
            return m.group(1)
    return None


def find_issued(lines: list[Line]) -> date | None:
    for line in lines[:15]:
        if m := _ISSUED.search(line.text):
            day, month, year = (int(g) for g in m.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def find_signature(lines: list[Line]) -> tuple[str | None, str | None]:
    """(signer, role) of the last signature block: the role lines ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"),
    notes such as "(Đã ký)", then the personal name. Where the role cannot be read (a seal over it
    in a scan), the name standing right before "Nơi nhận" or after a signed note."""
    texts = [line.text.strip() for line in lines]
    found: tuple[str | None, str | None] = (None, None)
    for i, text in enumerate(texts):
        if not _ROLE.match(text) or len(text) > 60:
            continue
        if i > 0 and _ROLE.match(texts[i - 1]) and len(texts[i - 1]) <= 60:
            continue  # the second line of a role already read
        role_lines = [text]
        j = i + 1
        while j < len(texts) and _ROLE.match(texts[j]) and len(texts[j]) <= 60:
            role_lines.append(texts[j])
            j += 1
        for nxt in texts[j : j + 4]:
            if _SIGNED_NOTE.match(nxt):
                continue
            if _NAME.match(nxt):
                found = (nxt, " / ".join(role_lines))
            break
    if found[0] is None:
        for i, text in enumerate(texts):
            before = texts[i - 1] if i > 0 else ""
            after = texts[i + 1] if i + 1 < len(texts) else ""
            if _NAME.match(text) and (_BACK.match(after) or _SIGNED_NOTE.match(before)):
                found = (text, None)
    return found


def find_signer(lines: list[Line]) -> str | None:
    return find_signature(lines)[0]


def find_agency(lines: list[Line]) -> tuple[str | None, str | None]:
    """(issuing agency, the body above it) from the letterhead: ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "UBND TỈNH TRÀ VINH")."""
    agency = parent = None
    for line in lines[:15]:
        text = line.text.strip()
        if _TITLE_WORD.match(text):
            break
        if agency is None and _AGENCY.match(text):
            agency = text
        elif parent is None and _PARENT.match(text) and "CỘNG HÒA" not in text:
            parent = text
    return agency, parent


def find_place(lines: list[Line]) -> str | None:
    """ "Trà Vinh" of "Trà Vinh, ngày 22 tháng 01 năm 2025"."""
    for line in lines[:15]:
        if m := _PLACE.match(line.text.strip()):
            return m.group(1).strip()
    return None


_PROVINCE_OF = re.compile(
    r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(?:TỈNH|THÀNH PHỐ|TP\.?)\s+(.+)$", re.IGNORECASE
)


def province_of(parent_agency: str | None) -> str | None:
    """ "Trà Vinh" of "UBND TỈNH TRÀ VINH"; None for another body or none."""
    m = _PROVINCE_OF.match((parent_agency or "").strip())
    return m.group(1).strip().title() if m else None


_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(fold_diacritics(text).lower())) + " "


def named_provinces(question: str, provinces: set[str]) -> set[str]:
    """Which of `provinces` the question names, diacritics and case aside, as whole words."""
    asked = _words(question)
    return {p for p in provinces if _words(p) in asked}
