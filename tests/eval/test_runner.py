"""The evaluation gate: unit checks of the comparison, and the real run in CI (slow)."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.types import Retrieval
from eval.dataset import load_eval_set
from eval.runner import (
    DATASET,
    Thresholds,
    evaluate,
    gate,
    load_baseline,
    load_thresholds,
    without_diacritics,
)
from index.embedder import HashingEmbedder, QueryCache
from index.text import strip_diacritics


def summary(**overrides):
    base = {
        "correct": 0.8,
        "answer_correctness": 0.8,
        "citation_correctness": 0.8,
        "section_recall@5": 0.9,
        "report_recall@1": 0.9,
        "abstention_recall": 0.9,
        "false_refusal_rate": 0.05,
        "numbers_outside_quotes": 0,
    }
    return {"all": {**base, **overrides}}


def test_gate_passes_within_tolerance_and_fails_beyond():
    thresholds = Thresholds(tolerance=0.02, min={"answer_correctness": 0.5}, max={"false_refusal_rate": 0.2})
    baseline = summary()
    assert gate(summary(answer_correctness=0.79), baseline, thresholds) == []
    failures = gate(summary(answer_correctness=0.7), baseline, thresholds)
    assert len(failures) == 1 and "answer_correctness" in failures[0]
    assert gate(summary(false_refusal_rate=0.1), baseline, thresholds)  # worse = higher here
    assert gate(summary(numbers_outside_quotes=1), baseline, thresholds)  # no tolerance for this one


def test_gate_floors_per_kind():
    thresholds = Thresholds(tolerance=0.02, min_correct_by_kind={"followup": 0.9})
    run = summary(by_kind={"followup": {"correct": 0.85}, "numeric": {"correct": 0.5}})
    assert gate(run, None, thresholds) == ["correct (followup) = 0.850 < ngưỡng 0.900"]
    assert gate(summary(by_kind={"followup": {"correct": 0.95}}), None, thresholds) == []


def test_gate_floors_apply_without_baseline():
    thresholds = Thresholds(tolerance=0.02, min={"answer_correctness": 0.9})
    assert gate(summary(), None, thresholds) == ["answer_correctness = 0.800 < ngưỡng 0.900"]


def test_committed_configuration_loads():
    thresholds = load_thresholds()
    assert load_baseline() is not None
    assert set(thresholds.min) | set(thresholds.max) <= set(load_baseline()["all"])


def test_eval_set_is_large_enough_and_split():
    items = load_eval_set(DATASET)
    assert len(items) >= 200
    dev = [i for i in items if i.split == "dev"]
    assert len(dev) >= len(items) / 4


@pytest.mark.slow
def test_gate_passes_on_the_real_model(real_assistant, tmp_path):
    result, failures = evaluate(real_assistant, results_dir=tmp_path)
    assert failures == [], failures
    assert (tmp_path / "latest.json").exists() and "numeric" in (tmp_path / "latest.md").read_text()


@pytest.mark.slow
def test_gate_fails_when_retrieval_is_degraded(real_assistant, tmp_path, monkeypatch):
    retrieve = real_assistant.retriever.retrieve

    def reversed_retrieve(question: str, k: int = 10) -> Retrieval:
        # The whole candidate list, worst first: what a broken ranker would return.
        full = retrieve(question, 50)
        return dataclasses.replace(full, chunks=tuple(reversed(full.chunks))[:k])

    monkeypatch.setattr(real_assistant.retriever, "retrieve", reversed_retrieve)
    _, failures = evaluate(real_assistant, results_dir=tmp_path, studies=False)
    assert any("section_recall@5" in f for f in failures), failures


def test_without_diacritics_strips_question_and_history():
    item = next(i for i in load_eval_set(DATASET) if i.history)
    folded = without_diacritics(item)
    assert folded.id == item.id and folded.facts == item.facts
    for text in [folded.question, *(t.content for t in folded.history)]:
        assert text == strip_diacritics(text)
    assert len(folded.history) == len(item.history)


def test_query_cache_embeds_each_text_once():
    embedder = HashingEmbedder()
    calls: list[str] = []
    original = embedder.embed_query
    embedder.embed_query = lambda text: calls.append(text) or original(text)
    cache = QueryCache(embedder, size=2)
    assert cache.embed_query("a") == cache.embed_query("a") and calls == ["a"]
    cache.embed_query("b")
    cache.embed_query("c")  # evicts "a"
    cache.embed_query("a")
    assert calls == ["a", "b", "c", "a"]


def test_gate_skips_metrics_the_run_did_not_measure():
    thresholds = Thresholds(tolerance=0.02, max={"diacritics_gap": 0.03})
    assert gate(summary(), {"all": {"diacritics_gap": 0.0}}, thresholds) == []
    assert gate(summary(diacritics_gap=0.05), None, thresholds)
