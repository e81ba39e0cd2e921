"""Vietnamese number spellings: find the numbers in a text and bring each to one normalised form.

Two spellings of the same value normalise to the same string, so "1.286" and "1286" compare equal.

Rules, in the order they apply:

* Text is NFC-normalised first. A digit run glued to a preceding letter is part of a code, not a
  number, and is skipped: "IPv6", "VTV9", "KT1". A unit glued after it is fine: "40,8km" is 40,8.
* Digits may be joined by "." and ",", read as Vietnamese reports write them:
  - only dots: when every group after the first has exactly 3 digits the dots separate thousands
    ("1.286" = 1286, "15.629.000.000" = 15629000000); otherwise one dot is a decimal point ("1.5",
    "8.2") and several dots make a dotted label kept as such ("7.2.1");
  - only commas: one comma is the decimal mark ("186,75", "1,572"); several commas with 3-digit
    groups separate thousands ("1,234,567"); other comma runs are lists of separate numbers
    ("3,4,5" -> 3, 4, 5);
  - both: the last separator is the decimal mark and the earlier ones (all the other sign)
    separate thousands ("31.888,142" = 31888,142; "1,234.5" = 1234,5).
* The normalised form has no thousands separator, "," as the decimal mark, no leading zeros in the
  integer part and no trailing zeros in the decimals: "01" -> "1", "33,60" -> "33,6",
  "0,50" -> "0,5", "1.5" -> "1,5".
* Parts joined by "/" form one number whose parts are normalised one by one: rankings and
  fractions ("25/63", "05/13" -> "5/13"), dates ("26/01/2022" -> "26/1/2022", "10/2023"), document
  numbers ("21/2017/QĐ-UBND" -> "21/2017"). `is_date` tells the dates apart.
* Dates written in words become the slash form: "06 tháng 10 năm 2021" -> "6/10/2021",
  "tháng 10 năm 2023" -> "10/2023" (with or without diacritics, any case).
* Signs, "%", and scale words are not part of the number: "57,96%" is 57,96, "15 triệu đồng" is
  15, "-5" is 5.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_THANG = r"th[aáÁ]ng"
_NAM = r"n[aăĂ]m"
_NUMBER = r"\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)*"
_TOKENS = re.compile(
    rf"(?<!\w)(?P<d>\d{{1,2}})\s+{_THANG}\s+(?P<dm>\d{{1,2}})\s+{_NAM}\s+(?P<dy>\d{{4}})(?!\d)"
    rf"|(?<!\w){_THANG}\s+(?P<m>\d{{1,2}})\s+{_NAM}\s+(?P<my>\d{{4}})(?!\d)"
    rf"|(?<!\w)(?P<n>{_NUMBER})",
    re.IGNORECASE,
)
_BARE = re.compile(rf"\s*[-+]?\s*{_NUMBER}\s*%?\s*")


class NumberSpan(NamedTuple):
    start: int  # offsets into the NFC form of the text
    end: int
    value: str  # normalised


def _strip_int(digits: str) -> str:
    return digits.lstrip("0") or "0"


def _decimal(integer: str, fraction: str) -> str:
    fraction = fraction.rstrip("0")
    return f"{_strip_int(integer)},{fraction}" if fraction else _strip_int(integer)


def _plain(token: str) -> list[tuple[int, int, str]]:
    """Normalise a digit token without "/": (start, end, value) with offsets into the token."""
    groups = re.split(r"[.,]", token)
    seps = re.findall(r"[.,]", token)
    end = len(token)
    if not seps:
        return [(0, end, _strip_int(token))]
    if len(set(seps)) == 1:
        thousands = all(len(g) == 3 for g in groups[1:]) and (seps[0] == "." or len(seps) > 1)
        if thousands:
            return [(0, end, _strip_int("".join(groups)))]
        if len(seps) == 1:
            return [(0, end, _decimal(groups[0], groups[1]))]
        if seps[0] == ".":
            return [(0, end, ".".join(_strip_int(g) for g in groups))]
        return [(m.start(), m.end(), _strip_int(m.group())) for m in re.finditer(r"\d+", token)]
    if len(set(seps[:-1])) == 1 and seps[-1] != seps[0]:
        return [(0, end, _decimal("".join(groups[:-1]), groups[-1]))]
    return [(0, end, token)]


def _token(token: str) -> list[tuple[int, int, str]]:
    if "/" not in token:
        return _plain(token)
    parts = [_plain(p) for p in token.split("/")]
    values = [
        found[0][2] if len(found) == 1 else raw for found, raw in zip(parts, token.split("/"), strict=True)
    ]
    return [(0, len(token), "/".join(values))]


def number_spans(text: str) -> list[NumberSpan]:
    """Every number of `text` (taken in NFC) with its offsets and normalised value, in order."""
    text = unicodedata.normalize("NFC", text)
    spans: list[NumberSpan] = []
    for m in _TOKENS.finditer(text):
        if m.group("d") is not None:
            value = "/".join(_strip_int(m.group(g)) for g in ("d", "dm", "dy"))
            spans.append(NumberSpan(m.start(), m.end(), value))
        elif m.group("m") is not None:
            value = f"{_strip_int(m.group('m'))}/{m.group('my')}"
            spans.append(NumberSpan(m.start(), m.end(), value))
        else:
            base = m.start("n")
            spans.extend(NumberSpan(base + s, base + e, v) for s, e, v in _token(m.group("n")))
    return spans


def find_numbers(text: str) -> list[str]:
    """The numbers of `text`, normalised, in order of appearance (repeats kept)."""
    return [span.value for span in number_spans(text)]


def normalise_number(s: str) -> str:
    """The normalised form of the (first) number written in `s`: "1.286" -> "1286", "15 triệu" -> "15".

    Raises ValueError when `s` holds no number.
    """
    numbers = find_numbers(s)
    if not numbers:
        raise ValueError(f"không có số trong {s!r}")
    return numbers[0]


def is_bare_number(s: str) -> bool:
    """True when `s` is one number and nothing else but a sign, "%" and spaces: "95 %", "1.286"."""
    s = unicodedata.normalize("NFC", s)
    return _BARE.fullmatch(s) is not None and len(find_numbers(s)) == 1


def same_number(a: str, b: str) -> bool:
    """True when `a` and `b` spell the same number ("1.286" and "1286"); False when either has none."""
    try:
        return normalise_number(a) == normalise_number(b)
    except ValueError:
        return False


def is_date(value: str) -> bool:
    """True for a normalised day/month/year ("26/1/2022") or month/year ("10/2023").

    Day/month alone ("26/6") is not called a date: it cannot be told from a ranking like "5/12".
    """
    parts = value.split("/")
    if not all(p.isdigit() for p in parts) or len(parts) not in (2, 3):
        return False
    *head, year = (int(p) for p in parts)
    if not (len(parts[-1]) == 4 and 1900 <= year <= 2100):
        return False
    if len(head) == 1:
        return 1 <= head[0] <= 12
    day, month = head
    return 1 <= day <= 31 and 1 <= month <= 12
