"""`baocao eval`: each corpus's questions through the `ask --jsonl` path, scored, gated on its test split.

Two corpora (`eval.corpora`): the five bundled reports, on the configured index, and the new
reports, indexed into a folder of their own. Each has a dev split, read while tuning, and a test
split that is only run: the gate's floors and the baseline comparison apply to the test splits.
"""

from __future__ import annotations

import importlib
import json
import logging
import subprocess
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.batch import answer_lines
from assistant.rerank import KeepOrder
from assistant.retrieval import RetrievalMode
from eval.corpora import CORPORA, EVAL_DIR, ROOT, Corpus
from eval.dataset import EvalItem, load_eval_set
from eval.metrics import markdown_table, score_item, summarise
from index.embedder import QueryCache
from index.errors import BaocaoError
from index.manifest import write_atomic
from index.text import strip_diacritics

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.service import Assistant
    from assistant.settings import Settings

log = logging.getLogger(__name__)

BASELINE = EVAL_DIR / "baseline.json"
THRESHOLDS = EVAL_DIR / "thresholds.toml"
RESULTS = EVAL_DIR / "results"
SPLITS = ("dev", "test")
GATED_SPLIT = "test"
# Metrics the gate compares with the baseline, and whether higher is better.
GATED = {
    "correct": True,
    "wrong_rate": False,
    "errors": False,
    "answer_correctness": True,
    "citation_correctness": True,
    # quote_precision is reported, not gated: it is a mean over the correct answers, so a change that
    # makes more answers correct with ordinary quotes lowers it.
    "section_recall@5": True,
    "report_recall@1": True,
    "abstention_recall": True,
    "false_refusal_rate": False,
    "numbers_outside_quotes": False,
    "marker_mismatches": False,
    "in_period@1": True,
    "diacritics_gap": False,
}
# Counts that may not grow at all (no tolerance).
UNTOLERATED = ("errors", "numbers_outside_quotes", "marker_mismatches")


class CorpusThresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: dict[str, float] = Field(default_factory=dict)
    max: dict[str, float] = Field(default_factory=dict)
    # Per kind of question ("followup"), the least share answered correctly.
    min_correct_by_kind: dict[str, float] = Field(default_factory=dict)


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tolerance: float = Field(ge=0)
    # A kind's share correct may fall this much below its baseline, or by one question if that is more.
    kind_tolerance: float = Field(default=0.10, ge=0)
    corpus: dict[str, CorpusThresholds] = Field(default_factory=dict)

    def of(self, corpus: str) -> CorpusThresholds:
        return self.corpus.get(corpus, CorpusThresholds())


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    try:
        return Thresholds.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise BaocaoError(f"Tệp ngưỡng đánh giá {path} không hợp lệ: {exc}") from exc


@dataclass(frozen=True)
class Target:
    """One corpus ready to be asked: its assistant, and the report files its index could not take."""

    corpus: Corpus
    assistant: Assistant
    not_indexed: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class CorpusRun:
    corpus: str
    summary: dict[str, Any]  # {"all": ..., "dev": ..., "test": ...}
    rows: list[dict[str, Any]]  # each output with its item's split, kind and verdict
    studies: dict[str, Any] = field(default_factory=dict)  # retrieval comparison, diacritics
    not_indexed: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class EvalRun:
    meta: dict[str, Any]
    corpora: dict[str, CorpusRun]


# ---------------------------------------------------------------- running


def ask_all(assistant: Assistant, items: Sequence[EvalItem]) -> list[dict[str, Any]]:
    """Every question as `baocao ask --jsonl` would answer it, in item order."""
    requests = (
        json.dumps(
            {"id": i.id, "question": i.question, "history": [t.model_dump() for t in i.history]},
            ensure_ascii=False,
        )
        for i in items
    )
    by_id = {o["id"]: o for o in answer_lines(assistant, requests, "eval")}
    return [by_id[i.id] for i in items]


