"""The evaluation sets themselves: valid, grounded in their reports, covering what they must."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from eval.corpora import BUNDLED, NEW
from eval.corpus_source import evidence_texts, read_source
from eval.dataset import EvalDataError, Kind, load_eval_set
from tests.conftest import BUNDLED as BUNDLED_FILES
from tests.conftest import REPORTS


@pytest.fixture(scope="module")
def bundled_items():
    return load_eval_set(BUNDLED.dataset)


@pytest.fixture(scope="module")
def new_items():
    return load_eval_set(NEW.dataset)


@pytest.fixture(scope="module")
def bundled_lines() -> dict[str, list[str]]:
    return {
        name: [
            unicodedata.normalize("NFC", line)
            for line in (REPORTS / name).read_text(encoding="utf-8").split("\n")
        ]
        for name in BUNDLED_FILES
    }


@pytest.fixture(scope="module")
def new_texts() -> dict[str, list[str]]:
    """Per report of the new corpus, the lines, table rows and cells of its source."""
    assert NEW.sources_dir is not None
    sources = [read_source(p) for p in sorted(NEW.sources_dir.glob("*.txt"))]
    return {s.name: evidence_texts(s) for s in sources}


def _grounded(items, texts: dict[str, list[str]]) -> None:
    corpus = "\n".join(line for lines in texts.values() for line in lines)
    for item in items:
        if item.report_file is not None:
            assert item.report_file in texts, (item.id, item.report_file)
        for evidence in item.evidence:
            assert any(evidence in line for line in texts[item.report_file]), (item.id, evidence)
        for alternates in item.facts:
            assert any(a in corpus for a in alternates), (item.id, alternates)


def test_bundled_evidence_and_facts_are_report_text(bundled_items, bundled_lines):
    _grounded(bundled_items, bundled_lines)


def test_new_evidence_and_facts_are_source_text(new_items, new_texts):
    _grounded(new_items, new_texts)


def test_every_new_source_has_its_built_report(new_texts):
    built = set(NEW.report_files)
    assert set(new_texts) == built, set(new_texts) ^ built


def test_bundled_coverage_and_splits(bundled_items):
    kinds = Counter(i.kind for i in bundled_items)
    original = [k for k in Kind if k not in (Kind.table, Kind.scope, Kind.fact_year)]
    assert all(kinds[k] >= 10 for k in original), kinds
    assert {i.report_file for i in bundled_items if i.report_file} == set(BUNDLED_FILES)
    assert sum(1 for i in bundled_items if i.split == "test") >= 180


def test_new_corpus_coverage_and_splits(new_items):
    assert len(new_items) >= 200
    kinds = Counter(i.kind for i in new_items)
    assert kinds[Kind.unanswerable] >= 30, kinds
    for kind in (Kind.table, Kind.scope, Kind.fact_year, Kind.plan, Kind.trend, Kind.comparison):
        assert kinds[kind] >= 8, (kind, kinds)
    assert {i.report_file for i in new_items if i.report_file} == set(NEW.report_files)
    dev_share = sum(1 for i in new_items if i.split == "dev") / len(new_items)
    assert 0.25 <= dev_share <= 0.40, dev_share
    # Every kind is measured on the held-out split too.
    assert {i.kind for i in new_items if i.split == "test"} == set(kinds)


def test_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "question": "?", "answer": "a", "kind": "numeric"}\n', encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"bad.jsonl:1"):
        load_eval_set(path)
