"""Warm query latency: bare query embedding, retrieval and the full answer, measured in one run.

    python -m bench.retrieval_latency [--limit N] [--repeats R] [--warmup W] [--json PATH]

The three paths are timed one after another for each question (their order rotates from one
question to the next, so none always runs first), after a warm-up, with the same model and index.
The figure to watch is retrieval p50 / embedding p50 (target ≤ 1.5): what retrieval costs on top of
the one query embedding it has to compute.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from eval.metrics import percentile

log = logging.getLogger("baocao.bench")

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "eval" / "corpora" / "bundled" / "qa.jsonl"
DEFAULT_JSON = ROOT / "bench" / "results" / "retrieval_latency.json"
TARGET_RATIO = 1.5

PATHS = ("embedding", "retrieval", "answer")
LABELS = {
    "embedding": "bare query embedding",
    "retrieval": "retrieval",
    "answer": "full answer",
}


class _Embedder(Protocol):
    def embed_query(self, text: str) -> Any: ...


class _Retriever(Protocol):
    @property
    def embedder(self) -> _Embedder: ...

    def retrieve(self, question: str, k: int = ...) -> Any: ...


class BenchAssistant(Protocol):
    """What `measure` needs of `assistant.service.Assistant`."""

    @property
    def retriever(self) -> _Retriever: ...

    @property
    def top_k(self) -> int: ...

    def ask(self, question: str) -> Any: ...


def latency_stats(seconds: Sequence[float]) -> dict[str, float | int]:
    """n, p50, p95 and mean of durations given in seconds, in milliseconds (0.0 for none)."""
    ms = [s * 1000.0 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "mean_ms": sum(ms) / len(ms) if ms else 0.0,
    }


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def _fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def format_table(results: dict[str, Any]) -> str:
    """A Markdown table of p50/p95 per path, then the two ratios to the bare embedding p50."""
    stats = results["stats"]
    lines = ["| path | p50 ms | p95 ms |", "|---|---:|---:|"]
    for path in PATHS:
        s = stats[path]
        lines.append(f"| {LABELS[path]} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} |")
    ratios = results["ratios"]
    lines += [
        "",
        f"retrieval p50 / embedding p50 = {_fmt_ratio(ratios['retrieval_p50_over_embedding_p50'])} "
        f"(target ≤ {TARGET_RATIO})",
        f"full answer p50 / embedding p50 = {_fmt_ratio(ratios['answer_p50_over_embedding_p50'])}",
    ]
    return "\n".join(lines) + "\n"


def _timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(
    assistant: BenchAssistant, questions: Sequence[str], repeats: int = 1, warmup: int = 5
) -> dict[str, Any]:
    """Time the three paths for each question, `repeats` times over, after `warmup` questions.

    Warm-up sends the first `warmup` questions through each path once, untimed. Then each question
    goes through the bare query embedding, retrieval (with `assistant.top_k`) and the full answer,
    each timed on its own; the order of the three rotates with every question.
    """
    if repeats < 1:
        raise ValueError(f"repeats phải ≥ 1: {repeats}")
    retriever = assistant.retriever
    calls: dict[str, Callable[[str], Any]] = {
        "embedding": lambda q: retriever.embedder.embed_query(q),
        "retrieval": lambda q: retriever.retrieve(q, assistant.top_k),
        "answer": lambda q: assistant.ask(q),
    }
    for question in list(questions)[: max(0, warmup)]:
        for path in PATHS:
            calls[path](question)
    samples: dict[str, list[float]] = {path: [] for path in PATHS}
    turn = 0
    for _ in range(repeats):
        for question in questions:
            order = PATHS[turn % 3 :] + PATHS[: turn % 3]
            turn += 1
            for path in order:
                samples[path].append(_timed(lambda path=path, question=question: calls[path](question)))
    stats = {path: latency_stats(samples[path]) for path in PATHS}
    embedding_p50 = float(stats["embedding"]["p50_ms"])
    return {
        "questions": len(questions),
        "repeats": repeats,
        "warmup": min(max(0, warmup), len(questions)),
        "stats": stats,
        "ratios": {
            "retrieval_p50_over_embedding_p50": _ratio(float(stats["retrieval"]["p50_ms"]), embedding_p50),
            "answer_p50_over_embedding_p50": _ratio(float(stats["answer"]["p50_ms"]), embedding_p50),
            "target": TARGET_RATIO,
        },
        "samples_s": samples,
    }


def load_questions(path: Path = DATASET, limit: int | None = None) -> list[str]:
    """The evaluation questions that need no history, in file order, the first `limit` of them."""
    from eval.dataset import load_eval_set

    questions = [item.question for item in load_eval_set(path) if not item.history]
    return questions if limit is None else questions[:limit]


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"cần số nguyên ≥ 1: {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.retrieval_latency",
        description="Warm latency of query embedding, retrieval and the full answer (p50/p95).",
    )
    parser.add_argument("--limit", type=_positive, default=None, help="first N questions (default: all)")
    parser.add_argument("--repeats", type=_positive, default=1, help="passes over the questions (default 1)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed warm-up questions (default 5)")
    parser.add_argument("--dataset", type=Path, default=DATASET, help="evaluation JSONL (questions)")
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help="result file (default bench/results/retrieval_latency.json)",
    )
    return parser


def _git_state() -> dict[str, Any]:
    """The commit measured and whether the working tree differed from it; {} outside a git checkout."""
    from eval.runner import git_commit

    state = git_commit(ROOT)
    return {"git_commit": state["commit"], "git_dirty": state["uncommitted_changes"]} if state else {}


def _environment(settings: Any) -> dict[str, Any]:
    env: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "embedding_model": settings.embedding_model,
        "max_seq_length": settings.max_seq_length,
        "top_k": settings.top_k,
        "data_dir": str(settings.data_dir),
        # Set only where the settings have them (retrieval options come and go).
        **{
            name: str(getattr(settings, name))
            for name in ("retrieval_mode", "reranker", "dense_weight")
            if hasattr(settings, name)
        },
        **_git_state(),
    }
    with contextlib.suppress(OSError):
        env["load_average"] = list(os.getloadavg())
    torch = sys.modules.get("torch")
    if torch is not None:
        env["torch"] = torch.__version__
        env["torch_threads"] = torch.get_num_threads()
    return env


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    logging.getLogger("bm25s").setLevel(logging.WARNING)

    from assistant.service import Assistant
    from assistant.settings import Settings
    from index.errors import BaocaoError
    from index.manifest import write_atomic

    try:
        questions = load_questions(args.dataset, args.limit)
        if not questions:
            print(f"Lỗi: không có câu hỏi (không lịch sử) trong {args.dataset}", file=sys.stderr)
            return 1
        settings = Settings()
        started = time.perf_counter()
        assistant = Assistant.from_settings(settings)
        log.info(
            "Assistant ready in %.1f s; %d questions × %d",
            time.perf_counter() - started,
            len(questions),
            args.repeats,
        )
        results = measure(assistant, questions, repeats=args.repeats, warmup=args.warmup)
    except BaocaoError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    results = {
        "benchmark": "retrieval_latency",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataset": str(args.dataset),
        "environment": _environment(settings),
        **results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.json, json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    print(format_table(results), end="")
    print(f"\n{len(questions)} questions × {args.repeats}, results in {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
