"""Arithmetic on quoted figures: the difference between two periods, computed here, never by a model.

A calculation keeps its operands as the reports write them, so the answer shows the formula
("10.102 − 7.729 = 2.373") and the number guard can check it: both operands quoted, result right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from index.numbers import find_numbers, normalise_number

_EXPRESSION = re.compile(r"^\s*(.+?)\s*[−-]\s*(.+?)\s*$")


@dataclass(frozen=True)
class Calculation:
    left: str  # as written in its quote: "10.102"
    right: str
    result: str  # written the Vietnamese way: "2.373", "-101", "1,5"

    @property
    def expression(self) -> str:
        return f"{self.left} − {self.right}"

    def to_json(self) -> dict[str, str]:
        return {"expression": self.expression, "result": self.result}


def to_decimal(normalised: str) -> Decimal | None:
    """A normalised number ("1286", "31888,142") as a Decimal; None for rankings, dates, codes."""
    if "/" in normalised or normalised.count(".") > 0:
        return None
    try:
        return Decimal(normalised.replace(",", "."))
    except InvalidOperation:
        return None


def format_vn(value: Decimal) -> str:
    """Vietnamese spelling: "." between thousands, "," before decimals: 2373 -> "2.373", -1.5 -> "-1,5"."""
    sign = "-" if value < 0 else ""
    text = format(abs(value).normalize(), "f")
    integer, _, fraction = text.partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def difference(newer: str, older: str) -> Calculation | None:
    """newer − older for two figures as written ("10.102", "7.729"); None when either is no amount."""
    a, b = to_decimal(normalise_number(newer)), to_decimal(normalise_number(older))
    if a is None or b is None:
        return None
    return Calculation(newer, older, format_vn(a - b))


def verified(calculation: Calculation, quoted: set[str]) -> bool:
    """Both operands are quoted numbers and the result is their difference."""
    left, right = find_numbers(calculation.left), find_numbers(calculation.right)
    if len(left) != 1 or len(right) != 1 or left[0] not in quoted or right[0] not in quoted:
        return False
    again = difference(calculation.left, calculation.right)
    # Compared with the sign: find_numbers reads "-101" as 101.
    return again is not None and again.result == calculation.result


def parse_expression(expression: str, result: str) -> Calculation | None:
    """The calculation an answer's JSON names ({"expression": "a − b", "result": "c"})."""
    m = _EXPRESSION.match(expression)
    return Calculation(m.group(1), m.group(2), result) if m else None
