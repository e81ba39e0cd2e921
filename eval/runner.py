"""`baocao eval`: run the evaluation set through the `ask --jsonl` path and gate on the results."""

from __future__ import annotations

import json
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.batch import answer_lines
from assistant.service import Assistant
from eval.dataset import EvalItem, load_eval_set
from eval.metrics import markdown_table, summarise
from index.errors import BaocaoError
from index.manifest import write_atomic

log = logging.getLogger(__name__)

EVAL_DIR = Path(__file__).resolve().parent
DATASET = EVAL_DIR / "data" / "qa.jsonl"
BASELINE = EVAL_DIR / "baseline.json"
THRESHOLDS = EVAL_DIR / "thresholds.toml"
RESULTS = EVAL_DIR / "results"
# Metrics the gate compares with the baseline, and whether higher is better.
GATED = {
    "correct": True,
    "answer_correctness": True,
    "citation_correctness": True,
    "section_recall@5": True,
    "report_recall@1": True,
    "abstention_recall": True,
    "false_refusal_rate": False,
    "numbers_outside_quotes": False,
}


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tolerance: float = Field(ge=0)
    min: dict[str, float] = Field(default_factory=dict)
    max: dict[str, float] = Field(default_factory=dict)


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    try:
        return Thresholds.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise BaocaoError(f"Tệp ngưỡng đánh giá {path} không hợp lệ: {exc}") from exc


@dataclass(frozen=True)
class EvalRun:
    summary: dict[str, Any]  # {"all": ..., "dev": ..., "test": ...}
    rows: list[dict[str, Any]]


def run(assistant: Assistant, items: list[EvalItem]) -> EvalRun:
    """Ask every question as `baocao ask --jsonl` would, then score."""
    requests = (
        json.dumps(
            {"id": i.id, "question": i.question, "history": [t.model_dump() for t in i.history]},
            ensure_ascii=False,
        )
        for i in items
    )
    outputs = list(answer_lines(assistant, requests, "eval"))
    by_id = {o["id"]: o for o in outputs}
    summary: dict[str, Any] = {}
    for split in ("all", "dev", "test"):
        chosen = [i for i in items if split == "all" or i.split == split]
        outs = [by_id[i.id] for i in chosen]
        summary[split] = summarise(chosen, outs, [o["latency_s"] for o in outs])
    return EvalRun(summary, outputs)


def gate(summary: dict[str, Any], baseline: dict[str, Any] | None, thresholds: Thresholds) -> list[str]:
    """Human-readable reasons the gate fails; empty when it passes."""
    failures: list[str] = []
    overall = summary["all"]
    for metric, floor in thresholds.min.items():
        if overall[metric] < floor:
            failures.append(f"{metric} = {overall[metric]:.3f} < ngưỡng {floor:.3f}")
    for metric, ceiling in thresholds.max.items():
        if overall[metric] > ceiling:
            failures.append(f"{metric} = {overall[metric]:.3f} > ngưỡng {ceiling:.3f}")
    if baseline:
        base = baseline["all"]
        for metric, higher_better in GATED.items():
            if metric not in base:
                continue
            tol = thresholds.tolerance if metric != "numbers_outside_quotes" else 0
            worse = base[metric] - overall[metric] if higher_better else overall[metric] - base[metric]
            if worse > tol:
                failures.append(
                    f"{metric} = {overall[metric]:.3f}, kém baseline {base[metric]:.3f} quá {tol:.3f}"
                )
    return failures


def report_markdown(result: EvalRun) -> str:
    parts = ["# Kết quả đánh giá", ""]
    for split, title in (
        ("all", "Toàn bộ"),
        ("dev", "Tập phát triển (dev)"),
        ("test", "Tập kiểm tra (test)"),
    ):
        parts += [f"## {title}", "", markdown_table(result.summary[split]), ""]
    return "\n".join(parts)


def write_results(result: EvalRun, folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(
        folder / "latest.json",
        json.dumps({"summary": result.summary, "rows": result.rows}, ensure_ascii=False, indent=1),
    )
    write_atomic(folder / "latest.md", report_markdown(result))
    return folder / "latest.md"


def load_baseline(path: Path = BASELINE) -> dict[str, Any] | None:
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def save_baseline(result: EvalRun, path: Path = BASELINE) -> None:
    keep = {
        split: {k: v for k, v in s.items() if k != "by_kind" and not k.startswith("latency")}
        for split, s in result.summary.items()
    }
    write_atomic(path, json.dumps(keep, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def evaluate(
    assistant: Assistant, dataset: Path = DATASET, update_baseline: bool = False, results_dir: Path = RESULTS
) -> tuple[EvalRun, list[str]]:
    items = load_eval_set(dataset)
    result = run(assistant, items)
    write_results(result, results_dir)
    if update_baseline:
        save_baseline(result)
    return result, gate(result.summary, load_baseline(), load_thresholds())
