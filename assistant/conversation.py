"""Follow-up questions made standalone, deterministically, from the conversation so far.

"còn tháng 6/2023 thì sao?" after "bao nhiêu trạm BTS tháng 10/2023?" becomes
"bao nhiêu trạm BTS tháng 6/2023?": the metric carries over, the period is replaced.
"trong đó có bao nhiêu bưu cục?" keeps the earlier period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.intent import is_comparison
from index.lexical import content_tokens
from index.periods import period_words, strip_periods
from index.text import fold_diacritics

# Words that only point back at the earlier turn.
_FOLLOWUP_WORDS = re.compile(
    r"\b(con|thi sao|the nao|vay|nhi|so voi|trong do|cai do|dieu do|ky do|luc do|cung|ca)\b"
)
MIN_OWN_TOKENS = 2


@dataclass(frozen=True)
class Turn:
    role: str
    content: str


def _own_tokens(question: str) -> list[str]:
    folded = _FOLLOWUP_WORDS.sub(" ", fold_diacritics(strip_periods(question)))
    return content_tokens(folded)


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """The question with what it leaves implicit filled in from the last user turn."""
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    if not previous:
        return question
    previous = standalone_question(previous, [])
    own_periods = period_words(question)
    if is_comparison(question) and own_periods and period_words(previous):
        # "so với năm 2017?": the earlier question, now across both periods.
        return f"{strip_periods(previous).rstrip(' ?')} {period_words(previous)} so với {own_periods}?"
    if len(_own_tokens(question)) < MIN_OWN_TOKENS and own_periods:
        # Same metric, new period.
        return f"{strip_periods(previous).rstrip(' ?')} {own_periods}?"
    if not own_periods and period_words(previous):
        # Same period, narrower or new metric.
        return f"{question.rstrip(' ?')} {period_words(previous)}?"
    return question
