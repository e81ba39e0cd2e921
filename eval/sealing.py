"""Keeping test splits sealed: a test question's wording may not appear in the code or the tests.

A question is held out only if nothing was written for it. Its *distinctive phrases* are its runs of
`PHRASE_WORDS` words (diacritics, case and punctuation ignored) that are neither report text (words
any rule may quote) nor the common phrasing of several questions ("có bao nhiêu trạm"). A test
question, or one of its distinctive phrases, found in a source file is a leak.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.dataset import EvalItem
from index.text import strip_diacritics

PHRASE_WORDS = 5  # five words: longer than any stock question opening, shorter than a whole question
# A phrase in this many questions of the corpora is how staff ask, not one question's wording.
COMMON_IN = 3
SEALED_FOLDERS = ("assistant", "index", "prompts", "tests")
SCANNED_SUFFIXES = (".py", ".toml", ".txt", ".md", ".json", ".jsonl", ".yaml", ".yml", ".cfg")

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(strip_diacritics(text).casefold())


def phrases(tokens: Sequence[str], n: int = PHRASE_WORDS) -> set[str]:
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def question_text(item: EvalItem) -> str:
    """What the user typed: the question and the earlier user turns of its conversation."""
    return "\n".join([*(t.content for t in item.history if t.role == "user"), item.question])


def _all_phrases(text: str) -> set[str]:
    found: set[str] = set()
    for line in text.splitlines():
        found |= phrases(words(line))
    return found


def distinctive_phrases(
    test_items: Sequence[EvalItem], all_items: Sequence[EvalItem], report_texts: Iterable[str]
) -> dict[str, set[str]]:
    """Per test item id, its phrases that no report holds and fewer than COMMON_IN questions share."""
    in_reports: set[str] = set()
    for text in report_texts:
        in_reports |= _all_phrases(text)
    shared = Counter(p for item in all_items for p in _all_phrases(question_text(item)))
    return {
        item.id: {
            p for p in _all_phrases(question_text(item)) if p not in in_reports and shared[p] < COMMON_IN
        }
        for item in test_items
    }


@dataclass(frozen=True)
class Leak:
    item_id: str
    path: str
    line: int
    phrase: str  # the whole question, or the distinctive phrase found


def find_leaks(
    test_items: Sequence[EvalItem],
    distinctive: Mapping[str, set[str]],
    files: Iterable[tuple[str, str]],
) -> list[Leak]:
    """Leaks of test questions into `files` ((path, text) pairs)."""
    by_phrase: dict[str, list[str]] = {}
    for item_id, found in distinctive.items():
        for p in found:
            by_phrase.setdefault(p, []).append(item_id)
    whole = {" ".join(words(item.question)): item.id for item in test_items if len(words(item.question)) >= 3}
    leaks: list[Leak] = []
    for path, text in files:
        for lineno, line in enumerate(text.splitlines(), start=1):
            tokens = words(line)
            if not tokens:
                continue
            joined = " ".join(tokens)
            for question, item_id in whole.items():
                if question in joined:
                    leaks.append(Leak(item_id, path, lineno, "(cả câu hỏi)"))
            for p in phrases(tokens):
                for item_id in by_phrase.get(p, ()):
                    leaks.append(Leak(item_id, path, lineno, p))
    return leaks


def sealed_files(root: Path, folders: Sequence[str] = SEALED_FOLDERS) -> list[tuple[str, str]]:
    """(path relative to root, text) of every source and data file in the sealed folders."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in SCANNED_SUFFIXES and "__pycache__" not in path.parts:
                found.append(
                    (str(path.relative_to(root)), path.read_text(encoding="utf-8", errors="replace"))
                )
    return found
