"""What a question asks for, read from its words: a plan, a comparison, a figure, a list."""

from __future__ import annotations

import re

from index.text import fold_diacritics

_PLAN_INTENT = re.compile(
    r"\b(ke hoach(?! so)|du kien|se|chuong trinh cong tac|nhiem vu (?:cong tac|trong tam)"
    r"|phuong huong|dinh huong"
    r"|thang toi|nam toi|quy toi|sap toi|tiep theo)\b"
)


_COMPARISON_INTENT = re.compile(
    r"\b(so voi|so sanh|khac nhau|khac the nao|chenh lech|tang|giam|hon|thay doi|bien dong|qua cac ky)\b"
)


def is_comparison(question: str) -> bool:
    """Two periods and words that compare them; "từ tháng 4 đến tháng 7/2023" is a range, not this."""
    return bool(_COMPARISON_INTENT.search(fold_diacritics(question)))


def is_plan_question(question: str) -> bool:
    return bool(_PLAN_INTENT.search(fold_diacritics(question)))


_NUMERIC_INTENT = re.compile(r"\b(bao nhieu|may|so luong|ty le|tong so|xep hang|thu hang|bao lau)\b")
_LIST_INTENT = re.compile(r"\b(nhung|cac|gom)\b.*\b(nao|gi)\b|\bgom nhung\b|\bke ten\b|\bliet ke\b")


def is_numeric_question(question: str) -> bool:
    """Asks for a figure: "bao nhiêu", "mấy", "tỷ lệ", a rank."""
    return bool(_NUMERIC_INTENT.search(fold_diacritics(question)))


def is_list_question(question: str) -> bool:
    """Asks for several things: "những ... nào", "gồm những", "liệt kê"."""
    return bool(_LIST_INTENT.search(fold_diacritics(question)))


_ASKED_UNIT = re.compile(r"\b(?:bao nhieu|may|so luong|tong so|so)\s+([a-z]+)")
_NOT_UNITS = frozenset({"la", "cua", "duoc", "da", "co", "nam", "thang", "quy", "luong", "nhieu"})


def asked_unit(question: str) -> str | None:
    """What a figure question counts, folded: "bao nhiêu trạm BTS" -> "tram"; None if it does not say."""
    folded = fold_diacritics(question)
    if re.search(r"\b(bao nhieu|may) phan tram\b|\bty le\b", folded):
        return "%"
    for match in _ASKED_UNIT.finditer(folded):
        if match.group(1) not in _NOT_UNITS:
            return match.group(1)
    return None
