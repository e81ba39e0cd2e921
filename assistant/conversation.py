"""Follow-up questions made standalone, deterministically, from the conversation so far.

"còn tháng 6/2023 thì sao?" after "bao nhiêu trạm BTS tháng 10/2023?" becomes
"bao nhiêu trạm BTS tháng 6/2023?": the metric carries over, the period is replaced.
"trong đó có bao nhiêu bưu cục?" keeps the earlier period.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.intent import is_comparison
from index.lexical import STOPWORDS, content_tokens
from index.periods import find_mentions, period_words, strip_periods
from index.text import fold_diacritics

# Words that only point back at the earlier turn.
_FOLLOWUP_WORDS = re.compile(
    r"\b(con|thi sao|the nao|vay|nhi|so voi|trong do|cai do|dieu do|ky do|luc do|cung|ca)\b"
)
MIN_OWN_TOKENS = 2
# A place or organisation named by its kind and proper name: "huyện Cầu Ngang", "xã Đôn Châu".
# A place or organisation named by its kind and proper name: "huyện Cầu Ngang", "xa Don Chau".
# The kind is read folded (typed with or without marks); the name is its capitalised words.
_KIND = re.compile(r"\b(huyen|thanh pho|thi xa|thi tran|xa|phuong|tinh|doanh nghiep|chi nhanh|cong ty)\s+")
_WORD = re.compile(r"[^\W\d_]\w*")
# Only the last turns are read: a follow-up points at what was just asked.
MAX_HISTORY_TURNS = 12


@dataclass(frozen=True)
class Turn:
    role: str
    content: str


def _own_tokens(question: str) -> list[str]:
    folded = _FOLLOWUP_WORDS.sub(" ", fold_diacritics(strip_periods(question)))
    return content_tokens(folded)


def _period_phrase(text: str) -> str:
    """The words naming the follow-up's periods, a range kept whole: "từ tháng 4 đến tháng 7/2023"."""
    mentions = find_mentions(text, bare_years=True)
    if len(mentions) < 2:
        return period_words(text)
    start, end = mentions[0].span[0], mentions[-1].span[1]
    if re.search(r"\b(?:tu|trong)\s+$", fold_diacritics(text[:start]).lower()):
        start = text.rfind(" ", 0, start - 1) + 1
    return text[start:end]


def _named(text: str) -> list[tuple[str, str, int, int]]:
    """(kind folded, name, start, end) of each named place in `text`; names start with a capital."""
    text = unicodedata.normalize("NFC", text)
    folded = fold_diacritics(text).lower()  # same length: offsets carry over
    found = []
    for m in _KIND.finditer(folded):
        end, cursor = m.end(), m.end()
        for w in _WORD.finditer(text, m.end()):
            if w.start() != cursor or not w.group(0)[0].isupper():
                break
            end = w.end()
            cursor = end + 1 if text[end : end + 1] == " " else -1
        if end > m.end():
            found.append((m.group(1), text[m.end() : end], m.start(), end))
    return found


def _other_place(question: str, previous: str) -> str | None:
    """ "còn huyện Cầu Ngang?" after a question about huyện Cầu Kè: that question about Cầu Ngang."""
    own = _named(question)
    if len(own) != 1:
        return None
    kind, name, start, end = own[0]
    rest = _own_tokens(question[:start] + question[end:])
    if rest:
        return None  # the follow-up asks something of its own, not only about another place
    for other_kind, _, a, b in _named(previous):
        if other_kind == kind:
            return previous[:a] + question[start:end] + previous[b:]
    return None


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """The question with what it leaves implicit filled in from the last user turn (itself made
    standalone from the turns before it, so a chain of follow-ups keeps its metric)."""
    history = history[-MAX_HISTORY_TURNS:]
    last = next((i for i in range(len(history) - 1, -1, -1) if history[i].role == "user"), None)
    if last is None or not history[last].content.strip():
        return question
    previous = standalone_question(history[last].content, history[:last])
    own_periods = period_words(question)
    if not own_periods and (moved := _other_place(question, previous)):
        return moved
    if is_comparison(question) and own_periods and period_words(previous):
        # "so với năm 2017?": the earlier question, now across both periods.
        return f"{strip_periods(previous).rstrip(' ?')} {period_words(previous)} so với {own_periods}?"
    if len(_own_tokens(question)) < MIN_OWN_TOKENS and own_periods:
        # Same metric, new period.
        return f"{strip_periods(previous).rstrip(' ?')} {_period_phrase(question)}?"
    if not own_periods and period_words(previous):
        # Same period, narrower or new metric; the thing both name keeps its qualifier.
        return f"{_carry_qualifier(question, previous).rstrip(' ?')} {period_words(previous)}?"
    return question


def _words(text: str) -> list[tuple[str, str, int]]:
    """(as written, folded, end offset) for each word of `text`, punctuation left out."""
    return [
        (m.group(0), fold_diacritics(m.group(0)).lower(), m.end()) for m in re.finditer(r"[\w/&-]+", text)
    ]


def _carry_qualifier(question: str, previous: str) -> str:
    """ "mật độ là bao nhiêu thuê bao trên 100 dân?" after "... bao nhiêu thuê bao di động?": the
    thing both questions name (two content words or more, "thuê bao") keeps the words that followed
    it before ("di động", up to three content words) unless the follow-up qualifies it itself."""
    asked = _words(question)
    before = _words(strip_periods(previous))
    for i in range(len(before) - 1):
        for j in range(len(asked) - 1):
            pair = (before[i][1], before[i + 1][1])
            if pair != (asked[j][1], asked[j + 1][1]) or pair[0] in STOPWORDS:
                continue
            span = 2
            while (
                i + span < len(before) and j + span < len(asked) and before[i + span][1] == asked[j + span][1]
            ):
                span += 1
            following = asked[j + span][1] if j + span < len(asked) else ""
            if following and following not in STOPWORDS and not following.isdigit():
                return question  # "chỉ số ICT Index": the follow-up says which one
            qualifier: list[str] = []
            for written, folded, _ in before[i + span : i + span + 3]:
                if folded in STOPWORDS or folded.isdigit() or any(folded == w[1] for w in asked):
                    break
                qualifier.append(written)
            if not qualifier:
                return question
            cut = asked[j + span - 1][2]
            return f"{question[:cut]} {' '.join(qualifier)}{question[cut:]}"
    return question
