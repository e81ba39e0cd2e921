"""The evaluation set itself: valid, grounded in the bundled reports, covering what it must."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from eval.dataset import EvalDataError, Kind, load_eval_set
from eval.runner import DATASET
from tests.conftest import BUNDLED, REPORTS


@pytest.fixture(scope="module")
def items():
    return load_eval_set(DATASET)


@pytest.fixture(scope="module")
def report_lines():
    return {
        name: [
            unicodedata.normalize("NFC", line)
            for line in (REPORTS / name).read_text(encoding="utf-8").split("\n")
        ]
        for name in BUNDLED
    }


def test_every_evidence_is_verbatim_report_text(items, report_lines):
    for item in items:
        for evidence in item.evidence:
            assert any(evidence in line for line in report_lines[item.report_file]), (item.id, evidence)


def test_every_fact_is_written_in_some_report(items, report_lines):
    corpus = "\n".join(line for lines in report_lines.values() for line in lines)
    for item in items:
        for alternates in item.facts:
            assert any(a in corpus for a in alternates), (item.id, alternates)


def test_coverage_of_kinds_and_reports(items):
    kinds = Counter(i.kind for i in items)
    assert all(kinds[k] >= 10 for k in Kind), kinds
    assert {i.report_file for i in items if i.report_file} == set(BUNDLED)


def test_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "question": "?", "answer": "a", "kind": "numeric"}\n', encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"bad.jsonl:1"):
        load_eval_set(path)
