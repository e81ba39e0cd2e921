"""`baocao eval`: the command's work, called by the CLI (which turns errors into messages)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from eval.corpora import CORPORA, Corpus
from eval.dataset import load_eval_set
from eval.runner import (
    RESULTS,
    Target,
    diff_markdown,
    evaluate,
    load_results,
    prepare,
    report_markdown,
    to_json,
    verdict_changes,
)
from index.errors import BaocaoError

if TYPE_CHECKING:
    from assistant.settings import Settings


def run_eval(
    settings: Settings,
    corpus: str = "all",
    update_baseline: bool = False,
    diff: Path | None = None,
    results: Path | None = None,
    dataset: Path | None = None,
    studies: bool = True,
) -> int:
    """Evaluate, print the tables and the gate's verdict; 1 when the gate fails.

    `diff` with `results`: compare two results files without running anything. `dataset`: a JSONL
    file of questions about the configured index, scored and reported but not gated."""
    if diff is not None and results is not None:
        print(diff_markdown(verdict_changes(load_results(diff), load_results(results))))
        return 0
    old = load_results(diff) if diff is not None else None  # a bad file fails before the model loads
    if corpus != "all" and corpus not in CORPORA:
        raise BaocaoError(f"Không có bộ đánh giá {corpus!r}; chọn một trong: all, {', '.join(CORPORA)}.")
    from assistant.service import build_embedder

    embedder = build_embedder(settings)
    if dataset is not None:
        if not dataset.exists():
            raise BaocaoError(f"Không có tệp câu hỏi {dataset}.")
        custom = Corpus("custom", str(dataset), settings.reports_dir, dataset, uses_configured_index=True)
        load_eval_set(dataset)  # names the bad line before any question is asked
        targets = [prepare(settings, custom, embedder)]
        run, failures = evaluate(targets, settings, results_dir=RESULTS, studies=studies)
        failures = []  # questions of the user's own: reported, not gated
    else:
        chosen = list(CORPORA.values()) if corpus == "all" else [CORPORA[corpus]]
        targets: list[Target] = [prepare(settings, c, embedder) for c in chosen]
        run, failures = evaluate(targets, settings, update_baseline=update_baseline, studies=studies)
    print(report_markdown(run))
    if old is not None:
        print(diff_markdown(verdict_changes(old, to_json(run))))
    for failure in failures:
        print(f"CỔNG ĐÁNH GIÁ KHÔNG ĐẠT: {failure}", file=sys.stderr)
    return 1 if failures else 0
