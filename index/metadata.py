"""Report metadata read from the front and back matter: title, number, date, signer."""

from __future__ import annotations

import re
from datetime import date

from index.markup import Line

_TITLE_WORD = re.compile(r"^BÁO\s*CÁO$", re.IGNORECASE)
_ENDS_WITH_YEAR = re.compile(r"(?:19|20)\d{2}\s*$")
_NUMBER = re.compile(r"^Số\s*:\s*(\S*\d\S*)", re.IGNORECASE)
_ISSUED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_SIGNER_ROLE = re.compile(r"GIÁM ĐỐC\s*$")
_NAME = re.compile(r"^[A-ZÀ-Ỹ][a-zà-ỹ]+(?:\s+[A-ZÀ-Ỹ][a-zà-ỹ]+){1,4}$")


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


def find_signer(lines: list[Line]) -> str | None:
    """The personal name that follows the last "... GIÁM ĐỐC" signature block."""
    signer = None
    for i, line in enumerate(lines):
        if _SIGNER_ROLE.search(line.text.strip()):
            for nxt in lines[i + 1 : i + 4]:
                name = nxt.text.strip()
                if _NAME.match(name):
                    signer = name
                    break
    return signer
