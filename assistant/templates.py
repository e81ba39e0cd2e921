"""User-facing Vietnamese text, read from prompts/templates.vi.toml and validated."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from index.errors import BaocaoError

M = TypeVar("M", bound=BaseModel)
PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


class Templates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    answer_first: str
    answer: str
    answer_part: str
    period_note: str
    comparison_header: str
    comparison_item: str
    comparison_missing: str
    trend_header: str
    report_signer: str
    report_number: str
    trend_table_head: str
    trend_row: str
    comparison_difference: str
    increase: str
    decrease: str
    unchanged: str
    other_periods_header: str
    rewritten: str
    no_information: str
    no_information_for_place: str
    no_information_only_plan: str
    no_report_for_period: str
    available_periods: str
    related_header: str
    related_item: str
    citation: str
    citation_low_confidence: str
    citations_header: str
    empty_question: str
    long_question: str
    no_index: str
    other_model: str


def load_prompt_file(path: Path, model: type[M], what: str) -> M:
    """A TOML file of `prompts/` read into its model; the error names the file and what it is."""
    try:
        return model.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise BaocaoError(f"Tệp {what} {path} không đọc được: {exc}") from exc


@lru_cache(maxsize=4)
def load_templates(path: Path = PROMPTS_DIR / "templates.vi.toml") -> Templates:
    return load_prompt_file(path, Templates, "mẫu câu trả lời")
