"""What a question asks for, read from its words: a plan, a comparison."""

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
