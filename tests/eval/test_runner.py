"""The evaluation gate: unit checks of the comparison, and the real runs in CI (slow)."""

from __future__ import annotations

import json
import shutil

import pytest

from eval.corpora import BUNDLED, NEW, Corpus
from eval.dataset import load_eval_set
from eval.runner import (
    CorpusRun,
    EvalRun,
    Thresholds,
    diff_markdown,
    evaluate,
    gate,
    load_baseline,
    load_thresholds,
    prepare,
    save_baseline,
    to_json,
    tuned_constants,
    verdict_changes,
    without_diacritics,
)
from index.embedder import HashingEmbedder, QueryCache
from index.text import strip_diacritics


def split(**overrides):
    base = {
        "correct": 0.8,
        "wrong_rate": 0.05,
        "errors": 0,
        "answer_correctness": 0.8,
        "citation_correctness": 0.8,
        "section_recall@5": 0.9,
        "report_recall@1": 0.9,
        "abstention_recall": 0.9,
        "false_refusal_rate": 0.05,
        "numbers_outside_quotes": 0,
    }
    return {**base, **overrides}


def corpus(test=None, dev=None):
    return {"test": test or split(), "dev": dev or split()}


def test_gate_passes_within_tolerance_and_fails_beyond():
    limits = {"min": {"answer_correctness": 0.5}, "max": {"false_refusal_rate": 0.2}}
    thresholds = Thresholds(tolerance=0.02, corpus={"bundled": limits})
    baseline = {"bundled": corpus()}
    assert gate({"bundled": corpus(split(answer_correctness=0.79))}, baseline, thresholds) == []
    failures = gate({"bundled": corpus(split(answer_correctness=0.7))}, baseline, thresholds)
    assert len(failures) == 1 and "bundled/test: answer_correctness" in failures[0]
    assert gate({"bundled": corpus(split(false_refusal_rate=0.1))}, baseline, thresholds)  # higher is worse
    assert gate({"bundled": corpus(split(wrong_rate=0.08))}, baseline, thresholds)
    # No tolerance for errors or unquoted numbers.
    assert gate({"bundled": corpus(split(errors=1))}, baseline, thresholds)
    assert gate({"bundled": corpus(split(numbers_outside_quotes=1))}, baseline, thresholds)


def test_gate_judges_the_test_split_only():
    thresholds = Thresholds(tolerance=0.02, corpus={"new": {"min": {"correct": 0.5}}})
    baseline = {"new": corpus()}
    assert gate({"new": corpus(dev=split(correct=0.1))}, baseline, thresholds) == []
    assert gate({"new": corpus(test=split(correct=0.1))}, baseline, thresholds)


def test_gate_per_corpus_floors_and_baselines():
    thresholds = Thresholds(
        tolerance=0.02, corpus={"bundled": {"min": {"correct": 0.9}}, "new": {"min": {"correct": 0.3}}}
    )
    run = {"bundled": corpus(split(correct=0.92)), "new": corpus(split(correct=0.4))}
    assert gate(run, None, thresholds) == []
    failures = gate({**run, "new": corpus(split(correct=0.2))}, None, thresholds)
    assert failures == ["new/test: correct = 0.200 < ngưỡng 0.300"]
    # Each corpus is held to its own baseline.
    assert gate(run, {"new": corpus(split(correct=0.5))}, thresholds)


def test_gate_floors_per_kind_and_kind_drops_against_the_baseline():
    thresholds = Thresholds(
        tolerance=0.02, kind_tolerance=0.1, corpus={"bundled": {"min_correct_by_kind": {"followup": 0.9}}}
    )
    kinds = {"followup": {"correct": 0.85}, "plan": {"correct": 1.0}}
    failures = gate({"bundled": corpus(split(by_kind=kinds))}, None, thresholds)
    assert failures == ["bundled/test: correct (followup) = 0.850 < ngưỡng 0.900"]
    baseline = {"bundled": {"test": split(by_kind={"plan": {"n": 10, "correct": 1.0}})}}
    fine = {"followup": {"correct": 0.95}, "plan": {"correct": 0.9}}
    assert gate({"bundled": corpus(split(by_kind=fine))}, baseline, thresholds) == []
    broken = {"followup": {"correct": 0.95}, "plan": {"correct": 0.3}}
    assert any(
        "correct (plan)" in f for f in gate({"bundled": corpus(split(by_kind=broken))}, baseline, thresholds)
    )


def test_gate_skips_metrics_the_run_did_not_measure():
    thresholds = Thresholds(tolerance=0.02, corpus={"bundled": {"max": {"diacritics_gap": 0.03}}})
    assert gate({"bundled": corpus()}, {"bundled": {"test": {"diacritics_gap": 0.0}}}, thresholds) == []
    assert gate({"bundled": corpus(split(diacritics_gap=0.05))}, None, thresholds)