def summarise_splits(items: Sequence[EvalItem], outputs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for split in ("all", *SPLITS):
        chosen = [(i, o) for i, o in zip(items, outputs, strict=True) if split == "all" or i.split == split]
        summary[split] = summarise(
            [i for i, _ in chosen], [o for _, o in chosen], [o.get("latency_s", 0.0) for _, o in chosen]
        )
    return summary


def scored_rows(items: Sequence[EvalItem], outputs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for item, output in zip(items, outputs, strict=True):
        score = score_item(item, output)
        rows.append(
            {
                **output,
                "split": item.split,
                "kind": item.kind.value,
                "outcome": score["outcome"],
                "wrong_reasons": score["wrong_reasons"],
                "quote_precision": score["quote_precision"],
            }
        )
    return rows


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
    "wrong_rate",
    "section_recall@1",
    "section_recall@5",
    "report_recall@1",
    "section_mrr@10",
    "in_period@1",
)


def compare_retrieval(assistant: Assistant, items: list[EvalItem]) -> dict[str, dict[str, Any]]:
    """The evaluation under each retrieval set-up, the configured one's mode and reranker aside."""
    rows: dict[str, dict[str, Any]] = {}
    for label, mode, rerank, weight in RETRIEVAL_VARIANTS:
        retriever = assistant.retriever.variant(
            mode=mode, reranker=None if rerank else KeepOrder(), dense_weight=weight
        )
        outputs = ask_all(assistant.with_retriever(retriever), items)
        summary = summarise(items, outputs, [0.0] * len(items))
        rows[label] = {k: summary[k] for k in _STUDY_METRICS}
    return rows


def without_diacritics(item: EvalItem) -> EvalItem:
    """The same question, and its conversation, as typed on a keyboard without Vietnamese marks."""
    history = [t.model_copy(update={"content": strip_diacritics(t.content)}) for t in item.history]
    return item.model_copy(update={"question": strip_diacritics(item.question), "history": history})


def diacritics_study(
    assistant: Assistant, items: list[EvalItem], outputs: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Answerable test questions asked again without diacritics, against the same questions with them."""
    chosen = [(i, o) for i, o in zip(items, outputs, strict=True) if i.answerable and i.split == GATED_SPLIT]
    answerable = [i for i, _ in chosen]
    folded = summarise(
        answerable, ask_all(assistant, [without_diacritics(i) for i in answerable]), [0.0] * len(answerable)
    )
    original = summarise(answerable, [o for _, o in chosen], [0.0] * len(answerable))
    return {
        "n": len(answerable),
        "with": {k: original[k] for k in _STUDY_METRICS},
        "without": {k: folded[k] for k in _STUDY_METRICS},
        "gap": (original["correct"] or 0.0) - (folded["correct"] or 0.0),
    }


def evaluate_corpus(target: Target, items: list[EvalItem] | None = None, studies: bool = True) -> CorpusRun:
    """Ask, score and (with `studies`) compare retrieval set-ups and typing without diacritics.

    The studies reuse the main run's query embeddings, so they cost little."""
    items = items if items is not None else load_eval_set(target.corpus.dataset)
    retriever = target.assistant.retriever
    assistant = target.assistant.with_retriever(retriever.variant(embedder=QueryCache(retriever.embedder)))
    outputs = ask_all(assistant, items)
    summary = summarise_splits(items, outputs)
    found: dict[str, Any] = {}
    if studies:
        found["diacritics"] = diacritics_study(assistant, items, outputs)
        summary[GATED_SPLIT]["diacritics_gap"] = found["diacritics"]["gap"]
        found["retrieval"] = compare_retrieval(assistant, items)
    return CorpusRun(target.corpus.name, summary, scored_rows(items, outputs), found, target.not_indexed)


# ---------------------------------------------------------------- preparing a corpus


def corpus_settings(settings: Settings, corpus: Corpus) -> Settings:
    """The settings a corpus is evaluated under: its own index folder unless it uses the configured one."""
    if corpus.uses_configured_index:
        return settings
    return settings.model_copy(
        update={"data_dir": settings.data_dir / f"eval-{corpus.name}", "chroma_url": None}
    )


def prepare(settings: Settings, corpus: Corpus, embedder: Embeddings) -> Target:
    """The corpus's assistant. A corpus with its own index is ingested first (incrementally); the
    files it could not index are recorded, and their questions score as the assistant answers them."""
    from assistant.service import Assistant, build_ingestor
    from index.manifest import IndexPaths, load_manifest

    own = corpus_settings(settings, corpus)
    not_indexed: list[dict[str, str]] = []
    if not corpus.uses_configured_index:
        result = build_ingestor(own, embedder).run([corpus.reports_dir], prune=True)
        not_indexed = [{"file": Path(f.file).name, "reason": f.reason} for f in result.failed]
    manifest = load_manifest(IndexPaths(own.data_dir).manifest)
    indexed = set(manifest.reports) if manifest else set()
    named = {f["file"] for f in not_indexed}
    for name in corpus.report_files:
        if name not in indexed and name not in named:
            not_indexed.append({"file": name, "reason": "không có trong chỉ mục"})
    for failure in not_indexed:
        log.warning("%s: %s không được lập chỉ mục: %s", corpus.name, failure["file"], failure["reason"])
    return Target(corpus, Assistant.from_settings(own, embedder=embedder), tuple(not_indexed))


# ---------------------------------------------------------------- what a result records


def git_commit(root: Path = ROOT) -> dict[str, Any]:
    """The commit evaluated and whether the work tree had uncommitted changes; empty outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"commit": commit, "uncommitted_changes": bool(dirty)}


# Modules whose module-level numeric constants and default weights shape answers.
CONSTANT_MODULES = (
    "assistant.retrieval",
    "assistant.rerank",
    "assistant.evidence",
    "assistant.answer",
    "assistant.trend",
    "assistant.conversation",
    "index.chunking",
)


def tuned_constants(modules: Sequence[str] = CONSTANT_MODULES) -> dict[str, Any]:
    """Every UPPER_CASE int/float of those modules, and the numeric defaults of their dataclasses
    (the reranker's weights), as `module.NAME`."""
    found: dict[str, Any] = {}
    for name in modules:
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            if attr.isupper() and isinstance(value, int | float) and not isinstance(value, bool):
                found[f"{name}.{attr}"] = value
            elif isinstance(value, type) and is_dataclass(value) and value.__module__ == name:
                for f in fields(value):
                    if isinstance(f.default, int | float) and not isinstance(f.default, bool):
                        found[f"{name}.{attr}.{f.name}"] = f.default
    return found


def run_meta(settings: Settings | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"date": datetime.now(UTC).isoformat(timespec="seconds"), **git_commit()}
    if settings is not None:
        meta["settings"] = settings.model_dump(
            mode="json", exclude={"llm_api_key", "ui_password", "ui_username"}
        )
    meta["constants"] = tuned_constants()
    return meta


# ---------------------------------------------------------------- gate


def gate(
    summaries: Mapping[str, Mapping[str, Any]],
    baseline: Mapping[str, Any] | None,
    thresholds: Thresholds,
) -> list[str]:
    """Human-readable reasons the gate fails; empty when it passes.

    `summaries` maps a corpus to its {"dev", "test", ...} figures; floors, ceilings and the baseline
    comparison apply to the test split. A metric the run did not measure (studies off) is not gated."""
    failures: list[str] = []
    for corpus, splits in summaries.items():
        overall = splits[GATED_SPLIT]
        limits = thresholds.of(corpus)
        label = f"{corpus}/{GATED_SPLIT}"
        for metric, floor in limits.min.items():
            if overall.get(metric) is not None and overall[metric] < floor:
                failures.append(f"{label}: {metric} = {overall[metric]:.3f} < ngưỡng {floor:.3f}")
        for metric, ceiling in limits.max.items():
            if overall.get(metric) is not None and overall[metric] > ceiling:
                failures.append(f"{label}: {metric} = {overall[metric]:.3f} > ngưỡng {ceiling:.3f}")
        by_kind = overall.get("by_kind", {})
        for kind, floor in limits.min_correct_by_kind.items():
            if kind in by_kind and by_kind[kind]["correct"] < floor:
                failures.append(
                    f"{label}: correct ({kind}) = {by_kind[kind]['correct']:.3f} < ngưỡng {floor:.3f}"
                )
        base = ((baseline or {}).get(corpus) or {}).get(GATED_SPLIT)
        if not base:
            continue
        for kind, then in (base.get("by_kind") or {}).items():
            now, before = (by_kind.get(kind) or {}).get("correct"), then.get("correct")
            # A kind may always lose one of its questions: with 3-40 a kind, one is 2-33 points.
            allowed = max(thresholds.kind_tolerance, 1 / then["n"] if then.get("n") else 0.0)
            if now is not None and before is not None and before - now > allowed + 1e-9:
                failures.append(
                    f"{label}: correct ({kind}) = {now:.3f}, kém baseline {before:.3f} quá {allowed:.3f}"
                )
        for metric, higher_better in GATED.items():
            if base.get(metric) is None or overall.get(metric) is None:
                continue
            tol = 0 if metric in UNTOLERATED else thresholds.tolerance
            worse = base[metric] - overall[metric] if higher_better else overall[metric] - base[metric]
            if worse > tol + 1e-9:
                now, then = overall[metric], base[metric]
                failures.append(f"{label}: {metric} = {now:.3f}, kém baseline {then:.3f} quá {tol:.3f}")
    return failures


# ---------------------------------------------------------------- reports


def _study_table(rows: Mapping[str, Mapping[str, Any]]) -> str:
    lines = ["| | " + " | ".join(_STUDY_METRICS) + " |", "|---|" + "---:|" * len(_STUDY_METRICS)]
    for label, row in rows.items():
        cells = " | ".join("–" if row[k] is None else f"{row[k] * 100:.1f}%" for k in _STUDY_METRICS)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines) + "\n"


_HEADLINE = (
    ("n", "n", False),
    ("correct", "correct", True),
    ("wrong_rate", "wrong (of all)", True),
    ("false_refusal_rate", "false refusals (of answerable)", True),
    ("errors", "errors", False),
    ("abstention_recall", "abstention recall", True),
    ("citation_correctness", "citation", True),
    ("quote_precision", "quote precision", True),
    ("section_recall@5", "section R@5", True),
)


def headline_table(run: EvalRun) -> str:
    """One row per corpus and split: the figures that matter, side by side."""
    lines = [
        "| corpus | split | " + " | ".join(label for _, label, _ in _HEADLINE) + " |",
        "|---|---|" + "---:|" * len(_HEADLINE),
    ]
    for name, corpus_run in run.corpora.items():
        for split in SPLITS:
            s = corpus_run.summary[split]
            cells = []
            for key, _, percent in _HEADLINE:
                value = s.get(key)
                cells.append("–" if value is None else f"{value * 100:.1f}%" if percent else str(value))
            lines.append(f"| {name} | {split} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def report_markdown(run: EvalRun) -> str:
    meta = run.meta
    parts = [
        "# Kết quả đánh giá",
        "",
        f"commit {meta.get('commit', '?')[:12]}"
        + (" (có thay đổi chưa commit)" if meta.get("uncommitted_changes") else "")
        + f", {meta.get('date', '')}",
        "",
        headline_table(run),
    ]
    for name, corpus_run in run.corpora.items():
        corpus = CORPORA.get(name)
        parts += [f"## {name}: {corpus.title if corpus else name}", ""]
        if corpus_run.not_indexed:
            parts += ["Không lập chỉ mục được:", ""]
            parts += [f"- {f['file']}: {f['reason']}" for f in corpus_run.not_indexed]
            parts.append("")
        for split in SPLITS:
            summary = corpus_run.summary[split]
            reasons = ", ".join(f"{k} {v}" for k, v in summary.get("wrong_by_reason", {}).items() if v)
            parts += [f"### {name} / {split}", "", markdown_table(summary)]
            if reasons:
                parts += [f"Câu sai theo lý do: {reasons}", ""]
        studies = corpus_run.studies
        if "retrieval" in studies:
            parts += [
                f"### {name}: so sánh cách truy hồi (dev + test)",
                "",
                _study_table(studies["retrieval"]),
            ]
        if "diacritics" in studies:
            d = studies["diacritics"]
            parts += [
                f"### {name}: câu hỏi không dấu ({d['n']} câu có đáp án của tập test, có dấu / không dấu)",
                "",
                _study_table({"có dấu": d["with"], "không dấu": d["without"]}),
            ]
    return "\n".join(parts)


def to_json(run: EvalRun) -> dict[str, Any]:
    return {
        "meta": run.meta,
        "corpora": {
            name: {
                "summary": c.summary,
                "studies": c.studies,
                "not_indexed": list(c.not_indexed),
                "rows": c.rows,
            }
            for name, c in run.corpora.items()
        },
    }


def write_results(run: EvalRun, folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "latest.json", json.dumps(to_json(run), ensure_ascii=False, indent=1))
    write_atomic(folder / "latest.md", report_markdown(run))
    return folder / "latest.md"


def load_baseline(path: Path = BASELINE) -> dict[str, Any] | None:
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def save_baseline(run: EvalRun, path: Path = BASELINE) -> None:
    """The figures of every split of the corpora run; corpora not run keep their baseline, and a figure
    this run did not measure (the diacritics gap of a run with --no-studies) keeps its old value."""
    keep = dict(load_baseline(path) or {})
    for name, corpus_run in run.corpora.items():
        old = keep.get(name, {})
        keep[name] = {
            split: {
                **old.get(split, {}),
                **{
                    k: v
                    for k, v in s.items()
                    if k not in ("by_kind", "by_trap", "wrong_by_reason") and not k.startswith("latency")
                },
                "by_kind": {kind: {"n": g["n"], "correct": g["correct"]} for kind, g in s["by_kind"].items()},
            }
            for split, s in corpus_run.summary.items()
            if split in SPLITS
        }
    write_atomic(path, json.dumps(keep, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


# ---------------------------------------------------------------- diff


def verdict_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Questions whose outcome differs between two results files, with both answers, per corpus."""
    changes = []
    for name, corpus in new.get("corpora", {}).items():
        before = {r["id"]: r for r in (old.get("corpora", {}).get(name) or {}).get("rows", [])}
        for row in corpus.get("rows", []):
            previous = before.get(row["id"])
            if previous is None or previous.get("outcome") != row.get("outcome"):
                changes.append(
                    {
                        "corpus": name,
                        "id": row["id"],
                        "split": row.get("split"),
                        "kind": row.get("kind"),
                        "question": row.get("question"),
                        "before": previous.get("outcome") if previous else None,
                        "after": row.get("outcome"),
                        "answer_before": (previous or {}).get("answer") or (previous or {}).get("error"),
                        "answer_after": row.get("answer") or row.get("error"),
                    }
                )
    return changes


def diff_markdown(changes: Sequence[Mapping[str, Any]]) -> str:
    if not changes:
        return "Không câu nào đổi kết quả.\n"
    lines = [f"{len(changes)} câu đổi kết quả:", ""]
    for c in changes:
        lines += [
            f"- [{c['corpus']}/{c['split']}/{c['kind']}] {c['id']}: {c['before']} → {c['after']}",
            f"  hỏi: {c['question']}",
            f"  trước: {(c['answer_before'] or '').splitlines()[0] if c['answer_before'] else '–'}",
            f"  sau: {(c['answer_after'] or '').splitlines()[0] if c['answer_after'] else '–'}",
        ]
    return "\n".join(lines) + "\n"


def load_results(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BaocaoError(f"Không đọc được kết quả đánh giá {path}: {exc}") from exc
    if "corpora" not in data:
        raise BaocaoError(f"{path}: không phải tệp kết quả của `baocao eval` (thiếu 'corpora').")
    return data


# ---------------------------------------------------------------- entry point


def evaluate(
    targets: Sequence[Target],
    settings: Settings | None = None,
    update_baseline: bool = False,
    results_dir: Path = RESULTS,
    studies: bool = True,
    items: Callable[[Corpus], list[EvalItem]] | None = None,
) -> tuple[EvalRun, list[str]]:
    """Run every target's corpus, write the results, gate the test splits against the baseline."""
    runs = {
        t.corpus.name: evaluate_corpus(t, items(t.corpus) if items else None, studies=studies)
        for t in targets
    }
    run = EvalRun(run_meta(settings), runs)
    write_results(run, results_dir)
    if update_baseline:
        save_baseline(run)
    summaries = {name: r.summary for name, r in runs.items()}
    return run, gate(summaries, load_baseline(), load_thresholds())
