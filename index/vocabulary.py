"""Abbreviations, synonyms and report typos, read from vocabulary.toml: query expansion."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from index.errors import BaocaoError
from index.text import fold_diacritics

VOCABULARY = Path(__file__).resolve().parent / "vocabulary.toml"


class _VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    groups: list[list[str]]
    question_phrases: list[str] = []


@dataclass(frozen=True)
class Vocabulary:
    groups: tuple[tuple[str, ...], ...]
    question_phrases: tuple[str, ...] = ()

    def matches(self, text: str) -> list[tuple[tuple[str, ...], list[str]]]:
        """Each group with a phrase in `text`, and the phrases of it that are there."""
        folded = " " + _fold_phrase(text) + " "
        found = []
        for group in self.groups:
            present = [p for p in group if f" {_fold_phrase(p)} " in folded]
            if present:
                found.append((group, present))
        return found

    def expansions(self, text: str) -> list[str]:
        """Phrases equivalent to those found in `text`, not already in it."""
        extra: list[str] = []
        for group, present in self.matches(text):
            extra.extend(p for p in group if p not in present and p not in extra)
        return extra

    def expand(self, text: str) -> str:
        extra = self.expansions(text)
        return f"{text} ({'; '.join(extra)})" if extra else text


def _fold_phrase(phrase: str) -> str:
    return " ".join(re.findall(r"[\w&-]+", fold_diacritics(phrase)))


def load_vocabulary(path: Path = VOCABULARY) -> Vocabulary:
    try:
        data = _VocabularyFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise BaocaoError(f"Tệp từ vựng {path} không hợp lệ: {exc}") from exc
    return Vocabulary(tuple(tuple(g) for g in data.groups if len(g) >= 2), tuple(data.question_phrases))