def test_committed_configuration_covers_both_corpora():
    thresholds = load_thresholds()
    baseline = load_baseline()
    assert baseline is not None
    for name in ("bundled", "new"):
        assert set(baseline[name]) == {"dev", "test"}
        limits = thresholds.of(name)
        assert set(limits.min) | set(limits.max) <= set(baseline[name]["test"]), name


def _run(rows_by_corpus):
    runs = {
        name: CorpusRun(name, {"all": {}, "dev": {}, "test": {}}, rows)
        for name, rows in rows_by_corpus.items()
    }
    return to_json(EvalRun({"commit": "abc"}, runs))


def test_verdict_changes_list_both_answers():
    old = _run(
        {"new": [{"id": "a", "outcome": "correct", "answer": "1.286"}, {"id": "b", "outcome": "wrong"}]}
    )
    new = _run(
        {
            "new": [
                {"id": "a", "outcome": "wrong", "answer": "1.222", "question": "q?", "split": "dev"},
                {"id": "b", "outcome": "wrong"},
                {"id": "c", "outcome": "error", "error": "boom"},
            ]
        }
    )
    changes = verdict_changes(old, new)
    assert [(c["id"], c["before"], c["after"]) for c in changes] == [
        ("a", "correct", "wrong"),
        ("c", None, "error"),
    ]
    assert changes[0]["answer_before"] == "1.286" and changes[0]["answer_after"] == "1.222"
    text = diff_markdown(changes)
    assert "2 câu đổi kết quả" in text and "correct → wrong" in text and "boom" in text
    assert diff_markdown([]).startswith("Không câu nào")


def test_save_baseline_keeps_kinds_and_other_corpora(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"bundled": {"test": {"correct": 0.9}}}), encoding="utf-8")
    summary = {
        s: {
            "correct": 0.5,
            "latency_p50_s": 1.0,
            "wrong_by_reason": {},
            "by_kind": {"plan": {"n": 2, "correct": 0.5, "wrong": 1}},
        }
        for s in ("all", "dev", "test")
    }
    save_baseline(EvalRun({}, {"new": CorpusRun("new", summary, [])}), path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["bundled"] == {"test": {"correct": 0.9}}
    assert saved["new"]["test"] == {"correct": 0.5, "by_kind": {"plan": {"n": 2, "correct": 0.5}}}
    assert set(saved["new"]) == {"dev", "test"}


def test_save_baseline_keeps_a_figure_the_run_did_not_measure(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"new": {"test": {"correct": 0.4, "diacritics_gap": 0.01}}}), encoding="utf-8")
    summary = {"test": {"correct": 0.6, "by_kind": {}}}  # a run with --no-studies measures no gap
    save_baseline(EvalRun({}, {"new": CorpusRun("new", summary, [])}), path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["new"]["test"] == {"correct": 0.6, "diacritics_gap": 0.01, "by_kind": {}}


def test_tuned_constants_are_recorded_with_their_module():
    constants = tuned_constants()
    assert constants["assistant.retrieval.RRF_K"] == 60
    assert "assistant.rerank.SignalReranker.plan_boost" in constants
    assert all(isinstance(v, int | float) for v in constants.values())


def test_without_diacritics_strips_question_and_history():
    item = next(i for i in load_eval_set(BUNDLED.dataset) if i.history and i.split == "dev")
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


def test_prepare_indexes_a_corpus_into_its_own_folder_and_names_what_it_could_not(tmp_path):
    from assistant.settings import Settings

    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(BUNDLED.reports_dir / "000_773a491ad26e4c27.txt", reports)
    (reports / "empty.txt").write_text("   ", encoding="utf-8")
    toy = Corpus("toy", "toy", reports, NEW.dataset)
    embedder = HashingEmbedder()
    target = prepare(Settings(data_dir=tmp_path / "data", embedding_model=embedder.name), toy, embedder)
    assert (tmp_path / "data" / "eval-toy").is_dir()
    assert [f["file"] for f in target.not_indexed] == ["empty.txt"]
    assert [r.file_name for r in target.assistant.reports] == ["000_773a491ad26e4c27.txt"]


# ---------------------------------------------------------------- the real runs


@pytest.mark.slow
def test_gate_passes_on_the_real_model(real_assistant, real_new_target, tmp_path):
    from eval.runner import Target

    targets = [Target(BUNDLED, real_assistant), real_new_target]
    run, failures = evaluate(targets, results_dir=tmp_path)
    assert failures == [], failures
    written = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert set(written["corpora"]) == {"bundled", "new"} and written["meta"]["constants"]
    table = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| new | test |" in table and "| bundled | dev |" in table
