"""The evaluation set: known Q&A pairs read from the bundled reports, validated on load."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.batch import HistoryTurn


class Kind(StrEnum):
    numeric = "numeric"  # a count, km, %, money, ranking such as 25/63
    list = "list"  # "những nội dung nào ..."
    entity = "entity"  # which decision, which number, who
    period = "period"  # a metric several reports give with different values, asked by period
    no_diacritics = "no_diacritics"  # typed without Vietnamese diacritics
    paraphrase = "paraphrase"
    abbreviation = "abbreviation"  # BTS, CNTT, DVC, ATTT, TTHC ...
    followup = "followup"  # only makes sense with `history`
    comparison = "comparison"  # between two periods
    plan = "plan"  # what a report plans for the next period
    trend = "trend"  # one metric across every report that gives it
    unanswerable = "unanswerable"  # period no report covers, metric no report gives
    table = "table"  # a cell of a table: one row's figure under one column
    scope = "scope"  # Sở / toàn tỉnh / cấp huyện / cấp xã / one operator / one district
    fact_year = "fact_year"  # the year a fact is about, not the report's period (an index of 2023 in 2024)


class Trap(StrEnum):
    """What makes an item easy to answer wrongly; reported apart so a trap's cost shows."""

    other_period = "other_period"  # the same metric is given for other periods
    plan_vs_result = "plan_vs_result"  # the period has a plan (target) in one report, results in another
    plan_only = "plan_only"  # the period asked only has a plan: results are not in the reports
    other_scope = "other_scope"  # a figure of another scope (province for a district, Sở for communes)
    other_year = "other_year"  # an index of another year than the one asked (the year after the newest)
    other_agency = "other_agency"  # another province's report holds a similar figure
    no_such_fact = "no_such_fact"  # no report gives it, though a neighbouring fact exists


Turn = HistoryTurn  # the same shape `baocao ask --jsonl` reads


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    history: list[Turn] = Field(default_factory=list)
    answer: str = Field(min_length=1, description="reference answer, in Vietnamese")
    # Each fact is a list of accepted spellings: ["1.286", "1286"]. A correct answer holds
    # at least one spelling of every fact.
    facts: list[list[str]] = Field(default_factory=list)
    # Numbers a correct answer must not contain: the same metric's value in other periods.
    forbidden: list[str] = Field(default_factory=list)
    report_file: str | None = None
    section: str | None = Field(
        default=None, description="heading path, headings joined by ' > ', as written in the report"
    )
    evidence: list[str] = Field(
        default_factory=list, description="verbatim text from report_file (each a substring of one line)"
    )
    kind: Kind
    trap: Trap | None = None
    split: Literal["dev", "test"] = "test"

    @property
    def answerable(self) -> bool:
        return self.kind is not Kind.unanswerable

    @model_validator(mode="after")
    def _consistent(self) -> EvalItem:
        if self.answerable:
            missing = [
                name
                for name, value in (
                    ("report_file", self.report_file),
                    ("section", self.section),
                    ("evidence", self.evidence),
                    ("facts", self.facts),
                )
                if not value
            ]
            if missing:
                raise ValueError(f"câu trả lời được cần có {', '.join(missing)}")
        if any(not alternates or any(not a.strip() for a in alternates) for alternates in self.facts):
            raise ValueError("mỗi fact là một danh sách cách viết không rỗng")
        if self.kind is Kind.followup and not self.history:
            raise ValueError("câu hỏi nối tiếp (followup) cần history")
        return self


class EvalDataError(ValueError):
    pass


def load_eval_set(path: Path) -> list[EvalItem]:
    """Read a JSONL file of EvalItem; errors name the file and line."""
    items: list[EvalItem] = []
    seen: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate_json(line)
        except ValidationError as exc:
            raise EvalDataError(f"{path}:{lineno}: dữ liệu đánh giá không hợp lệ: {exc}") from exc
        if item.id in seen:
            raise EvalDataError(f"{path}:{lineno}: trùng id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items
