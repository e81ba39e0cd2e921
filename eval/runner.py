"""`baocao eval`: run the evaluation set through the `ask --jsonl` path and gate on the results."""

from __future__ import annotations

import json
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.batch import answer_lines
from assistant.rerank import KeepOrder
from assistant.retrieval import RetrievalMode
from assistant.service import Assistant
from eval.dataset import EvalItem, load_eval_set
from eval.metrics import markdown_table, summarise
from index.embedder import QueryCache
from index.errors import BaocaoError
from index.manifest import write_atomic
from index.text import strip_diacritics

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
    "marker_mismatches": False,
    "in_period@1": True,
    "diacritics_gap": False,
}


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tolerance: float = Field(ge=0)
    min: dict[str, float] = Field(default_factory=dict)
    max: dict[str, float] = Field(default_factory=dict)
    # Per kind of question ("followup"), the least share answered correctly.
    min_correct_by_kind: dict[str, float] = Field(default_factory=dict)


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    try:
        return Thresholds.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise BaocaoError(f"Tệp ngưỡng đánh giá {path} không hợp lệ: {exc}") from exc


@dataclass(frozen=True)
class EvalRun:
    summary: dict[str, Any]  # {"all": ..., "dev": ..., "test": ...}
    rows: list[dict[str, Any]]
    studies: dict[str, Any] = field(default_factory=dict)  # retrieval comparison, diacritics


# The comparison of retrieval set-ups recorded with every evaluation:
# (label, mode, rerank?, dense share of the fusion; None: the configured one).
RETRIEVAL_VARIANTS: tuple[tuple[str, RetrievalMode, bool, float | None], ...] = (
    ("dense only + rerank", "dense", True, None),
    ("BM25 only + rerank", "lexical", True, None),
    ("RRF, equal weights + rerank", "hybrid", True, 0.5),
    ("RRF, dense 0.7 + rerank", "hybrid", True, 0.7),
    ("RRF, dense 0.7, no rerank", "hybrid", False, 0.7),
)
_STUDY_METRICS = (
    "correct",
    "section_recall@1",
    "section_recall@5",
    "report_recall@1",
    "section_mrr@10",
    "in_period@1",
)


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


def compare_retrieval(assistant: Assistant, items: list[EvalItem]) -> dict[str, dict[str, Any]]:
    """The evaluation under each retrieval set-up, the configured one's mode and reranker aside."""
    rows: dict[str, dict[str, Any]] = {}
    for label, mode, rerank, weight in RETRIEVAL_VARIANTS:
        retriever = assistant.retriever.variant(
            mode=mode, reranker=None if rerank else KeepOrder(), dense_weight=weight
        )
        summary = run(assistant.with_retriever(retriever), items).summary["all"]
        rows[label] = {k: summary[k] for k in _STUDY_METRICS}
    return rows


def without_diacritics(item: EvalItem) -> EvalItem:
    """The same question, and its conversation, as typed on a keyboard without Vietnamese marks."""
    history = [t.model_copy(update={"content": strip_diacritics(t.content)}) for t in item.history]
    return item.model_copy(update={"question": strip_diacritics(item.question), "history": history})


def diacritics_study(assistant: Assistant, items: list[EvalItem], main: EvalRun) -> dict[str, Any]:
    """Answerable questions asked again without diacritics, against the same questions with them."""
    answerable = [i for i in items if i.answerable]
    folded = run(assistant, [without_diacritics(i) for i in answerable]).summary["all"]
    by_id = {r["id"]: r for r in main.rows}
    original = summarise(answerable, [by_id[i.id] for i in answerable], [0.0] * len(answerable))
    return {
        "n": len(answerable),
        "with": {k: original[k] for k in _STUDY_METRICS},
        "without": {k: folded[k] for k in _STUDY_METRICS},
        "gap": original["correct"] - folded["correct"],
    }


