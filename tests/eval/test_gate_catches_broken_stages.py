"""The gate fails when a stage is broken on purpose: it measures what it claims to (slow, real model)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from assistant.types import Retrieval
from eval.corpora import BUNDLED, NEW
from eval.runner import Target, evaluate, prepare
from index import ingest, sections
from index.types import SectionKind

pytestmark = pytest.mark.slow


def test_gate_fails_when_plan_parts_are_not_detected(
    real_settings, real_embedder, real_assistant, real_new_target, tmp_path, monkeypatch
):
    # A copy of both indexes, every report parsed again with its plan part taken for results
    # (unchanged passages keep their vectors, so only the parse is redone).
    data_dir = tmp_path / "data"
    shutil.copytree(real_settings.data_dir, data_dir)
    settings = real_settings.model_copy(update={"data_dir": data_dir})
    detect = sections._section_kind

    def no_plan_parts(path):
        kind = detect(path)
        return SectionKind.result if kind is SectionKind.plan else kind

    monkeypatch.setattr(sections, "_section_kind", no_plan_parts)
    monkeypatch.setattr(ingest, "PARSER_VERSION", -1)
    from assistant.service import build_ingestor

    assert build_ingestor(settings, real_embedder).run([BUNDLED.reports_dir]).ok
    targets = [prepare(settings, BUNDLED, real_embedder), prepare(settings, NEW, real_embedder)]
    _, failures = evaluate(targets, results_dir=tmp_path / "results", studies=False)
    assert any("correct (plan)" in f for f in failures), failures


def test_gate_fails_when_retrieval_is_degraded(real_assistant, tmp_path, monkeypatch):
    retrieve = real_assistant.retriever.retrieve

    def reversed_retrieve(question: str, k: int = 10) -> Retrieval:
        # The whole candidate list, worst first: what a broken ranker would return.
        full = retrieve(question, 50)
        return dataclasses.replace(full, chunks=tuple(reversed(full.chunks))[:k])

    monkeypatch.setattr(real_assistant.retriever, "retrieve", reversed_retrieve)
    _, failures = evaluate([Target(BUNDLED, real_assistant)], results_dir=tmp_path, studies=False)
    assert any("section_recall@5" in f for f in failures), failures
