"""The latency benchmark's pure parts and its timing loop, with a stub assistant (no model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.retrieval_latency import format_table, latency_stats, load_questions, main, measure


def test_latency_stats_in_milliseconds() -> None:
    stats = latency_stats([0.001, 0.002, 0.003, 0.004, 0.010])
    assert stats["n"] == 5
    assert stats["p50_ms"] == pytest.approx(3.0)
    assert stats["p95_ms"] == pytest.approx(8.8)  # linear between 4 ms and 10 ms
    assert stats["mean_ms"] == pytest.approx(4.0)


def test_latency_stats_of_nothing() -> None:
    assert latency_stats([]) == {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "mean_ms": 0.0}


def _results(embedding: float, retrieval: float, answer: float) -> dict[str, Any]:
    def stats(p50: float) -> dict[str, float | int]:
        return {"n": 3, "p50_ms": p50, "p95_ms": p50 * 2, "mean_ms": p50}

    return {
        "stats": {"embedding": stats(embedding), "retrieval": stats(retrieval), "answer": stats(answer)},
        "ratios": {
            "retrieval_p50_over_embedding_p50": retrieval / embedding if embedding else None,
            "answer_p50_over_embedding_p50": answer / embedding if embedding else None,
        },
    }


def test_format_table_rows_and_ratios() -> None:
    table = format_table(_results(20.0, 25.0, 40.0))
    lines = table.splitlines()
    assert lines[0] == "| path | p50 ms | p95 ms |"
    assert "| bare query embedding | 20.0 | 40.0 |" in lines
    assert "| retrieval | 25.0 | 50.0 |" in lines
    assert "| full answer | 40.0 | 80.0 |" in lines
    assert "retrieval p50 / embedding p50 = 1.25 (target ≤ 1.5)" in lines
    assert "full answer p50 / embedding p50 = 2.00" in lines


def test_format_table_without_embedding_time() -> None:
    assert "retrieval p50 / embedding p50 = – (target ≤ 1.5)" in format_table(_results(0.0, 1.0, 1.0))


class _StubEmbedder:
    def __init__(self, log: list[tuple[str, str]]) -> None:
        self.log = log

    def embed_query(self, text: str) -> list[float]:
        self.log.append(("embedding", text))
        return [0.0]


class _StubRetriever:
    def __init__(self, log: list[tuple[str, str]]) -> None:
        self.log = log
        self.embedder = _StubEmbedder(log)
        self.ks: list[int] = []

    def retrieve(self, question: str, k: int = 10) -> list[str]:
        self.log.append(("retrieval", question))
        self.ks.append(k)
        return []


class _StubAssistant:
    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []
        self.retriever = _StubRetriever(self.log)
        self.top_k = 7

    def ask(self, question: str) -> str:
        self.log.append(("answer", question))
        return "ok"


def test_measure_with_a_stub_assistant() -> None:
    assistant = _StubAssistant()
    questions = ["câu 1", "câu 2", "câu 3"]
    results = measure(assistant, questions, repeats=2, warmup=1)

    assert results["questions"] == 3 and results["repeats"] == 2 and results["warmup"] == 1
    assert set(results["stats"]) == {"embedding", "retrieval", "answer"}
    for stats in results["stats"].values():
        assert stats["n"] == 6
        assert 0 <= stats["p50_ms"] <= stats["p95_ms"] < 1000
        assert stats["mean_ms"] >= 0
    assert {len(s) for s in results["samples_s"].values()} == {6}
    ratio = results["ratios"]["retrieval_p50_over_embedding_p50"]
    assert ratio is None or ratio > 0
    assert results["ratios"]["target"] == 1.5
    # 1 warm-up question through each path, then 3 questions × 2 repeats × 3 paths.
    assert len(assistant.log) == 3 + 18
    assert set(assistant.retriever.ks) == {7}
    timed = assistant.log[3:]
    # Each question goes through all three paths before the next one, in a rotating order.
    for i in range(6):
        block = timed[3 * i : 3 * i + 3]
        assert {path for path, _ in block} == {"embedding", "retrieval", "answer"}
        assert {q for _, q in block} == {questions[i % 3]}
    assert [timed[3 * i][0] for i in range(3)] == ["embedding", "retrieval", "answer"]
    json.dumps(results)  # what main writes


def test_measure_rejects_no_repeats() -> None:
    with pytest.raises(ValueError):
        measure(_StubAssistant(), ["câu"], repeats=0)


def test_load_questions_skips_followups(tmp_path: Path) -> None:
    dataset = tmp_path / "qa.jsonl"
    rows = [
        {"id": "a", "question": "Câu một?", "answer": "Không có.", "kind": "unanswerable"},
        {
            "id": "b",
            "question": "Còn năm sau?",
            "history": [{"role": "user", "content": "Câu một?"}],
            "answer": "Không có.",
            "kind": "unanswerable",
        },
        {"id": "c", "question": "Câu ba?", "answer": "Không có.", "kind": "unanswerable"},
    ]
    dataset.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert load_questions(dataset) == ["Câu một?", "Câu ba?"]
    assert load_questions(dataset, limit=1) == ["Câu một?"]


def test_main_rejects_a_bad_limit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--limit", "0"])
    assert "--limit" in capsys.readouterr().err