def gate(summary: dict[str, Any], baseline: dict[str, Any] | None, thresholds: Thresholds) -> list[str]:
    """Human-readable reasons the gate fails; empty when it passes."""
    failures: list[str] = []
    overall = summary["all"]
    # A metric the run did not measure (studies off) is not gated.
    for metric, floor in thresholds.min.items():
        if metric in overall and overall[metric] < floor:
            failures.append(f"{metric} = {overall[metric]:.3f} < ngưỡng {floor:.3f}")
    for metric, ceiling in thresholds.max.items():
        if metric in overall and overall[metric] > ceiling:
            failures.append(f"{metric} = {overall[metric]:.3f} > ngưỡng {ceiling:.3f}")
    by_kind = overall.get("by_kind", {})
    for kind, floor in thresholds.min_correct_by_kind.items():
        if kind in by_kind and by_kind[kind]["correct"] < floor:
            failures.append(f"correct ({kind}) = {by_kind[kind]['correct']:.3f} < ngưỡng {floor:.3f}")
    if baseline:
        base = baseline["all"]
        for metric, higher_better in GATED.items():
            if metric not in base or metric not in overall:
                continue
            tol = 0 if metric in ("numbers_outside_quotes", "marker_mismatches") else thresholds.tolerance
            worse = base[metric] - overall[metric] if higher_better else overall[metric] - base[metric]
            if worse > tol:
                failures.append(
                    f"{metric} = {overall[metric]:.3f}, kém baseline {base[metric]:.3f} quá {tol:.3f}"
                )
    return failures


def _study_table(rows: dict[str, dict[str, Any]]) -> str:
    lines = ["| | " + " | ".join(_STUDY_METRICS) + " |", "|---|" + "---:|" * len(_STUDY_METRICS)]
    for label, row in rows.items():
        cells = " | ".join("–" if row[k] is None else f"{row[k] * 100:.1f}%" for k in _STUDY_METRICS)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines) + "\n"


def report_markdown(result: EvalRun) -> str:
    parts = ["# Kết quả đánh giá", ""]
    for split, title in (
        ("all", "Toàn bộ"),
        ("dev", "Tập phát triển (dev)"),
        ("test", "Tập kiểm tra (test)"),
    ):
        parts += [f"## {title}", "", markdown_table(result.summary[split]), ""]
    if "retrieval" in result.studies:
        parts += ["## So sánh cách truy hồi (toàn bộ)", "", _study_table(result.studies["retrieval"]), ""]
    if "diacritics" in result.studies:
        study = result.studies["diacritics"]
        parts += [
            f"## Câu hỏi không dấu ({study['n']} câu có đáp án, cùng câu hỏi có dấu / không dấu)",
            "",
            _study_table({"có dấu": study["with"], "không dấu": study["without"]}),
            "",
        ]
    return "\n".join(parts)


def write_results(result: EvalRun, folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(
        folder / "latest.json",
        json.dumps(
            {"summary": result.summary, "studies": result.studies, "rows": result.rows},
            ensure_ascii=False,
            indent=1,
        ),
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
    assistant: Assistant,
    dataset: Path = DATASET,
    update_baseline: bool = False,
    results_dir: Path = RESULTS,
    studies: bool = True,
) -> tuple[EvalRun, list[str]]:
    """Run, score, write results, gate. `studies` adds the retrieval comparison and the no-diacritics
    run (the comparison reuses the main run's query embeddings, so it costs little)."""
    items = load_eval_set(dataset)
    cached = assistant.retriever.variant(embedder=QueryCache(assistant.retriever.embedder))
    assistant = assistant.with_retriever(cached)
    result = run(assistant, items)
    if studies:
        diacritics = diacritics_study(assistant, items, result)
        result.summary["all"]["diacritics_gap"] = diacritics["gap"]
        result = EvalRun(
            result.summary,
            result.rows,
            {"retrieval": compare_retrieval(assistant, items), "diacritics": diacritics},
        )
    write_results(result, results_dir)
    if update_baseline:
        save_baseline(result)
    return result, gate(result.summary, load_baseline(), load_thresholds())
